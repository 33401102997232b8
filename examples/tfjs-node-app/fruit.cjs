// A program written for tfjs-node, run on simdnn by changing one line: the require. It reads a CSV with
// tf.data.csv (a label column and a categorical text column, mapped to numbers in `map`), shuffles and
// batches it, trains with fitDataset and validation data, saves to file://, loads it back and predicts.
// Run: node examples/tfjs-node-app/fruit.cjs [model-dir]
const tf = require('simdnn'); // was: const tf = require('@tensorflow/tfjs-node');
const os = require('os');
const path = require('path');

const COLOURS = ['green', 'orange', 'red', 'yellow'];
const FRUITS = ['apple', 'banana', 'lemon', 'orange'];
const TRAIN_ROWS = 480;

// One CSV row ({xs: {weight, diameter, colour, origin}, ys: {fruit}}) as model inputs and a one-hot target.
function toExample({ xs, ys }) {
  return {
    xs: [xs.weight / 200, xs.diameter / 10, ...COLOURS.map((c) => (c === xs.colour ? 1 : 0))],
    ys: FRUITS.map((f) => (f === ys.fruit ? 1 : 0)),
  };
}

async function main(dir) {
  const csv = tf.data.csv('file://' + path.join(__dirname, '..', 'data', 'fruit.csv'), {
    columnConfigs: { fruit: { isLabel: true } },
  });
  console.log('columns:', (await csv.columnNames()).join(', '));
  const rows = csv.map(toExample);
  const train = rows.take(TRAIN_ROWS).shuffle(TRAIN_ROWS, 'fruit').batch(32);
  const validation = rows.skip(TRAIN_ROWS).batch(64);

  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2 + COLOURS.length], units: 16, activation: 'relu' }));
  model.add(tf.layers.dense({ units: FRUITS.length, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const history = await model.fitDataset(train, { epochs: 40, validationData: validation, verbose: 0 });
  const last = history.history.val_acc.length - 1;
  console.log(`epochs: ${last + 1}, loss ${history.history.loss[last].toFixed(4)}, val_acc ${history.history.val_acc[last].toFixed(4)}`);

  await model.save('file://' + dir);
  const loaded = await tf.loadLayersModel('file://' + path.join(dir, 'model.json'));

  const samples = [
    { weight: 185, diameter: 7.6, colour: 'red' },
    { weight: 118, diameter: 3.4, colour: 'yellow' },
    { weight: 98, diameter: 5.4, colour: 'yellow' },
    { weight: 152, diameter: 7.1, colour: 'orange' },
  ];
  const x = tf.tensor2d(samples.map((s) => toExample({ xs: s, ys: {} }).xs));
  const [best, top] = tf.tidy(() => {
    const probs = loaded.predict(x);
    return [probs.argMax(-1).dataSync(), probs.max(-1).dataSync()];
  });
  samples.forEach((s, i) => console.log(`${JSON.stringify(s)} → ${FRUITS[best[i]]} (${top[i].toFixed(3)})`));
  const same = tf.tidy(() => loaded.predict(x).sub(model.predict(x)).abs().max().dataSync()[0]);
  console.log('loaded model predicts as the trained one:', same === 0);
}

main(process.argv[2] || path.join(os.tmpdir(), 'fruit-model')).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

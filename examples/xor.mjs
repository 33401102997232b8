// XOR: the classic problem a single linear layer cannot solve. Run: node examples/xor.mjs
import * as nn from '../dist/index.js';

const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = nn.tensor2d([[0], [1], [1], [0]]);

const model = nn.sequential({
  seed: 42,
  layers: [
    nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }),
    nn.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });

const history = await model.fit(x, y, { epochs: 300, batchSize: 4, seed: 42 });
const last = history.history.loss.length - 1;
console.log(`after ${last + 1} epochs: loss ${history.history.loss[last].toFixed(4)}, accuracy ${history.history.acc[last]}`);

const p = model.predict(x).dataSync();
for (const [i, [a, b]] of [[0, 0], [0, 1], [1, 0], [1, 1]].entries()) {
  console.log(`${a} xor ${b} = ${p[i].toFixed(3)}  (→ ${p[i] > 0.5 ? 1 : 0})`);
}

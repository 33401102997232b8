// The course's initialization experiment: the same 2-10-5-1 ReLU net on the circles set, started from
// zeros, from large random weights (N(0, 10²)) and with He initialization. Writes out/initialization-*.svg.
// Run: npm run build && node examples/course/initialization.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nn from '../../dist/index.js';

const train = nn.datasets.circles(300, { noise: 0.05, seed: 1 });
const test = nn.datasets.circles(100, { noise: 0.05, seed: 2 });
const inits = {
  zeros: nn.initializers.zeros(),
  'large random': nn.initializers.randomNormal({ stddev: 10, seed: 3 }),
  he: nn.initializers.heNormal({ seed: 3 }),
};

const accuracy = (model, { x, y }) => model.evaluate(x, y)[1].dataSync()[0];
const runs = {}, models = {};
console.log('initialization   first loss   final loss   train acc   test acc');
for (const [name, init] of Object.entries(inits)) {
  const dense = (units, activation, inputShape) => nn.layers.dense({ units, activation, inputShape, kernelInitializer: init });
  const model = nn.sequential({ seed: 1, layers: [dense(10, 'relu', [2]), dense(5, 'relu'), dense(1, 'sigmoid')] });
  model.compile({ optimizer: nn.train.sgd(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(train.x, train.y, { epochs: 300, batchSize: 32, seed: 1 });
  const loss = history.history.loss;
  runs[name] = history;
  models[name] = model;
  console.log(`${name.padEnd(16)} ${loss[0].toFixed(4).padStart(10)} ${loss.at(-1).toFixed(4).padStart(12)} ${accuracy(model, train).toFixed(3).padStart(11)} ${accuracy(model, test).toFixed(3).padStart(10)}`);
}

const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('initialization-loss.svg', out), nn.plot.compareCurves(runs, { title: 'Initialization: training loss on circles (2-10-5-1 ReLU, SGD 0.1)' }));
for (const [name, model] of Object.entries(models)) {
  writeFileSync(new URL(`initialization-${name.replace(' ', '-')}.svg`, out), nn.plot.decisionBoundary(model, train.x, train.y, { title: `Initialization: ${name}` }));
}
console.log('wrote examples/course/out/initialization-*.svg');

// The course's batch-normalization experiment: a deep (8 hidden layers of 32) sigmoid MLP on circles,
// without and with batch normalization before each activation, same SGD learning rate. Without it the
// gradients reaching the first layers are tiny and the loss barely moves. Writes out/batchnorm-*.svg.
// Run: npm run build && node examples/course/batchnorm.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nn from '../../dist/index.js';

const train = nn.datasets.circles(400, { noise: 0.08, seed: 1 });
const test = nn.datasets.circles(400, { noise: 0.08, seed: 2 });
const depth = 8, units = 32, lr = 0.1;

function build(batchNorm) {
  const layers = [];
  for (let i = 0; i < depth; i++) {
    const inputShape = i === 0 ? [2] : undefined;
    if (batchNorm) layers.push(nn.layers.dense({ units, inputShape, useBias: false }), nn.layers.batchNormalization(), nn.layers.activation({ activation: 'sigmoid' }));
    else layers.push(nn.layers.dense({ units, inputShape, activation: 'sigmoid' }));
  }
  layers.push(nn.layers.dense({ units: 1, activation: 'sigmoid' }));
  return nn.sequential({ seed: 1, layers });
}

const runs = {}, models = {};
console.log(`${depth} × ${units} sigmoid, SGD ${lr}   final loss   train acc   test acc`);
for (const [name, batchNorm] of [['no batch norm', false], ['batch norm', true]]) {
  const model = build(batchNorm);
  model.compile({ optimizer: nn.train.sgd(lr), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  runs[name] = await model.fit(train.x, train.y, { epochs: 60, batchSize: 32, seed: 1 });
  models[name] = model;
  const testAcc = model.evaluate(test.x, test.y)[1].dataSync()[0];
  const h = runs[name].history;
  console.log(`${name.padEnd(27)} ${h.loss.at(-1).toFixed(4).padStart(12)} ${h.acc.at(-1).toFixed(3).padStart(11)} ${testAcc.toFixed(3).padStart(10)}`);
}

const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('batchnorm-loss.svg', out), nn.plot.compareCurves(runs, { title: `Batch normalization: ${depth} × ${units} sigmoid MLP on circles, SGD ${lr}` }));
writeFileSync(new URL('batchnorm-boundary.svg', out), nn.plot.decisionBoundary(models['batch norm'], test.x, test.y, { title: 'With batch norm: test points' }));
console.log('wrote examples/course/out/batchnorm-loss.svg, batchnorm-boundary.svg');

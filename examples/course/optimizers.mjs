// The course's optimizer experiment: the same 2-5-2-1 net on moons with mini-batches of 64, trained by
// SGD, SGD with momentum (β = 0.9) and Adam at one learning rate. Writes out/optimizers-*.svg.
// Run: npm run build && node examples/course/optimizers.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nn from '../../dist/index.js';

const train = nn.datasets.moons(300, { noise: 0.2, seed: 1 });
const lr = 0.007;
const optimizers = {
  sgd: () => nn.train.sgd(lr),
  momentum: () => nn.train.momentum(lr, 0.9),
  adam: () => nn.train.adam(lr),
};

const runs = {}, models = {};
console.log(`optimizer (lr ${lr})   final loss   train acc`);
for (const [name, optimizer] of Object.entries(optimizers)) {
  const model = nn.sequential({
    seed: 1,
    layers: [
      nn.layers.dense({ units: 5, inputShape: [2], activation: 'relu', kernelInitializer: 'heNormal' }),
      nn.layers.dense({ units: 2, activation: 'relu', kernelInitializer: 'heNormal' }),
      nn.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: optimizer(), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  runs[name] = await model.fit(train.x, train.y, { epochs: 200, batchSize: 64, seed: 1 });
  models[name] = model;
  const h = runs[name].history;
  console.log(`${name.padEnd(20)} ${h.loss.at(-1).toFixed(4).padStart(12)} ${h.acc.at(-1).toFixed(3).padStart(11)}`);
}

const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('optimizers-loss.svg', out), nn.plot.compareCurves(runs, { title: `Optimizers on moons (mini-batch 64, lr ${lr})` }));
writeFileSync(new URL('optimizers-adam-boundary.svg', out), nn.plot.decisionBoundary(models.adam, train.x, train.y, { title: 'Adam: decision boundary' }));
console.log('wrote examples/course/out/optimizers-loss.svg, optimizers-adam-boundary.svg');

// The course's learning-rate decay experiment: mini-batch SGD on moons with a constant rate, inverse-time
// decay lr0 / (1 + d·epoch), exponential decay lr0·0.96^epoch, and a staircase (inverse-time decay every
// 20 epochs), each through nn.callbacks.learningRateScheduler. Writes out/lr-decay-{loss,lr}.svg.
// Run: npm run build && node examples/course/lr-decay.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nn from '../../dist/index.js';

const train = nn.datasets.moons(300, { noise: 0.2, seed: 1 });
const lr0 = 0.5, epochs = 100;
const schedules = {
  constant: null,
  '1/(1 + 0.1·epoch)': nn.schedules.inverseTimeDecay({ decayRate: 0.1 }),
  '0.96^epoch': nn.schedules.exponentialDecay({ decayRate: 0.96 }),
  'staircase 1/(1 + ⌊epoch/20⌋)': nn.schedules.inverseTimeDecay({ decayRate: 1, decaySteps: 20, staircase: true }),
};

const runs = {}, rates = {};
console.log(`schedule (lr0 ${lr0})           final lr   final loss   last-10 loss spread`);
for (const [name, schedule] of Object.entries(schedules)) {
  const model = nn.sequential({
    seed: 1,
    layers: [
      nn.layers.dense({ units: 16, inputShape: [2], activation: 'relu', kernelInitializer: 'heNormal' }),
      nn.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
      nn.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: nn.train.sgd(lr0), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const callbacks = schedule ? [nn.callbacks.learningRateScheduler(schedule)] : [];
  runs[name] = await model.fit(train.x, train.y, { epochs, batchSize: 32, seed: 1, callbacks });
  // The rate each epoch trained with, from the schedule itself (constant: lr0).
  rates[name] = { history: { lr: Array.from({ length: epochs }, (_, e) => (schedule ? schedule(e, lr0) : lr0)) } };
  const loss = runs[name].history.loss, tail = loss.slice(-10);
  console.log(`${name.padEnd(28)} ${rates[name].history.lr.at(-1).toFixed(4).padStart(9)} ${loss.at(-1).toFixed(4).padStart(12)} ${(Math.max(...tail) - Math.min(...tail)).toFixed(4).padStart(12)}`);
}

const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('lr-decay-loss.svg', out), nn.plot.compareCurves(runs, { title: `Learning-rate decay: SGD on moons (lr0 ${lr0}, batch 32)` }));
writeFileSync(new URL('lr-decay-lr.svg', out), nn.plot.compareCurves(rates, { metric: 'lr', title: 'The learning rate per epoch' }));
console.log('wrote examples/course/out/lr-decay-loss.svg, lr-decay-lr.svg');

// The course's hyper-parameter tuning lesson on a 2-D set: a grid tries few distinct values of the
// parameter that matters most (the learning rate); random search on a log scale tries one per trial;
// a model-based (Bayesian) search spends its later trials near the best; successive halving stops bad
// trials early. Writes out/tuning-*.svg.
// Run: npm run build && node examples/course/tuning.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nn from '../../dist/index.js';

const data = nn.datasets.moons(600, { noise: 0.25, seed: 2 });
const build = ({ learningRate, units, beta }) => {
  const model = nn.sequential({
    layers: [
      nn.layers.dense({ units, inputShape: [2], activation: 'relu', kernelInitializer: 'heNormal' }),
      nn.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' }),
      nn.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: nn.train.momentum(learningRate, beta), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
};
const common = { build, data: { x: data.x, y: data.y, validationSplit: 0.3 }, objective: 'val_loss', epochs: 27, batchSize: 32, seed: 4 };

// 16 trials each: a 4 × 4 grid over (learning rate, units) with β fixed at 0.9, against random and
// Bayesian search over the same ranges plus β (1 − β log-uniform: 0.9…0.99 as likely as 0.99…0.999).
const searches = {
  grid: { space: { learningRate: nn.tuner.logUniform(1e-3, 1, { grid: 4 }), units: nn.tuner.int(4, 32, { log: true, grid: 4 }), beta: 0.9 }, strategy: 'grid' },
  random: { space: { learningRate: nn.tuner.logUniform(1e-3, 1), units: nn.tuner.int(4, 32, { log: true }), beta: nn.tuner.beta(0.8, 0.99) }, strategy: 'random' },
  bayesian: { space: { learningRate: nn.tuner.logUniform(1e-3, 1), units: nn.tuner.int(4, 32, { log: true }), beta: nn.tuner.beta(0.8, 0.99) }, strategy: 'bayesian' },
};

const results = {};
console.log('search               trials   distinct lr   epochs   best val_loss');
for (const [name, s] of Object.entries(searches)) {
  const r = await nn.tuner.search({ ...common, ...s, trials: 16 });
  results[name] = r;
  report(name, r);
}
// The same random trials, 27 of them, with successive halving: every trial gets 1 epoch, the best third 3,
// the best ninth 9, and only the very best the full 27.
const halving = await nn.tuner.search({ ...common, ...searches.random, trials: 27, earlyStopping: { minEpochs: 1, eta: 3 } });
report('random + halving', halving);
console.log(`best: ${Object.entries(halving.bestParams).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toPrecision(3) : v}`).join(' ')}`);

function report(name, r) {
  const lrs = new Set(r.trials.map((t) => t.params.learningRate)).size;
  console.log(`${name.padEnd(20)} ${String(r.trials.length).padStart(6)} ${String(lrs).padStart(13)} ${String(r.epochsSpent).padStart(8)} ${r.best.score.toFixed(4).padStart(15)}`);
}

const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('tuning-trials.svg', out), nn.plot.trials(halving, { x: 'learningRate', color: 'units', title: 'Random search + successive halving: val_loss by learning rate' }));
writeFileSync(new URL('tuning-parallel.svg', out), nn.plot.parallelCoordinates(halving, { title: '27 random trials, successive halving (η = 3)' }));
console.log('wrote examples/course/out/tuning-trials.svg, tuning-parallel.svg');

// The course's basic recipe for machine learning, driven by nn.diagnose: high bias → bigger network;
// high variance → more data or regularization; repeat until both gaps are small. Then gradient health:
// a deep sigmoid net's gradients vanish toward the input, a He-initialized ReLU net's do not.
// Run: npm run build && node examples/course/bias-variance.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nn from '../../dist/index.js';

// Noisy circles (inner ring radius 0.5, Gaussian noise 0.2): the rings overlap, so some error is
// unavoidable. Its proxy for human-level error is the best a radius threshold does on the dev set
// (nearly the Bayes-optimal rule for two noisy rings).
const noise = 0.2;
const dev = nn.datasets.circles(2000, { noise, factor: 0.5, seed: 2 });
const humanLevelError = bestRadiusError(dev);

function mlp(hidden) {
  const model = nn.sequential({ seed: 3 });
  hidden.forEach((units, i) => model.add(nn.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal', ...(i === 0 ? { inputShape: [2] } : {}) })));
  model.add(nn.layers.dense({ units: 1, activation: 'sigmoid', ...(hidden.length === 0 ? { inputShape: [2] } : {}) }));
  model.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

// The recipe: a linear model underfits (high bias) → a bigger network fits the 100 training points too
// well (high variance) → 20× more data closes the gap.
const steps = [
  ['logistic regression, 100 pts', [], 100, 300],
  ['2 × 128 relu, 100 pts', [128, 128], 100, 300],
  ['2 × 128 relu, 2000 pts', [128, 128], 2000, 40],
];
console.log(`human-level error (best radius threshold on dev): ${pct(humanLevelError)}`);
console.log('model                          train err   dev err   verdict');
for (const [name, hidden, n, epochs] of steps) {
  const train = nn.datasets.circles(n, { noise, factor: 0.5, seed: 1 });
  const model = mlp(hidden);
  await model.fit(train.x, train.y, { epochs, batchSize: 32, seed: 1 });
  const d = nn.diagnose(model, { train: [train.x, train.y], dev: [dev.x, dev.y], humanLevelError });
  console.log(`${name.padEnd(30)} ${pct(d.trainError).padStart(9)} ${pct(d.devError).padStart(9)}   ${d.verdict}`);
  console.log(`${''.padEnd(30)} next: ${d.suggestions[0] ?? 'nothing: done'}`);
}

function bestRadiusError({ x, labels }) {
  const v = x.dataSync(), n = labels.length;
  const rows = Array.from({ length: n }, (_, i) => [Math.hypot(v[2 * i], v[2 * i + 1]), labels[i]]).sort((a, b) => a[0] - b[0]);
  // Predict "inner" (1) below the threshold: count the errors for every cut point in one sweep.
  let errors = rows.filter(([, l]) => l === 1).length, best = errors;
  for (const [, l] of rows) best = Math.min(best, (errors += l === 1 ? -1 : 1));
  return best / n;
}

// Gradient health: 6 sigmoid layers with Glorot init vs the same depth of He-initialized ReLU.
console.log('\ngradient health (grad norm / weight norm, input layer → output layer)');
const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
const rings = nn.datasets.circles(500, { noise: 0.1, factor: 0.5, seed: 1 });
for (const [name, activation, kernelInitializer] of [['sigmoid, glorot', 'sigmoid', 'glorotUniform'], ['relu, he', 'relu', 'heNormal']]) {
  const model = nn.sequential({ seed: 1 });
  for (let i = 0; i < 6; i++) model.add(nn.layers.dense({ units: 16, activation, kernelInitializer, ...(i === 0 ? { inputShape: [2] } : {}) }));
  model.add(nn.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: nn.train.sgd(0.1), loss: 'binaryCrossentropy' });
  const norms = nn.callbacks.gradientNorms();
  await model.fit(rings.x, rings.y, { epochs: 20, batchSize: 32, seed: 1, callbacks: [norms] });
  const g = nn.diagnose.gradients(norms);
  console.log(`${name.padEnd(18)} ${g.layers.map((l) => l.relativeNorms.at(-1).toExponential(0)).join('  ')}`);
  const r = g.layers.map((l) => l.relativeNorms.at(-1));
  console.log(`${''.padEnd(18)} first ÷ last layer ${(r[0] / r.at(-1)).toExponential(0)}; ${g.healthy ? 'no flags (vanishing is < 1e-7)' : g.messages[0]}`);
  writeFileSync(new URL(`bias-variance-gradients-${activation}.svg`, out), nn.plot.gradientHealth(norms, { relative: true, title: `‖grad‖ / ‖W‖ per layer: 7-layer ${name}` }));
}
console.log('wrote examples/course/out/bias-variance-gradients-{sigmoid,relu}.svg');

function pct(e) {
  return `${(100 * e).toFixed(1)}%`;
}

// Two interleaving half moons (as sklearn's make_moons), a small MLP, and its learning curves as SVG.
// Run: node examples/two-moons.mjs   (writes two-moons-curves.svg)
import { writeFileSync } from 'node:fs';
import * as nn from '../dist/index.js';

// Seeded points: class 0 on the upper moon (cos t, sin t), class 1 on the lower one, plus noise.
let s = 12345;
const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const points = [], labels = [];
for (let i = 0; i < 600; i++) {
  const c = i % 2, t = Math.PI * rand();
  const [px, py] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  points.push([px + 0.15 * gauss(), py + 0.15 * gauss()]);
  labels.push([c]);
}
const x = nn.tensor2d(points), y = nn.tensor2d(labels);

const model = nn.sequential({
  seed: 7,
  layers: [
    nn.layers.dense({ units: 16, inputShape: [2], activation: 'relu' }),
    nn.layers.dense({ units: 16, activation: 'relu' }),
    nn.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(x, y, { epochs: 60, batchSize: 32, validationSplit: 0.2, seed: 7 });

const h = history.history, last = h.loss.length - 1;
console.log(`train accuracy ${h.acc[last].toFixed(3)}, validation accuracy ${h.val_acc[last].toFixed(3)}`);
writeFileSync('two-moons-curves.svg', nn.plot.learningCurves(history, { title: 'Two moons, 2-16-16-1 MLP' }));
console.log('wrote two-moons-curves.svg');

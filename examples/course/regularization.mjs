// The course's regularization experiment: a large 2-64-64-1 net on few noisy points overfits; L2 and
// dropout smooth its decision boundary. Writes out/regularization-{none,l2,dropout}.svg.
// Run: npm run build && node examples/course/regularization.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nn from '../../dist/index.js';

// The course's "football" set is not public; noisy moons with 150 training points overfit the same way.
const train = nn.datasets.moons(150, { noise: 0.35, seed: 1 });
const test = nn.datasets.moons(1000, { noise: 0.35, seed: 2 });

function build(variant) {
  const kernelRegularizer = variant === 'l2' ? nn.regularizers.l2({ l2: 0.003 }) : undefined;
  const hidden = (args) => nn.layers.dense({ units: 64, activation: 'relu', kernelRegularizer, ...args });
  const drop = () => (variant === 'dropout' ? [nn.layers.dropout({ rate: 0.3 })] : []);
  return nn.sequential({
    seed: 1,
    layers: [hidden({ inputShape: [2] }), ...drop(), hidden({}), ...drop(), nn.layers.dense({ units: 1, activation: 'sigmoid' })],
  });
}

const accuracy = (model, { x, y }) => model.evaluate(x, y)[1].dataSync()[0];
const out = new URL('./out/', import.meta.url);
mkdirSync(out, { recursive: true });
console.log('regularization   train acc   test acc');
for (const variant of ['none', 'l2', 'dropout']) {
  const model = build(variant);
  model.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  await model.fit(train.x, train.y, { epochs: 400, batchSize: 32, seed: 1 });
  const trainAcc = accuracy(model, train), testAcc = accuracy(model, test);
  console.log(`${variant.padEnd(16)} ${trainAcc.toFixed(3).padStart(9)} ${testAcc.toFixed(3).padStart(10)}`);
  const title = `${variant === 'none' ? 'No regularization' : variant === 'l2' ? 'L2 (λ = 0.003)' : 'Dropout (rate 0.3)'}: train ${(100 * trainAcc).toFixed(1)}%, test ${(100 * testAcc).toFixed(1)}%`;
  writeFileSync(new URL(`regularization-${variant}.svg`, out), nn.plot.decisionBoundary(model, train.x, train.y, { title }));
}
console.log('wrote examples/course/out/regularization-{none,l2,dropout}.svg');

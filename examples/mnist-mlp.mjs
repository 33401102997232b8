// The MNIST sample (8000 train / 2000 test real digits) with a 784-128-64-10 MLP; saves the model in the
// TF.js layers format and plots learning curves and per-layer gradient norms.
// Run: node examples/mnist-mlp.mjs   (writes mnist-model/, mnist-curves.svg, mnist-gradients.svg)
import { writeFileSync } from 'node:fs';
import * as nn from '../dist/index.js';
import { mnist } from '../dist/datasets/mnist.js';

const { train, test } = mnist({ split: 'proportional' });
const xTrain = nn.tensor2d(train.x, [train.n, 784]), yTrain = nn.tensor2d(train.y, [train.n, 10]);
const xTest = nn.tensor2d(test.x, [test.n, 784]), yTest = nn.tensor2d(test.y, [test.n, 10]);

const model = nn.sequential({
  seed: 1,
  layers: [
    nn.layers.dense({ units: 128, inputShape: [784], activation: 'relu' }),
    nn.layers.dense({ units: 64, activation: 'relu' }),
    nn.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
model.summary();

const grads = nn.tools.gradientNorms();
const t0 = performance.now();
const history = await model.fit(xTrain, yTrain, {
  epochs: 6,
  batchSize: 32,
  validationSplit: 0.1,
  callbacks: [grads, { onEpochEnd: (e, logs) => console.log(`epoch ${e + 1}: loss ${logs.loss.toFixed(4)}, val_acc ${logs.val_acc.toFixed(4)}`) }],
});
const seconds = (performance.now() - t0) / 1000;

const [loss, acc] = model.evaluate(xTest, yTest);
console.log(`test loss ${loss.dataSync()[0].toFixed(4)}, test accuracy ${acc.dataSync()[0].toFixed(4)} (${seconds.toFixed(1)} s of training)`);

await nn.saveModel(model, 'file://./mnist-model');
writeFileSync('mnist-curves.svg', nn.plot.learningCurves(history, { title: 'MNIST MLP' }));
writeFileSync('mnist-gradients.svg', nn.plot.gradientHealth(grads));
console.log('wrote mnist-model/, mnist-curves.svg, mnist-gradients.svg');

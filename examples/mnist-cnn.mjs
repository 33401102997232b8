// The tfjs MNIST example's CNN on the MNIST sample (8000 train / 2000 test real digits): conv 8@5×5
// relu → maxpool 2 → conv 16@5×5 relu → maxpool 2 → flatten → dense 10 softmax, over NHWC images.
// With random shifts of up to 2 pixels and a decaying learning rate it reaches ≥ 97% test accuracy in
// 12 epochs (test/train/mnist-cnn.test.ts checks this configuration). Saves in the TF.js layers
// format, which tfjs-layers loads with tf.loadLayersModel.
// Run: node examples/mnist-cnn.mjs [epochs]   (writes mnist-cnn-model/)
import * as nn from '../dist/index.js';
import { mnist } from '../dist/datasets/mnist.js';

const epochs = Number(process.argv[2] ?? 12);
const { train, test } = mnist({ split: 'proportional', seed: 1 });
const images = (d) => nn.tensor4d(d.x, [d.n, 28, 28, 1]);

const model = nn.sequential({
  seed: 1,
  layers: [
    nn.layers.conv2d({ inputShape: [28, 28, 1], kernelSize: 5, filters: 8, activation: 'relu' }),
    nn.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
    nn.layers.conv2d({ kernelSize: 5, filters: 16, activation: 'relu' }),
    nn.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
    nn.layers.flatten(),
    nn.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: nn.train.adam(3e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
model.summary();

const t0 = performance.now();
await model.fit(images(train), nn.tensor2d(train.y, [train.n, 10]), {
  epochs,
  batchSize: 32,
  seed: 1,
  augment: nn.data.imageAugmentation({ imageShape: [28, 28], maxShift: 2 }),
  callbacks: [
    nn.callbacks.learningRateScheduler(nn.schedules.exponentialDecay({ decayRate: 0.8 })),
    { onEpochEnd: (e, logs) => console.log(`epoch ${e + 1}: loss ${logs.loss.toFixed(4)}, acc ${logs.acc.toFixed(4)}`) },
  ],
});
const seconds = (performance.now() - t0) / 1000;
const [loss, acc] = model.evaluate(images(test), nn.tensor2d(test.y, [test.n, 10]), { batchSize: 256 });
console.log(`test loss ${loss.dataSync()[0].toFixed(4)}, test accuracy ${acc.dataSync()[0].toFixed(4)} (${seconds.toFixed(1)} s, ${Math.round((epochs * train.n) / seconds)} samples/s)`);
await nn.saveModel(model, 'file://./mnist-cnn-model');
console.log('wrote mnist-cnn-model/');

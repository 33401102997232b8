// Convolutional models against the real @tensorflow/tfjs-layers 4.22 (cpu backend): the same initial
// weights (copied with setWeights), the same unshuffled SGD mini-batches, and per-epoch losses and
// final predictions within 2e-3, on both simdnn backends. And the TF.js format both ways: a CNN saved
// by either library loads in the other with the same predictions.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { maxAbsDiff, rand } from '../harness.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The same architecture in both libraries, from one description. */
type Spec =
  | { kind: 'conv'; filters: number; kernelSize: number; strides?: number; padding?: 'valid' | 'same'; activation?: 'relu' | 'tanh' | 'linear' }
  | { kind: 'maxPool' | 'avgPool'; poolSize: number; strides?: number; padding?: 'valid' | 'same' }
  | { kind: 'globalAvg' | 'globalMax' | 'flatten' }
  | { kind: 'bn' }
  | { kind: 'dense'; units: number; activation?: 'softmax' | 'relu' | 'linear' | 'sigmoid' };

function build<L>(specs: Spec[], inputShape: number[], lib: {
  conv: (a: object) => L; maxPool: (a: object) => L; avgPool: (a: object) => L; globalAvg: (a: object) => L;
  globalMax: (a: object) => L; flatten: (a: object) => L; bn: (a: object) => L; dense: (a: object) => L;
}): L[] {
  return specs.map((s, i) => {
    const { kind, ...args } = s;
    return lib[kind]({ ...args, ...(i === 0 ? { inputShape } : {}) });
  });
}

const ours = (specs: Spec[], inputShape: number[]) => nn.sequential({
  seed: 11,
  layers: build<nn.Layer>(specs, inputShape, {
    conv: (a) => nn.layers.conv2d(a as never), maxPool: (a) => nn.layers.maxPooling2d(a), avgPool: (a) => nn.layers.averagePooling2d(a),
    globalAvg: (a) => nn.layers.globalAveragePooling2d(a), globalMax: (a) => nn.layers.globalMaxPooling2d(a),
    flatten: (a) => nn.layers.flatten(a), bn: (a) => nn.layers.batchNormalization(a), dense: (a) => nn.layers.dense(a as never),
  }),
});

const theirs = (specs: Spec[], inputShape: number[]) => tfl.sequential({
  layers: build<tfl.layers.Layer>(specs, inputShape, {
    conv: (a) => tfl.layers.conv2d(a as never), maxPool: (a) => tfl.layers.maxPooling2d(a as never), avgPool: (a) => tfl.layers.averagePooling2d(a as never),
    globalAvg: (a) => tfl.layers.globalAveragePooling2d(a as never), globalMax: (a) => tfl.layers.globalMaxPooling2d(a as never),
    flatten: (a) => tfl.layers.flatten(a as never), bn: (a) => tfl.layers.batchNormalization(a as never), dense: (a) => tfl.layers.dense(a as never),
  }),
});

const CASES: [string, Spec[], number[]][] = [
  ['the tfjs MNIST CNN shape (conv 5×5 relu → maxpool → conv → maxpool → flatten → softmax), on 12×12', [
    { kind: 'conv', filters: 4, kernelSize: 5, activation: 'relu' }, { kind: 'maxPool', poolSize: 2 },
    { kind: 'conv', filters: 6, kernelSize: 3, activation: 'relu' }, { kind: 'maxPool', poolSize: 2 },
    { kind: 'flatten' }, { kind: 'dense', units: 3, activation: 'softmax' },
  ], [12, 12, 1]],
  ['same padding, stride 2, average pooling with same edges, tanh', [
    { kind: 'conv', filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' },
    { kind: 'avgPool', poolSize: 2, strides: 1, padding: 'valid' },
    { kind: 'flatten' }, { kind: 'dense', units: 3, activation: 'softmax' },
  ], [9, 7, 3]],
  ['batch norm over channels and global average pooling', [
    { kind: 'conv', filters: 6, kernelSize: 3, activation: 'linear' }, { kind: 'bn' },
    { kind: 'conv', filters: 4, kernelSize: 2, activation: 'relu' }, { kind: 'globalAvg' },
    { kind: 'dense', units: 3, activation: 'softmax' },
  ], [8, 8, 2]],
  ['global max pooling', [
    { kind: 'conv', filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }, { kind: 'globalMax' },
    { kind: 'dense', units: 3, activation: 'softmax' },
  ], [6, 6, 2]],
];

const N = 24, BATCH = 8, EPOCHS = 4, LR = 0.1;

describe.each(['wasm', 'ts'] as const)('conv models train as in tfjs-layers (simdnn on %s)', (backend) => {
  test.each(CASES)('%s', async (_name, specs, inputShape) => {
    await nn.setBackend(backend);
    const size = inputShape.reduce((a, b) => a * b);
    const xv = rand(N * size, 21, 0, 1);
    const labels = Array.from(rand(N, 22, 0, 3), Math.floor);
    const yv = labels.flatMap((l) => [0, 1, 2].map((c) => (c === l ? 1 : 0)));

    const a = ours(specs, inputShape);
    a.compile({ optimizer: nn.train.sgd(LR), loss: 'categoricalCrossentropy' });
    const b = theirs(specs, inputShape);
    b.compile({ optimizer: tf.train.sgd(LR), loss: 'categoricalCrossentropy' });
    // simdnn's getWeights order is tfjs's (trainable in layer order, then non-trainable).
    b.setWeights(a.getWeights().map((w) => tf.tensor(w.dataSync(), [...w.shape])));

    const x = nn.tensor(xv, [N, ...inputShape]), y = nn.tensor2d(yv, [N, 3]);
    const tx = tf.tensor(xv, [N, ...inputShape]), ty = tf.tensor2d(yv, [N, 3]);
    const before = maxAbsDiff(a.predict(x).dataSync(), (b.predict(tx) as tf.Tensor).dataSync());
    expect(before).toBeLessThan(1e-4);

    const ha = await a.fit(x, y, { epochs: EPOCHS, batchSize: BATCH, shuffle: false });
    const hb = await b.fit(tx, ty, { epochs: EPOCHS, batchSize: BATCH, shuffle: false });
    const la = ha.history.loss!, lb = hb.history.loss as number[];
    for (let e = 0; e < EPOCHS; e++) expect(Math.abs(la[e]! - lb[e]!), `epoch ${e + 1}: ${la[e]} vs ${lb[e]}`).toBeLessThan(2e-3);
    expect(la[EPOCHS - 1]).toBeLessThan(la[0]!); // it trained
    expect(maxAbsDiff(a.predict(x).dataSync(), (b.predict(tx) as tf.Tensor).dataSync())).toBeLessThan(2e-3);
  });
});

describe.each(['wasm', 'ts'] as const)('CNNs in the TF.js layers format, both ways (simdnn on %s)', (backend) => {
  const [, specs, inputShape] = CASES[0]!;
  const xv = rand(10 * 144, 5, 0, 1);

  test('saved by tfjs-layers, loaded by simdnn: same layers, same predictions', async () => {
    await nn.setBackend(backend);
    const b = theirs(specs, inputShape);
    b.setWeights(b.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', i)));
    let saved: tf.io.ModelArtifacts | undefined;
    await b.save(tf.io.withSaveHandler(async (art) => {
      saved = art;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const a = await nn.loadLayersModel(nn.io.fromMemory(saved as never));
    expect(a.layers.map((l) => l.className)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
    const pa = a.predict(nn.tensor(xv, [10, 12, 12, 1])).dataSync();
    const pb = (b.predict(tf.tensor(xv, [10, 12, 12, 1])) as tf.Tensor).dataSync();
    expect(maxAbsDiff(pa, pb)).toBeLessThan(1e-5);
  });

  test('saved by simdnn, loaded by tfjs-layers: same config, same predictions', async () => {
    await nn.setBackend(backend);
    const a = ours([
      { kind: 'conv', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }, { kind: 'bn' },
      { kind: 'avgPool', poolSize: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 3, activation: 'softmax' },
    ], inputShape);
    a.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    // Train a little so batch norm's moving statistics are not the initial ones.
    await a.fit(nn.tensor(xv, [10, 12, 12, 1]), nn.tensor2d(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 1 : 0)), [10, 3]), { epochs: 2, batchSize: 5 });
    let saved: nn.ModelArtifacts | undefined;
    await a.save(nn.io.withSaveHandler((art) => { saved = art; }));
    const b = await tfl.loadLayersModel(tf.io.fromMemory(saved as never));
    const conv = b.layers[0]!.getConfig();
    expect([conv.filters, conv.kernelSize, conv.strides, conv.padding, conv.activation]).toEqual([4, [3, 3], [2, 2], 'same', 'relu']);
    const pa = a.predict(nn.tensor(xv, [10, 12, 12, 1])).dataSync();
    const pb = (b.predict(tf.tensor(xv, [10, 12, 12, 1])) as tf.Tensor).dataSync();
    expect(maxAbsDiff(pa, pb)).toBeLessThan(1e-5);
    // And simdnn reads its own file back to the same config.
    const again = await nn.loadLayersModel(nn.io.fromMemory(saved!));
    expect(again.layers.map((l) => l.getConfig())).toEqual(a.layers.map((l) => l.getConfig()));
  });
});

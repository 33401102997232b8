// A tfjs-layers CNN (the tfjs MNIST example's layer stack, smaller) trains on 'simdnn' to the same
// per-epoch losses as on 'cpu' (≤ 1e-4 relative, same seeds and data), running the conv and pooling
// kernels natively; and a model trained by tfjs on 'simdnn' loads in simdnn's own API with the same
// predictions, and back.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';

import * as nn from '../../src/index.js';
import '../../src/adapters/tfjs/index.js';
import { delegationCounts } from '../../src/adapters/tfjs/delegate.js';
import { maxAbsDiff, rand } from '../harness.js';

const N = 40, H = 12, CLASSES = 3;
const xs = rand(N * H * H, 7, 0, 1);
const labels = Array.from(rand(N, 8, 0, CLASSES), Math.floor);
const ys = labels.flatMap((l) => Array.from({ length: CLASSES }, (_, c) => (c === l ? 1 : 0)));

function cnn(): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [H, H, 1], kernelSize: 3, filters: 5, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tfl.layers.conv2d({ kernelSize: 3, filters: 7, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
}

async function train(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(xs, [N, H, H, 1]), y = tf.tensor2d(ys, [N, CLASSES]);
  const m = cnn();
  const optimizer = tf.train.adam(0.01);
  m.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const history = await m.fit(x, y, { epochs: 5, batchSize: 8, shuffle: false, verbose: 0 });
  m.dispose();
  optimizer.dispose();
  tf.dispose([x, y]);
  return history.history.loss as number[];
}

const CONV_KERNELS = ['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPool', 'MaxPoolGrad', 'AvgPool', 'AvgPoolGrad'];

describe("a tfjs-layers CNN on 'simdnn'", () => {
  test("trains to the same per-epoch losses as on 'cpu', with conv and pooling native", async () => {
    const cpu = await train('cpu');
    const before = CONV_KERNELS.map((k) => delegationCounts().get(k) ?? 0);
    const simdnn = await train('simdnn');
    expect(CONV_KERNELS.map((k) => delegationCounts().get(k) ?? 0), 'conv/pool calls delegated to cpu').toEqual(before);
    expect(cpu[4]!).toBeLessThan(cpu[0]!); // it learns, so the comparison means something
    for (let e = 0; e < 5; e++) {
      const rel = Math.abs(simdnn[e]! - cpu[e]!) / Math.abs(cpu[e]!);
      expect(rel, `epoch ${e + 1}: cpu ${cpu[e]}, simdnn ${simdnn[e]}`).toBeLessThanOrEqual(1e-4);
    }
  });

  test("trained by tfjs on 'simdnn' and saved, it loads in simdnn's own API with the same predictions, and back", async () => {
    await tf.setBackend('simdnn');
    const theirs = cnn();
    theirs.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.tensor4d(xs, [N, H, H, 1]), y = tf.tensor2d(ys, [N, CLASSES]);
    await theirs.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(tf.io.withSaveHandler(async (art) => {
      saved = art;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const tfjsPred = (theirs.predict(x) as tf.Tensor).dataSync();

    const ours = await nn.loadLayersModel(nn.io.fromMemory(saved as never));
    expect(ours.layers.map((l) => l.className)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'AveragePooling2D', 'Flatten', 'Dense']);
    const ourPred = ours.predict(nn.tensor(xs, [N, H, H, 1])).dataSync();
    expect(maxAbsDiff(ourPred, tfjsPred)).toBeLessThan(1e-5);

    // Back: simdnn trains it a little more, saves, and tfjs on 'simdnn' loads the same predictions.
    ours.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    await ours.fit(nn.tensor(xs, [N, H, H, 1]), nn.tensor2d(ys, [N, CLASSES]), { epochs: 1, batchSize: 8 });
    let back: nn.ModelArtifacts | undefined;
    await ours.save(nn.io.withSaveHandler((art) => { back = art; }));
    const again = await tfl.loadLayersModel(tf.io.fromMemory(back as never));
    const againPred = (again.predict(x) as tf.Tensor).dataSync();
    const oursAfter = ours.predict(nn.tensor(xs, [N, H, H, 1])).dataSync();
    expect(maxAbsDiff(againPred, oursAfter)).toBeLessThan(1e-5);
    expect(maxAbsDiff(againPred, tfjsPred)).toBeGreaterThan(1e-4); // the extra epoch changed the weights
    theirs.dispose();
    again.dispose();
    tf.dispose([x, y]);
  });
});

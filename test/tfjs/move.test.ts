// tf.setBackend leaves live tensors on the backend that made them; the next kernel on another backend
// moves their data (tfjs's engine.moveData). A model built on 'cpu' predicts on 'simdnn' and back, with
// the same numbers, and each backend owns exactly the data it holds.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';

import '../../src/adapters/tfjs/index.js';
import type { SimdnnBackend } from '../../src/adapters/tfjs/index.js';

describe("tensors made on another backend, used on 'simdnn'", () => {
  test('a tfjs-layers model built on cpu predicts on simdnn (weights moved on first use) and back on cpu', async () => {
    await tf.setBackend('cpu');
    const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, inputShape: [8], activation: 'relu', kernelInitializer: init(1) }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(2) }),
      ],
    });
    const xs = Float32Array.from({ length: 5 * 8 }, (_, i) => Math.sin(i));
    const predict = () => tf.tidy(() => Array.from((model.predict(tf.tensor2d(xs, [5, 8])) as tf.Tensor).dataSync()));
    const onCpu = predict();

    await tf.setBackend('simdnn');
    const simdnn = tf.backend() as SimdnnBackend;
    const before = simdnn.numDataIds();
    const onSimdnn = predict();
    expect(onSimdnn.length).toBe(15);
    onSimdnn.forEach((p, i) => expect(p).toBeCloseTo(onCpu[i]!, 6));
    // The 4 weight tensors now live in simdnn's heap.
    expect(simdnn.numDataIds() - before).toBe(4);

    await tf.setBackend('cpu');
    expect(predict()).toEqual(onCpu); // weights moved back: the same cpu numbers
    expect(simdnn.numDataIds()).toBe(before);
    model.dispose();
  });

  test('an op mixing a cpu tensor and a simdnn tensor runs on simdnn', async () => {
    await tf.setBackend('cpu');
    const a = tf.tensor1d([1, 2, 3]);
    await tf.setBackend('simdnn');
    const b = tf.tensor1d([10, 20, 30]);
    const c = tf.add(a, b);
    expect(Array.from(c.dataSync())).toEqual([11, 22, 33]);
    tf.dispose([a, b, c]);
  });
});

// NaN propagates through every activation, in the elementwise kernels (f32_vact: SIMD lanes and scalar
// tail) and in dense's fused bias + activation epilogue, on both backends, as in tfjs: a model with a NaN
// input or weight predicts NaN where tfjs-layers (cpu backend) does. relu(NaN) and step(NaN) were 0.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

const ACTS = ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'step', 'softmax'] as const;
// NaN in lane 0 and in the scalar tail (index 8), among ordinary values.
const ROW = [NaN, -1, 0, 2, -3, 0.5, 4, -0.25, NaN];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['wasm', 'ts'] as const)('NaN on %s', (backend) => {
  beforeAll(async () => {
    await nn.setBackend(backend);
  });

  test.each(ACTS)('activation layer %s: NaN in, NaN out at the same places, finite elsewhere', (act) => {
    const model = nn.sequential({ layers: [nn.layers.activation({ activation: act, inputShape: [ROW.length] })] });
    const out = Array.from(model.predict(nn.tensor2d([ROW])).dataSync());
    if (act === 'softmax') expect(out.every(Number.isNaN)).toBe(true); // one NaN poisons the row's sum
    else out.forEach((v, i) => expect(Number.isNaN(v), `${act}: index ${i}: ${v}`).toBe(Number.isNaN(ROW[i]!)));
  });

  test.each(ACTS.filter((a) => a !== 'leakyRelu'))('dense %s with a NaN weight predicts NaN where tfjs-layers does', (act) => {
    const model = nn.sequential({ seed: 3, layers: [nn.layers.dense({ units: 9, inputShape: [3], activation: act })] });
    const [kernel, bias] = model.getWeights();
    const k = kernel!.dataSync().slice();
    k[4] = NaN; // feeds unit 4 (in a SIMD lane) only
    model.setWeights([nn.tensor(k, [3, 9]), bias!]);
    const x = [[1, -2, 0.5], [0, 0, 0]];
    const ours = Array.from(model.predict(nn.tensor2d(x)).dataSync());

    const ref = tfl.sequential({ layers: [tfl.layers.dense({ units: 9, inputShape: [3], activation: act === 'step' ? 'linear' : act })] });
    ref.setWeights([tf.tensor(Array.from(k), [3, 9]), tf.tensor(Array.from(bias!.dataSync()))]);
    let theirs = Array.from((ref.predict(tf.tensor(x)) as tf.Tensor).dataSync());
    if (act === 'step') theirs = Array.from(tf.step(tf.tensor(theirs)).dataSync());
    ours.forEach((v, i) => expect(Number.isNaN(v), `${act}: output ${i}: simdnn ${v}, tfjs ${theirs[i]}`).toBe(Number.isNaN(theirs[i]!)));
    expect(ours.filter(Number.isNaN).length).toBeGreaterThan(0);
  });
});

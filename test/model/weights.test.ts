// getWeights/setWeights in tfjs order (trainable in layer order, then non-trainable), shape errors,
// summary() and countParams().
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

function bnModel() {
  return nn.sequential({
    seed: 11,
    name: 'weights_model',
    layers: [
      nn.layers.dense({ units: 4, inputShape: [3], activation: 'relu', name: 'd_in' }),
      nn.layers.batchNormalization({ name: 'bn' }),
      nn.layers.dense({ units: 2, activation: 'softmax', name: 'd_out' }),
    ],
  });
}

/** Distinct values for each weight: tensor j holds 100·j + i. */
function distinct(shapes: number[][]): nn.Tensor[] {
  return shapes.map((shape, j) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return nn.tensor(Float32Array.from({ length: n }, (_, i) => 100 * j + i + (j === 7 ? 1 : 0)), shape); // moving variance > 0
  });
}

describe.each(['wasm', 'ts'] as const)('weights on %s', (backend) => {
  test('dense → batchNormalization → dense: [k1, b1, γ, β, k2, b2, movingMean, movingVariance]', async () => {
    await nn.setBackend(backend);
    const model = bnModel();
    const w = model.getWeights();
    expect(w.map((t) => t.shape)).toEqual([[3, 4], [4], [4], [4], [4, 2], [2], [4], [4]]);
    // Initial values identify each slot: γ = 1, β = 0, movingMean = 0, movingVariance = 1, biases 0.
    expect(Array.from(w[2]!.dataSync())).toEqual([1, 1, 1, 1]);
    expect(Array.from(w[3]!.dataSync())).toEqual([0, 0, 0, 0]);
    expect(Array.from(w[6]!.dataSync())).toEqual([0, 0, 0, 0]);
    expect(Array.from(w[7]!.dataSync())).toEqual([1, 1, 1, 1]);
    expect(Array.from(w[1]!.dataSync())).toEqual([0, 0, 0, 0]);
    expect(w[0]!.dataSync().some((v) => v !== 0)).toBe(true);
  });

  test('setWeights round-trips and is what predict uses', async () => {
    await nn.setBackend(backend);
    const model = bnModel();
    const values = distinct(model.getWeights().map((t) => [...t.shape]));
    model.setWeights(values);
    const back = model.getWeights();
    back.forEach((t, j) => expect(Array.from(t.dataSync()), `weight ${j}`).toEqual(Array.from(values[j]!.dataSync())));
    // A model whose weights are all set the same way predicts the same.
    const twin = bnModel();
    twin.setWeights(back);
    const x = nn.tensor2d([[0.1, -0.2, 0.3], [1, 2, 3]]);
    expect(Array.from(twin.predict(x).dataSync())).toEqual(Array.from(model.predict(x).dataSync()));
  });

  test('training updates the moving statistics (non-trainable, last) but not by the optimizer', async () => {
    await nn.setBackend(backend);
    const model = bnModel();
    model.compile({ optimizer: nn.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    await model.fit(nn.tensor2d([[1, 2, 3], [3, 2, 1], [0, 1, 0]]), nn.tensor2d([[1, 0], [0, 1], [1, 0]]), { epochs: 1, batchSize: 3, seed: 1 });
    const w = model.getWeights();
    expect(w[6]!.dataSync().some((v) => v !== 0)).toBe(true); // moving mean moved toward the batch mean
    expect(w[2]!.dataSync().some((v) => v !== 1)).toBe(true); // γ trained
  });

  test('wrong count or shape is a ShapeError naming the weight and both shapes; the model is unchanged', async () => {
    await nn.setBackend(backend);
    const model = bnModel();
    const before = model.getWeights();
    expect(() => model.setWeights(before.slice(0, 7))).toThrow(nn.ShapeError);
    expect(() => model.setWeights(before.slice(0, 7))).toThrow(/expected 8 .*got 7/);
    const bad = [...before];
    bad[4] = nn.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]]); // [2,4] instead of [4,2]
    bad[0] = nn.tensor(new Float32Array(12).fill(9), [3, 4]); // valid: must not be written when another is wrong
    expect(() => model.setWeights(bad)).toThrow(nn.ShapeError);
    expect(() => model.setWeights(bad)).toThrow(/d_out\/kernel.*\[4, ?2\].*\[2, ?4\]/);
    expect(Array.from(model.getWeights()[0]!.dataSync())).toEqual(Array.from(before[0]!.dataSync()));
    model.setWeights(before); // still works
  });

  test('summary prints names, output shapes, parameter counts and totals; countParams', async () => {
    await nn.setBackend(backend);
    const model = bnModel();
    const lines: string[] = [];
    model.summary(80, undefined, (l) => lines.push(l));
    const text = lines.join('\n');
    expect(text).toContain('weights_model');
    const row = (name: string) => lines.find((l) => l.startsWith(name)) ?? '';
    expect(row('d_in')).toMatch(/Dense.*\[null, ?4\]\s+16$/);
    expect(row('bn')).toMatch(/BatchNormalization.*\[null, ?4\]\s+16$/);
    expect(row('d_out')).toMatch(/Dense.*\[null, ?2\]\s+10$/);
    expect(text).toMatch(/Total params: 42\b/);
    expect(text).toMatch(/Trainable params: 34\b/);
    expect(text).toMatch(/Non-trainable params: 8\b/);
    expect(model.countParams()).toBe(42);
  });
});

// Op results (heap-resident, int32) flow into everything that reads tensors: fit/predict/evaluate,
// nn.data and io, as a tfjs app prepares data with sub/div/oneHot and reads results with argMax.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

describe.each(['wasm', 'ts'] as const)('op results in models on %s', (backend) => {
  test('fit on standardized heap tensors and int32 one-hot labels; argMax of predict scores the labels', async () => {
    await nn.setBackend(backend);
    const raw = nn.tensor2d(Array.from({ length: 64 }, (_, i) => [i % 2 ? 100 + (i % 7) : 10 + (i % 5), (i % 3) * 50]));
    const labels = nn.tensor1d(Array.from({ length: 64 }, (_, i) => i % 2), 'int32');
    const { xs, ys } = nn.tidy(() => {
      const { mean, variance } = nn.moments(raw, 0);
      return { xs: raw.sub(mean).div(variance.sqrt().add(1e-6)), ys: nn.oneHot(labels, 2) };
    });
    expect(ys.dtype).toBe('int32');
    const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), nn.layers.dense({ units: 2, activation: 'softmax' })] });
    model.compile({ optimizer: nn.train.adam(0.05), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(xs, ys, { epochs: 30, batchSize: 16, verbose: 0 });
    expect(h.history.acc!.at(-1)).toBeGreaterThan(0.95);
    const pred = nn.tidy(() => (model.predict(xs) as nn.Tensor).argMax(-1));
    const hits = nn.tidy(() => nn.sum(nn.cast(nn.squaredDifference(pred, labels), 'float32')));
    expect(hits.arraySync()).toBe(0);
    const ev = model.evaluate(xs, ys);
    expect(Array.isArray(ev) ? ev.length : 1).toBeGreaterThan(0);
    const batches = await nn.data.array([xs.slice(0, 4)]).toArray();
    expect(batches[0]!.shape).toEqual([4, 2]);
    nn.dispose([xs, ys, pred, hits]);
    model.dispose();
  });
});

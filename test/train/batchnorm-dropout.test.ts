// A model with batch normalization and dropout trains on two moons, and its inference is deterministic:
// dropout is the identity and batch norm uses the moving statistics, so predict and evaluate repeat
// exactly and a row's output does not depend on the batch it is in.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { asTensors, twoMoons, type Dataset } from '../fixtures/datasets.js';

function split(d: Dataset, at: number): [Dataset, Dataset] {
  const part = (from: number, to: number): Dataset => ({
    ...d,
    x: d.x.slice(2 * from, 2 * to),
    y: d.y.slice(from, to),
    labels: d.labels.slice(from, to),
    n: to - from,
  });
  return [part(0, at), part(at, d.n)];
}

describe.each(['wasm', 'ts'] as const)('batch norm + dropout on %s', (backend) => {
  test('trains on two moons (loss falls, ≥ 95% held out) and predicts deterministically', async () => {
    await nn.setBackend(backend);
    const [train, held] = split(twoMoons(1000, { noise: 0.15, seed: 8 }), 800);
    const model = nn.sequential({
      seed: 21,
      layers: [
        nn.layers.dense({ units: 32, inputShape: [2], activation: 'relu' }),
        nn.layers.batchNormalization({ momentum: 0.9 }),
        nn.layers.dropout({ rate: 0.2 }),
        nn.layers.dense({ units: 16, activation: 'relu' }),
        nn.layers.batchNormalization({ momentum: 0.9 }),
        nn.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const t = asTensors(train), v = asTensors(held);
    const h = await model.fit(t.x, t.y, { epochs: 40, batchSize: 32, seed: 4 });
    const loss = h.history.loss!;
    expect(loss[39]!).toBeLessThan(0.5 * loss[0]!);

    const p1 = model.predict(v.x).dataSync();
    const p2 = model.predict(v.x).dataSync();
    expect(Array.from(p2)).toEqual(Array.from(p1));
    let hits = 0;
    for (let i = 0; i < held.n; i++) hits += Number((p1[i]! > 0.5 ? 1 : 0) === held.labels[i]);
    expect(hits / held.n).toBeGreaterThanOrEqual(0.95);

    const e1 = (model.evaluate(v.x, v.y) as nn.Tensor[]).map((s) => s.dataSync()[0]);
    const e2 = (model.evaluate(v.x, v.y) as nn.Tensor[]).map((s) => s.dataSync()[0]);
    expect(e2).toEqual(e1);
    expect(e1[1]).toBeCloseTo(hits / held.n, 6);

    // Inference does not depend on the batch: one row at a time gives the same outputs (up to the
    // f32 summation order of a different gemm shape), and the first 5 rows alone match too.
    const single = model.predict(v.x, { batchSize: 1 }).dataSync();
    for (let i = 0; i < held.n; i++) expect(Math.abs(single[i]! - p1[i]!)).toBeLessThan(1e-6);
    const head = model.predict(nn.tensor2d(held.x.slice(0, 10), [5, 2])).dataSync();
    for (let i = 0; i < 5; i++) expect(Math.abs(head[i]! - p1[i]!)).toBeLessThan(1e-6);

    // Inference used trained moving statistics, not the initial 0 and 1 (weights: 10 trainable, then
    // movingMean/movingVariance of each batch norm).
    const w = model.getWeights();
    expect(w.length).toBe(14);
    const movingMean = w[10]!.dataSync(), movingVar = w[11]!.dataSync();
    expect(movingMean.some((m) => Math.abs(m) > 1e-3)).toBe(true);
    expect(movingVar.some((s) => Math.abs(s - 1) > 1e-3)).toBe(true);
    model.dispose();
  });
});

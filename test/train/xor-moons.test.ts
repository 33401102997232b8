// Seeded training to fixed accuracies on both backends: XOR (adam, sgd, momentum) and two moons on a
// held-out split.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { asTensors, twoMoons, xor, type Dataset } from '../fixtures/datasets.js';

/** Fraction of rows whose thresholded sigmoid output (> 0.5) equals the label. */
function binaryAccuracy(model: nn.Sequential, d: Dataset): number {
  const p = model.predict(asTensors(d).x).dataSync();
  let hits = 0;
  for (let i = 0; i < d.n; i++) hits += Number((p[i]! > 0.5 ? 1 : 0) === d.labels[i]);
  return hits / d.n;
}

/** Rows [from, to) of a dataset (the moons rows are already shuffled, so a slice is a random split). */
function rows(d: Dataset, from: number, to: number): Dataset {
  const w = d.y.length / d.n;
  return {
    ...d,
    x: d.x.slice(from * d.features, to * d.features),
    y: d.y.slice(from * w, to * w),
    labels: d.labels.slice(from, to),
    n: to - from,
  };
}

function xorModel(): nn.Sequential {
  return nn.sequential({
    seed: 42,
    layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })],
  });
}

describe.each(['wasm', 'ts'] as const)('training on %s', (backend) => {
  const optimizers: { name: string; optimizer: () => nn.Optimizer; epochs: number }[] = [
    { name: 'adam(0.05)', optimizer: () => nn.train.adam(0.05), epochs: 300 },
    { name: 'sgd(0.5)', optimizer: () => nn.train.sgd(0.5), epochs: 1500 },
    { name: 'momentum(0.1, 0.9)', optimizer: () => nn.train.momentum(0.1, 0.9), epochs: 500 },
  ];
  test.each(optimizers)('XOR reaches full accuracy with $name', async ({ optimizer, epochs }) => {
    await nn.setBackend(backend);
    const d = xor();
    const { x, y } = asTensors(d);
    const model = xorModel();
    model.compile({ optimizer: optimizer(), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs, batchSize: 4, seed: 1 });
    const loss = h.history.loss!;
    expect(loss.length).toBe(epochs);
    expect(loss[epochs - 1]!).toBeLessThan(0.5 * loss[0]!);
    expect(h.history.acc![epochs - 1]).toBe(1);
    expect(binaryAccuracy(model, d)).toBe(1);
    model.dispose();
  });

  test('two moons (1000 points, noise 0.15): ≥ 97% on 200 held-out points', async () => {
    await nn.setBackend(backend);
    const d = twoMoons(1000, { noise: 0.15, seed: 3 });
    const train = rows(d, 0, 800), test = rows(d, 800, 1000);
    const model = nn.sequential({
      seed: 7,
      layers: [
        nn.layers.dense({ units: 16, inputShape: [2], activation: 'relu' }),
        nn.layers.dense({ units: 16, activation: 'relu' }),
        nn.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const t = asTensors(train);
    const h = await model.fit(t.x, t.y, { epochs: 60, batchSize: 32, seed: 5 });
    expect(h.history.loss![59]!).toBeLessThan(h.history.loss![0]!);
    const acc = binaryAccuracy(model, test);
    expect(acc).toBeGreaterThanOrEqual(0.97);
    // evaluate's accuracy agrees with the thresholded predictions.
    const ev = model.evaluate(asTensors(test).x, asTensors(test).y) as nn.Tensor[];
    expect(ev[1]!.dataSync()[0]).toBeCloseTo(acc, 6);
    model.dispose();
  });
});

// MNIST MLP 784-128-64-10 on real digits, both backends: Adam 1e-3, batch 64, 2 epochs on the ~8000
// training digits of the proportional 80/20 split, ≥ 0.90 accuracy on its 2000 held-out digits.
// Also checks the proportional split itself (exact counts, disjointness, class frequencies).
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { MNIST_FEATURES, MNIST_PROPORTIONAL_TEST, MNIST_PROPORTIONAL_TRAIN, asTensors, mnist, mnistDigits, type Dataset } from '../fixtures/datasets.js';

function classCounts(d: Dataset): number[] {
  const counts = new Array<number>(d.classes).fill(0);
  for (const c of d.labels) counts[c]!++;
  return counts;
}

describe('mnist proportional split', () => {
  test('80/20 of every digit: 8000 + 2000 images with the documented per-digit counts, disjoint', () => {
    const { train, test: held } = mnist({ split: 'proportional' });
    const counts = mnistDigits().map((a) => a.length / MNIST_FEATURES);
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect([train.n, held.n]).toEqual([8000, 2000]);
    expect(classCounts(train)).toEqual([...MNIST_PROPORTIONAL_TRAIN]);
    expect(classCounts(held)).toEqual([...MNIST_PROPORTIONAL_TEST]);
    counts.forEach((c, d) => expect(MNIST_PROPORTIONAL_TRAIN[d]! + MNIST_PROPORTIONAL_TEST[d]!).toBe(c));
    // Disjoint: every image of the package appears exactly once in train ∪ test (compare pixel sums per digit).
    const key = (x: Float32Array, r: number) => {
      let s = 0;
      for (let k = 0; k < MNIST_FEATURES; k++) s += x[r * MNIST_FEATURES + k]! * (k + 1);
      return s;
    };
    for (let d = 0; d < 10; d++) {
      const raw = mnistDigits()[d]!;
      const want = Array.from({ length: counts[d]! }, (_, r) => key(raw, r)).sort((a, b) => a - b);
      const got: number[] = [];
      for (const set of [train, held]) for (let r = 0; r < set.n; r++) if (set.labels[r] === d) got.push(key(set.x, r));
      expect(got.sort((a, b) => a - b)).toEqual(want);
    }
    // The test set is shuffled (not grouped by digit) and the split is deterministic.
    expect(held.labels.slice(0, 50).some((l) => l !== held.labels[0])).toBe(true);
    expect(mnist({ split: 'proportional' }).test.labels).toEqual(held.labels);
    expect(() => mnist({ split: 'proportional', train: 8000 })).toThrow(/train\/test totals apply to the balanced split/);
    expect(() => mnist({ split: 'proportional', testFraction: 1 })).toThrow(/testFraction must be in \(0, 1\)/);
  });
});

describe.each(['wasm', 'ts'] as const)('MNIST MLP on %s', (backend) => {
  test('784-128-64-10, adam 1e-3, batch 64, 2 epochs on 8000 digits: ≥ 0.90 on 2000 held-out', async () => {
    await nn.setBackend(backend);
    const { train, test: held } = mnist({ split: 'proportional' });
    const model = nn.sequential({
      seed: 1,
      layers: [
        nn.layers.dense({ units: 128, inputShape: [784], activation: 'relu' }),
        nn.layers.dense({ units: 64, activation: 'relu' }),
        nn.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const t = asTensors(train);
    const h = await model.fit(t.x, t.y, { epochs: 2, batchSize: 64, seed: 2 });
    expect(h.history.loss!.length).toBe(2);
    expect(h.history.loss![1]!).toBeLessThan(h.history.loss![0]!);
    const v = asTensors(held);
    const [loss, acc] = (model.evaluate(v.x, v.y, { batchSize: 256 }) as nn.Tensor[]).map((s) => s.dataSync()[0]!);
    expect(acc).toBeGreaterThanOrEqual(0.9);
    expect(loss).toBeLessThan(0.4);
    // predict + argmax agrees with evaluate's accuracy.
    const p = model.predict(v.x, { batchSize: 256 }).dataSync();
    let hits = 0;
    for (let r = 0; r < held.n; r++) {
      let best = 0;
      for (let c = 1; c < 10; c++) if (p[r * 10 + c]! > p[r * 10 + best]!) best = c;
      hits += Number(best === held.labels[r]);
    }
    expect(hits / held.n).toBeCloseTo(acc, 6);
    model.dispose();
  });
});

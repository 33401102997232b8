// Numerical faults: a diverging run stops with a ValueError naming epoch and batch and leaves the weights
// of the last finite step (finite ones); earlyStopping's restoreBestWeights still applies when a later
// epoch diverges; extreme logits through softmax/CE and sigmoid/BCE give finite losses and updates.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

const snapshot = (m: nn.Sequential) => m.getWeights().map((t) => Array.from(t.dataSync()));
const allFinite = (w: number[][]) => w.every((a) => a.every(Number.isFinite));

/** Unnormalized regression data: features up to 100, targets up to 300. */
function rawData(n = 64) {
  const x = new Float32Array(n * 3), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) x[i * 3 + j] = (i * 37 + j * 11) % 100;
    y[i] = (i % 7) * 50;
  }
  return { x: nn.tensor2d(x, [n, 3]), y: nn.tensor2d(y, [n, 1]) };
}

describe.each(['wasm', 'ts'] as const)('numerical faults on %s', (backend) => {
  test.each([
    ['sgd 1e6', () => nn.train.sgd(1e6)],
    ['momentum 1e4', () => nn.train.momentum(1e4, 0.9)],
    ['sgd 1e3, slower blow-up', () => nn.train.sgd(1e3)],
  ])('a diverging run (%s) stops with a ValueError and keeps the last finite step', async (_name, opt) => {
    await nn.setBackend(backend);
    const { x, y } = rawData();
    const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 8, inputShape: [3], activation: 'relu' }), nn.layers.dense({ units: 1 })] });
    m.compile({ optimizer: opt(), loss: 'meanSquaredError' });
    const initial = snapshot(m);
    let last = initial, steps = 0;
    const error = await m
      .fit(x, y, { epochs: 50, batchSize: 16, seed: 3, callbacks: { onBatchEnd: () => void ((last = snapshot(m)), steps++) } })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(nn.ValueError);
    const message = (error as Error).message;
    expect(message).toMatch(/at epoch \d+, batch \d+ of 4/);
    expect(message).toMatch(/lower learning rate/);
    const [, epoch, batch] = /epoch (\d+), batch (\d+)/.exec(message)!.map(Number);
    expect((epoch! - 1) * 4 + batch! - 1, 'the failing step is the one after the last completed batch').toBe(steps);
    const after = snapshot(m);
    expect(after).toEqual(last);
    expect(allFinite(after), 'weights after the last finite step are finite').toBe(true);
    // The model stays usable: back to its initial weights, a sane learning rate trains it.
    m.setWeights(initial.map((w, i) => nn.tensor(w, m.getWeights()[i]!.shape as number[])));
    m.compile({ optimizer: nn.train.sgd(1e-6), loss: 'meanSquaredError' });
    const h = await m.fit(x, y, { epochs: 1, batchSize: 16 });
    expect(Number.isFinite(h.history.loss![0]!)).toBe(true);
    m.dispose();
  });

  test('earlyStopping restoreBestWeights puts back the best epoch when a later epoch diverges; the error still propagates', async () => {
    await nn.setBackend(backend);
    const { x, y } = rawData(80);
    const xs = nn.tensor2d(x.dataSync().map((v) => v / 100), [80, 3]), ys = nn.tensor2d(y.dataSync().map((v) => v / 300), [80, 1]);
    const m = nn.sequential({ seed: 2, layers: [nn.layers.dense({ units: 8, inputShape: [3], activation: 'tanh' }), nn.layers.dense({ units: 1 })] });
    m.compile({ optimizer: nn.train.sgd(0.05), loss: 'meanSquaredError' });
    const es = nn.callbacks.earlyStopping({ monitor: 'val_loss', patience: 100, restoreBestWeights: true });
    const byEpoch: { val: number; w: number[][] }[] = [];
    // From epoch 6 on the learning rate is absurd, so that epoch diverges.
    const schedule = nn.callbacks.learningRateScheduler((epoch) => (epoch >= 6 ? 1e12 : 0.05));
    const record = { onEpochEnd: (_e: number, logs?: nn.Logs) => void byEpoch.push({ val: logs!.val_loss!, w: snapshot(m) }) };
    const error = await m.fit(xs, ys, { epochs: 20, batchSize: 16, validationSplit: 0.2, seed: 1, callbacks: [schedule, es, record] }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(nn.ValueError);
    expect((error as Error).message).toMatch(/epoch 7, batch/);
    expect(byEpoch.length).toBe(6);
    const best = byEpoch.reduce((b, e, i) => (e.val < byEpoch[b]!.val ? i : b), 0);
    expect(es.bestEpoch).toBe(best);
    expect(snapshot(m)).toEqual(byEpoch[best]!.w);
    m.dispose();
  });

  test.each([
    ['softmax + categoricalCrossentropy', 'softmax', 'categoricalCrossentropy', [[0, 1], [1, 0]]],
    ['sigmoid + binaryCrossentropy', 'sigmoid', 'binaryCrossentropy', [[0, 1], [1, 0]]],
    ['softmax + sparseCategoricalCrossentropy', 'softmax', 'sparseCategoricalCrossentropy', [1, 0]],
  ] as const)('extreme logits (±1e4) through %s: finite loss, finite update', async (_n, activation, loss, targets) => {
    await nn.setBackend(backend);
    const m = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [2], activation })] });
    m.setWeights([nn.tensor2d([[1, 0], [0, 1]]), nn.tensor1d([0, 0])]); // logits = inputs
    m.compile({ optimizer: nn.train.sgd(1e-3), loss });
    // Row 0 is confidently wrong, row 1 confidently right.
    const x = nn.tensor2d([[1e4, -1e4], [1e4, -1e4]]);
    const y = loss === 'sparseCategoricalCrossentropy' ? nn.tensor1d(targets as readonly number[] as number[]) : nn.tensor2d(targets as unknown as number[][]);
    const value = (m.evaluate(x, y) as nn.Tensor).dataSync()[0]!;
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(1); // the wrong row costs about −log(1e-7) ≈ 16 (clipped) or more
    const out = m.predict(x).dataSync();
    expect(Array.from(out).every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    const h = await m.fit(x, y, { epochs: 3, batchSize: 2, shuffle: false });
    expect(h.history.loss!.every(Number.isFinite)).toBe(true);
    expect(allFinite(snapshot(m))).toBe(true);
    m.dispose();
  });
});

// fitDataset equals fit on the same batches, keeps heap memory flat, and rejects bad elements with
// typed errors; the running-fit rules hold while it runs.
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';

const N = 10;
const xs = Array.from({ length: N }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), i / N]);
const ys = xs.map(([a, b, c]) => [a! * 0.5 - b! + c! > 0 ? 1 : 0]);
const model = () => {
  const m = nn.sequential({ seed: 7, layers: [nn.layers.dense({ units: 5, inputShape: [3], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })] });
  m.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
};
const rows = () => nn.data.array(xs.map((x, i) => ({ xs: x, ys: ys[i]! }))).batch(4);

describe('model.fitDataset', () => {
  it('gives the same per-epoch loss and weights as fit on the same batches (shuffle off)', async () => {
    const a = model(), b = model();
    const h1 = await a.fit(nn.tensor2d(xs), nn.tensor2d(ys), { epochs: 3, batchSize: 4, shuffle: false });
    const h2 = await b.fitDataset(rows(), { epochs: 3 });
    expect(h2.epoch).toEqual([0, 1, 2]);
    for (const key of ['loss', 'acc']) {
      h1.history[key]!.forEach((v, i) => expect(Math.abs(h2.history[key]![i]! - v)).toBeLessThanOrEqual(1e-6 * Math.abs(v)));
    }
    expect(Array.from(b.getWeights()[0]!.dataSync())).toEqual(Array.from(a.getWeights()[0]!.dataSync()));
    const e1 = a.evaluate(nn.tensor2d(xs), nn.tensor2d(ys)) as nn.Tensor[];
    const e2 = (await b.evaluateDataset(rows())) as nn.Tensor[];
    expect(e2[0]!.dataSync()[0]).toBeCloseTo(e1[0]!.dataSync()[0]!, 6);
  });

  it('validationData as a dataset and as [x, y] give the same val_loss; callbacks see every batch', async () => {
    const batches: number[] = [];
    const a = model(), b = model();
    const h1 = await a.fitDataset(rows(), { epochs: 2, validationData: rows(), callbacks: { onBatchEnd: async (_b, l) => void batches.push(l!.size as number) } });
    const h2 = await b.fitDataset(rows(), { epochs: 2, validationData: [nn.tensor2d(xs), nn.tensor2d(ys)] });
    expect(batches).toEqual([4, 4, 2, 4, 4, 2]);
    expect(h1.history.val_loss![1]).toBeCloseTo(h2.history.val_loss![1]!, 6);
  });

  it("yieldEvery 'batch' lets timers run between batches; 'never' does not; a bad value is a ConfigError", async () => {
    const many = () => nn.data.array(Array.from({ length: 40 }, (_, i) => ({ xs: xs[i % N]!, ys: ys[i % N]! }))).batch(2);
    for (const [mode, expectTicks] of [['batch', true], ['never', false]] as const) {
      let ticks = 0, stop = false;
      const tick = () => { ticks++; if (!stop) setImmediate(tick); };
      setImmediate(tick);
      await model().fitDataset(many(), { epochs: 1, yieldEvery: mode });
      stop = true;
      if (expectTicks) expect(ticks).toBeGreaterThanOrEqual(10);
      else expect(ticks).toBeLessThanOrEqual(1);
    }
    await expect(model().fitDataset(rows(), { yieldEvery: 'often' as never })).rejects.toThrow(/fitDataset: yieldEvery must be 'auto', 'batch', 'epoch', 'never'/);
  });

  it('heap bytes in use after 5 epochs equal those after 1', async () => {
    const m = model();
    await m.fitDataset(rows(), { epochs: 1 });
    const heap = currentBackend().heap;
    const after1 = heap.bytesInUse;
    await m.fitDataset(rows().repeat(3), { epochs: 5, validationData: rows() });
    expect(heap.bytesInUse).toBe(after1);
  });

  it('bad elements are typed errors naming the batch and the shapes', async () => {
    const m = model();
    const wrong = nn.data.array([{ xs: [1, 2], ys: [0] }]).batch(1);
    await expect(m.fitDataset(wrong)).rejects.toThrow(nn.ShapeError);
    await expect(m.fitDataset(wrong)).rejects.toThrow(/fitDataset batch 1: expected input shape \[\*, 3\], got \[1,\s?2\]/);
    const notXY = nn.data.array([[1, 2, 3]]).batch(1);
    await expect(m.fitDataset(notXY)).rejects.toThrow(/element 0 must be an object \{xs, ys\}/);
    await expect(m.fitDataset(notXY)).rejects.toBeInstanceOf(nn.ValueError);
  });

  it('dispose and a second fit during fitDataset are TrainingInProgressErrors', async () => {
    const m = model();
    const slow = nn.data.generator(async function* () {
      for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 5)); yield { xs: nn.tensor2d([xs[i]!]), ys: nn.tensor2d([ys[i]!]) }; }
    });
    const run = m.fitDataset(slow);
    expect(() => m.dispose()).toThrow(nn.TrainingInProgressError);
    await expect(m.fit(nn.tensor2d(xs), nn.tensor2d(ys))).rejects.toThrow(nn.TrainingInProgressError);
    await run;
  });
});

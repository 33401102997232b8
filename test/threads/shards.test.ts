// Which fits are cut into data-parallel shards (src/model/shards.ts), that a sharded step computes the
// one-thread step (one SGD step on a batch gives the same weights to rounding), and that a worker's shard
// that traps stops the fit with a BackendError, leaving the model at its last finished step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { ENTRY_ARGS } from '../../src/backend/threads/control.js';
import { poolOf } from '../../src/backend/threads/index.js';
import { MIN_SHARD_ROWS, Shards } from '../../src/model/shards.js';

function mlp(extra: nn.Layer[] = []): nn.Sequential {
  const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 32, inputShape: [20], activation: 'relu' }), ...extra, nn.layers.dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: nn.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return m;
}
const created = (m: nn.Sequential, batch: number) => {
  const s = Shards.create(currentBackend(), m, m.weights(), batch);
  s?.dispose();
  return s !== null;
};

beforeAll(() => nn.setBackend('wasm'));
afterAll(() => nn.setThreads(1));

describe('data-parallel shards', () => {
  it('are made for per-sample models on 2 threads at batch ≥ 2·MIN_SHARD_ROWS, and not otherwise', async () => {
    await nn.setThreads(1);
    const m = mlp();
    expect(created(m, 64)).toBe(false); // one thread
    await nn.setThreads(2);
    expect(created(m, 2 * MIN_SHARD_ROWS)).toBe(true);
    expect(created(m, 2 * MIN_SHARD_ROWS - 1)).toBe(false);
    expect(created(mlp([nn.layers.dropout({ rate: 0.5 })]), 64)).toBe(false);
    expect(created(mlp([nn.layers.batchNormalization()]), 64)).toBe(false);
    m.dispose();
  });

  it('one sharded SGD step gives the weights of the one-thread step (to rounding); memory returns', async () => {
    const n = 64, x = new Float32Array(n * 20), y = new Float32Array(n * 3);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.7);
    for (let i = 0; i < n; i++) y[i * 3 + (i % 3)] = 1;
    const step = async (threads: number) => {
      await nn.setThreads(threads);
      const m = mlp();
      try {
        const h = await m.fit(nn.tensor2d(x, [n, 20]), nn.tensor2d(y, [n, 3]), { epochs: 1, batchSize: n, shuffle: false });
        return { loss: h.history.loss![0]!, w: m.getWeights().map((t) => t.dataSync() as Float32Array) };
      } finally {
        m.dispose();
      }
    };
    const one = await step(1);
    const heap = currentBackend().heap;
    await nn.setThreads(2);
    const before = heap.bytesInUse;
    const two = await step(2);
    expect(heap.bytesInUse).toBe(before);
    expect(Math.abs(two.loss - one.loss)).toBeLessThan(1e-6 * one.loss);
    two.w.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - one.w[i]![j]!), `weight ${i}[${j}]`).toBeLessThan(1e-6)));
  });

  it("a trap in a worker's shard is a BackendError naming the thread; the model keeps its last step's weights and trains on", async () => {
    const n = 256, x = new Float32Array(n * 20), y = new Float32Array(n * 3);
    for (let i = 0; i < x.length; i++) x[i] = Math.cos(i * 0.3);
    for (let i = 0; i < n; i++) y[i * 3 + (i % 3)] = 1;
    const xs = nn.tensor2d(x, [n, 20]), ys = nn.tensor2d(y, [n, 3]);
    await nn.setThreads(2);
    const heap = currentBackend().heap, before = heap.bytesInUse;
    const m = mlp(), other = mlp();
    const otherWeights = other.getWeights().map((t) => t.dataSync().slice());
    let atStep2: Float32Array[] = [];
    const trace = poolOf(currentBackend())!.pool.traces[0]!;
    const err = await m
      .fit(xs, ys, {
        epochs: 1, batchSize: 64, shuffle: false,
        callbacks: {
          onBatchEnd: (batch) => {
            if (batch !== 1) return;
            atStep2 = m.getWeights().map((t) => t.dataSync().slice());
            // The worker's first call gathers its input rows (rows, width, data, idx, out): point `out`
            // past the end of memory, so the next step's shard traps on the worker.
            trace[1 + ENTRY_ARGS + 4] = 2 ** 32 - 64;
          },
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(nn.BackendError);
    // Whether the worker ran the shard or the caller took it back (CLAIM), the message is the same.
    expect(String((err as Error).message)).toMatch(/^thread 1: a shard of the training step failed: call 0 of the shard: RuntimeError: .*out of bounds/);
    // The third step did not update the weights: they are the second step's.
    m.getWeights().forEach((t, i) => expect(t.dataSync()).toEqual(atStep2[i]));
    other.getWeights().forEach((t, i) => expect(t.dataSync()).toEqual(otherWeights[i]));
    // A new fit records the shard again: it trains on 2 threads to finite losses.
    const h = await m.fit(xs, ys, { epochs: 2, batchSize: 64 });
    expect(h.history.loss!.every(Number.isFinite)).toBe(true);
    expect(h.history.loss![1]!).toBeLessThan(h.history.loss![0]!);
    m.dispose();
    other.dispose();
    expect(heap.bytesInUse).toBe(before);
  });
});

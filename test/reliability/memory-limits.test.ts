// Memory limits: a model or a dataset too large for wasm32 memory (4 GiB) fails with a BackendError that
// says how much was needed, before any of it is allocated (the linear memory does not grow), and the
// library stays usable.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';

function usage() {
  const b = currentBackend();
  return { bytes: b.heap.bytesInUse, blocks: b.heap.blocksInUse, memory: b.memory.buffer.byteLength };
}

async function stillWorks() {
  const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const h = await m.fit(nn.tensor2d([[0, 1], [1, 0]]), nn.tensor2d([[1, 0, 0], [0, 1, 0]]), { epochs: 2 });
  expect(h.history.loss!.every(Number.isFinite)).toBe(true);
  m.dispose();
}

/** Trains, predicts and reads back a small dense + conv model; everything it allocates lands after `pad` bytes. */
async function trainSmall() {
  const m = nn.sequential({
    seed: 5,
    layers: [
      nn.layers.conv2d({ inputShape: [5, 5, 1], kernelSize: 3, filters: 2, activation: 'relu' }),
      nn.layers.flatten(),
      nn.layers.batchNormalization(),
      nn.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: nn.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = nn.tensor4d(Float32Array.from({ length: 8 * 25 }, (_, i) => Math.sin(i)), [8, 5, 5, 1]);
  const y = nn.data.oneHot(nn.tensor1d([0, 1, 2, 0, 1, 2, 0, 1]), 3);
  const h = await m.fit(x, y, { epochs: 3, batchSize: 4, seed: 1, validationSplit: 0.25 });
  const out = { loss: h.history.loss, val: h.history.val_loss, predict: Array.from(m.predict(x).dataSync()), weights: m.getWeights().map((w) => Array.from(w.dataSync())) };
  m.dispose();
  return out;
}

describe.each(['wasm', 'ts'] as const)('memory limits on %s', (backend) => {
  test('buffers past the 2 GiB mark (offsets ≥ 2^31) train and predict exactly as below it', async () => {
    await nn.setBackend(backend);
    const low = await trainSmall();
    const heap = currentBackend().heap;
    // NOTE: a byte offset ≥ 2^31 turns negative under `>> 2`; every view index must use `>>> 2`.
    const pad = heap.alloc(2 ** 31 + 4096);
    try {
      const high = await trainSmall();
      expect(high).toEqual(low);
      expect(low.loss!.every(Number.isFinite)).toBe(true);
    } finally {
      heap.release(pad);
    }
  }, 120_000);

  test('dense 100000 × 100000 (10^10 weights): a BackendError with the size, nothing allocated', async () => {
    await nn.setBackend(backend);
    const before = usage();
    const big = nn.sequential({ layers: [nn.layers.dense({ units: 100_000, inputShape: [100_000] })] });
    expect(big.countParams()).toBe(10_000_100_000);
    for (const op of [() => big.predict(nn.tensor2d(new Float32Array(100_000), [1, 100_000])), () => big.getWeights()]) {
      let error: unknown;
      try {
        op();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(nn.BackendError);
      expect((error as Error).message).toMatch(/weights and gradients \(10000100000 floats\) needs 80\.0 GB \(8000080000\d bytes\)/);
      expect((error as Error).message).toMatch(/at most 4 GiB/);
      expect(usage()).toEqual(before);
    }
    await stillWorks();
  });

  test('params that alone would fit (2.2 GB) but not with their gradients: fails whole, memory does not grow', async () => {
    await nn.setBackend(backend);
    const before = usage();
    // Before the whole-model check, the 2.2 GB params block was allocated (growing the linear memory for
    // good) and then leaked when the gradients block failed.
    const m = nn.sequential({ layers: [nn.layers.dense({ units: 23_000, inputShape: [24_000], useBias: false })] });
    expect(() => m.predict(nn.tensor2d(new Float32Array(24_000), [1, 24_000]))).toThrow(/\(552000000 floats\) needs 4\.4 GB/);
    expect(usage()).toEqual(before);
    m.dispose();
    await stillWorks();
  });

  test('a dataset larger than 4 GiB fails with its size before it is copied in', async () => {
    await nn.setBackend(backend);
    const m = nn.sequential({ seed: 2, layers: [nn.layers.dense({ units: 1, inputShape: [1024], activation: 'sigmoid' })] });
    m.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    m.predict(nn.tensor2d(new Float32Array(1024), [1, 1024]));
    const before = usage();
    // 1.1M rows × 1024 features = 4.5 GB of float32. The Float32Array is zero-filled lazily by the OS and
    // wrapped without a copy (new nn.Tensor), so the test itself does not touch that memory.
    const rows = 1_100_000;
    const x = new nn.Tensor(new Float32Array(rows * 1024), [rows, 1024]);
    const y = new nn.Tensor(new Float32Array(rows), [rows, 1]);
    const error = await m.fit(x, y, { epochs: 1 }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(nn.BackendError);
    expect((error as Error).message).toMatch(/fit: the dataset \(1100000 rows × 1025 floats\) needs 4\.5 GB/);
    expect(usage()).toEqual(before);
    m.dispose();
    await stillWorks();
  }, 60_000);
});

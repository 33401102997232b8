import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { expectClose, rand } from '../harness.js';

function naive(a: Float32Array, b: Float32Array, m: number, n: number, k: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[tA ? p * m + i : i * k + p]! * b[tB ? j * k + p : p * n + j]!;
      c[i * n + j] = s;
    }
  return c;
}

describe.each(['wasm', 'ts'] as const)('matMul on %s', (name) => {
  test('hand-computed 2×2', async () => {
    await nn.setBackend(name);
    const c = nn.matMul(nn.tensor2d([[1, 2], [3, 4]]), nn.tensor2d([[5, 6], [7, 8]]));
    expect(c.shape).toEqual([2, 2]);
    expect(c.arraySync()).toEqual([[19, 22], [43, 50]]);
  });

  test.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('transposeA=%s transposeB=%s on odd shapes', async (tA, tB) => {
    await nn.setBackend(name);
    for (const [m, n, k] of [[1, 1, 1], [7, 9, 13], [33, 17, 65]] as const) {
      const av = rand(m * k, m + 1), bv = rand(k * n, n + 2);
      const a = nn.tensor2d(av, tA ? [k, m] : [m, k]);
      const b = nn.tensor2d(bv, tB ? [n, k] : [k, n]);
      const c = nn.matMul(a, b, tA, tB);
      expect(c.shape).toEqual([m, n]);
      expectClose(c.dataSync(), naive(av, bv, m, n, k, tA, tB), { atol: 1e-5 * k }, `matMul ${m}×${n}×${k} tA=${tA} tB=${tB}`);
    }
  });

  test('shape errors name both shapes', async () => {
    await nn.setBackend(name);
    const a = nn.tensor2d(rand(6), [2, 3]), b = nn.tensor2d(rand(8), [4, 2]);
    expect(() => nn.matMul(a, b)).toThrow(nn.ShapeError);
    expect(() => nn.matMul(a, b)).toThrow(/a \[2,3\] has 3 columns, b \[4,2\] has 4 rows/);
    expect(() => nn.matMul(nn.tensor1d([1, 2]), b)).toThrow(/two rank-2 tensors, got a \[2\] and b \[4,2\]/);
    expect(nn.matMul(a, nn.tensor2d(rand(12), [4, 3]), false, true).shape).toEqual([2, 4]);
  });

  test('heap use returns to baseline after repeated calls; memory does not grow', async () => {
    await nn.setBackend(name);
    const a = nn.tensor2d(rand(64 * 96), [64, 96]), b = nn.tensor2d(rand(96 * 80), [96, 80]);
    const bT = nn.tensor2d(rand(80 * 96), [80, 96]);
    nn.matMul(a, b).dispose();
    const backend = currentBackend();
    const used = backend.heap.bytesInUse, blocks = backend.heap.blocksInUse, bytes = backend.memory.buffer.byteLength;
    // Results are heap-resident: dispose (or tidy) frees them at once, the scratch of each call is freed by the op.
    for (let i = 0; i < 200; i++) {
      if (i % 2 === 0) nn.matMul(a, b).dispose();
      else nn.tidy(() => {
        nn.matMul(a, bT, false, true).add(1);
      });
    }
    expect(backend.heap.bytesInUse).toBe(used);
    expect(backend.heap.blocksInUse).toBe(blocks);
    expect(backend.memory.buffer.byteLength).toBe(bytes);
  });
});

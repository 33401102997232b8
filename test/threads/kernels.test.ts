// The split kernels (src/backend/threads/split.ts) against the same kernels on one thread: gemm NN/NT/TN
// and the dense forward by row blocks, the optimizer updates by element ranges, for 2 and 3 threads, on
// shapes around the split thresholds and the tile height, with offsets and leading dimensions that are
// not multiples of anything. Row blocks and ranges recompute each output exactly as one call does, so
// the outputs must be bit-identical, not merely close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/backend.js';
import { MIN_ELEMENTS, MIN_GEMM_WORK } from '../../src/backend/threads/split.js';

let b: Backend;
beforeAll(async () => {
  await nn.setBackend('wasm');
  b = currentBackend();
});
afterAll(() => nn.setThreads(1));

/** Fills `count` floats at `offset` from a seeded sine so every run sees the same data. */
function fill(offset: number, count: number, seed: number): void {
  const f = b.views.f32, at = offset >>> 2;
  for (let i = 0; i < count; i++) f[at + i] = Math.sin(seed * 12.9898 + i * 0.7071) * 0.5;
}
const read = (offset: number, count: number) => b.views.f32.slice(offset >>> 2, (offset >>> 2) + count);

/** Runs `call` on 1 and then `threads` threads over identical inputs; returns both outputs. */
async function both(threads: number, setup: () => void, call: () => void, out: () => Float32Array): Promise<[Float32Array, Float32Array]> {
  await nn.setThreads(1);
  setup();
  call();
  const one = out();
  expect(await nn.setThreads(threads)).toBe(threads);
  setup();
  call();
  return [one, out()];
}

function firstDiff(want: Float32Array, got: Float32Array): string {
  for (let i = 0; i < want.length; i++) if (!Object.is(want[i], got[i])) return `index ${i}: expected ${want[i]}, got ${got[i]}`;
  return 'none';
}

// [m, n, k]: below the work threshold, m just over the split minimum, tile-height edges, prime sizes.
const GEMM_SHAPES: [number, number, number][] = [
  [8, 16, 16], [24, 128, 784], [25, 131, 401], [64, 128, 784], [97, 61, 257], [130, 200, 300], [784, 128, 64], [301, 7, 1031],
];

describe.each([2, 3])('%i threads', (threads) => {
  for (const name of ['f32_gemm_nn', 'f32_gemm_nt', 'f32_gemm_tn'] as const) {
    it.each(GEMM_SHAPES)(`${name} m=%i n=%i k=%i with padded ld, α=0.75, β=0.5: bit-identical to one thread`, async (m, n, k) => {
      const pad = 3;
      const [ar, ac] = name === 'f32_gemm_tn' ? [k, m] : [m, k];
      const [br, bc] = name === 'f32_gemm_nt' ? [n, k] : [k, n];
      const lda = ac + pad, ldb = bc + pad, ldc = n + pad;
      const A = b.heap.alloc(ar * lda * 4 + 4) + 4, B = b.heap.alloc(br * ldb * 4), C = b.heap.alloc(m * ldc * 4);
      try {
        const [one, many] = await both(
          threads,
          () => { fill(A, ar * lda, 1); fill(B, br * ldb, 2); fill(C, m * ldc, 3); },
          () => b.k[name](m, n, k, A, lda, B, ldb, C, ldc, 0.75, 0.5),
          () => read(C, m * ldc),
        );
        expect(firstDiff(one, many), `${name} ${m}×${n}×${k} (work ${m * n * k} vs threshold ${MIN_GEMM_WORK})`).toBe('none');
      } finally {
        for (const p of [A - 4, B, C]) b.heap.release(p);
      }
    });
  }

  it.each(GEMM_SHAPES)('f32_dense_fwd m=%i n=%i k=%i with bias and relu: bit-identical to one thread', async (m, n, k) => {
    const X = b.heap.alloc(m * k * 4), W = b.heap.alloc(k * n * 4), bias = b.heap.alloc(n * 4), Y = b.heap.alloc(m * n * 4);
    try {
      const [one, many] = await both(
        threads,
        () => { fill(X, m * k, 4); fill(W, k * n, 5); fill(bias, n, 6); fill(Y, m * n, 7); },
        () => b.k.f32_dense_fwd(m, n, k, X, W, bias, Y, 1, 0),
        () => read(Y, m * n),
      );
      expect(firstDiff(one, many)).toBe('none');
      expect(one.some((v) => v > 0) && one.some((v) => v === 0)).toBe(true); // relu ran on both signs
    } finally {
      for (const p of [X, W, bias, Y]) b.heap.release(p);
    }
  });

  // [name, pointer count, scalar args]: every elementwise update the step uses.
  const UPDATES: [string, number, number[]][] = [
    ['f32_sgd', 2, [0.01]],
    ['f32_momentum', 3, [0.01, 0.9, 1]],
    ['f32_rmsprop', 5, [0.01, 0.9, 0.5, 1e-7]],
    ['f32_adam', 4, [0.01, 0.9, 0.999, 1e-7, 0.1, 0.001]],
    ['f32_adamw', 4, [0.01, 0.9, 0.999, 1e-7, 0.1, 0.001, 0.04]],
  ];
  for (const n of [MIN_ELEMENTS - 1, MIN_ELEMENTS + 13, 3 * MIN_ELEMENTS + 7]) {
    it.each(UPDATES)(`%s n=${n}: every buffer bit-identical to one thread`, async (name, pointers, scalars) => {
      const buffers = Array.from({ length: pointers }, () => b.heap.alloc(n * 4 + 4) + 4);
      try {
        // NOTE: read from b.k at each call: setThreads replaces the entries.
        const kernel = (...args: number[]) => (b.k[name as 'f32_sgd'] as unknown as (...args: number[]) => void)(...args);
        const [one, many] = await both(
          threads,
          () => buffers.forEach((p, i) => fill(p, n, 10 + i)),
          () => kernel(n, ...buffers, ...scalars),
          () => {
            const all = new Float32Array(pointers * n);
            buffers.forEach((p, i) => all.set(read(p, n), i * n));
            return all;
          },
        );
        expect(firstDiff(one, many)).toBe('none');
      } finally {
        for (const p of buffers) b.heap.release(p - 4);
      }
    });
  }
});

describe('a kernel that traps on a worker', () => {
  it('surfaces as a BackendError naming the thread and kernel, and the pool keeps working', async () => {
    expect(await nn.setThreads(2)).toBe(2);
    const m = 64, n = 128, k = 784;
    const A = b.heap.alloc(m * k * 4), B = b.heap.alloc(k * n * 4), C = b.heap.alloc(m * n * 4);
    try {
      fill(A, m * k, 1);
      fill(B, k * n, 2);
      // ldc so large that rows ≥ 45 land beyond the end of memory: only in the worker's block (rows 30..63).
      const ldc = Math.floor((b.memory.buffer.byteLength - C) / 4 / 45);
      let err: unknown = null;
      try {
        b.k.f32_gemm_nn(m, n, k, A, k, B, n, C, ldc, 1, 0);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(nn.BackendError);
      expect(String((err as Error).message)).toMatch(/thread 1: f32_gemm_nn failed: RuntimeError: memory access out of bounds/);
      // The same pool still computes the right product.
      b.k.f32_gemm_nn(m, n, k, A, k, B, n, C, n, 1, 0);
      const many = read(C, m * n);
      await nn.setThreads(1);
      b.k.f32_gemm_nn(m, n, k, A, k, B, n, C, n, 1, 0);
      expect(firstDiff(read(C, m * n), many)).toBe('none');
    } finally {
      for (const p of [A, B, C]) b.heap.release(p);
    }
  });
});

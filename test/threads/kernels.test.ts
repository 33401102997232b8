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
      // Rows 1..44 landed in memory the heap has not handed out: zero it again, as fresh memory is.
      for (let i = 1; i < 45; i++) b.views.f32.fill(0, (C >>> 2) + i * ldc, (C >>> 2) + i * ldc + n);
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

// [n, h, w, cin, cout, kh, sh, dh, pad]: 'same' 3×3, pointwise 1×1, strided and dilated valid; all above
// the split threshold. Split by samples, each output is computed by the same code on the same rows.
const CONV_SHAPES: [number, number, number, number, number, number, number, number, number][] = [
  [6, 20, 20, 4, 16, 3, 1, 1, 1], [6, 16, 16, 32, 32, 1, 1, 1, 0], [5, 25, 25, 8, 32, 3, 2, 2, 0], [3, 28, 28, 1, 64, 5, 1, 1, 0],
];
describe.each([2, 3])('conv2d on %i threads', (threads) => {
  it.each(CONV_SHAPES)('n=%i %i×%i×%i → %i k=%i s=%i d=%i pad=%i: forward (bias, relu) and input gradient bit-identical to one thread', async (n, h, w, cin, cout, kk, s, d, pad) => {
    const oh = Math.floor((h + 2 * pad - (kk - 1) * d - 1) / s) + 1, ow = Math.floor((w + 2 * pad - (kk - 1) * d - 1) / s) + 1;
    const X = n * h * w * cin, Y = n * oh * ow * cout, F = kk * kk * cin * cout;
    const x = b.heap.alloc(X * 4), y = b.heap.alloc(Y * 4), filt = b.heap.alloc(F * 4), bias = b.heap.alloc(cout * 4);
    const dy = b.heap.alloc(Y * 4), dx = b.heap.alloc(X * 4);
    const scratch = b.heap.alloc(b.k.f32_conv2d_scratch_bytes(n * oh * ow, kk * kk * cin));
    const geometry = [h, w, cin, oh, ow, cout, kk, kk, s, s, d, d, pad, pad] as const;
    try {
      const [one, many] = await both(
        threads,
        () => { fill(x, X, 1); fill(filt, F, 2); fill(bias, cout, 3); fill(dy, Y, 4); fill(y, Y, 5); fill(dx, X, 6); },
        () => {
          b.k.f32_conv2d_fwd(n, ...geometry, x, filt, bias, y, scratch, 1, 0);
          b.k.f32_conv2d_bwd_input(n, ...geometry, dy, filt, dx, scratch);
        },
        () => {
          const all = new Float32Array(Y + X);
          all.set(read(y, Y));
          all.set(read(dx, X), Y);
          return all;
        },
      );
      expect(firstDiff(one, many), `y: 0..${Y - 1}, dx after`).toBe('none');
    } finally {
      for (const p of [x, y, filt, bias, dy, dx, scratch]) b.heap.release(p);
    }
  });
});

describe('conv2d forward runs its later samples on the workers', () => {
  it('a y whose samples after the first lie beyond memory traps on thread 1, as a BackendError', async () => {
    expect(await nn.setThreads(2)).toBe(2);
    const [n, h, w, cin, cout, kk] = [4, 20, 20, 4, 32, 3];
    const oh = h - kk + 1, ow = w - kk + 1, sample = oh * ow * cout * 4;
    const x = b.heap.alloc(n * h * w * cin * 4), filt = b.heap.alloc(kk * kk * cin * cout * 4);
    const scratch = b.heap.alloc(b.k.f32_conv2d_scratch_bytes(n * oh * ow, kk * kk * cin));
    try {
      // Sample 0 and 1 (the caller's block) end exactly at the end of memory; samples 2 and 3 do not fit.
      const y = b.memory.buffer.byteLength - 2 * sample;
      const err = (() => {
        try {
          b.k.f32_conv2d_fwd(n, h, w, cin, oh, ow, cout, kk, kk, 1, 1, 1, 1, 0, 0, x, filt, 0, y, scratch, 0, 0);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(nn.BackendError);
      expect(String((err as Error).message)).toMatch(/thread 1: f32_conv2d_fwd failed: RuntimeError: memory access out of bounds/);
      b.views.f32.fill(0, y >>> 2); // the caller's block landed in memory the heap has not handed out
    } finally {
      for (const p of [x, filt, scratch]) b.heap.release(p);
    }
  });
});

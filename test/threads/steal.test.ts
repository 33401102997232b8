// A caller that finds its worker has not started a posted block (asleep, descheduled) runs the block
// itself (control.ts CLAIM): exactly one of the two runs it, the result is the one-thread result bit for
// bit, and a trap in a block the caller took back is the same BackendError a worker's trap is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/backend.js';
import { Pool } from '../../src/backend/threads/pool.js';
import { wasmDetails } from '../../src/backend/wasm/loader.js';

let b: Backend;
let pool: Pool;
const m = 64, n = 96, k = 200;
let A = 0, B = 0, C = 0;

beforeAll(async () => {
  await nn.setBackend('wasm');
  b = currentBackend();
  const details = wasmDetails(b)!;
  expect(details.shared).toBe(true);
  const workspace = (details.exports.workspace_bytes as () => number)();
  pool = await Pool.start(details, b.heap, Object.keys(b.k), 1, workspace);
  A = b.heap.alloc(m * k * 4);
  B = b.heap.alloc(k * n * 4);
  C = b.heap.alloc(m * n * 4);
  const f = b.views.f32;
  for (let i = 0; i < m * k; i++) f[(A >>> 2) + i] = Math.sin(i * 0.37);
  for (let i = 0; i < k * n; i++) f[(B >>> 2) + i] = Math.cos(i * 0.11);
});
afterAll(() => {
  pool.close();
  for (const p of [A, B, C]) b.heap.release(p);
});

/** Posts C = A·B (one gemm call) to the worker and waits; returns C. */
function posted(ldc = n): Float32Array {
  const args = pool.args[0]!;
  [m, n, k, A, k, B, n, C, ldc, 1, 0].forEach((v, i) => (args[i] = v));
  pool.post(0, pool.names.indexOf('f32_gemm_nn'), 11);
  pool.wait();
  return b.views.f32.slice(C >>> 2, (C >>> 2) + m * n);
}

/**
 * Keeps the worker busy with a long product: once its first output is written it has read its arguments
 * and is inside the kernel, so it cannot claim the next job for milliseconds. Returns the cleanup, which
 * waits for the product and checks it.
 */
function busyWorker(): () => void {
  const big = 512, A1 = b.heap.alloc(big * big * 4), C1 = b.heap.alloc(big * big * 4);
  b.views.f32.fill(0.5, A1 >>> 2, (A1 >>> 2) + big * big);
  b.views.f32.fill(0, C1 >>> 2, (C1 >>> 2) + big * big);
  const args = pool.args[0]!;
  [big, big, big, A1, big, A1, big, C1, big, 1, 0].forEach((v, i) => (args[i] = v));
  pool.post(0, pool.names.indexOf('f32_gemm_nn'), 11);
  const until = performance.now() + 10_000;
  while (b.views.f32[C1 >>> 2] === 0 && performance.now() < until);
  expect(b.views.f32[C1 >>> 2]).not.toBe(0);
  return () => {
    pool.drain();
    expect(b.views.f32[(C1 >>> 2) + big * big - 1]).toBe(0.25 * big); // the busy product finished too
    b.heap.release(A1);
    b.heap.release(C1);
  };
}

describe('the caller takes back a block its worker has not started', () => {
  it('runs it itself while the worker is busy, with the one-thread result; the worker skips it', () => {
    b.k.f32_gemm_nn(m, n, k, A, k, B, n, C, n, 1, 0);
    const want = b.views.f32.slice(C >>> 2, (C >>> 2) + m * n);
    b.views.f32.fill(0, C >>> 2, (C >>> 2) + m * n);
    const done = busyWorker();
    const before = pool.taken;
    expect(posted()).toEqual(want);
    expect(pool.taken).toBe(before + 1);
    done();
    // Races between the worker waking and the caller: whoever claims a block, it runs once and right.
    for (let i = 0; i < 300; i++) {
      b.views.f32.fill(0, C >>> 2, (C >>> 2) + m * n);
      expect(posted()).toEqual(want);
    }
    pool.drain();
  });

  it('a trap in a block taken back is a BackendError naming the thread and kernel; the pool goes on', () => {
    // ldc so large that rows ≥ 40 land beyond the end of memory.
    const ldc = Math.floor((b.memory.buffer.byteLength - C) / 4 / 40);
    const done = busyWorker();
    expect(() => posted(ldc)).toThrow(/thread 1: f32_gemm_nn failed: RuntimeError: memory access out of bounds \(its block ran on the calling thread\)/);
    done();
    // Rows 1..39 landed in memory the heap has not handed out: zero them again, as fresh memory is.
    for (let i = 1; i < 40; i++) b.views.f32.fill(0, (C >>> 2) + i * ldc, (C >>> 2) + i * ldc + n);
    b.k.f32_gemm_nn(m, n, k, A, k, B, n, C, n, 1, 0);
    const want = b.views.f32.slice(C >>> 2, (C >>> 2) + m * n);
    expect(posted()).toEqual(want);
  });
});

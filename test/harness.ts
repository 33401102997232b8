// Shared test helpers: backends under test, seeded data, running one kernel call on two backends
// with identical inputs, and comparisons whose failure messages print index, expected, actual and dims.
import { expect } from 'vitest';
import type { Backend, Kernels } from '../src/backend/backend.js';
import { createTsBackend } from '../src/backend/ts/index.js';
import { compileWasmSync, instantiateWasm, supportedBuilds, type WasmBuild } from '../src/backend/wasm/loader.js';

/**
 * The wasm builds this test process checks. The `relaxed` vitest project runs Node with
 * --experimental-wasm-relaxed-simd and sets SIMDNN_REQUIRE_RELAXED, so a missing relaxed build is
 * a failure there, never a skip; the default project checks the baseline build users get on Node 20.
 */
export const WASM_BUILDS: WasmBuild[] = process.env.SIMDNN_REQUIRE_RELAXED ? ['relaxed'] : ['simd'];

export function createWasmBackend(build: WasmBuild): Backend {
  if (!supportedBuilds().includes(build)) {
    throw new Error(`the ${build} wasm build does not validate in this process (execArgv: ${process.execArgv.join(' ')})`);
  }
  const backend = instantiateWasm(compileWasmSync(build));
  expect(backend.build).toBe(build);
  return backend;
}

export { createTsBackend };

/** Deterministic uniform values in [lo, hi) (xorshift32), so every run and backend sees the same data. */
export function rand(n: number, seed = 1, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return out;
}

export type Input = Float32Array | Int32Array | number[];
/** An output buffer: its length (filled with a seeded pattern so unwritten elements show) or initial contents. */
export type Output = number | Float32Array;

export interface Run {
  out: Record<string, Float32Array>;
  ret: number | void;
}

/**
 * Copies `inputs` into the backend's memory, allocates `outputs`, calls `call` with the byte offsets,
 * copies the outputs back and frees everything. Int32Array inputs are copied as i32 (index arrays).
 */
export function runKernel(
  backend: Backend,
  inputs: Record<string, Input>,
  outputs: Record<string, Output>,
  call: (k: Kernels, p: Record<string, number>) => number | void,
): Run {
  const p: Record<string, number> = {};
  const sizes: Record<string, number> = {};
  for (const [name, data] of Object.entries(inputs)) {
    p[name] = backend.heap.alloc(data.length * 4);
    if (data instanceof Int32Array) backend.views.i32.set(data, p[name] >> 2);
    else backend.views.f32.set(data, p[name] >> 2);
  }
  for (const [name, spec] of Object.entries(outputs)) {
    const init = typeof spec === 'number' ? rand(spec, 999, 100, 200) : spec;
    sizes[name] = init.length;
    p[name] = backend.heap.alloc(init.length * 4);
    backend.views.f32.set(init, p[name] >> 2);
  }
  try {
    const ret = call(backend.k, p);
    const out: Record<string, Float32Array> = {};
    for (const name of Object.keys(outputs)) out[name] = backend.views.f32.slice(p[name]! >> 2, (p[name]! >> 2) + sizes[name]!);
    // Inputs may be written in place (aliasing tests): expose them too.
    for (const [name, data] of Object.entries(inputs)) {
      if (!(data instanceof Int32Array)) out[name] ??= backend.views.f32.slice(p[name]! >> 2, (p[name]! >> 2) + data.length);
    }
    return { out, ret };
  } finally {
    for (const offset of Object.values(p)) backend.heap.release(offset);
  }
}

export interface Tolerance {
  atol?: number;
  rtol?: number;
}

/**
 * Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise (NaN must match NaN, ±Inf must match).
 * The message names the first bad index, both values, the worst error and the caller's context (dims).
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, context: string): void {
  const { atol = 0, rtol = 0 } = tol;
  if (actual.length !== expected.length) {
    throw new Error(`${context}: length ${actual.length}, expected ${expected.length}`);
  }
  let bad = -1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) bad = bad < 0 ? i : bad;
      continue;
    }
    const err = Math.abs(a - e);
    if (!(err <= atol + rtol * Math.abs(e))) {
      if (bad < 0) bad = i;
      if (!(err <= worst)) worst = err;
    }
  }
  if (bad >= 0) {
    throw new Error(
      `${context}: mismatch at index ${bad}: expected ${expected[bad]}, got ${actual[bad]} ` +
        `(atol ${atol}, rtol ${rtol}; worst abs error ${worst})`,
    );
  }
}

/**
 * A wasm build and a TS backend side by side: `run` makes the same kernel call on both, with the
 * same inputs and pre-filled outputs, and returns [wasm, ts].
 */
export function pair(build: WasmBuild) {
  const wasm = createWasmBackend(build);
  const ts = createTsBackend();
  return {
    wasm,
    ts,
    run(
      inputs: Record<string, Input>,
      outputs: Record<string, Output>,
      call: (k: Kernels, p: Record<string, number>) => number | void,
    ): [Run, Run] {
      return [runKernel(wasm, inputs, outputs, call), runKernel(ts, inputs, outputs, call)];
    },
  };
}

/** The largest |a[i] − b[i]|, after checking both have the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

// Error bounds of the exp / sigmoid / tanh approximations in assembly/math.ts, measured against
// Math.exp / Math.tanh (f64) over dense sweeps; the bounds asserted here are the ones its header states.
import { describe, expect, test } from 'vitest';
import { Act } from '../../src/backend/act.js';
import { WASM_BUILDS, createWasmBackend, runKernel } from '../harness.js';

/** n evenly spaced f32 points on [lo, hi]. */
function sweep(n: number, lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

interface Errors { abs: number; rel: number; at: number }
function errors(x: Float32Array, got: Float32Array, f: (v: number) => number): Errors {
  let abs = 0, rel = 0, at = 0;
  for (let i = 0; i < x.length; i++) {
    const e = f(x[i]!), d = Math.abs(got[i]! - e);
    if (d > abs) abs = d;
    if (e !== 0 && d / Math.abs(e) > rel) { rel = d / Math.abs(e); at = x[i]!; }
  }
  return { abs, rel, at };
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe.each(WASM_BUILDS)('math approximations, wasm %s', (build) => {
  const wasm = createWasmBackend(build);
  const apply = (x: Float32Array, call: (p: Record<string, number>) => void) =>
    runKernel(wasm, { x }, { y: x.length }, (_k, p) => call(p)).out.y!;

  test('exp: max relative error < 2.5e-7 over 100k points on [-87, 88]', () => {
    const x = sweep(100_003, -87, 88); // odd length: the scalar tail is measured too
    const y = apply(x, (p) => wasm.k.f32_vexp(x.length, p.x!, p.y!));
    const err = errors(x, y, Math.exp);
    expect(err.rel, `worst at x=${err.at}`).toBeLessThan(2.5e-7);
    console.log(`[${build}] exp max rel error ${err.rel.toExponential(2)} at x=${err.at}`);
  });

  test('exp: range ends, NaN, and lanes agree bit for bit with the scalar tail', () => {
    const x = Float32Array.from([88.72, 88.8, -87.3, -88, NaN, 0, -1e4, 1e4, 0.3, -5.5, 88.72]);
    const y = apply(x, (p) => wasm.k.f32_vexp(x.length, p.x!, p.y!));
    expect(Number.isFinite(y[0])).toBe(true); // e^88.72 ≈ 3.38e38 < FLT_MAX: finite, no overflow
    expect(Math.abs(y[0]! / Math.exp(88.72) - 1)).toBeLessThan(1e-5);
    expect(y[1]).toBe(Infinity);
    expect(y[2]).toBeGreaterThan(0); // e^−87.3 ≈ 1.2e−38 is still normal
    expect(y[3]).toBe(0); // below ln FLT_MIN: flushed to +0
    expect(y[4]).toBeNaN();
    expect(y[5]).toBe(1);
    expect(y[6]).toBe(0);
    expect(y[7]).toBe(Infinity);
    expect(y[10]).toBe(y[0]); // element 10 runs through the scalar tail, element 0 through a lane
    const t = sweep(4001, -20, 20);
    const tail = new Float32Array(t.length * 4 + 3);
    for (let i = 0; i < t.length; i++) tail.fill(t[i]!, i * 4, i * 4 + 4);
    // Each value once in lane 0 of a vector and once as a tail element of a 3-long call.
    const lanes = apply(tail, (p) => wasm.k.f32_vexp(tail.length, p.x!, p.y!));
    for (let i = 0; i < t.length; i += 3) {
      const x3 = t.slice(i, i + 3);
      const y3 = apply(x3, (p) => wasm.k.f32_vexp(x3.length, p.x!, p.y!));
      for (let j = 0; j < x3.length; j++) expect(y3[j], `x=${x3[j]}`).toBe(lanes[(i + j) * 4]);
    }
  });

  test('sigmoid: max abs error < 1.5e-7 on [-100, 100], exact saturation at ±1e4', () => {
    const x = sweep(100_001, -100, 100);
    const y = apply(x, (p) => wasm.k.f32_vact(x.length, p.x!, p.y!, Act.sigmoid, 0));
    const err = errors(x, y, sigmoid);
    expect(err.abs).toBeLessThan(1.5e-7);
    const s = apply(Float32Array.from([1e4, -1e4, 1e4, -1e4, 1e4]), (p) => wasm.k.f32_vact(5, p.x!, p.y!, Act.sigmoid, 0));
    expect(Array.from(s)).toEqual([1, 0, 1, 0, 1]);
    console.log(`[${build}] sigmoid max abs error ${err.abs.toExponential(2)}, max rel ${err.rel.toExponential(2)} at x=${err.at}`);
  });

  test('tanh: max abs error < 2.5e-7 on [-20, 20], relative < 5e-7 (incl. near 0), odd', () => {
    const x = sweep(100_001, -20, 20);
    const y = apply(x, (p) => wasm.k.f32_vact(x.length, p.x!, p.y!, Act.tanh, 0));
    const err = errors(x, y, Math.tanh);
    expect(err.abs).toBeLessThan(2.5e-7);
    expect(err.rel, `worst at x=${err.at}`).toBeLessThan(5e-7);
    const small = sweep(10_001, -1e-3, 1e-3);
    const ys = apply(small, (p) => wasm.k.f32_vact(small.length, p.x!, p.y!, Act.tanh, 0));
    expect(errors(small, ys, Math.tanh).rel).toBeLessThan(5e-7);
    let odd = -1; // tanh(−x) = −tanh(x) exactly: the first index where it fails, if any
    for (let i = 0; i < x.length && odd < 0; i++) if (y[i]! + y[x.length - 1 - i]! !== 0) odd = i;
    expect(odd, `oddness fails at x=${x[odd]}`).toBe(-1);
    const s = apply(Float32Array.from([1e4, -1e4, 10, -10, 1e4]), (p) => wasm.k.f32_vact(5, p.x!, p.y!, Act.tanh, 0));
    expect(Array.from(s)).toEqual([1, -1, 1, -1, 1]);
    console.log(`[${build}] tanh max abs error ${err.abs.toExponential(2)}, max rel ${err.rel.toExponential(2)} at x=${err.at}`);
  });
});

import { describe, expect, test } from 'vitest';
import { WASM_BUILDS, expectClose, pair, rand } from '../harness.js';
import { Un } from '../../src/backend/ts/unary.js';

// Lengths around the SIMD width (4), a prime, and one long run: the vector loop and the scalar tail.
const SIZES = [1, 3, 4, 5, 8, 13, 1027];

describe.each(WASM_BUILDS)('unary kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(SIZES)('f32_vunary, every op, n=%i', (n) => {
    const x = rand(n, 3, -2, 2);
    const pos = rand(n, 4, 0.01, 3); // sqrt, rsqrt, log of positive numbers
    for (const [name, op] of Object.entries(Un)) {
      const input = op === Un.sqrt || op === Un.rsqrt || op === Un.log ? pos : x;
      const [w, t] = both({ x: input }, { y: n }, (k, p) => k.f32_vunary(n, p.x!, p.y!, op));
      // sqrt, x², −x, |x|, 1/x are exact in f32; rsqrt and log may differ by an ulp.
      const exact = op !== Un.rsqrt && op !== Un.log;
      expectClose(w.out.y!, t.out.y!, exact ? { atol: 0 } : { atol: 0, rtol: 3e-7 }, `${name} n=${n}`);
    }
  });

  test('against the formula, and in place', () => {
    const x = new Float32Array([4, 0.25, -3, 9, 1]);
    const [, t] = both({ x }, { s: 5, q: 5, n: 5, a: 5 }, (k, p) => {
      k.f32_vunary(5, p.x!, p.q!, Un.square);
      k.f32_vunary(5, p.x!, p.n!, Un.neg);
      k.f32_vunary(5, p.x!, p.a!, Un.abs);
      k.f32_vunary(5, p.a!, p.s!, Un.sqrt);
    });
    expect(Array.from(t.out.q!)).toEqual([16, 0.0625, 9, 81, 1]);
    expect(Array.from(t.out.n!)).toEqual([-4, -0.25, 3, -9, -1]);
    expect(Array.from(t.out.s!)).toEqual([2, 0.5, Math.fround(Math.sqrt(3)), 3, 1]);
    const [w] = both({ x }, {}, (k, p) => k.f32_vunary(5, p.x!, p.x!, Un.neg));
    expect(Array.from(w.out.x!)).toEqual([-4, -0.25, 3, -9, -1]);
  });

  test('NaN and the edges follow Math: sqrt(−1), log(0), 1/0, rsqrt(0)', () => {
    const x = new Float32Array([-1, 0, 0, 0, 0]);
    const [w, t] = both({ x }, { s: 5, l: 5, r: 5, q: 5 }, (k, p) => {
      k.f32_vunary(5, p.x!, p.s!, Un.sqrt);
      k.f32_vunary(5, p.x!, p.l!, Un.log);
      k.f32_vunary(5, p.x!, p.r!, Un.reciprocal);
      k.f32_vunary(5, p.x!, p.q!, Un.rsqrt);
    });
    for (const out of [w.out, t.out]) {
      expect(Number.isNaN(out.s![0]!)).toBe(true);
      expect(out.l![1]).toBe(-Infinity);
      expect(out.r![1]).toBe(Infinity);
      expect(out.q![4]).toBe(Infinity);
    }
  });
});

import { describe, expect, test } from 'vitest';
import { WASM_BUILDS, expectClose, pair, rand } from '../harness.js';

// Rows around the strip/loop edges and a prime; columns around the SIMD width (4) and a wide layer.
const MS = [1, 2, 3, 4, 5, 17, 64];
const NS = [1, 3, 4, 5, 11, 128];

describe.each(WASM_BUILDS)('reduction kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(MS)('f32_colsum (β = 0 and β = 0.5) and f32_col_moments, m=%i', (m) => {
    for (const n of NS) {
      const x = rand(m * n, m * 131 + n, -1, 1);
      // Offset data: the two-pass variance must not lose the small spread under a large mean.
      const xo = x.map((e) => 100 + e);
      const [w, t] = both({ x, xo }, { s0: new Float32Array(n).fill(NaN), s1: n, mean: n, vr: n, mo: n, vo: n }, (k, p) => {
        k.f32_colsum(m, n, p.x!, p.s0!, 0);
        k.f32_colsum(m, n, p.x!, p.s1!, 0.5);
        k.f32_col_moments(m, n, p.x!, p.mean!, p.vr!);
        k.f32_col_moments(m, n, p.xo!, p.mo!, p.vo!);
      });
      const dims = `m=${m} n=${n}`;
      const tol = { atol: 1e-6 * m, rtol: 1e-6 };
      expectClose(w.out.s0!, t.out.s0!, tol, `colsum β=0 ${dims}`);
      expectClose(w.out.s1!, t.out.s1!, { atol: 1e-6 * m, rtol: 1e-6 }, `colsum β=0.5 ${dims}`);
      expectClose(w.out.mean!, t.out.mean!, { atol: 1e-6, rtol: 1e-6 }, `mean ${dims}`);
      expectClose(w.out.vr!, t.out.vr!, { atol: 1e-6, rtol: 1e-5 }, `var ${dims}`);
      expectClose(w.out.mo!, t.out.mo!, { atol: 0, rtol: 1e-6 }, `mean offset ${dims}`);
      // f32 mean of ~100 has error ≤ ~m·ulp(100·m)/m; its square against var ≈ 1/3 stays below 1e-5.
      expectClose(w.out.vo!, t.out.vr!, { atol: 1e-5, rtol: 1e-4 }, `var offset vs var ${dims}`);
    }
  });

  test('hand-derived: colsum [[1,2],[3,4]] = [4,6], +1·[10,20] = [14,26]; moments of 1,3,5,7 = 4, 5', () => {
    const [w, t] = both(
      { x: [1, 2, 3, 4], c: [1, 3, 5, 7] },
      { s: new Float32Array([10, 20]), s0: 2, mean: 1, vr: 1 },
      (k, p) => {
        k.f32_colsum(2, 2, p.x!, p.s0!, 0);
        k.f32_colsum(2, 2, p.x!, p.s!, 1);
        k.f32_col_moments(4, 1, p.c!, p.mean!, p.vr!);
      },
    );
    for (const r of [w, t]) {
      expect(Array.from(r.out.s0!)).toEqual([4, 6]);
      expect(Array.from(r.out.s!)).toEqual([14, 26]);
      expect(r.out.mean![0]).toBe(4); // (1+3+5+7)/4
      expect(r.out.vr![0]).toBe(5); // (9+1+1+9)/4, biased
    }
  });

  test.each([1, 3, 4, 5, 17, 127, 128, 129, 1027])('f32_sum / f32_sumsq, n=%i', (n) => {
    const x = rand(n, n, -2, 2);
    const [w, t] = both({ x }, {}, (k, p) => [k.f32_sum(n, p.x!), k.f32_sumsq(n, p.x!)] as unknown as number);
    const [ws, wq] = w.ret as unknown as number[], [ts, tq] = t.ret as unknown as number[];
    let s = 0, q = 0;
    for (const e of x) { s += e; q += e * e; }
    expect(ts).toBe(Math.fround(s));
    expect(tq).toBe(Math.fround(q));
    let abs = 0;
    for (const e of x) abs += Math.abs(e);
    // Mixed signs: the error is relative to Σ|x|, not to the (cancelling) sum.
    expect(Math.abs(ws! - s), `sum n=${n}: ${ws} vs ${s}`).toBeLessThanOrEqual(1e-6 * abs + 1e-7);
    expect(Math.abs(wq! - q), `sumsq n=${n}: ${wq} vs ${q}`).toBeLessThanOrEqual(1e-6 * q + 1e-7);
  });

  test('f32_sum / f32_sumsq of 1e6 + 3 elements stay within 1e-6 relative of the f64 sum', () => {
    const n = 1_000_003;
    const x = rand(n, 7, 0, 1);
    const [w] = both({ x }, {}, (k, p) => [k.f32_sum(n, p.x!), k.f32_sumsq(n, p.x!)] as unknown as number);
    const [ws, wq] = w.ret as unknown as number[];
    let s = 0, q = 0;
    for (const e of x) { s += e; q += e * e; }
    expect(Math.abs(ws! - s) / s, `sum ${ws} vs ${s}`).toBeLessThan(1e-6);
    expect(Math.abs(wq! - q) / q, `sumsq ${wq} vs ${q}`).toBeLessThan(1e-6);
    // A plain running f32 sum drifts far more (≈1e-4 here): the blocking is what the test checks.
    let f = 0;
    for (const e of x) f = Math.fround(f + e);
    expect(Math.abs(f - s) / s).toBeGreaterThan(1e-5);
  });

  test.each([1, 3, 4, 5, 15, 16, 17, 33, 64, 1027])('f32_find_nonfinite, n=%i', (n) => {
    const clean = rand(n, n, -3e38, 3e38); // huge but finite: v − v is still 0
    const cases: [string, Float32Array, number][] = [['all finite', clean, -1]];
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of new Set([0, n >> 1, n - 1, n - (n % 4 || 1)])) {
        const x = clean.slice();
        x[at] = bad;
        if (at + 3 < n) x[at + 3] = NaN; // a later bad value must not win
        cases.push([`${bad} at ${at}`, x, at]);
      }
    }
    for (const [name, x, want] of cases) {
      const [w, t] = both({ x }, {}, (k, p) => k.f32_find_nonfinite(n, p.x!));
      expect(t.ret, `ts ${name} n=${n}`).toBe(want);
      expect(w.ret, `wasm ${name} n=${n}`).toBe(want);
    }
  });
});

import { describe, expect, test } from 'vitest';
import { WASM_BUILDS, createTsBackend, expectClose, pair, rand, runKernel } from '../harness.js';

const MS = [1, 2, 3, 4, 5, 17, 64];
const NS = [1, 3, 4, 5, 11, 128];
const EPS = 1e-3;

/** y = γ·(x − mean)/sqrt(var + eps) + β in f64, batch statistics (biased var): the gradient-check model. */
function forward64(m: number, n: number, x: ArrayLike<number>, g: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const y = new Array<number>(m * n);
  for (let j = 0; j < n; j++) {
    let s = 0, q = 0;
    for (let i = 0; i < m; i++) s += x[i * n + j]!;
    const mu = s / m;
    for (let i = 0; i < m; i++) q += (x[i * n + j]! - mu) ** 2;
    const is = 1 / Math.sqrt(q / m + EPS);
    for (let i = 0; i < m; i++) y[i * n + j] = g[j]! * (x[i * n + j]! - mu) * is + b[j]!;
  }
  return y;
}

describe.each(WASM_BUILDS)('batch norm kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(MS)('f32_bn_fwd_train / f32_bn_fwd_infer / f32_bn_bwd, m=%i', (m) => {
    for (const n of NS) {
      const seed = m * 1000 + n;
      const x = rand(m * n, seed, -2, 3), dy = rand(m * n, seed + 1);
      const gamma = rand(n, seed + 2, 0.5, 1.5), beta = rand(n, seed + 3);
      const rm = rand(n, seed + 4), rv = rand(n, seed + 5, 0.5, 2);
      const dims = `m=${m} n=${n}`;
      for (const affine of [true, false]) {
        const [w, t] = both(
          { x, dy, dy2: dy, gamma, beta },
          { y: m * n, mean: n, invstd: n, rm, rv, yi: m * n, dx: m * n, dg: n, db: n, dg2: n, db2: n },
          (k, p) => {
            const g = affine ? p.gamma! : 0, b = affine ? p.beta! : 0;
            k.f32_bn_fwd_train(m, n, p.x!, g, b, EPS, 0.9, p.y!, p.mean!, p.invstd!, p.rm!, p.rv!);
            k.f32_bn_fwd_infer(m, n, p.x!, g, b, p.rm!, p.rv!, EPS, p.yi!);
            k.f32_bn_bwd(m, n, p.x!, p.dy!, g, p.mean!, p.invstd!, p.dx!, p.dg!, p.db!);
            // dx written over dy, with dγ/dβ (row path) and without them (strip path): same results.
            k.f32_bn_bwd(m, n, p.x!, p.dy2!, g, p.mean!, p.invstd!, p.dy2!, p.dg2!, p.db2!);
            k.f32_bn_bwd(m, n, p.x!, p.dy!, g, p.mean!, p.invstd!, p.dy!, 0, 0);
          },
        );
        const ctx = `${dims} affine=${affine}`;
        expectClose(w.out.mean!, t.out.mean!, { atol: 1e-6, rtol: 1e-6 }, `mean ${ctx}`);
        expectClose(w.out.invstd!, t.out.invstd!, { rtol: 1e-6 }, `invstd ${ctx}`);
        expectClose(w.out.rm!, t.out.rm!, { atol: 1e-6, rtol: 1e-6 }, `runMean ${ctx}`);
        expectClose(w.out.rv!, t.out.rv!, { atol: 1e-6, rtol: 1e-5 }, `runVar ${ctx}`);
        expectClose(w.out.y!, t.out.y!, { atol: 1e-5, rtol: 1e-5 }, `y ${ctx}`);
        expectClose(w.out.yi!, t.out.yi!, { atol: 1e-5, rtol: 1e-5 }, `y infer ${ctx}`);
        expectClose(w.out.db!, t.out.db!, { atol: 1e-6 * m, rtol: 1e-5 }, `dβ ${ctx}`);
        expectClose(w.out.dg!, t.out.dg!, { atol: 1e-6 * m, rtol: 1e-5 }, `dγ ${ctx}`);
        // dx is a difference of O(m) terms scaled by 1/m: an absolute tolerance, as dx may cancel to ~0.
        expectClose(w.out.dx!, t.out.dx!, { atol: 1e-5, rtol: 1e-5 }, `dx ${ctx}`);
        expectClose(w.out.dy!, w.out.dx!, { atol: 0 }, `wasm dx in place, no dγ/dβ ${ctx}`);
        expectClose(w.out.dy2!, w.out.dx!, { atol: 0 }, `wasm dx in place ${ctx}`);
        expectClose(w.out.dg2!, w.out.dg!, { atol: 0 }, `wasm dγ, dx in place ${ctx}`);
        expectClose(w.out.db2!, w.out.db!, { atol: 0 }, `wasm dβ, dx in place ${ctx}`);
        expectClose(t.out.dy!, t.out.dx!, { atol: 0 }, `ts dx in place ${ctx}`);
        // Training output is normalized: column mean β (0 here when not affine), and the TS twin agrees.
        if (!affine && m > 1) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let i = 0; i < m; i++) s += t.out.y![i * n + j]!;
            expect(Math.abs(s / m), `mean of y, column ${j} ${ctx}`).toBeLessThan(1e-5);
          }
        }
      }
    }
  });

  test('f32_bn_fwd_infer in place (y = x)', () => {
    const m = 5, n = 7, x = rand(m * n, 3), gamma = rand(n, 4), beta = rand(n, 5), rm = rand(n, 6), rv = rand(n, 7, 0.1, 1);
    const [w, t] = both({ x, gamma, beta, rm, rv }, {}, (k, p) =>
      k.f32_bn_fwd_infer(m, n, p.x!, p.gamma!, p.beta!, p.rm!, p.rv!, EPS, p.x!),
    );
    expectClose(w.out.x!, t.out.x!, { atol: 1e-5, rtol: 1e-5 }, 'infer in place');
    const want = Array.from(x, (e, i) => (gamma[i % n]! * (e - rm[i % n]!)) / Math.sqrt(rv[i % n]! + Math.fround(EPS)) + beta[i % n]!);
    expectClose(t.out.x!, want, { atol: 1e-6, rtol: 1e-6 }, 'infer in place vs formula');
  });

  test('hand-derived forward: tfjs 1,3,5,7 → mean 4, var 5 (biased), y = 2·(x − 4)/√5 + 1', () => {
    // momentum 0: running stats become the batch stats (tfjs: runVar 5); 0.5 mixes with the old ones.
    const x = [1, 3, 5, 7];
    const [w, t] = both(
      { x, g: [2], b: [1] },
      { y: 4, mean: 1, invstd: 1, rm: new Float32Array([0]), rv: new Float32Array([1]), rm2: new Float32Array([2]), rv2: new Float32Array([1]), y2: 4, mean2: 1, is2: 1 },
      (k, p) => {
        k.f32_bn_fwd_train(4, 1, p.x!, p.g!, p.b!, 0, 0, p.y!, p.mean!, p.invstd!, p.rm!, p.rv!);
        k.f32_bn_fwd_train(4, 1, p.x!, 0, 0, 0, 0.5, p.y2!, p.mean2!, p.is2!, p.rm2!, p.rv2!);
      },
    );
    for (const r of [t, w]) {
      expect(r.out.mean![0]).toBe(4);
      expect(r.out.rm![0]).toBe(4);
      expect(r.out.rv![0]).toBe(5);
      expect(r.out.rm2![0]).toBe(3); // 0.5·2 + 0.5·4
      expect(r.out.rv2![0]).toBe(3); // 0.5·1 + 0.5·5
      expectClose(r.out.invstd!, [1 / Math.sqrt(5)], { rtol: 1e-7 }, 'invstd');
      expectClose(r.out.y!, x.map((e) => (2 * (e - 4)) / Math.sqrt(5) + 1), { atol: 1e-6 }, 'y');
      expectClose(r.out.y2!, x.map((e) => (e - 4) / Math.sqrt(5)), { atol: 1e-6 }, 'y, no γ/β');
    }
  });

  test('hand-derived backward: x = (−a, 0, a), a = √1.5 (mean 0, var 1), dy = (1, 0, 0), γ = 1', () => {
    // x̂ = (−a, 0, a); dβ = Σdy = 1; dγ = Σdy·x̂ = −a;
    // dx = (1/3)·(3·dy − 1 − x̂·(−a)) = (1/3)·((3,0,0) − 1 + (−1.5, 0, 1.5)) = (1/6, −1/3, 1/6).
    const a = Math.sqrt(1.5);
    const [w, t] = both({ x: [-a, 0, a], dy: [1, 0, 0], mean: [0], invstd: [1] }, { dx: 3, dg: 1, db: 1 }, (k, p) =>
      k.f32_bn_bwd(3, 1, p.x!, p.dy!, 0, p.mean!, p.invstd!, p.dx!, p.dg!, p.db!),
    );
    for (const r of [t, w]) {
      expectClose(r.out.db!, [1], { atol: 0 }, 'dβ');
      expectClose(r.out.dg!, [-a], { rtol: 1e-6 }, 'dγ');
      expectClose(r.out.dx!, [1 / 6, -1 / 3, 1 / 6], { atol: 1e-6 }, 'dx');
    }
  });

  test.each([[5, 3], [17, 5], [2, 4]])('TS backward vs central differences of L = Σ y·r (f64), m=%i n=%i', (m, n) => {
    const x = Array.from(rand(m * n, m + n, -1, 2)), r = Array.from(rand(m * n, 2 * m + n));
    const g = Array.from(rand(n, 3 * m + n, 0.5, 1.5)), b = Array.from(rand(n, 4 * m + n));
    const ts = createTsBackend();
    const { out } = runKernel(
      ts,
      { x: new Float32Array(x), r: new Float32Array(r), g: new Float32Array(g), b: new Float32Array(b) },
      { y: m * n, mean: n, invstd: n, dx: m * n, dg: n, db: n },
      (k, p) => {
        k.f32_bn_fwd_train(m, n, p.x!, p.g!, p.b!, EPS, 0, p.y!, p.mean!, p.invstd!, 0, 0);
        k.f32_bn_bwd(m, n, p.x!, p.r!, p.g!, p.mean!, p.invstd!, p.dx!, p.dg!, p.db!);
      },
    );
    const loss = (xx: number[], gg: number[], bb: number[]) => forward64(m, n, xx, gg, bb).reduce((s, y, i) => s + y * r[i]!, 0);
    const h = 1e-4;
    const numeric = (arr: number[], f: () => number) =>
      arr.map((_, i) => {
        const keep = arr[i]!;
        arr[i] = keep + h;
        const up = f();
        arr[i] = keep - h;
        const down = f();
        arr[i] = keep;
        return (up - down) / (2 * h);
      });
    const L = () => loss(x, g, b);
    // The kernel uses f32-rounded mean/invstd: agreement to ~1e-5 is f32 rounding, not method error.
    expectClose(out.dx!, numeric(x, L), { atol: 2e-5, rtol: 1e-4 }, `dx m=${m} n=${n}`);
    expectClose(out.dg!, numeric(g, L), { atol: 2e-5, rtol: 1e-4 }, `dγ m=${m} n=${n}`);
    expectClose(out.db!, numeric(b, L), { atol: 2e-5, rtol: 1e-4 }, `dβ m=${m} n=${n}`);
    // The forward in f64 matches the TS twin's y, so the check differentiates the same function.
    expectClose(out.y!, forward64(m, n, x, g, b), { atol: 1e-5, rtol: 1e-5 }, 'forward64 vs ts');
  });
});

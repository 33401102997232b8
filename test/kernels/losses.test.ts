// Loss kernels: wasm vs the TS twin on SIMD edges (n = 1, 3, 4, 5, 10, 17; m = 1, 2, 7, 64) with and
// without gradient and with the gradient written in place; hand-derived values; f64 central differences
// on the TS helpers for every loss; ±1e4 logits through softmax / sigmoid and then the losses.
import { describe, expect, test } from 'vitest';
import { Act } from '../../src/backend/act.js';
import { activate, softmaxRows } from '../../src/backend/ts/activations.js';
import {
  bceLoss, ceLoss, mseLoss, sigmoidBceLoss, softmaxCeLoss, sparseSoftmaxCeLoss,
} from '../../src/backend/ts/losses.js';
import { WASM_BUILDS, createTsBackend, createWasmBackend, expectClose, pair, rand, runKernel } from '../harness.js';

const ROWS = [1, 2, 7, 64];
const COLS = [1, 3, 4, 5, 10, 17];
type LossName = 'f32_mse' | 'f32_bce' | 'f32_sigmoid_bce' | 'f32_softmax_ce' | 'f32_ce';
const DENSE: LossName[] = ['f32_mse', 'f32_bce', 'f32_sigmoid_bce', 'f32_softmax_ce', 'f32_ce'];

/** Rows of n non-negative weights summing to 1 (soft targets), from seeded values. */
function rowsSumTo1(m: number, n: number, seed: number): Float32Array {
  const t = rand(m * n, seed, 0, 1);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += t[i * n + j]!;
    for (let j = 0; j < n; j++) t[i * n + j]! /= s;
  }
  return t;
}

/** Realistic inputs per loss: (first argument, targets). */
function data(loss: LossName, m: number, n: number, seed: number): [Float32Array, Float32Array] {
  const c = m * n, bin = rand(c, seed + 1, 0, 1).map((v) => (v < 0.5 ? 0 : 1));
  switch (loss) {
    case 'f32_mse': return [rand(c, seed, -2, 2), rand(c, seed + 1, -2, 2)];
    case 'f32_bce': {
      // Probabilities with some outside the clip (0, 1, beyond): their gradient is 0.
      const p = rand(c, seed, 0, 1);
      [0, 1, 1.2, -0.1].forEach((v, k) => { if (5 * k < c) p[5 * k] = v; });
      return [p, rand(c, seed + 1, 0, 1)];
    }
    case 'f32_sigmoid_bce': return [rand(c, seed, -6, 6).map((v) => activate(v, Act.sigmoid, 0)), bin];
    case 'f32_softmax_ce': {
      const y = new Float32Array(c);
      softmaxRows(m, n, rand(c, seed, -5, 5), 0, y, 0);
      return [y, rowsSumTo1(m, n, seed + 1)];
    }
    case 'f32_ce': return [rand(c, seed, 0.01, 1), rowsSumTo1(m, n, seed + 1)];
  }
}

/** Gradient tolerance: a few f32 roundings relative to the largest gradient entry of the case. */
const gradTol = (g: Float32Array) => ({ atol: 2e-6 * g.reduce((a, v) => Math.max(a, Math.abs(v)), 0), rtol: 2e-6 });

describe.each(WASM_BUILDS)('loss kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(DENSE)('%s on every m×n, gradient out of place, in place, and none', (loss) => {
    for (const m of ROWS) {
      for (const n of COLS) {
        const [a, t] = data(loss, m, n, m * 100 + n);
        const dims = `${loss} m=${m} n=${n}`;
        const [w, r] = both({ a, t }, { g: m * n }, (k, p) => k[loss](m, n, p.a!, p.t!, p.g!));
        expect(Math.abs((w.ret as number) - (r.ret as number)), `${dims} loss ${w.ret} vs ${r.ret}`)
          .toBeLessThanOrEqual(1e-6 * Math.abs(r.ret as number) + 1e-7);
        expectClose(w.out.g!, r.out.g!, gradTol(r.out.g!), `${dims} gradient`);
        const [wi] = both({ a, t }, {}, (k, p) => k[loss](m, n, p.a!, p.t!, p.a!));
        expectClose(wi.out.a!, w.out.g!, { atol: 0 }, `${dims} gradient written over the input`);
        expect(wi.ret, `${dims} loss with aliasing`).toBe(w.ret);
        const [wn, rn] = both({ a, t }, {}, (k, p) => k[loss](m, n, p.a!, p.t!, 0));
        expect(wn.ret, `${dims} loss without gradient`).toBe(w.ret);
        expect(rn.ret).toBe(r.ret);
      }
    }
  });

  test('f32_sparse_softmax_ce on every m×n, with invalid labels, in place and without gradient', () => {
    for (const m of ROWS) {
      for (const n of COLS) {
        const [y] = data('f32_softmax_ce', m, n, m * 100 + n);
        const labels = Int32Array.from(rand(m, m + n, 0, n), Math.floor);
        if (m > 1) labels[1] = -1;
        if (m > 2) labels[2] = n; // out of range: no loss, zero gradient row
        const dims = `sparse m=${m} n=${n}`;
        const [w, r] = both({ y, labels }, { g: m * n }, (k, p) => k.f32_sparse_softmax_ce(m, n, p.y!, p.labels!, p.g!));
        expect(Math.abs((w.ret as number) - (r.ret as number)), `${dims} loss`).toBeLessThanOrEqual(1e-6 * (r.ret as number) + 1e-7);
        expectClose(w.out.g!, r.out.g!, gradTol(r.out.g!), `${dims} gradient`);
        if (m > 2) expect(Array.from(w.out.g!.slice(2 * n, 3 * n))).toEqual(new Array(n).fill(0));
        const [wi] = both({ y, labels }, {}, (k, p) => k.f32_sparse_softmax_ce(m, n, p.y!, p.labels!, p.y!));
        expectClose(wi.out.y!, w.out.g!, { atol: 0 }, `${dims} in place`);
        const [wn] = both({ y, labels }, {}, (k, p) => k.f32_sparse_softmax_ce(m, n, p.y!, p.labels!, 0));
        expect(wn.ret).toBe(w.ret);
      }
    }
  });

  test('logits of ±1e4 through softmax / sigmoid, then CE / BCE: finite loss and gradient', () => {
    const wasm = createWasmBackend(build), m = 2, n = 5;
    const x = Float32Array.from([1e4, -1e4, 0, 3, -1e4, /**/ -1e4, 1e4, 1e4, -1e4, 0]);
    const t = Float32Array.from([0, 1, 0, 0, 0, /**/ 0, 1, 0, 0, 0]), labels = Int32Array.from([1, 1]);
    const r = runKernel(wasm, { x, t, labels }, { y: m * n, dz: m * n, dzs: m * n, ds: m * n, dp: m * n }, (k, p) => {
      k.f32_softmax(m, n, p.x!, p.y!);
      const ce = k.f32_softmax_ce(m, n, p.y!, p.t!, p.dz!);
      const sparse = k.f32_sparse_softmax_ce(m, n, p.y!, p.labels!, p.dzs!);
      const pce = k.f32_ce(m, n, p.y!, p.t!, p.dp!);
      k.f32_vact(m * n, p.x!, p.y!, Act.sigmoid, 0);
      return [ce, sparse, pce, k.f32_sigmoid_bce(m, n, p.y!, p.t!, p.ds!)] as unknown as number;
    });
    const [ce, sparse, pce, sbce] = r.ret as unknown as number[];
    // Row 0: the true class got y = 0 → clipped to ε: −log(1e−7) = 16.1181; row 1: y = 0.5 → log 2.
    const expected = (16.118095651 + Math.LN2) / 2;
    expect(Math.abs(ce! - expected)).toBeLessThan(1e-4);
    expect(Math.abs(sparse! - expected)).toBeLessThan(1e-4);
    expect(Math.abs(pce! - expected)).toBeLessThan(1e-4);
    expect(Number.isFinite(sbce)).toBe(true);
    for (const g of ['dz', 'dzs', 'dp', 'ds']) {
      expect(r.out[g]!.every(Number.isFinite), `${g} finite: ${Array.from(r.out[g]!)}`).toBe(true);
    }
    expectClose(r.out.dz!, [0.5, -0.5, 0, 0, 0, 0, -0.25, 0.25, 0, 0], { atol: 1e-7 }, 'softmax_ce dz at ±1e4');
  });
});

describe('loss TS twin: hand-derived values', () => {
  const ts = createTsBackend();
  const call = (name: LossName, m: number, n: number, a: number[], t: number[]) =>
    runKernel(ts, { a, t }, { g: m * n }, (k, p) => k[name](m, n, p.a!, p.t!, p.g!));

  test('mse, bce, sigmoid_bce, softmax_ce, sparse, ce', () => {
    // mse: y = [1, 2], t = 0: (1 + 4)/2 = 2.5; dy = 2·[1, 2]/2 = [1, 2]
    let r = call('f32_mse', 1, 2, [1, 2], [0, 0]);
    expect(r.ret).toBeCloseTo(2.5, 7);
    expectClose(r.out.g!, [1, 2], { atol: 0 }, 'mse dy');
    // bce: p = [0.5, 0.9, 0], t = [1, 0, 0]: (−log 0.5 − log 0.1 − log(1 − ε))/3 = (0.6931472 + 2.3025851 + 1e−7)/3
    // dp = (pc − t)/(pc(1 − pc))/3 = [−0.5/0.25, 0.9/0.09, (0 outside the clip)]/3 = [−2/3, 10/3, 0]
    r = call('f32_bce', 1, 3, [0.5, 0.9, 0], [1, 0, 0]);
    expect(r.ret).toBeCloseTo((0.6931472 + 2.3025851 + 1e-7) / 3, 6);
    expectClose(r.out.g!, [-2 / 3, 10 / 3, 0], { rtol: 1e-6 }, 'bce dp');
    // sigmoid_bce: y = [0.5, 0.8], t = 1: (log 2 − log 0.8)/2 = (0.6931472 + 0.2231436)/2; dz = (y − t)/2 = [−0.25, −0.1]
    r = call('f32_sigmoid_bce', 1, 2, [0.5, 0.8], [1, 1]);
    expect(r.ret).toBeCloseTo((0.6931472 + 0.2231436) / 2, 6);
    expectClose(r.out.g!, [-0.25, -0.1], { atol: 1e-8 }, 'sigmoid_bce dz');
    // softmax_ce: y = [[.25, .75], [.5, .5]], t = [[0, 1], [1, 0]]: (−log .75 − log .5)/2 = (0.2876821 + 0.6931472)/2;
    // dz = (y − t)/2 = [[.125, −.125], [−.25, .25]]
    r = call('f32_softmax_ce', 2, 2, [0.25, 0.75, 0.5, 0.5], [0, 1, 1, 0]);
    expect(r.ret).toBeCloseTo((0.2876821 + 0.6931472) / 2, 6);
    expectClose(r.out.g!, [0.125, -0.125, -0.25, 0.25], { atol: 0 }, 'softmax_ce dz');
    // sparse, labels [1, 0, 7 (invalid)]: same two rows over m = 3, third row adds nothing, zero gradient
    const s = runKernel(ts, { y: [0.25, 0.75, 0.5, 0.5, 0.3, 0.7], labels: Int32Array.from([1, 0, 7]) }, { g: 6 },
      (k, p) => k.f32_sparse_softmax_ce(3, 2, p.y!, p.labels!, p.g!));
    expect(s.ret).toBeCloseTo((0.2876821 + 0.6931472) / 3, 6);
    expectClose(s.out.g!, [0.25 / 3, -0.25 / 3, -0.5 / 3, 0.5 / 3, 0, 0], { atol: 1e-8 }, 'sparse dz');
    // ce: p = [1, 3] (unnormalized), t = [0, 1]: L = −log(3/4) = 0.2876821; L = −log p1 + log(p0 + p1), so
    // dL/dp0 = 1/(p0 + p1) = 0.25, dL/dp1 = −1/p1 + 1/(p0 + p1) = −1/12
    r = call('f32_ce', 1, 2, [1, 3], [0, 1]);
    expect(r.ret).toBeCloseTo(0.2876821, 6);
    expectClose(r.out.g!, [0.25, -1 / 12], { atol: 1e-8 }, 'ce dp');
  });
});

describe('loss gradients vs central differences (f64, TS helpers)', () => {
  const m = 3, n = 5, c = m * n;
  const f64 = (a: Float32Array) => Float64Array.from(a);

  /** Checks g = dL/dx against (L(x + h) − L(x − h))/2h for every x_i. */
  function check(name: string, x: Float64Array, lossAt: (x: Float64Array) => number, g: Float64Array, hOf = (_v: number) => 1e-6) {
    for (let i = 0; i < x.length; i++) {
      const h = hOf(x[i]!), xp = x.slice(), xm = x.slice();
      xp[i]! += h;
      xm[i]! -= h;
      const fd = (lossAt(xp) - lossAt(xm)) / (2 * h);
      expect(Math.abs(g[i]! - fd), `${name} index ${i} (m=${m} n=${n}): analytic ${g[i]}, numeric ${fd}`)
        .toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(fd), 1e-3));
    }
  }
  const gradOf = (f: (g: Float64Array) => number) => { const g = new Float64Array(c); f(g); return g; };

  test('mse', () => {
    const y = f64(rand(c, 1, -2, 2)), t = f64(rand(c, 2, -2, 2));
    check('mse', y, (yy) => mseLoss(m, n, yy, t, null), gradOf((g) => mseLoss(m, n, y, t, g)));
  });

  test('bce from probabilities, including points outside the clip (gradient 0)', () => {
    const p = f64(rand(c, 3, 0.05, 0.95)), t = f64(rand(c, 4, 0, 1));
    p[0] = -0.2;
    p[7] = 1.3;
    check('bce', p, (pp) => bceLoss(m, n, pp, t, null), gradOf((g) => bceLoss(m, n, p, t, g)));
  });

  test('sigmoid_bce wrt the logits z (y = sigmoid(z))', () => {
    const z = f64(rand(c, 5, -4, 4)), t = f64(rand(c, 6, 0, 1));
    const ys = (zz: Float64Array) => zz.map((v) => 1 / (1 + Math.exp(-v)));
    check('sigmoid_bce', z, (zz) => sigmoidBceLoss(m, n, ys(zz), t, null), gradOf((g) => sigmoidBceLoss(m, n, ys(z), t, g)));
  });

  test('softmax_ce and sparse_softmax_ce wrt the logits z (y = softmax(z))', () => {
    const z = f64(rand(c, 7, -4, 4)), t = f64(rowsSumTo1(m, n, 8)), labels = Int32Array.from([2, -1, 4]);
    const ys = (zz: Float64Array) => { const y = new Float64Array(c); softmaxRows(m, n, zz, 0, y, 0); return y; };
    check('softmax_ce', z, (zz) => softmaxCeLoss(m, n, ys(zz), t, null), gradOf((g) => softmaxCeLoss(m, n, ys(z), t, g)));
    check('sparse_softmax_ce', z, (zz) => sparseSoftmaxCeLoss(m, n, ys(zz), labels, null),
      gradOf((g) => sparseSoftmaxCeLoss(m, n, ys(z), labels, g)));
  });

  test('ce from unnormalized probabilities (row normalization + clip), one q below ε', () => {
    const p = f64(rand(c, 9, 0.1, 1)), t = f64(rowsSumTo1(m, n, 10));
    p[3] = 1e-8; // q = p/s < ε: clipped, its own log term has no gradient, the normalization still does
    check('ce', p, (pp) => ceLoss(m, n, pp, t, null), gradOf((g) => ceLoss(m, n, p, t, g)), (v) => Math.min(1e-6, v / 2));
  });
});

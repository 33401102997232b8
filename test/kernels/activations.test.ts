// Activation kernels: wasm vs the TS twin around the SIMD width (4) and on strided blocks, the TS twin
// against hand-derived values, derivatives against central differences (f64), softmax at ±1e4.
import { describe, expect, test } from 'vitest';
import { Act } from '../../src/backend/act.js';
import { activate, activateGrad, softmaxRows, softmaxRowsBwd } from '../../src/backend/ts/activations.js';
import { WASM_BUILDS, createTsBackend, expectClose, pair, rand, runKernel } from '../harness.js';

const SIZES = [1, 3, 4, 5, 10, 17, 64, 1027];
const ROWS = [1, 2, 7, 64];
const COLS = [1, 3, 4, 5, 10, 17];
const ACTS = Object.entries(Act) as [string, number][];
const ALPHA = 0.2;
// Exact for the piecewise-linear codes; the documented math.ts bounds for sigmoid (1.5e−7) / tanh (2.5e−7).
const FWD_TOL: Record<number, { atol: number; rtol?: number }> = {
  [Act.linear]: { atol: 0 }, [Act.relu]: { atol: 0 }, [Act.leakyRelu]: { atol: 0 }, [Act.step]: { atol: 0 },
  [Act.sigmoid]: { atol: 1.5e-7 }, [Act.tanh]: { atol: 2.5e-7, rtol: 5e-7 },
};
// f32 products vs one rounding in the TS twin: a few ulp.
const BWD_TOL = { atol: 1e-7, rtol: 5e-7 };
const SOFTMAX_TOL = { atol: 1e-7, rtol: 1e-6 };

/** Values spread over both signs plus exact zeros, so relu'(0) and step(0) are exercised. */
function inputs(n: number, seed: number): Float32Array {
  const x = rand(n, seed, -4, 4);
  for (let i = 0; i < n; i += 7) x[i] = 0;
  return x;
}

describe.each(WASM_BUILDS)('activation kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(ACTS)('f32_vact %s on every size, out of place and in place', (name, act) => {
    for (const n of SIZES) {
      const x = inputs(n, n);
      const [w, t] = both({ x, xi: x }, { y: n }, (k, p) => {
        k.f32_vact(n, p.x!, p.y!, act, ALPHA);
        k.f32_vact(n, p.xi!, p.xi!, act, ALPHA);
      });
      expectClose(w.out.y!, t.out.y!, FWD_TOL[act]!, `${name} n=${n}`);
      expectClose(w.out.xi!, w.out.y!, { atol: 0 }, `${name} in place n=${n}`);
    }
  });

  test.each(ACTS)('f32_bias_act %s on strided m×n blocks, with and without bias', (name, act) => {
    for (const m of ROWS) {
      for (const n of COLS) {
        for (const ldy of [n, n + 3]) {
          const y = inputs(m * ldy, m + 10 * n), bias = rand(n, 5 + n, -1, 1);
          const [w, t] = both({ y, yb: y, bias }, {}, (k, p) => {
            k.f32_bias_act(m, n, p.y!, ldy, 0, act, ALPHA);
            k.f32_bias_act(m, n, p.yb!, ldy, p.bias!, act, ALPHA);
          });
          const dims = `${name} m=${m} n=${n} ldy=${ldy}`;
          expectClose(w.out.y!, t.out.y!, FWD_TOL[act]!, `${dims} no bias`);
          expectClose(w.out.yb!, t.out.yb!, FWD_TOL[act]!, `${dims} bias`);
          // The ldy − n padding columns are untouched.
          for (let i = 0; i < m; i++) {
            for (let j = n; j < ldy; j++) expect(w.out.yb![i * ldy + j], `${dims} pad (${i},${j})`).toBe(y[i * ldy + j]);
          }
        }
      }
    }
  });

  test.each(ACTS)('f32_vact_bwd %s, out of place and dx = dy', (name, act) => {
    for (const n of SIZES) {
      const y = new Float32Array(n).map((_, i) => activate(inputs(n, n)[i]!, act, ALPHA));
      const dy = rand(n, 3 * n);
      const [w, t] = both({ y, dy, dyi: dy }, { dx: n }, (k, p) => {
        k.f32_vact_bwd(n, p.y!, p.dy!, p.dx!, act, ALPHA);
        k.f32_vact_bwd(n, p.y!, p.dyi!, p.dyi!, act, ALPHA);
      });
      expectClose(w.out.dx!, t.out.dx!, BWD_TOL, `${name} bwd n=${n}`);
      expectClose(w.out.dyi!, w.out.dx!, { atol: 0 }, `${name} bwd in place n=${n}`);
    }
  });

  test('f32_softmax / f32_softmax_bwd on m×n, out of place and in place', () => {
    for (const m of ROWS) {
      for (const n of COLS) {
        const x = rand(m * n, m * 31 + n, -6, 6), dy = rand(m * n, n * 17 + m);
        const [w, t] = both({ x, xi: x }, { y: m * n }, (k, p) => {
          k.f32_softmax(m, n, p.x!, p.y!);
          k.f32_softmax(m, n, p.xi!, p.xi!);
        });
        const dims = `m=${m} n=${n}`;
        expectClose(w.out.y!, t.out.y!, SOFTMAX_TOL, `softmax ${dims}`);
        expectClose(w.out.xi!, w.out.y!, { atol: 0 }, `softmax in place ${dims}`);
        const y = t.out.y!;
        const [wb, tb] = both({ y, dy, dyi: dy }, { dx: m * n }, (k, p) => {
          k.f32_softmax_bwd(m, n, p.y!, p.dy!, p.dx!);
          k.f32_softmax_bwd(m, n, p.y!, p.dyi!, p.dyi!);
        });
        expectClose(wb.out.dx!, tb.out.dx!, { atol: 2e-7, rtol: 1e-6 }, `softmax_bwd ${dims}`);
        expectClose(wb.out.dyi!, wb.out.dx!, { atol: 0 }, `softmax_bwd in place ${dims}`);
      }
    }
  });

  test('softmax of logits ±1e4: finite, rows sum to 1, one-hot where one logit dominates', () => {
    const m = 3, n = 5;
    const x = Float32Array.from([1e4, -1e4, 0, 5, -5, /**/ -1e4, -1e4, -1e4, -1e4, -1e4, /**/ 1e4, 1e4, -1e4, 0, 0]);
    const [w, t] = both({ x }, { y: m * n }, (k, p) => k.f32_softmax(m, n, p.x!, p.y!));
    expectClose(w.out.y!, t.out.y!, SOFTMAX_TOL, 'softmax ±1e4');
    expectClose(w.out.y!, [1, 0, 0, 0, 0, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 0.5, 0, 0, 0], { atol: 1e-7 }, 'softmax ±1e4 values');
  });
});

describe('activation TS twin: hand-derived values and gradients', () => {
  const ts = createTsBackend();

  test('hand-derived forward values', () => {
    const x = Float32Array.from([-2, 0, 0.5, 3]);
    const out = (act: number) => runKernel(ts, { x }, { y: 4 }, (k, p) => k.f32_vact(4, p.x!, p.y!, act, 0.1)).out.y!;
    expectClose(out(Act.relu), [0, 0, 0.5, 3], { atol: 0 }, 'relu');
    expectClose(out(Act.leakyRelu), [-0.2, 0, 0.5, 3], { atol: 1e-7 }, 'leakyRelu 0.1');
    expectClose(out(Act.step), [0, 0, 1, 1], { atol: 0 }, 'step (step(0) = 0)');
    // sigmoid(−2) = 1/(1+e²) = 0.1192029, sigmoid(0.5) = 0.6224593, sigmoid(3) = 0.9525741
    expectClose(out(Act.sigmoid), [0.1192029, 0.5, 0.6224593, 0.9525741], { atol: 1e-7 }, 'sigmoid');
    // tanh(−2) = −0.9640276, tanh(0.5) = 0.4621172, tanh(3) = 0.9950548
    expectClose(out(Act.tanh), [-0.9640276, 0, 0.4621172, 0.9950548], { atol: 1e-7 }, 'tanh');
    // bias then act, row stride 3 (column 2 is padding): relu([[1−2, −1−2], [3−2, 4−2]]) with bias [−2, −2]
    const yb = Float32Array.from([1, -1, 9, 3, 4, 9]), bias = Float32Array.from([-2, -2]);
    const r = runKernel(ts, { yb, bias }, {}, (k, p) => k.f32_bias_act(2, 2, p.yb!, 3, p.bias!, Act.relu, 0)).out.yb!;
    expectClose(r, [0, 0, 9, 1, 2, 9], { atol: 0 }, 'bias_act relu');
  });

  test('hand-derived derivatives through y', () => {
    const y = Float32Array.from([0, 0.5, 0.25, -0.3]), dy = Float32Array.from([2, 2, 2, 2]);
    const out = (act: number) => runKernel(ts, { y, dy }, { dx: 4 }, (k, p) => k.f32_vact_bwd(4, p.y!, p.dy!, p.dx!, act, 0.1)).out.dx!;
    expectClose(out(Act.relu), [0, 2, 2, 0], { atol: 0 }, "relu' (relu'(0) = 0)");
    expectClose(out(Act.leakyRelu), [0.2, 2, 2, 0.2], { atol: 1e-7 }, "leakyRelu'");
    // sigmoid' = y(1−y): 0, 0.25, 0.1875, −0.39 (y = −0.3 is not a sigmoid output; the formula still applies)
    expectClose(out(Act.sigmoid), [0, 0.5, 0.375, -0.78], { atol: 1e-7 }, "sigmoid'");
    // tanh' = 1 − y²: 1, 0.75, 0.9375, 0.91
    expectClose(out(Act.tanh), [2, 1.5, 1.875, 1.82], { atol: 1e-6 }, "tanh'");
    expectClose(out(Act.step), [0, 0, 0, 0], { atol: 0 }, "step' = 0");
    expectClose(out(Act.linear), [2, 2, 2, 2], { atol: 0 }, "linear' = 1");
    // softmax row [0.5, 0.5], dy = [1, 0]: s = 0.5, dx = [0.5·0.5, 0.5·(−0.5)] = [0.25, −0.25]
    const sb = runKernel(ts, { y: [0.5, 0.5], dy: [1, 0] }, { dx: 2 }, (k, p) => k.f32_softmax_bwd(1, 2, p.y!, p.dy!, p.dx!)).out.dx!;
    expectClose(sb, [0.25, -0.25], { atol: 0 }, 'softmax_bwd');
  });

  test('act\'(y) matches central differences of act(x) (f64), away from the kinks', () => {
    const h = 1e-6, xs = Array.from(rand(200, 42, -5, 5), Number).filter((v) => Math.abs(v) > 1e-3);
    for (const [name, act] of ACTS) {
      for (const x of xs) {
        const fd = (activate(x + h, act, ALPHA) - activate(x - h, act, ALPHA)) / (2 * h);
        const g = activateGrad(activate(x, act, ALPHA), act, ALPHA);
        expect(Math.abs(g - fd), `${name} x=${x}: analytic ${g}, numeric ${fd}`).toBeLessThan(1e-8 + 1e-6 * Math.abs(fd));
      }
    }
  });

  test('softmax_bwd matches central differences of L = Σ w·softmax(x) (f64)', () => {
    const m = 3, n = 5, h = 1e-6;
    const x = Float64Array.from(rand(m * n, 7, -3, 3)), wts = Float64Array.from(rand(m * n, 8));
    const loss = (xx: Float64Array) => {
      const y = new Float64Array(m * n);
      softmaxRows(m, n, xx, 0, y, 0);
      return y.reduce((s, v, i) => s + v * wts[i]!, 0);
    };
    const y = new Float64Array(m * n), dx = new Float64Array(m * n);
    softmaxRows(m, n, x, 0, y, 0);
    softmaxRowsBwd(m, n, y, 0, wts, 0, dx, 0);
    for (let i = 0; i < m * n; i++) {
      const xp = x.slice(), xm = x.slice();
      xp[i]! += h;
      xm[i]! -= h;
      const fd = (loss(xp) - loss(xm)) / (2 * h);
      expect(Math.abs(dx[i]! - fd), `index ${i} (m=${m} n=${n}): analytic ${dx[i]}, numeric ${fd}`).toBeLessThan(1e-6 * Math.max(1e-3, Math.abs(fd)));
    }
  });
});

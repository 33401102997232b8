import { describe, expect, test } from 'vitest';
import type { Kernels } from '../../src/backend/backend.js';
import { WASM_BUILDS, createTsBackend, expectClose, pair, rand, runKernel } from '../harness.js';

// Lengths around the SIMD width (4) and a larger block: scalar tail only, exact width, width ± 1, a
// prime (17) and 1000. Gradients of several steps sit back to back in one buffer (step s at g + 4·n·s),
// so steps after the first also read unaligned gradient addresses.
const SIZES = [1, 3, 4, 5, 17, 1000];
const STEPS = 5;
// f32 (wasm, FMA in relaxed) vs f64-rounded-on-store (ts), carried over 5 steps.
const TOL = { atol: 1e-7, rtol: 5e-6 }; // observed worst: 3e-7 abs on 0.27 (≈ 5 ulp)

const ts = createTsBackend();
/** Runs `call` on the TS twin only (hand-derived checks of the spec itself). */
function tsRun(inputs: Record<string, Float32Array | number[]>, call: (k: Kernels, p: Record<string, number>) => number | void) {
  return runKernel(ts, inputs, {}, call);
}

type Step = (k: Kernels, p: Record<string, number>, n: number, g: number, t: number) => void;

const ADAM = { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-7 };
const bc = (beta: number, t: number) => 1 - beta ** t; // bias correction, t counts from 1

/** Each optimizer: its state arrays (initial contents) and one step. */
const CASES: Record<string, { state: (n: number) => Record<string, Float32Array>; step: Step }> = {
  sgd: { state: () => ({}), step: (k, p, n, g) => k.f32_sgd(n, p.w!, g, 0.05) },
  momentum: {
    state: (n) => ({ v: rand(n, 11, -0.1, 0.1) }),
    step: (k, p, n, g) => k.f32_momentum(n, p.w!, g, p.v!, 0.05, 0.9, 0),
  },
  nesterov: {
    state: (n) => ({ v: rand(n, 11, -0.1, 0.1) }),
    step: (k, p, n, g) => k.f32_momentum(n, p.w!, g, p.v!, 0.05, 0.9, 1),
  },
  rmsprop: {
    state: (n) => ({ ms: rand(n, 12, 0, 0.5), mom: rand(n, 13, -0.01, 0.01) }),
    step: (k, p, n, g) => k.f32_rmsprop(n, p.w!, g, p.ms!, p.mom!, 0, 0.01, 0.9, 0.5, 1e-7),
  },
  'rmsprop centered': {
    state: (n) => ({ ms: rand(n, 12, 0.2, 0.5), mom: rand(n, 13, -0.01, 0.01), mg: rand(n, 14, -0.1, 0.1) }),
    step: (k, p, n, g) => k.f32_rmsprop(n, p.w!, g, p.ms!, p.mom!, p.mg!, 0.01, 0.9, 0.5, 1e-7),
  },
  adam: {
    state: (n) => ({ m: new Float32Array(n), v: new Float32Array(n) }),
    step: (k, p, n, g, t) =>
      k.f32_adam(n, p.w!, g, p.m!, p.v!, ADAM.lr, ADAM.b1, ADAM.b2, ADAM.eps, bc(ADAM.b1, t), bc(ADAM.b2, t)),
  },
  adamw: {
    state: (n) => ({ m: new Float32Array(n), v: new Float32Array(n) }),
    step: (k, p, n, g, t) =>
      k.f32_adamw(n, p.w!, g, p.m!, p.v!, ADAM.lr, ADAM.b1, ADAM.b2, ADAM.eps, bc(ADAM.b1, t), bc(ADAM.b2, t), 0.1),
  },
  l1l2_grad: {
    // w ≡ gradient source; each "step" adds the regularizer gradient to a fresh gradient slice.
    state: () => ({}),
    step: (k, p, n, g) => k.f32_l1l2_grad(n, p.w!, g, 0.01, 0.02),
  },
};

describe.each(WASM_BUILDS)('optimizers, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  for (const [name, { state, step }] of Object.entries(CASES)) {
    test.each(SIZES)(`${name}: ${STEPS} steps with state carried, n=%i`, (n) => {
      const w = rand(n, 1, -1, 1);
      if (n > 2) w[2] = 0; // sign(0) = 0 path of l1l2_grad (in the SIMD loop for n ≥ 4, the tail for n = 3)
      const g = rand(n * STEPS, 2, -1, 1);
      const init = state(n);
      const [wr, tr] = both({ w, g, ...init }, {}, (k, p) => {
        for (let s = 0; s < STEPS; s++) step(k, p, n, p.g! + 4 * n * s, s + 1);
      });
      for (const key of ['w', 'g', ...Object.keys(init)]) {
        expectClose(wr.out[key]!, tr.out[key]!, TOL, `${name} ${key} n=${n}`);
      }
      // The step moved the weights (or, for l1l2_grad, changed the gradients) everywhere it should.
      const moved = name === 'l1l2_grad' ? tr.out.g!.some((x, i) => x !== g[i]) : tr.out.w!.some((x, i) => x !== w[i]);
      expect(moved).toBe(true);
    });
  }

  test.each(SIZES)('f32_adam_tfjs is bit-identical to its twin (one rounding per tfjs op), n=%i', (n) => {
    const w = rand(n, 1, -1, 1), g = rand(n * STEPS, 2, -1, 1);
    const [wr, tr] = both({ w, g, m: new Float32Array(n), v: new Float32Array(n) }, {}, (k, p) => {
      for (let s = 0; s < STEPS; s++) {
        const f = Math.fround, t = s + 1;
        k.f32_adam_tfjs(n, p.w!, p.g! + 4 * n * s, p.m!, p.v!, ADAM.b1, f(1 - ADAM.b1), ADAM.b2, f(1 - ADAM.b2),
          f(1 - f(ADAM.b1 ** t)), f(1 - f(ADAM.b2 ** t)), ADAM.eps, f(-ADAM.lr));
      }
    });
    for (const key of ['w', 'm', 'v']) expectClose(wr.out[key]!, tr.out[key]!, { rtol: 0, atol: 0 }, `adam_tfjs ${key} n=${n}`);
    expect(tr.out.w!.every((x, i) => x !== w[i])).toBe(true);
  });

  test.each(SIZES)('f32_l1l2_loss, n=%i', (n) => {
    const w = rand(n, 5, -3, 3);
    const [wr, tr] = both({ w }, {}, (k, p) => k.f32_l1l2_loss(n, p.w!, 0.01, 0.002));
    let a = 0, q = 0;
    for (const x of w) (a += Math.abs(x)), (q += x * x);
    expectClose([wr.ret as number], [tr.ret as number], { rtol: 1e-6 }, `l1l2_loss n=${n}`);
    expectClose([tr.ret as number], [Math.fround(Math.fround(0.01) * a + Math.fround(0.002) * q)], { rtol: 0 }, `l1l2_loss formula n=${n}`);
  });

  test('f32_l1l2_loss is accurate over a large block (f64 accumulation)', () => {
    // 2^18 copies of 0.1f: Σ|w| = 2^18·fround(0.1) exactly; naive f32 summation drifts by ~1e-3 relative.
    const n = 1 << 18;
    const w = new Float32Array(n).fill(0.1);
    const [wr] = both({ w }, {}, (k, p) => k.f32_l1l2_loss(n, p.w!, 1, 0));
    expectClose([wr.ret as number], [Math.fround(n * Math.fround(0.1))], { rtol: 0 }, 'Σ|w| n=2^18');
  });
});

describe('optimizers, ts twin vs hand-derived steps', () => {
  test('sgd: w = [1, −2] − 0.1·[0.5, 0.25] = [0.95, −2.025]', () => {
    const r = tsRun({ w: [1, -2], g: [0.5, 0.25] }, (k, p) => k.f32_sgd(2, p.w!, p.g!, 0.1));
    expectClose(r.out.w!, [0.95, -2.025], { rtol: 1e-7 }, 'sgd');
  });

  test('momentum vs nesterov, two steps with g = 1, lr 0.1, momentum 0.9', () => {
    // plain:    v1 = 1, w1 = −0.1;  v2 = 0.9 + 1 = 1.9, w2 = −0.1 − 0.19 = −0.29
    // nesterov: v1 = 1, w1 = −0.1·(1 + 0.9) = −0.19;  v2 = 1.9, w2 = −0.19 − 0.1·(1 + 1.71) = −0.461
    for (const [nesterov, w1, w2] of [[0, -0.1, -0.29], [1, -0.19, -0.461]] as const) {
      const r = tsRun({ w: [0], g: [1], v: [0] }, (k, p) => k.f32_momentum(1, p.w!, p.g!, p.v!, 0.1, 0.9, nesterov));
      expectClose(r.out.w!, [w1], { rtol: 1e-6 }, `step 1 nesterov=${nesterov}`);
      const r2 = tsRun({ w: r.out.w!, g: [1], v: r.out.v! }, (k, p) => k.f32_momentum(1, p.w!, p.g!, p.v!, 0.1, 0.9, nesterov));
      expectClose(r2.out.v!, [1.9], { rtol: 1e-6 }, `v2 nesterov=${nesterov}`);
      expectClose(r2.out.w!, [w2], { rtol: 1e-6 }, `step 2 nesterov=${nesterov}`);
    }
  });

  test('rmsprop plain vs centered, one step from zero state with g = 2, ρ 0.9, lr 0.01', () => {
    // ms = 0.1·4 = 0.4.  plain: Δ = 0.01·2/√0.4 = 0.0316228.
    // centered: mg = 0.1·2 = 0.2, denom = 0.4 − 0.04 = 0.36, Δ = 0.01·2/0.6 = 0.0333333.
    const run = (centered: boolean) =>
      tsRun({ w: [1], g: [2], ms: [0], mom: [0], mg: [0] }, (k, p) =>
        k.f32_rmsprop(1, p.w!, p.g!, p.ms!, p.mom!, centered ? p.mg! : 0, 0.01, 0.9, 0, 1e-7),
      );
    const plain = run(false), centered = run(true);
    expectClose(plain.out.ms!, [0.4], { rtol: 1e-6 }, 'ms');
    expectClose(plain.out.w!, [1 - 0.0316228], { atol: 1e-6 }, 'plain w');
    expectClose(plain.out.mg!, [0], { atol: 0 }, 'plain leaves mg alone');
    expectClose(centered.out.mg!, [0.2], { rtol: 1e-6 }, 'mg');
    expectClose(centered.out.w!, [1 - 0.0333333], { atol: 1e-6 }, 'centered w');
  });

  test('rmsprop momentum accumulates: mom = 0.5·0.1 + 0.01·2/√0.4', () => {
    const r = tsRun({ w: [1], g: [2], ms: [0], mom: [0.1] }, (k, p) =>
      k.f32_rmsprop(1, p.w!, p.g!, p.ms!, p.mom!, 0, 0.01, 0.9, 0.5, 1e-7),
    );
    expectClose(r.out.mom!, [0.05 + 0.0316228], { atol: 1e-6 }, 'mom');
    expectClose(r.out.w!, [1 - 0.0816228], { atol: 1e-6 }, 'w');
  });

  test('adam step 1 moves each weight by ≈ lr·sign(g)', () => {
    // m = (1−β1)·g, v = (1−β2)·g²; with bc1 = 1−β1, bc2 = 1−β2: m̂ = g, v̂ = g², Δ = lr·g/(|g| + ε).
    const g = [0.5, -2, 1e-3, -0.1];
    const r = tsRun({ w: [0, 0, 0, 0], g, m: [0, 0, 0, 0], v: [0, 0, 0, 0] }, (k, p) =>
      k.f32_adam(4, p.w!, p.g!, p.m!, p.v!, 0.01, 0.9, 0.999, 1e-7, 1 - 0.9, 1 - 0.999),
    );
    expectClose(r.out.w!, g.map((x) => -0.01 * Math.sign(x)), { rtol: 1e-4 }, 'adam step 1');
    expectClose(r.out.m!, g.map((x) => 0.1 * x), { rtol: 1e-6 }, 'm');
    // 1 − fround(0.999) = 0.00099998713: 1.3e-5 relative off 0.001, intrinsic to f32 β2.
    expectClose(r.out.v!, g.map((x) => 0.001 * x * x), { rtol: 3e-5 }, 'v');
  });

  test('adam_tfjs step 1 from zero state: m = 0.1·g, w = −lr·g/(|g| + ε) (d = 1 − β, as at t = 1)', () => {
    const f = Math.fround, g = [0.5, -2, 1e-3, -0.1];
    const r = tsRun({ w: [0, 0, 0, 0], g, m: [0, 0, 0, 0], v: [0, 0, 0, 0] }, (k, p) =>
      k.f32_adam_tfjs(4, p.w!, p.g!, p.m!, p.v!, 0.9, f(1 - 0.9), 0.999, f(1 - 0.999), f(1 - f(0.9)), f(1 - f(0.999)), 1e-7, f(-0.01)),
    );
    expectClose(r.out.m!, g.map((x) => 0.1 * x), { rtol: 1e-6 }, 'm');
    expectClose(r.out.w!, g.map((x) => (-0.01 * x) / (Math.abs(x) + 1e-7)), { rtol: 1e-4 }, 'w');
  });

  test('adamw: decay first (w = 2 → 2 − 0.01·0.1·2 = 1.998), then the adam step (−0.01)', () => {
    const args = [0.01, 0.9, 0.999, 1e-7, 1 - 0.9, 1 - 0.999] as const;
    const r = tsRun({ w: [2], g: [3], m: [0], v: [0] }, (k, p) => k.f32_adamw(1, p.w!, p.g!, p.m!, p.v!, ...args, 0.1));
    expectClose(r.out.w!, [1.998 - 0.01], { rtol: 1e-6 }, 'adamw');
    // wd = 0 (biases) is exactly adam.
    const a = tsRun({ w: [2], g: [3], m: [0], v: [0] }, (k, p) => k.f32_adam(1, p.w!, p.g!, p.m!, p.v!, ...args));
    const b = tsRun({ w: [2], g: [3], m: [0], v: [0] }, (k, p) => k.f32_adamw(1, p.w!, p.g!, p.m!, p.v!, ...args, 0));
    expect(b.out.w![0]).toBe(a.out.w![0]);
  });

  test('l1l2: g += 0.1·sign(w) + 2·0.01·w, loss = 0.1·Σ|w| + 0.01·Σw²', () => {
    // w = [−2, 0, 3], g = [0, 0, 1]: g = [−0.1 − 0.04, 0, 1 + 0.1 + 0.06] = [−0.14, 0, 1.16]
    // loss = 0.1·5 + 0.01·13 = 0.63
    const r = tsRun({ w: [-2, 0, 3], g: [0, 0, 1] }, (k, p) => {
      k.f32_l1l2_grad(3, p.w!, p.g!, 0.1, 0.01);
      return k.f32_l1l2_loss(3, p.w!, 0.1, 0.01);
    });
    expectClose(r.out.g!, [-0.14, 0, 1.16], { rtol: 1e-6 }, 'l1l2_grad');
    expectClose([r.ret as number], [0.63], { rtol: 1e-6 }, 'l1l2_loss');
  });
});

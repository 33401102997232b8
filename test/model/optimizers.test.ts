// Optimizers through model.fit on a tiny linear model (dense 2 → 1 with bias, MSE, one full batch per
// epoch, no shuffle): each optimizer's weight trajectory must match the tfjs update rule written out
// by hand below in f64. Also gradient clipping (clipNorm: global L2 norm; clipValue: per element).
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { expectClose } from '../harness.js';

const X = [[1, 2], [3, -1], [-0.5, 1.5]];
const Y = [1, -1, 2];
const W0 = [0.5, -0.3], B0 = 0.1;

/** Flat gradient [dw0, dw1, db] of mean((x·w + b − y)²) at p = [w0, w1, b]. */
function grad(p: number[]): number[] {
  const g = [0, 0, 0], n = X.length;
  for (let i = 0; i < n; i++) {
    const pred = X[i]![0]! * p[0]! + X[i]![1]! * p[1]! + p[2]!;
    const d = (2 * (pred - Y[i]!)) / n; // dL/dpred_i, tfjs MSE has no ½
    g[0] += d * X[i]![0]!;
    g[1] += d * X[i]![1]!;
    g[2] += d;
  }
  return g;
}

/** Runs `steps` epochs (= steps, one batch each) and returns [w0, w1, b] after each. */
async function trajectory(optimizer: nn.Optimizer, steps: number): Promise<number[][]> {
  const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
  model.setWeights([nn.tensor2d([[W0[0]!], [W0[1]!]]), nn.tensor1d([B0])]);
  model.compile({ optimizer, loss: 'mse' });
  const out: number[][] = [];
  const snap = () => {
    const [k, b] = model.getWeights();
    out.push([...k!.dataSync(), ...b!.dataSync()]);
  };
  await model.fit(nn.tensor2d(X), nn.tensor2d(Y.map((v) => [v])), {
    epochs: steps, batchSize: X.length, shuffle: false, callbacks: { onEpochEnd: () => snap() },
  });
  return out;
}

/** Expected trajectory: `update(p, g, t)` mutates p in place for step t (1-based). */
function expected(steps: number, update: (p: number[], g: number[], t: number) => void, clip = (g: number[]) => g): number[][] {
  const p = [...W0, B0], out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    update(p, clip(grad(p)), t);
    out.push([...p]);
  }
  return out;
}

function check(actual: number[][], want: number[][], what: string, atol = 1e-6): void {
  expect(actual.length).toBe(want.length);
  // The weights must actually move (a no-op optimizer would otherwise only fail on tolerance).
  expect(Math.abs(actual[0]![0]! - W0[0]!)).toBeGreaterThan(1e-4);
  actual.forEach((row, i) => expectClose(row, want[i]!, { atol, rtol: 2e-5 }, `${what} step ${i + 1} [w0,w1,b]`));
}

describe.each(['wasm', 'ts'] as const)('optimizers through fit on %s', (backend) => {
  test('sgd: p −= lr·g', async () => {
    await nn.setBackend(backend);
    const lr = 0.05;
    const want = expected(3, (p, g) => p.forEach((_, i) => (p[i]! -= lr * g[i]!)));
    check(await trajectory(nn.train.sgd(lr), 3), want, 'sgd');
  });

  test.each([false, true])('momentum (nesterov %s): v = μv + g; p −= lr·v or lr·(g + μv)', async (nesterov) => {
    await nn.setBackend(backend);
    const lr = 0.05, mu = 0.9, v = [0, 0, 0];
    const want = expected(3, (p, g) => {
      for (let i = 0; i < 3; i++) {
        v[i] = mu * v[i]! + g[i]!;
        p[i]! -= lr * (nesterov ? g[i]! + mu * v[i]! : v[i]!);
      }
    });
    check(await trajectory(nn.train.momentum(lr, mu, nesterov), 3), want, `momentum nesterov=${nesterov}`);
  });

  test('rmsprop: ms = ρ·ms + (1−ρ)g²; mom = μ·mom + lr·g/√(ms + ε); p −= mom', async () => {
    await nn.setBackend(backend);
    const lr = 0.01, rho = 0.9, mu = 0.5, eps = 1e-7, ms = [0, 0, 0], mom = [0, 0, 0];
    const want = expected(3, (p, g) => {
      for (let i = 0; i < 3; i++) {
        ms[i] = rho * ms[i]! + (1 - rho) * g[i]! ** 2;
        mom[i] = mu * mom[i]! + (lr * g[i]!) / Math.sqrt(ms[i]! + eps);
        p[i]! -= mom[i]!;
      }
    });
    check(await trajectory(nn.train.rmsprop(lr, rho, mu, eps), 3), want, 'rmsprop');
  });

  test('rmsprop centered: mg = ρ·mg + (1−ρ)g; denominator √(ms − mg² + ε)', async () => {
    await nn.setBackend(backend);
    const lr = 0.01, rho = 0.8, mu = 0, eps = 1e-7, ms = [0, 0, 0], mg = [0, 0, 0], mom = [0, 0, 0];
    const want = expected(3, (p, g) => {
      for (let i = 0; i < 3; i++) {
        ms[i] = rho * ms[i]! + (1 - rho) * g[i]! ** 2;
        mg[i] = rho * mg[i]! + (1 - rho) * g[i]!;
        mom[i] = mu * mom[i]! + (lr * g[i]!) / Math.sqrt(ms[i]! - mg[i]! ** 2 + eps);
        p[i]! -= mom[i]!;
      }
    });
    const got = await trajectory(nn.train.rmsprop(lr, rho, mu, eps, true), 3);
    check(got, want, 'rmsprop centered');
    // Centered differs from plain RMSProp from the first step on (denominator 0.8·g²·(1−0.2)... ≠ 0.2·g²).
    const plain = await trajectory(nn.train.rmsprop(lr, rho, mu, eps, false), 1);
    expect(Math.abs(plain[0]![0]! - got[0]![0]!)).toBeGreaterThan(1e-4);
  });

  // NOTE: the kernels hold β2 in f32 (0.999 → 0.99900001), so 1 − β2 is off by 1.3e-5 relative; each step
  // of size ≈ lr then carries ~6e-6·lr of error, which is what ADAM_ATOL allows (3 steps at lr 0.1).
  const ADAM_ATOL = 5e-6;
  const adamStep = (lr: number, b1: number, b2: number, eps: number, wd: number, decayBias = false) => {
    const m = [0, 0, 0], v = [0, 0, 0];
    return (p: number[], g: number[], t: number) => {
      for (let i = 0; i < 3; i++) {
        if (i < 2 || decayBias) p[i]! -= lr * wd * p[i]!; // decoupled decay on the kernel only, never the bias
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        const mHat = m[i]! / (1 - b1 ** t), vHat = v[i]! / (1 - b2 ** t);
        p[i]! -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    };
  };

  test('adam: bias-corrected m̂/(√v̂ + ε), t from 1; defaults lr 1e-3, β 0.9/0.999, ε 1e-7', async () => {
    await nn.setBackend(backend);
    check(await trajectory(nn.train.adam(0.1, 0.8, 0.95, 1e-7), 3), expected(3, adamStep(0.1, 0.8, 0.95, 1e-7, 0)), 'adam', ADAM_ATOL);
    const def = nn.train.adam();
    expect(def.getConfig()).toEqual({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    check(await trajectory(nn.train.adam(), 2), expected(2, adamStep(0.001, 0.9, 0.999, 1e-7, 0)), 'adam defaults', ADAM_ATOL);
  });

  test('adamw: p −= lr·wd·p on kernels (not biases), then the adam step', async () => {
    await nn.setBackend(backend);
    const want = expected(3, adamStep(0.1, 0.9, 0.999, 1e-7, 0.2));
    const got = await trajectory(nn.train.adamw(0.1, 0.9, 0.999, 1e-7, 0.2), 3);
    check(got, want, 'adamw', ADAM_ATOL);
    // Decaying the bias too would have moved it by lr·wd·b ≈ 4e-3 per step: the test can tell.
    const decayAll = expected(3, adamStep(0.1, 0.9, 0.999, 1e-7, 0.2, true));
    expect(Math.abs(got[2]![2]! - decayAll[2]![2]!)).toBeGreaterThan(1e-3);
  });

  test('recompiling with the same optimizer keeps its moments (tfjs); a new optimizer starts fresh', async () => {
    await nn.setBackend(backend);
    const straight = await trajectory(nn.train.adam(0.1), 3);
    const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
    model.setWeights([nn.tensor2d([[W0[0]!], [W0[1]!]]), nn.tensor1d([B0])]);
    const opt = nn.train.adam(0.1);
    const x = nn.tensor2d(X), y = nn.tensor2d(Y.map((v) => [v]));
    const flat = () => model.getWeights().flatMap((t) => Array.from(t.dataSync()));
    model.compile({ optimizer: opt, loss: 'mse' });
    await model.fit(x, y, { epochs: 2, batchSize: 3, shuffle: false });
    model.compile({ optimizer: opt, loss: 'mse', metrics: ['mae'] });
    await model.fit(x, y, { epochs: 1, batchSize: 3, shuffle: false });
    expect(opt.iterations).toBe(3);
    expectClose(flat(), straight[2]!, { atol: 1e-6 }, 'adam 2 + 1 steps across a recompile');
    // A fresh optimizer: zeroed moments and t = 1, so its first step moves every weight by ≈ lr.
    const before = flat();
    model.compile({ optimizer: nn.train.adam(0.1), loss: 'mse' });
    await model.fit(x, y, { epochs: 1, batchSize: 3, shuffle: false });
    flat().forEach((v, i) => expect(Math.abs(v - before[i]!)).toBeCloseTo(0.1, 4));
  });

  test('clipNorm rescales the whole gradient to global L2 norm ≤ clipNorm', async () => {
    await nn.setBackend(backend);
    const lr = 0.1, c = 0.5;
    const clip = (g: number[]) => {
      const norm = Math.hypot(...g);
      return norm > c ? g.map((v) => (v * c) / norm) : g;
    };
    expect(Math.hypot(...grad([...W0, B0]))).toBeGreaterThan(c); // the clip is active
    const want = expected(3, (p, g) => p.forEach((_, i) => (p[i]! -= lr * g[i]!)), clip);
    check(await trajectory(nn.train.sgd(lr, { clipNorm: c }), 3), want, 'sgd clipNorm');
  });

  test('clipValue clamps each gradient element to [−clipValue, clipValue]', async () => {
    await nn.setBackend(backend);
    const lr = 0.1, c = 1;
    const clip = (g: number[]) => g.map((v) => Math.min(c, Math.max(-c, v)));
    const g0 = grad([...W0, B0]);
    expect(g0.some((v) => Math.abs(v) > c) && g0.some((v) => Math.abs(v) < c)).toBe(true); // mixed: some clipped, some not
    const want = expected(3, (p, g) => p.forEach((_, i) => (p[i]! -= lr * g[i]!)), clip);
    check(await trajectory(nn.train.sgd(lr, { clipValue: c }), 3), want, 'sgd clipValue');
  });
});

test('switching backends between fits keeps the weights and the optimizer state', async () => {
  const run = async (backends: ('wasm' | 'ts')[]) => {
    await nn.setBackend(backends[0]!);
    const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
    model.setWeights([nn.tensor2d([[W0[0]!], [W0[1]!]]), nn.tensor1d([B0])]);
    model.compile({ optimizer: nn.train.adam(0.1), loss: 'mse' });
    for (const b of backends) {
      await nn.setBackend(b);
      await model.fit(nn.tensor2d(X), nn.tensor2d(Y.map((v) => [v])), { epochs: 1, batchSize: 3, shuffle: false });
    }
    return model.getWeights().flatMap((t) => Array.from(t.dataSync()));
  };
  const straight = await run(['ts', 'ts', 'ts']);
  expectClose(await run(['wasm', 'ts', 'wasm']), straight, { atol: 1e-6 }, 'adam, 3 steps across backend switches');
});

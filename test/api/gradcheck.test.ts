// nn.gradCheck: every layer type, activation, loss and regularizer passes a central-difference check in
// f64 (< 1e-6), and a deliberately broken backward is caught. The check itself runs in the f64 TS
// backend; the model lives on the backend under test (its weights are copied from there).
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { createTsBackend64 } from '../../src/backend/ts/f64.js';
import { Dense, type DenseArgs } from '../../src/layers/dense.js';
import type { LayerPlan, PlanContext } from '../../src/layers/layer.js';
import { rand } from '../harness.js';

const PASS = 1e-6;
const N = 8; // samples
const x = nn.tensor2d(rand(N * 3, 11), [N, 3]);
const yReg = nn.tensor2d(rand(N * 2, 12), [N, 2]);
const yBin = nn.tensor2d(Array.from({ length: N * 2 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0), [N, 2]);
const labels = Array.from({ length: N }, (_, i) => i % 3);
const yOneHot = nn.tensor2d(labels.flatMap((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0))), [N, 3]);
const ySparse = nn.tensor1d(labels);

function model(layers: nn.Layer[], loss: string, seed = 5): nn.Sequential {
  const m = nn.sequential({ seed, layers });
  m.compile({ optimizer: 'sgd', loss });
  return m;
}

/** The smallest |z| of the first dense layer's pre-activations z = x·W + b: distance to a relu kink. */
function firstKinkDistance(m: nn.Sequential): number {
  const [w, b] = m.getWeights().map((t) => t.dataSync());
  const xs = x.dataSync(), nIn = 3, units = b!.length;
  let min = Infinity;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < units; j++) {
      let z = b![j]!;
      for (let p = 0; p < nIn; p++) z += xs[i * nIn + p]! * w![p * units + j]!;
      min = Math.min(min, Math.abs(z));
    }
  }
  return min;
}

/** Asserts every checked weight passes, with the worst one in the failure message. */
function expectPass(r: nn.GradCheckResult): void {
  const worst = r.weights.reduce((a, b) => (b.maxError > a.maxError ? b : a));
  expect(r.maxError, `${worst.name}[${worst.index}]: analytic ${worst.analytic}, numeric ${worst.numeric}`).toBeLessThan(PASS);
  for (const w of r.weights) expect(w.checked).toBe(w.size);
}

/** A dense layer whose backward is wrong on purpose: one kernel-gradient element, or dx, scaled. */
class BrokenDense extends Dense {
  constructor(args: DenseArgs, private readonly bug: { dW?: number; dx?: number }) {
    super(args);
  }
  override plan(ctx: PlanContext): LayerPlan {
    const p = super.plan(ctx);
    if (!ctx.training) return p;
    const { k, dInput } = ctx, dW = ctx.grad(this.weights[0]!), bug = this.bug, nIn = this.inputSize!;
    return {
      output: p.output,
      dOutput: p.dOutput,
      forward: (m, step) => p.forward(m, step),
      backward(m) {
        p.backward(m);
        if (bug.dW !== undefined) k.f32_vscale(1, dW + 4 * 2, dW + 4 * 2, bug.dW); // element 2 of the kernel grad
        if (bug.dx !== undefined && dInput) k.f32_vscale(m * nIn, dInput, dInput, bug.dx); // dL/dx of every sample
      },
    };
  }
}

describe.each(['wasm', 'ts'] as const)('gradCheck (model on %s)', (backend) => {
  beforeAll(async () => {
    await nn.setBackend(backend);
  });

  describe('dense with each activation (hidden layer, and output layer except relu/leakyRelu)', () => {
    it.each(['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'softmax'] as const)('%s', (act) => {
      // relu/leakyRelu only in the first layer, where the distance to the kink is checked below.
      const out = act === 'relu' || act === 'leakyRelu' ? 'linear' : act;
      const m = model([nn.layers.dense({ units: 4, inputShape: [3], activation: act, biasInitializer: 'randomNormal' }), nn.layers.dense({ units: 2, activation: out })], 'mse');
      if (act === 'relu' || act === 'leakyRelu') expect(firstKinkDistance(m)).toBeGreaterThan(1e-3); // ≫ ε·|x| ≤ 1e-4
      expectPass(nn.gradCheck(m, x, yReg));
    });

    it('relu with every unit dead: zero gradients read 0, not round-off over round-off', () => {
      // |x·W| ≤ 3·0.87 (glorot limit for 3 → 5) < 5, so z = x·W − 5 < 0 everywhere.
      const m = model([nn.layers.dense({ units: 5, inputShape: [3], activation: 'relu', biasInitializer: nn.initializers.constant({ value: -5 }) }), nn.layers.dense({ units: 2 })], 'mse');
      expect(firstKinkDistance(m)).toBeGreaterThan(1);
      const r = nn.gradCheck(m, x, yReg);
      expectPass(r);
      for (const w of r.weights.slice(0, 3)) expect([w.maxError, w.analytic, w.numeric]).toEqual([0, 0, 0]);
      expect(Math.abs(r.weights[3]!.analytic)).toBeGreaterThan(1e-3); // the output bias still learns
    });
  });

  it('step: derivative 0, checks trivially (a = n = 0 for the weights before it)', () => {
    // NOTE: step is excluded from the "< 1e-6 means correct" set: away from the jump its central
    // difference is exactly 0, as is its derivative, so the check cannot catch anything there.
    const m = model([nn.layers.dense({ units: 4, inputShape: [3], activation: 'step', biasInitializer: 'randomNormal' }), nn.layers.dense({ units: 2 })], 'mse');
    expect(firstKinkDistance(m)).toBeGreaterThan(1e-3); // no sample at the jump
    const r = nn.gradCheck(m, x, yReg);
    const [k1, b1, k2] = r.weights;
    for (const w of [k1!, b1!]) expect([w.maxError, w.analytic, w.numeric]).toEqual([0, 0, 0]);
    expect(Math.abs(k2!.analytic)).toBeGreaterThan(0);
    expect(r.maxError).toBeLessThan(PASS);
  });

  describe('layers', () => {
    it.each([
      ['activation sigmoid', () => nn.layers.activation({ activation: 'sigmoid' })],
      ['activation tanh', () => nn.layers.activation({ activation: 'tanh' })],
      ['activation softmax', () => nn.layers.activation({ activation: 'softmax' })],
      ['softmax', () => nn.layers.softmax()],
      ['leakyReLU', () => nn.layers.leakyReLU({ alpha: 0.2 })],
      ['activation relu', () => nn.layers.activation({ activation: 'relu' })],
    ])('dense → %s → dense', (_, layer) => {
      const m = model([nn.layers.dense({ units: 4, inputShape: [3], biasInitializer: 'randomNormal' }), layer(), nn.layers.dense({ units: 2, activation: 'tanh' })], 'mse');
      expect(firstKinkDistance(m)).toBeGreaterThan(1e-3);
      expectPass(nn.gradCheck(m, x, yReg));
    });

    it.each<[{ center?: boolean; scale?: boolean }]>([
      [{}], [{ center: false }], [{ scale: false }], [{ center: false, scale: false }],
    ])('batchNormalization %j (training mode: batch statistics)', (args) => {
      const m = model([nn.layers.dense({ units: 4, inputShape: [3] }), nn.layers.batchNormalization(args), nn.layers.dense({ units: 2, activation: 'sigmoid' })], 'mse');
      // NOTE: batch norm's loss is strongly curved in the first kernel; at ε = 1e-4 the O(ε²) truncation
      // of the central difference alone reaches ~1e-6 relative, so check at ε = 1e-5.
      const r = nn.gradCheck(m, x, yReg, { epsilon: 1e-5 });
      expectPass(r);
      // The bias before batch norm has gradient 0 (the batch mean removes it): both sides agree on ~0.
      expect(Math.abs(r.weights[1]!.analytic)).toBeLessThan(1e-12);
      expect(r.weights.map((w) => w.name.split('/')[1])).toEqual(
        ['kernel', 'bias', ...(args.scale === false ? [] : ['gamma']), ...(args.center === false ? [] : ['beta']), 'kernel', 'bias'],
      );
    });

    it.each([[undefined], [123]])('dropout (layer seed %s): one fixed mask in every evaluation', (seed) => {
      const dense = () => [nn.layers.dense({ units: 6, inputShape: [3], activation: 'tanh' }), nn.layers.dense({ units: 2 })];
      const [d1, d2] = dense();
      const m = model([d1!, nn.layers.dropout({ rate: 0.5, seed }), d2!], 'mse');
      const r = nn.gradCheck(m, x, yReg, { seed: 7 });
      expectPass(r);
      // Dropout was active: the same weights without it give another loss.
      const plain = model(dense(), 'mse');
      plain.setWeights(m.getWeights());
      expect(Math.abs(nn.gradCheck(plain, x, yReg).loss - r.loss)).toBeGreaterThan(1e-3);
    });
  });

  describe('losses', () => {
    const hidden = () => nn.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' });
    it.each([
      ['meanSquaredError', 'linear', false, yReg],
      ['binaryCrossentropy', 'sigmoid', true, yBin],
      ['binaryCrossentropy', 'softmax', false, yBin],
      ['categoricalCrossentropy', 'softmax', true, yOneHot],
      ['categoricalCrossentropy', 'sigmoid', false, yOneHot],
      ['sparseCategoricalCrossentropy', 'softmax', true, ySparse],
      ['sparseCategoricalCrossentropy', 'sigmoid', false, ySparse],
    ] as const)('%s with a %s output (fused: %s)', (loss, act, fused, y) => {
      const units = y === yReg || y === yBin ? 2 : 3;
      const m = model([hidden(), nn.layers.dense({ units, activation: act })], loss);
      expect(m.boundLoss(currentBackend()).fused).toBe(fused);
      expectPass(nn.gradCheck(m, x, y));
    });

    it('binaryCrossentropy after a sigmoid that is not the last layer (unfused, through the activation layer)', () => {
      const m = model([hidden(), nn.layers.dense({ units: 2, activation: 'sigmoid' }), nn.layers.activation({ activation: 'linear' })], 'binaryCrossentropy');
      expect(m.boundLoss(currentBackend()).fused).toBe(false);
      expectPass(nn.gradCheck(m, x, yBin));
    });

    it('categoricalCrossentropy fused through a softmax() layer', () => {
      const m = model([hidden(), nn.layers.dense({ units: 3 }), nn.layers.softmax()], 'categoricalCrossentropy');
      expect(m.boundLoss(currentBackend()).fused).toBe(true);
      expectPass(nn.gradCheck(m, x, yOneHot));
    });
  });

  it.each([
    ['l1', nn.regularizers.l1({ l1: 0.05 })],
    ['l2', nn.regularizers.l2({ l2: 0.05 })],
    ['l1l2', nn.regularizers.l1l2({ l1: 0.03, l2: 0.04 })],
  ] as const)('%s regularizer on kernels, biases and gamma: penalty in the loss and the gradient', (_, reg) => {
    const layers = (r: nn.Regularizer | undefined) => [
      nn.layers.dense({ units: 4, inputShape: [3], activation: 'tanh', kernelRegularizer: r, biasRegularizer: r, biasInitializer: 'randomNormal' }),
      nn.layers.batchNormalization({ gammaRegularizer: r }),
      nn.layers.dense({ units: 2, kernelRegularizer: r }),
    ];
    const m = model(layers(reg), 'mse');
    const r = nn.gradCheck(m, x, yReg);
    expectPass(r);
    // The checked loss is the data loss plus l1·Σ|w| + l2·Σw² over the regularized weights.
    const plain = model(layers(undefined), 'mse');
    plain.setWeights(m.getWeights());
    const w = m.getWeights().map((t) => Array.from(t.dataSync()));
    const penalized = [w[0]!, w[1]!, w[2]!, w[4]!]; // k1, b1, gamma, k2 (getWeights: k1 b1 γ β k2 b2 | moving stats)
    const penalty = penalized.flat().reduce((s, v) => s + reg.l1 * Math.abs(v) + reg.l2 * v * v, 0);
    expect(r.loss - nn.gradCheck(plain, x, yReg).loss).toBeCloseTo(penalty, 6);
  });

  describe('a broken backward is detected', () => {
    const args = (over: Partial<DenseArgs> = {}): DenseArgs => ({ units: 3, activation: 'tanh', ...over });
    it('one kernel-gradient element off by 50%: that weight reads wrong, the others pass', () => {
      const m = model([new BrokenDense(args({ inputShape: [3] }), { dW: 1.5 }), nn.layers.dense({ units: 2 })], 'mse');
      const r = nn.gradCheck(m, x, yReg);
      const [k1, ...rest] = r.weights;
      expect(k1!.index).toBe(2);
      expect(k1!.maxError).toBeCloseTo(0.5 / 2.5, 6); // |1.5a − a| / (|1.5a| + |a|)
      for (const w of rest) expect(w.maxError).toBeLessThan(PASS);
      expect(r.layers[0]!.maxError).toBe(k1!.maxError);
      expect(r.maxError).toBeGreaterThan(1e-3);
    });

    it('dx off by 1%: the layer itself passes, the weights before it read wrong', () => {
      const m = model([nn.layers.dense({ units: 4, inputShape: [3], activation: 'sigmoid' }), new BrokenDense(args(), { dx: 1.01 }), nn.layers.dense({ units: 2 })], 'mse');
      const r = nn.gradCheck(m, x, yReg);
      expect(r.layers.map((l) => l.maxError < PASS)).toEqual([false, true, true]);
      expect(r.layers[0]!.maxError).toBeGreaterThan(1e-3);
    });
  });

  it('maxChecksPerWeight checks a seeded subset; the model is left unchanged', () => {
    const m = model([nn.layers.dense({ units: 5, inputShape: [3], activation: 'sigmoid' }), nn.layers.dense({ units: 2 })], 'mse');
    const before = m.getWeights().map((t) => Array.from(t.dataSync()));
    const a = nn.gradCheck(m, x, yReg, { maxChecksPerWeight: 3, seed: 1 });
    const b = nn.gradCheck(m, x, yReg, { maxChecksPerWeight: 3, seed: 1 });
    expect(a.weights.map((w) => [w.size, w.checked])).toEqual([[15, 3], [5, 3], [10, 3], [2, 2]]);
    expect(a).toEqual(b);
    expect(a.maxError).toBeLessThan(PASS);
    expect(m.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(before);
    expect(m.weights().backend).toBe(currentBackend());
  });

  it('a model larger than the initial f64 memory (the heap grows while the plan is built)', () => {
    const m = model([nn.layers.dense({ units: 2100, inputShape: [3], activation: 'sigmoid' }), nn.layers.dense({ units: 2 })], 'mse');
    const r = nn.gradCheck(m, x, yReg, { maxChecksPerWeight: 2 });
    expect(r.weights.map((w) => w.checked)).toEqual([2, 2, 2, 2]);
    expect(Math.abs(r.weights[2]!.analytic)).toBeGreaterThan(1e-6);
    expect(r.maxError).toBeLessThan(PASS);
  });

  it('frozen layers are not checked; bad arguments are rejected', () => {
    const m = model([nn.layers.dense({ units: 4, inputShape: [3], activation: 'tanh', trainable: false }), nn.layers.dense({ units: 2 })], 'mse');
    const r = nn.gradCheck(m, x, yReg);
    expect(r.weights.map((w) => w.name.split('/')[1])).toEqual(['kernel', 'bias']);
    expect(r.layers.map((l) => l.name)).toEqual([m.layers[1]!.name]);
    expect(() => nn.gradCheck(m, x, yReg, { epsilon: 0 })).toThrow(nn.ConfigError);
    expect(() => nn.gradCheck(m, x, yReg, { maxChecksPerWeight: 1.5 })).toThrow(/maxChecksPerWeight/);
    expect(() => nn.gradCheck(m, x, nn.tensor2d(rand(N * 3, 1), [N, 3]))).toThrow(nn.ShapeError);
    const uncompiled = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [3] })] });
    expect(() => nn.gradCheck(uncompiled, x, yReg)).toThrow(nn.NotCompiledError);
  });
});

describe('f64 TS backend', () => {
  it('keeps f64 precision where the f32 backend rounds', () => {
    const b = createTsBackend64();
    const p = b.heap.alloc(3 * 4), q = b.heap.alloc(4);
    b.views.f64.set([0.1, 1e-12, 0], p >> 2);
    b.k.f32_bias_act(1, 1, p, 1, p + 4, 0, 0); // y = x + bias, unrounded
    expect(b.views.f64[p >> 2]).toBe(0.1 + 1e-12);
    b.views.i32[q >> 2] = 1; // i32 views live in a separate store at the same offsets
    b.k.f32_gather_rows(1, 1, p, q, p + 8);
    expect(b.views.f64[(p >> 2) + 2]).toBe(1e-12);
    // Growing keeps both stores.
    const big = b.heap.alloc(1 << 20);
    expect(b.views.f64[p >> 2]).toBe(0.1 + 1e-12);
    expect(b.views.i32[q >> 2]).toBe(1);
    expect(b.views.f64.length).toBe(b.memory.buffer.byteLength / 4);
    b.heap.release(big);
  });
});

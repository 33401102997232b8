// nn.gradCheck: compares the gradients backprop computes with central differences of the loss, both
// in f64 (the TS kernels over a Float64Array, src/backend/ts/f64.ts), on a copy of the model's weights.
// In f64 the central difference (L(w+ε) − L(w−ε))/2ε is off by ~ε²·L'''/6 (truncation) plus
// ~2⁻⁵²·|L|/ε (round-off): ~1e-9 for ε = 1e-4, so a correct backward reads ~1e-7 or better.
import { createTsBackend64 } from '../backend/ts/f64.js';
import { ConfigError, ValueError } from '../errors.js';
import { inputRows, targetRows } from '../model/data.js';
import { Plan } from '../model/plan.js';
import type { Sequential } from '../model/sequential.js';
import { penalties, penaltyLoss } from '../model/train.js';
import { WeightStore } from '../model/weights.js';
import { size } from '../layers/layer.js';
import { Random } from '../random.js';
import type { Tensor } from '../tensor.js';

export interface GradCheckArgs {
  /** Perturbation of each weight (absolute). Default 1e-4. */
  epsilon?: number;
  /** Checks at most this many elements of each weight, chosen at random (seeded); default: all. */
  maxChecksPerWeight?: number;
  /** Seeds the element choice and the dropout masks. Default 0. */
  seed?: number;
}

/** The check of one trainable weight. */
export interface WeightCheck {
  /** tfjs weight name, e.g. 'dense_1/kernel'. */
  name: string;
  layer: string;
  /** Elements of the weight, and how many were checked. */
  size: number;
  checked: number;
  /** Largest relative error over the checked elements, and where it was. */
  maxError: number;
  index: number;
  analytic: number;
  numeric: number;
}

export interface GradCheckResult {
  /** Largest relative error over every checked element. */
  maxError: number;
  /** Per trainable weight, in layer order. */
  weights: WeightCheck[];
  /** Per layer with trainable weights: the largest error over its weights. */
  layers: { name: string; maxError: number }[];
  /** The loss (with L1/L2 penalties) at the unperturbed weights, in f64. */
  loss: number;
  /** The floor of |a| + |n| in the relative error (roundoffFloor(loss, epsilon)). */
  tiny: number;
}

/**
 * |a − n| / max(|a| + |n|, tiny). `tiny` keeps a gradient that is zero (the bias of a layer before batch
 * norm, a dead relu unit) from dividing round-off by round-off.
 */
export function relativeError(a: number, n: number, tiny: number): number {
  return Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), tiny);
}

/**
 * The `tiny` of a check: 1e7 × the round-off floor of a central difference in f64, 2⁻⁵²·max(|L|, 1)/ε
 * (≈ 2.2e-5 for ε = 1e-4 and |L| ≤ 1), so a gradient that is zero up to round-off reads ≤ ~1e-7, while
 * a gradient wrong by more than ~tiny/1000 in absolute terms still reads as wrong (> 1e-3).
 */
export function roundoffFloor(loss: number, epsilon: number): number {
  return (1e7 * 2 ** -52 * Math.max(Math.abs(loss), 1)) / epsilon;
}

/**
 * Checks the model's backward pass against central differences of its loss, in f64.
 *
 * For every trainable weight element w (or `maxChecksPerWeight` of them), compares the backprop
 * gradient a = dL/dw with n = (L(w + ε) − L(w − ε)) / 2ε, where L is the compiled loss of the whole
 * batch (x, y) plus the L1/L2 penalties, and reports |a − n| / max(|a| + |n|, tiny) per weight and
 * per layer (tiny: see roundoffFloor). Reading (as CS231n): ~1e-7 or less is great, ~1e-5 is ok for
 * a few elements (kinks), 1e-3 or more means the gradient is wrong. Layers without weights (activation, dropout) are checked
 * through the weights before them.
 *
 * - Runs on a temporary f64 copy of the weights; the model is not changed.
 * - x is one batch: keep it small (the cost is 2 forward passes per checked element).
 * - Dropout uses one fixed mask (the same step) in every evaluation; batch normalization runs in
 *   training mode (batch statistics), whose loss is a deterministic function of the batch.
 * - Kinks: relu/leakyRelu at 0, L1 at w = 0 and the loss clip at ε/1−ε are not differentiable; a
 *   pre-activation within ~ε·|x| of a kink gives a large error there that is not a bug.
 * - step has derivative 0 everywhere it is defined, and so has its central difference (away from
 *   the jump): weights before a step layer check trivially with a = n = 0.
 *
 * The model must be compiled (NotCompiledError otherwise). Options: epsilon (default 1e-4),
 * maxChecksPerWeight (default all), seed (default 0).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({
 *   seed: 1,
 *   layers: [nn.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' }), nn.layers.dense({ units: 2, activation: 'softmax' })],
 * });
 * model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
 * const x = nn.tensor2d([[0.1, -0.2, 0.3], [0.5, 0.4, -0.1]]);
 * const y = nn.tensor2d([[1, 0], [0, 1]]);
 * const check = nn.gradCheck(model, x, y, { maxChecksPerWeight: 5 });
 * console.log(check.maxError < 1e-6, check.layers); // true [{name: 'dense_1', maxError: …}, …]
 * ```
 */

export function gradCheck(model: Sequential, x: Tensor, y: Tensor, args: GradCheckArgs = {}): GradCheckResult {
  const where = `${model.name}.gradCheck`;
  model.requireCompiled('gradCheck');
  const epsilon = args.epsilon ?? 1e-4;
  if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new ConfigError(`${where}: epsilon must be a positive number, got ${String(epsilon)}`);
  }
  const maxChecks = args.maxChecksPerWeight ?? Infinity;
  if (maxChecks !== Infinity && !(Number.isInteger(maxChecks) && maxChecks > 0)) {
    throw new ConfigError(`${where}: maxChecksPerWeight must be a positive integer, got ${String(maxChecks)}`);
  }
  const seed = args.seed ?? 0;
  if (!Number.isInteger(seed)) throw new ConfigError(`${where}: seed must be an integer, got ${String(seed)}`);

  const shapes = model.sampleShapes();
  const { values, n } = inputRows(x, shapes.input, where);
  const targets = targetRows(y, n, shapes.output, model.lossKind!, where);
  if (n === 0) throw new ValueError(`${where}: x has no samples`);
  const initial = model.readWeights();
  const specs = model.layers.flatMap((l) => l.weights);
  const checked = specs.filter((s) => s.trainable);
  if (checked.length === 0) throw new ConfigError(`${where}: the model has no trainable weights to check`);

  const backend = createTsBackend64();
  const store = new WeightStore(specs);
  store.materialize(backend, new Random(seed), initial);
  const loss = model.boundLoss(backend);
  const plan = new Plan(backend, model.layers, store, n, true, new Random(seed), loss);
  try {
    // NOTE: read the view after every allocation (a grow replaces the buffer); none happen below.
    const f = backend.views.f64;
    f.set(values, plan.input >>> 2);
    f.set(targets, plan.target >>> 2);
    const pens = penalties(store);
    // The same step number every time: dropout draws the same mask in every evaluation.
    const evaluate = (grad: number) => {
      plan.forward(n, 0);
      return loss.fn(n, plan.output, plan.target, grad) + penaltyLoss(backend, pens);
    };

    // Analytic: forward, loss gradient, backward, penalty gradients (as trainStep does).
    const L = evaluate(plan.dOutput), tiny = roundoffFloor(L, epsilon);
    plan.backward(n);
    for (const p of pens) backend.k.f32_l1l2_grad(p.n, p.w, p.g, p.l1, p.l2);
    const analytic = checked.map((s) => f.slice(store.gradPtr(s) >>> 2, (store.gradPtr(s) >>> 2) + size(s)));

    const rng = new Random(seed);
    const layerOf = new Map(model.layers.flatMap((l) => l.weights.map((w) => [w, l.name] as const)));
    const weights = checked.map((s, wi): WeightCheck => {
      const base = store.ptr(s) >>> 2, count = size(s);
      const result: WeightCheck = {
        name: s.name, layer: layerOf.get(s)!, size: count, checked: 0, maxError: 0, index: -1, analytic: 0, numeric: 0,
      };
      for (const i of pick(count, maxChecks, rng)) {
        const w = f[base + i]!;
        f[base + i] = w + epsilon;
        const up = evaluate(0);
        f[base + i] = w - epsilon;
        const down = evaluate(0);
        f[base + i] = w;
        const num = (up - down) / (2 * epsilon), a = analytic[wi]![i]!;
        const err = relativeError(a, num, tiny);
        result.checked++;
        const worse = err > result.maxError || (Number.isNaN(err) && !Number.isNaN(result.maxError));
        if (result.index < 0 || worse) Object.assign(result, { maxError: err, index: i, analytic: a, numeric: num });
      }
      return result;
    });

    const layers: { name: string; maxError: number }[] = [];
    for (const w of weights) {
      const last = layers[layers.length - 1];
      if (last?.name === w.layer) last.maxError = maxOf(last.maxError, w.maxError);
      else layers.push({ name: w.layer, maxError: w.maxError });
    }
    return { maxError: weights.reduce((m, w) => maxOf(m, w.maxError), 0), weights, layers, loss: L, tiny };
  } finally {
    plan.dispose();
    store.release();
  }
}

/** max that keeps NaN (a NaN gradient is the worst error, not a skipped one). */
function maxOf(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

/** All indices below `count`, or `max` distinct ones chosen at random (partial Fisher–Yates), ascending. */
function pick(count: number, max: number, rng: Random): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (max >= count) return all;
  for (let i = 0; i < max; i++) {
    const j = i + rng.int(count - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, max).sort((a, b) => a - b);
}

// The training and evaluation loops over a plan. Per step: gather the batch by index (in-kernel),
// forward, fused loss + gradient, backward, regularizer gradients, clipping, one optimizer call.
// Nothing here allocates per step; the only JS work per batch is a few scalar sums.
import type { Backend } from '../backend/backend.js';
import { ValueError } from '../errors.js';
import type { BoundLoss } from '../losses.js';
import { metricSum, type MetricSpec } from '../metrics.js';
import type { ImageAugmentation } from '../data/tensors.js';
import type { Optimizer, ParamRange } from '../optimizers.js';
import type { Random } from '../random.js';
import type { Plan } from './plan.js';
import type { Shards } from './shards.js';
import type { WeightStore } from './weights.js';
import { size } from '../layers/layer.js';

/** The dataset in the heap: rows of x and y, and an index buffer the gathers read batches from. */
export interface Dataset {
  X: number;
  Y: number;
  /** i32 indices: the (shuffled) training order, then the identity for evaluation. */
  idx: number;
  nIn: number;
  nOut: number;
}

/** A weight with a penalty: byte offsets of the weight and its gradient, count, coefficients. */
export interface Penalty {
  w: number;
  g: number;
  n: number;
  l1: number;
  l2: number;
}

/** Everything a step needs, resolved once per fit so that a step allocates nothing. */
export interface StepContext {
  backend: Backend;
  plan: Plan;
  loss: BoundLoss;
  metrics: MetricSpec[];
  optimizer: Optimizer;
  params: number;
  grads: number;
  /** Trainable floats (the length of params and grads). */
  nT: number;
  state: number[];
  ranges: ParamRange[];
  penalties: Penalty[];
  /** Running sums for the epoch: [loss, ...metrics], weighted by samples. */
  sums: Float64Array;
  /** Loss of the last step (for batch callbacks). */
  lastLoss: number;
  /** Applied in place to each gathered training batch (never to validation or evaluation rows). */
  augment: { aug: ImageAugmentation; rng: Random } | null;
  /** Set by fit when the batch is cut across the threads (data parallel); null: one plan on the caller. */
  shards: Shards | null;
}

export function stepContext(
  backend: Backend, plan: Plan, loss: BoundLoss, metrics: MetricSpec[], weights: WeightStore, optimizer: Optimizer,
): StepContext {
  return {
    backend, plan, loss, metrics, optimizer,
    params: weights.params,
    grads: weights.grads,
    nT: weights.trainableCount,
    state: weights.state(optimizer.slots),
    ranges: weights.ranges(),
    penalties: penalties(weights),
    sums: new Float64Array(1 + metrics.length),
    lastLoss: 0,
    augment: null,
    shards: null,
  };
}

/** The weights that carry an L1/L2 penalty (trainable ones only). */
export function penalties(weights: WeightStore): Penalty[] {
  return weights.specs
    .filter((s) => s.regularizer && s.trainable && (s.regularizer.l1 > 0 || s.regularizer.l2 > 0))
    .map((s) => ({ w: weights.ptr(s), g: weights.gradPtr(s), n: size(s), l1: s.regularizer!.l1, l2: s.regularizer!.l2 }));
}

/** Σ l1·|w| + l2·w² over the penalized weights. */
export function penaltyLoss(backend: Backend, list: Penalty[]): number {
  let sum = 0;
  for (const p of list) sum += backend.k.f32_l1l2_loss(p.n, p.w, p.l1, p.l2);
  return sum;
}

/** One optimization step on rows idx[start .. start + m). Returns the batch loss (incl. penalties). */
/** Where a step is, for error messages (passed as numbers: building a string per step would allocate). */
export interface StepPosition {
  epoch: number;
  batch: number;
  batches: number;
}

export function trainStep(c: StepContext, d: Dataset, start: number, m: number, step: number, at: StepPosition): void {
  const { k, views } = c.backend;
  const { plan, optimizer, grads, nT } = c;
  let loss: number;
  if (c.shards !== null && c.augment === null && c.shards.takes(m)) {
    loss = c.shards.run(d, start, m, step, c.metrics, c.sums);
  } else {
    k.f32_gather_rows(m, d.nIn, d.X, d.idx + 4 * start, plan.input);
    k.f32_gather_rows(m, d.nOut, d.Y, d.idx + 4 * start, plan.target);
    if (c.augment) c.augment.aug.applyRows(views.f32, plan.input >>> 2, m, c.augment.rng);
    plan.forward(m, step);
    loss = c.loss.fn(m, plan.output, plan.target, plan.dOutput);
    plan.backward(m);
    metricSums(c.sums, c.metrics, views.f32, plan, m, d.nOut);
  }
  for (let i = 0; i < c.penalties.length; i++) {
    const p = c.penalties[i]!;
    loss += k.f32_l1l2_loss(p.n, p.w, p.l1, p.l2);
    k.f32_l1l2_grad(p.n, p.w, p.g, p.l1, p.l2);
  }
  // The squared gradient norm is checked too: with a finite loss (the TS backend sums it in f64) the
  // gradient can already overflow f32, and applying it would leave Inf/NaN weights behind.
  const sumsq = k.f32_sumsq(nT, grads);
  if (!Number.isFinite(loss) || !Number.isFinite(sumsq)) {
    // NOTE: checked only here, off the hot path: the claim about the weights must be true (an optimizer
    // step can itself leave non-finite weights, which the next step's loss then reports).
    const bad = k.f32_find_nonfinite(nT, c.params);
    throw new ValueError(
      `fit: the ${Number.isFinite(loss) ? `gradient norm became ${Math.sqrt(sumsq)}` : `loss became ${loss}`} at epoch ${at.epoch + 1}, batch ${at.batch + 1} of ${at.batches}; ` +
        (bad < 0
          ? 'the weights are left as they were after the last finite step. '
          : `the weights are not finite either (trainable value ${bad} is ${views.f32[(c.params >>> 2) + bad]}): the last update produced them. `) +
        `Try a lower learning rate (now ${optimizer.learningRate}), gradient clipping (clipNorm), or check the data.`,
    );
  }
  if (optimizer.clipNorm !== undefined) {
    const norm = Math.sqrt(sumsq);
    if (norm > optimizer.clipNorm) k.f32_vscale(nT, grads, grads, optimizer.clipNorm / norm);
  }
  if (optimizer.clipValue !== undefined) k.f32_vclamp(nT, grads, grads, -optimizer.clipValue, optimizer.clipValue);
  optimizer.apply(k, c.params, grads, nT, c.state, c.ranges);
  optimizer.iterations++;
  // The loss goes straight into memory (a Float64Array and a double field): passing a double to or from
  // a non-inlined call would box it, one heap object per step.
  c.sums[0]! += loss * m;
  c.lastLoss = loss;
}

/** Loss and metrics over rows idx[start .. start + count) with an inference plan, batch by batch. */
export function evaluateRows(
  backend: Backend, plan: Plan, loss: BoundLoss, metrics: MetricSpec[], d: Dataset, start: number, count: number,
): Float64Array {
  const sums = new Float64Array(1 + metrics.length);
  for (let b = 0; b < count; b += plan.maxBatch) {
    const m = Math.min(plan.maxBatch, count - b);
    backend.k.f32_gather_rows(m, d.nIn, d.X, d.idx + 4 * (start + b), plan.input);
    backend.k.f32_gather_rows(m, d.nOut, d.Y, d.idx + 4 * (start + b), plan.target);
    plan.forward(m, 0);
    sums[0]! += m * loss.fn(m, plan.output, plan.target, 0);
    metricSums(sums, metrics, backend.views.f32, plan, m, d.nOut);
  }
  for (let i = 0; i < sums.length; i++) sums[i]! /= Math.max(count, 1);
  return sums;
}

export function metricSums(sums: Float64Array, metrics: MetricSpec[], f32: Float32Array, plan: Plan, m: number, nOut: number): void {
  for (let i = 0; i < metrics.length; i++) {
    sums[i + 1]! += metricSum(metrics[i]!.kind, f32, plan.output >>> 2, plan.target >>> 2, m, nOut);
  }
}

/** Resolves after letting the event loop run (setImmediate in Node, a macrotask elsewhere). */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

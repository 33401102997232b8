// nn.tools.gradientNorms(): a fit callback that records each layer's gradient L2 norm, averaged over the
// batches of every epoch, for nn.plot.gradientHealth (vanishing / exploding gradients).
import type { CallbackModel, CustomCallbackArgs } from './callbacks.js';
import { ConfigError } from './errors.js';
import type { Sequential } from './model/sequential.js';
import { size } from './layers/layer.js';

/** Per-layer gradient norms: norms[e][l] is layer l's mean gradient norm in epoch e. */
export interface GradientNormHistory {
  layers: string[];
  epochs: number[];
  norms: number[][];
}

/**
 * Reads the model's gradient block after every batch. After onBatchEnd the block holds the gradients
 * the optimizer just applied (after L1/L2 terms and clipping), so this sees exactly what trained.
 * NOTE: one f32_sumsq per trainable weight per batch; for an MLP that is ~6 kernel calls over data the
 * backward pass just wrote, well under 1% of a step.
 *
 * Made by nn.callbacks.gradientNorms() / nn.tools.gradientNorms(); a second fit of the same model
 * appends to the same history.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({
 *   layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'sigmoid' }), nn.layers.dense({ units: 1 })],
 * });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const norms = new nn.GradientNorms();
 * await model.fit(nn.tensor2d([[0, 1], [1, 0]]), nn.tensor2d([[1], [0]]), { epochs: 3, callbacks: [norms] });
 * const svg = nn.plot.gradientHealth(norms); // one line per layer, log scale
 * ```
 */
export class GradientNorms implements CustomCallbackArgs, GradientNormHistory {
  layers: string[] = [];
  epochs: number[] = [];
  norms: number[][] = [];
  private model: Sequential | null = null;
  /** Per layer: the (pointer, count) of each trainable weight's gradient. */
  private groups: { ptr: number; n: number }[][] = [];
  private sums: Float64Array = new Float64Array(0);
  private k: { f32_sumsq(n: number, x: number): number } | null = null;
  private batches = 0;

  /** @internal Called by fit; anything but a Sequential is a ConfigError. */
  setModel(model: CallbackModel): void {
    // fit passes the Sequential itself; its weight store is where the gradient block lives.
    if (typeof (model as Partial<Sequential>).weights !== 'function' || !('layers' in model)) {
      throw new ConfigError('gradientNorms: expected a Sequential model (use it as a callback of model.fit)');
    }
    this.model = model as Sequential;
  }

  /** @internal Called by fit. */
  onTrainBegin(): void {
    const model = this.model!;
    const store = model.weights();
    const withGrads = model.layers.filter((l) => l.weights.some((w) => w.trainable));
    const names = withGrads.map((l) => l.name);
    // A second fit on the same model continues the same history; another model starts a new one.
    if (names.join('\n') !== this.layers.join('\n')) {
      this.layers = names;
      this.epochs = [];
      this.norms = [];
    }
    this.groups = withGrads.map((l) => l.weights.filter((w) => w.trainable).map((w) => ({ ptr: store.gradPtr(w), n: size(w) })));
    this.sums = new Float64Array(this.groups.length);
    this.k = store.backend!.k;
  }

  /** @internal Called by fit. */
  onEpochBegin(): void {
    this.sums.fill(0);
    this.batches = 0;
  }

  /** @internal Called by fit. */
  onBatchEnd(): void {
    const k = this.k!;
    this.groups.forEach((group, l) => {
      let ss = 0;
      for (const g of group) ss += k.f32_sumsq(g.n, g.ptr);
      this.sums[l]! += Math.sqrt(ss);
    });
    this.batches++;
  }

  /** @internal Called by fit. */
  onEpochEnd(epoch: number): void {
    if (this.batches === 0) return;
    this.epochs.push(epoch);
    this.norms.push(Array.from(this.sums, (s) => s / this.batches));
  }
}

/** A {@link GradientNorms} callback. */
export function gradientNorms(): GradientNorms {

  return new GradientNorms();
}

// nn.tools.gradientNorms(): a fit callback that records, per layer and epoch, the gradient L2 norm
// (averaged over the epoch's batches), the weight L2 norm and the dead-ReLU fraction, for
// nn.plot.gradientHealth and nn.diagnose.gradients (vanishing / exploding gradients, dead units).
import type { CallbackModel, CustomCallbackArgs, Logs } from './callbacks.js';
import { ConfigError, ValueError } from './errors.js';
import type { Layer } from './layers/layer.js';
import { trainingPlans } from './model/plan.js';
import type { Sequential } from './model/sequential.js';
import { size } from './layers/layer.js';

/**
 * Per-layer records, one row per epoch and one column per layer with trainable weights:
 * norms[e][l] is layer l's mean gradient norm in epoch e. weightNorms and deadReLU are optional so
 * that records made before they existed (or by hand) still plot.
 */
export interface GradientNormHistory {
  layers: string[];
  epochs: number[];
  norms: number[][];
  /** weightNorms[e][l]: L2 norm of layer l's trainable weights at the end of epoch e. */
  weightNorms?: number[][];
  /**
   * deadReLU[e][l]: fraction of layer l's ReLU units that output ≤ 0 for every training sample of
   * epoch e; null when layer l's output does not go through a ReLU (NaN when an epoch's first step diverged).
   */
  deadReLU?: (number | null)[][];
}

/** A ReLU output watched for dead units: where it is in the plan and which units fired this epoch. */
interface ReluWatch {
  /** Column in `layers` the fraction is reported under. */
  column: number;
  /** Index in model.layers of the layer whose output is the ReLU's output. */
  layer: number;
  units: number;
  ptr: number;
  alive: Uint8Array;
}

/**
 * Reads the model's gradient block after every batch. After onBatchEnd the block holds the gradients
 * the optimizer just applied (after L1/L2 terms and clipping), so this sees exactly what trained.
 * NOTE: one f32_sumsq per trainable weight per batch; for an MLP that is ~6 kernel calls over data the
 * backward pass just wrote, well under 1% of a step. Dead ReLUs add one pass over the batch × units
 * outputs of each ReLU layer (the training plan's own buffer, read in place after the step).
 *
 * A unit is dead in an epoch when its ReLU output was ≤ 0 for every training sample of that epoch
 * (its gradient was then 0 for all of them, so nothing in that epoch could revive it). The weights
 * change during the epoch, so this is "dead for the whole epoch", the usual definition
 * (cs231n: "never activates across the entire training dataset"). An activation('relu') layer's
 * fraction is reported under the closest preceding layer with weights (the dense or batch norm whose
 * output it rectifies); layers whose output is not rectified get null.
 *
 * Made by nn.callbacks.gradientNorms() / nn.tools.gradientNorms(); a second fit of the same model
 * appends to the same history. An epoch cut short by a diverging step (fit throws) is still recorded.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({
 *   layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), nn.layers.dense({ units: 1 })],
 * });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const norms = new nn.GradientNorms();
 * await model.fit(nn.tensor2d([[0, 1], [1, 0]]), nn.tensor2d([[1], [0]]), { epochs: 3, callbacks: [norms] });
 * console.log(norms.weightNorms[2], norms.deadReLU[2]); // [‖W1‖, ‖W2‖] [fraction dead, null]
 * const svg = nn.plot.gradientHealth(norms); // one line per layer, log scale
 * ```
 */
export class GradientNorms implements CustomCallbackArgs, GradientNormHistory {
  /** @internal Reads the training plan's layer outputs after each batch: fit keeps the batch in one plan. */
  readonly readsLayerOutputs = true;
  layers: string[] = [];
  epochs: number[] = [];
  norms: number[][] = [];
  weightNorms: number[][] = [];
  deadReLU: (number | null)[][] = [];
  private model: Sequential | null = null;
  /** Per layer: the (pointer, count) of each trainable weight and of its gradient. */
  private groups: { ptr: number; grad: number; n: number }[][] = [];
  private relus: ReluWatch[] = [];
  private sums: Float64Array = new Float64Array(0);
  private k: { f32_sumsq(n: number, x: number): number } | null = null;
  private views: { readonly f32: Float32Array } | null = null;
  private batches = 0;
  /** Training samples whose ReLU outputs were scanned this epoch. */
  private samples = 0;
  /** The epoch being trained, until onEpochEnd records it (-1: none pending). */
  private pending = -1;

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
      this.weightNorms = [];
      this.deadReLU = [];
    }
    this.groups = withGrads.map((l) =>
      l.weights.filter((w) => w.trainable).map((w) => ({ ptr: store.ptr(w), grad: store.gradPtr(w), n: size(w) })),
    );
    this.sums = new Float64Array(this.groups.length);
    this.k = store.backend!.k;
    this.views = store.backend!.views;
    const plan = trainingPlans.get(model);
    this.relus = plan ? reluWatches(model.layers, withGrads).map((r) => ({ ...r, ptr: plan.layerOutput(r.layer) })) : [];
    this.pending = -1;
  }

  /** @internal Called by fit. */
  onEpochBegin(epoch: number): void {
    this.sums.fill(0);
    this.batches = 0;
    this.samples = 0;
    for (const r of this.relus) r.alive.fill(0);
    this.pending = epoch;
  }

  /** @internal Called by fit. */
  onBatchEnd(_batch: number, logs?: Logs): void {
    this.addBatch();
    const m = logs?.size ?? 0;
    if (this.relus.length === 0 || m === 0) return;
    this.samples += m;
    // NOTE: the view is fetched per batch: a heap that grew since the last one has a new buffer.
    const f32 = this.views!.f32;
    for (const r of this.relus) {
      const { alive, units } = r;
      let at = r.ptr >>> 2;
      for (let row = 0; row < m; row++, at += units) {
        for (let u = 0; u < units; u++) if (f32[at + u]! > 0) alive[u] = 1;
      }
    }
  }

  /** @internal Called by fit. */
  onEpochEnd(epoch: number): void {
    this.record(epoch);
  }

  /**
   * @internal Called by fit. An epoch still pending here was cut short by a diverging step (fit calls
   * onTrainEnd before rethrowing its ValueError): it is recorded together with the gradient that step
   * computed and the optimizer refused to apply (often non-finite), the evidence for exploding gradients.
   */
  onTrainEnd(): void {
    if (this.pending < 0) return;
    this.addBatch();
    this.record(this.pending);
  }

  /** Adds the gradient block's per-layer norms as one more batch of the epoch. */
  private addBatch(): void {
    const k = this.k!;
    this.groups.forEach((group, l) => {
      let ss = 0;
      for (const g of group) ss += k.f32_sumsq(g.n, g.grad);
      this.sums[l]! += Math.sqrt(ss);
    });
    this.batches++;
  }

  private record(epoch: number): void {
    this.pending = -1;
    if (this.batches === 0) return;
    const k = this.k!;
    this.epochs.push(epoch);
    this.norms.push(Array.from(this.sums, (s) => s / this.batches));
    this.weightNorms.push(this.groups.map((group) => Math.sqrt(group.reduce((ss, w) => ss + k.f32_sumsq(w.n, w.ptr), 0))));
    const dead: (number | null)[] = this.layers.map(() => null);
    // NaN: an epoch whose first step diverged scanned no outputs, so nothing is known about its units.
    for (const r of this.relus) dead[r.column] = this.samples > 0 ? 1 - r.alive.reduce((a, b) => a + b, 0) / r.units : NaN;
    this.deadReLU.push(dead);
  }
}

/**
 * Which layer outputs to watch: a layer with activation 'relu' (its own column), or a weightless
 * activation('relu') layer (the column of the closest preceding layer with weights, if that one is
 * trainable). A later watch of the same column replaces an earlier one (relu(relu(x)) = relu(x)).
 */
function reluWatches(all: Layer[], withGrads: Layer[]): Omit<ReluWatch, 'ptr'>[] {
  const byColumn = new Map<number, Omit<ReluWatch, 'ptr'>>();
  let owner: Layer | null = null;
  all.forEach((layer, i) => {
    if (layer.weights.length > 0) owner = layer;
    const activation = (layer as Partial<{ activation: { name: string } }>).activation;
    if (activation?.name !== 'relu' || owner === null) return;
    const column = withGrads.indexOf(owner);
    if (column < 0) return;
    byColumn.set(column, { column, layer: i, units: layer.outputSize, alive: new Uint8Array(layer.outputSize) });
  });
  return [...byColumn.values()];
}

/** A {@link GradientNorms} callback. */
export function gradientNorms(): GradientNorms {
  return new GradientNorms();
}

/**
 * Checks a gradient record (the callback's, or its JSON) before nn.diagnose.gradients or
 * nn.plot.gradientHealth reads it: layer names, one row per epoch with one number per layer in norms,
 * weightNorms (required when `need` says so) and deadReLU (numbers or null). Non-finite norms are allowed:
 * they are the evidence of exploding gradients.
 */
export function checkGradientRecord(r: Partial<GradientNormHistory> | null | undefined, where: string, need?: 'weightNorms'): asserts r is GradientNormHistory {
  if (!r || typeof r !== 'object' || !Array.isArray(r.layers) || !Array.isArray(r.norms)) {
    throw new ValueError(`${where}: expected the record of nn.callbacks.gradientNorms() ({layers, norms, weightNorms}), got ${r === null ? 'null' : typeof r}`);
  }
  const { layers, norms } = r;
  if (layers.length === 0) throw new ValueError(`${where}: the record has no layer with trainable weights, so there are no gradients to read`);
  const bad = layers.findIndex((name) => typeof name !== 'string');
  if (bad >= 0) throw new ValueError(`${where}: layers[${bad}] must be a layer name, got ${typeof layers[bad]}`);
  if (norms.length === 0) throw new ValueError(`${where}: no epochs recorded; pass the callback to model.fit({callbacks: [...]}) first`);
  if (need === 'weightNorms' && !Array.isArray(r.weightNorms)) throw new ValueError(`${where}: the record has no weightNorms (record it with nn.callbacks.gradientNorms())`);
  const rows = (name: string, table: unknown, nullable = false) => {
    if (table === undefined) return;
    if (!Array.isArray(table) || table.length !== norms.length) {
      throw new ValueError(`${where}: ${name} has ${Array.isArray(table) ? table.length : 'no'} epochs, expected ${norms.length} (as norms)`);
    }
    table.forEach((row: unknown, e) => {
      if (!Array.isArray(row) || row.length !== layers.length) {
        throw new ValueError(`${where}: ${name}[${e}] has ${Array.isArray(row) ? row.length : 'no'} values, expected one per layer (${layers.length})`);
      }
      const l = row.findIndex((v) => typeof v !== 'number' && !(nullable && v === null));
      if (l >= 0) throw new ValueError(`${where}: ${name}[${e}][${l}] must be a number${nullable ? ' or null' : ''}, got ${typeof row[l]}`);
    });
  };
  rows('norms', norms);
  rows('weightNorms', r.weightNorms);
  rows('deadReLU', r.deadReLU, true);
  const epochs = (r as { epochs?: unknown }).epochs;
  if (epochs !== undefined && !(Array.isArray(epochs) && epochs.length === norms.length && epochs.every((e) => Number.isInteger(e) && e >= 0))) {
    throw new ValueError(`${where}: epochs must hold one integer ≥ 0 per recorded epoch (${norms.length})`);
  }
}

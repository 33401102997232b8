// The layer contract. A layer declares its weights and, for a given plan, returns its forward and
// backward as a few kernel calls over fixed buffers (closures over byte offsets: nothing is allocated
// per step). It does not own memory: the model's weight store and the plan's arena do.
import type { Kernels } from '../backend/backend.js';
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import type { Initializer } from '../initializers.js';
import type { Regularizer } from '../regularizers.js';

export interface WeightSpec {
  /** tfjs weight name, e.g. 'dense_1/kernel'. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly initializer: Initializer;
  readonly regularizer: Regularizer | null;
  readonly trainable: boolean;
  /** Biases (and β) get no weight decay in adamw. */
  readonly decay: boolean;
}

/** What a layer gets when a plan is built. Pointers are byte offsets in the backend's memory. */
export interface PlanContext {
  readonly k: Kernels;
  readonly training: boolean;
  readonly maxBatch: number;
  /** The layer's input rows [maxBatch × inputUnits]. */
  readonly input: number;
  /** Where backward writes dL/dinput; 0 when nobody needs it (first layer). */
  readonly dInput: number;
  /** The loss kernel writes dL/d(pre-activation) into dOutput, so the layer skips its activation derivative. */
  readonly lossFused: boolean;
  alloc(floats: number): number;
  weight(spec: WeightSpec): number;
  /** Gradient buffer of a trainable weight. */
  grad(spec: WeightSpec): number;
  /** A fresh 32-bit seed from the run's Random (dropout masks). */
  seed(): number;
}

export interface LayerPlan {
  /** Output rows [maxBatch × units]. May equal the input (identity at inference). */
  readonly output: number;
  /** dL/doutput, written by the next layer's backward or by the loss (training plans only). */
  readonly dOutput: number;
  forward(m: number, step: number): void;
  backward(m: number): void;
}

export interface LayerArgs {
  name?: string;
  /** Input shape without the batch dimension, e.g. [784]. Only on the first layer. */
  inputShape?: number[];
  /** Keras/tfjs spelling of inputShape: [inputDim]. */
  inputDim?: number;
  input_dim?: number;
  batchInputShape?: (number | null)[];
  trainable?: boolean;
}

const counters = new Map<string, number>();
const owners = new WeakMap<object, { readonly name: string }>();

/** tfjs-style unique default names: dense_Dense1, … (we use dense_1, dense_2 as Keras). */
export function uniqueName(prefix: string): string {
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return `${prefix}_${n}`;
}

/**
 * Base class of every layer. Layers are made with the {@link layers} factories and added to a
 * {@link Sequential}; a layer belongs to at most one model.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const dense = nn.layers.dense({ units: 4, inputShape: [3] });
 * console.log(dense instanceof nn.Layer, dense.name, dense.className); // true 'dense_1' 'Dense'
 * ```
 */
export abstract class Layer {
  abstract readonly className: string;
  readonly name: string;
  /** Features per sample this layer was declared to take (first layer), else set by build(). */
  inputUnits: number | null;
  units = 0;
  weights: WeightSpec[] = [];
  /** The model this layer was added to: its weights live in that model's store, so it has one owner. @internal */
  get owner(): { readonly name: string } | null {
    return owners.get(this) ?? null;
  }
  set owner(model: { readonly name: string } | null) {
    // NOTE: a WeakMap, not a field: a field would make model → layers → owner a cycle for JSON.stringify.
    if (model) owners.set(this, model);
    else owners.delete(this);
  }
  built = false;
  trainable: boolean;

  constructor(args: LayerArgs, prefix: string) {
    if (args !== undefined && (typeof args !== 'object' || args === null)) {
      throw new ConfigError(`${prefix}: expected an options object, e.g. {units: 8}, got ${String(args)}`);
    }
    args ??= {};
    this.name = args.name ?? uniqueName(prefix);
    this.trainable = args.trainable ?? true;
    this.inputUnits = declaredInput(args, this.name);
  }

  /**
   * Declares weights and the output width for an input of `inputUnits` features per sample.
   * Sequential.add calls it; a declared inputShape that differs is a ShapeError.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const dense = nn.layers.dense({ units: 4 });
   * dense.build(3);
   * console.log(dense.weights.map((w) => w.shape)); // [[3, 4], [4]]
   * ```
   */
  build(inputUnits: number): void {
    if (this.inputUnits !== null && this.inputUnits !== inputUnits) {
      throw new ShapeError(`${this.name}: declared input shape [${this.inputUnits}] but the previous layer outputs [${inputUnits}]`);
    }
    this.inputUnits = inputUnits;
    this.weights = this.declare(inputUnits);
    this.built = true;
  }

  /** @internal The weights for an input of `inputUnits` features (sets `units`). */
  protected abstract declare(inputUnits: number): WeightSpec[];
  /** @internal Forward and backward as kernel calls over the plan's buffers. */
  abstract plan(ctx: PlanContext): LayerPlan;
  /**
   * The layer's options as written to model.json (the tfjs `config` of the layer's class).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.layers.dense({ units: 8, activation: 'relu' }).getConfig());
   * // { units: 8, activation: 'relu', useBias: true }
   * ```
   */
  abstract getConfig(): Record<string, unknown>;

  /** Output shape with the batch dimension as null, as in summary() and model.json. */
  get outputShape(): (number | null)[] {
    return [null, this.units];
  }

  /**
   * Number of weight values of this layer (0 before it is built, i.e. added to a model).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const bn = nn.layers.batchNormalization({ inputShape: [16] });
   * nn.sequential({ layers: [bn] });
   * console.log(bn.countParams()); // 64: gamma, beta, movingMean, movingVariance
   * ```
   */
  countParams(): number {
    return this.weights.reduce((n, w) => n + size(w), 0);
  }
}

function declaredInput(args: LayerArgs, name: string): number | null {
  const dim = args.inputDim ?? args.input_dim;
  const given = args.inputShape ?? (dim !== undefined ? [dim] : undefined);
  const shape = given ?? (args.batchInputShape ? args.batchInputShape.slice(1) : undefined);
  if (shape === undefined) return null;
  if (!Array.isArray(shape) || shape.length !== 1 || !Number.isInteger(shape[0]) || (shape[0] as number) <= 0) {
    throw new ConfigError(
      `${name}: inputShape must be [features] with a positive integer (simdnn layers take rank-2 [batch, features] input), got ${Array.isArray(shape) ? fmtShape(shape as number[]) : JSON.stringify(shape)}`,
    );
  }
  return shape[0] as number;
}

/** Checks an option is a number in [lo, hi) (or [lo, hi] when `closed`). */
export function checkRange(v: unknown, lo: number, hi: number, where: string, closed = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= lo && (closed ? v <= hi : v < hi);
  if (!ok) throw new ConfigError(`${where} must be a number in [${lo}, ${hi}${closed ? ']' : ')'}, got ${String(v)}`);
  return v as number;
}

/** Checks an option is a finite number ≥ 0 (> 0 when `strict`): an alpha, an epsilon. */
export function checkNonNegative(v: unknown, where: string, strict = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (strict ? v > 0 : v >= 0);
  if (!ok) throw new ConfigError(`${where} must be a finite number ${strict ? '>' : '≥'} 0, got ${String(v)}`);
  return v as number;
}

/** Number of values in a weight (the product of its shape). */
export function size(s: WeightSpec): number {
  return s.shape.reduce((a, b) => a * b, 1);
}

// The layer contract. A layer declares its weights and, for a given plan, returns its forward and
// backward as a few kernel calls over fixed buffers (closures over byte offsets: nothing is allocated
// per step). It does not own memory: the model's weight store and the plan's arena do.
import type { Kernels } from '../backend/backend.js';
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { serializeInitializer, type Initializer } from '../initializers.js';
import { serializeRegularizer, type Regularizer } from '../regularizers.js';

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
  /** The layer's input: maxBatch samples of inputShape, row-major (NHWC for images). */
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
  /** Output: maxBatch samples of outputShape. May equal the input (identity, reshape). */
  readonly output: number;
  /** dL/doutput, written by the next layer's backward or by the loss (training plans only). */
  readonly dOutput: number;
  forward(m: number, step: number): void;
  backward(m: number): void;
}

export interface LayerArgs {
  name?: string;
  /** Input shape without the batch dimension, e.g. [784] or [28, 28, 1]. Only on the first layer. */
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

/** A layer as model.json holds it, before snake_casing: tfjs class name and camelCase config. */
export interface SerializedLayer {
  className: string;
  config: Record<string, unknown>;
}

/** A per-sample shape (no batch dimension): [features], [h, w, c], … */
export type Shape = readonly number[];

/** What declare() returns: the layer's weights and its per-sample output shape. */
export interface Declared {
  weights: WeightSpec[];
  outputShape: number[];
}

/** Largest number of values per sample simdnn accepts (2^26 floats, 256 MB per sample). */
export const MAX_SAMPLE_SIZE = 1 << 26;

/**
 * Base class of every layer. Layers are made with the {@link layers} factories and added to a
 * {@link Sequential}; a layer belongs to at most one model. A layer maps a per-sample input shape to
 * a per-sample output shape (`build`); in memory a batch is always `batch × size(shape)` floats,
 * row-major (NHWC for images), so a layer sees flat rows and the shapes only size its kernels.
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
  /** Per-sample input shape: declared (first layer) or set by build(). */
  inputShape: number[] | null;
  /** Values per input sample (the product of inputShape); null until declared or built. */
  inputSize: number | null;
  /** Values per output sample (the product of the output shape); 0 until built. */
  outputSize = 0;
  weights: WeightSpec[] = [];
  private outShape: number[] | null = null;
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
  /**
   * True when a sample's forward and backward in training read that sample's rows alone (no batch
   * statistics, no random masks), so a training batch may be cut into shards that run on different
   * threads (src/model/shards.ts). False unless a layer says so. @internal
   */
  get perSample(): boolean {
    return false;
  }

  constructor(args: LayerArgs, prefix: string) {
    if (args !== undefined && (typeof args !== 'object' || args === null)) {
      throw new ConfigError(`${prefix}: expected an options object, e.g. {units: 8}, got ${String(args)}`);
    }
    args ??= {};
    this.name = args.name ?? uniqueName(prefix);
    this.trainable = args.trainable ?? true;
    this.inputShape = declaredInput(args, this.name);
    this.inputSize = this.inputShape ? product(this.inputShape) : null;
  }

  /**
   * Declares the weights and output shape for a per-sample input shape (a number n means [n]).
   * Sequential.add calls it; a declared inputShape that differs is a ShapeError.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const dense = nn.layers.dense({ units: 4 });
   * dense.build([3]);
   * console.log(dense.weights.map((w) => w.shape), dense.outputShape); // [[3, 4], [4]] [null, 4]
   * ```
   */
  build(inputShape: Shape | number): void {
    const shape = typeof inputShape === 'number' ? [inputShape] : [...inputShape];
    if (this.inputShape !== null && !sameShape(this.inputShape, shape)) {
      throw new ShapeError(`${this.name}: declared input shape ${fmtShape(this.inputShape)} but the previous layer outputs ${fmtShape(shape)}`);
    }
    const declared = this.declare(shape);
    const out = product(declared.outputShape);
    if (!declared.outputShape.every((d) => Number.isInteger(d) && d > 0) || out > MAX_SAMPLE_SIZE) {
      throw new ShapeError(`${this.name}: input ${fmtShape(shape)} gives output ${fmtShape(declared.outputShape)}, which is empty or larger than ${MAX_SAMPLE_SIZE} values per sample`);
    }
    this.inputShape = shape;
    this.inputSize = product(shape);
    this.weights = declared.weights;
    this.outShape = declared.outputShape;
    this.outputSize = out;
    this.built = true;
  }

  /** @internal The weights and output shape for a per-sample input shape; a ShapeError if the layer cannot take it. */
  protected abstract declare(inputShape: Shape): Declared;
  /** @internal Forward and backward as kernel calls over the plan's buffers. */
  abstract plan(ctx: PlanContext): LayerPlan;
  /**
   * The layer's options in tfjs camelCase, as tfjs's `getConfig()` (model.json stores them snake_cased,
   * with `name`, `trainable` and, for the first layer, `batchInputShape`).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const config = nn.layers.dense({ units: 8, activation: 'relu' }).getConfig();
   * console.log(config.units, config.activation, config.useBias); // 8 'relu' true
   * ```
   */
  abstract getConfig(): Record<string, unknown>;

  /**
   * @internal The TF.js layers this layer saves as: one, [className, getConfig()], except where tfjs
   * has no equivalent (a dense layer with leakyRelu saves as Dense then LeakyReLU).
   */
  serialize(): SerializedLayer[] {
    return [{ className: this.className, config: this.getConfig() }];
  }

  /** Output shape with the batch dimension as null, as in summary() and model.json (throws before build). */
  get outputShape(): (number | null)[] {
    if (!this.outShape) throw new ShapeError(`${this.name}: the output shape is known once the layer is built (added to a model)`);
    return [null, ...this.outShape];
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

function declaredInput(args: LayerArgs, name: string): number[] | null {
  const dim = args.inputDim ?? args.input_dim;
  const given = args.inputShape ?? (dim !== undefined ? [dim] : undefined);
  const shape = given ?? (args.batchInputShape ? args.batchInputShape.slice(1) : undefined);
  if (shape === undefined) return null;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && (d as number) > 0) || product(shape as number[]) > MAX_SAMPLE_SIZE) {
    throw new ConfigError(
      `${name}: inputShape must be a non-empty list of positive integers without the batch dimension (e.g. [784] or [28, 28, 1]), got ${Array.isArray(shape) ? fmtShape(shape as number[]) : JSON.stringify(shape)}`,
    );
  }
  return [...(shape as number[])];
}

/** The number of values in a shape (1 for []). */
export function product(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Rows and row width of a layer that works on the last axis: samples × leading dims, last dim. */
export function lastAxis(shape: Shape): { rows: number; width: number } {
  return { rows: product(shape.slice(0, -1)), width: shape[shape.length - 1]! };
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
  return product(s.shape);
}

/** A boolean option (undefined → fallback); anything else is a ConfigError. */
export function checkBool(v: unknown, fallback: boolean, where: string): boolean {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new ConfigError(`${where} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** One of `allowed` (undefined → the first); anything else is a ConfigError listing them. */
export function checkChoice<T extends string>(v: unknown, allowed: readonly T[], where: string): T {
  if (v === undefined || v === null) return allowed[0]!;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(`${where} must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** A window size, stride or dilation: n or [h, w] of integers ≥ 1 (tfjs's kernelSize, strides, …). */
export function checkPair(v: unknown, fallback: number | [number, number], where: string): [number, number] {
  const given = v === undefined || v === null ? fallback : v;
  const pair = typeof given === 'number' ? [given, given] : given;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((d) => Number.isInteger(d) && d >= 1 && d <= MAX_SAMPLE_SIZE)) {
    throw new ConfigError(`${where} must be an integer ≥ 1 or a pair [height, width] of them, got ${JSON.stringify(v)}`);
  }
  return [pair[0] as number, pair[1] as number];
}

/** The kernel/bias part of a dense or convolution config, as tfjs writes it (no constraints or activity regularizer). */
export function kernelBiasConfig(init: { kernel: Initializer; bias: Initializer }, reg: { kernel: Regularizer | null; bias: Regularizer | null }): Record<string, unknown> {
  return {
    kernelInitializer: serializeInitializer(init.kernel),
    biasInitializer: serializeInitializer(init.bias),
    kernelRegularizer: serializeRegularizer(reg.kernel),
    biasRegularizer: serializeRegularizer(reg.bias),
    activityRegularizer: null,
    kernelConstraint: null,
    biasConstraint: null,
  };
}

// Optimizers with tfjs names, argument order and defaults (tf.train.*), plus adamw and gradient
// clipping. Each one updates the model's flat trainable block in one kernel call per step (adamw:
// one per decay range, so biases and batch-norm β/γ get no weight decay).
import type { Kernels } from './backend/backend.js';
import { ConfigError } from './errors.js';

export interface ParamRange {
  /** Byte offsets of the weights and gradients, element count, and whether weight decay applies. */
  w: number;
  g: number;
  n: number;
  decay: boolean;
}

/** Gradient clipping options, the last argument of every nn.train.* factory. */
export interface OptimizerConfig {
  /** Clip each gradient element to [−clipValue, clipValue] (Keras `clipvalue`). */
  clipValue?: number;
  /** Rescale the whole gradient so its global L2 norm is at most clipNorm (Keras `global_clipnorm`). */
  clipNorm?: number;
}

/**
 * Base class of the optimizers made by {@link train}. `learningRate` may be changed between steps
 * (nn.callbacks.learningRateScheduler does); `iterations` counts the steps taken.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const opt = nn.train.adam(0.01);
 * console.log(opt instanceof nn.Optimizer, opt.className, opt.learningRate); // true 'Adam' 0.01
 * ```
 */
export abstract class Optimizer {
  abstract readonly className: string;
  learningRate: number;
  clipValue: number | undefined;
  clipNorm: number | undefined;
  /** Number of n-sized state blocks (momentum: 1, adam: 2, …). */
  abstract readonly slots: number;
  /** Steps taken (Adam's t). */
  iterations = 0;

  constructor(learningRate: number, config: OptimizerConfig = {}) {
    this.learningRate = positive(learningRate, `${this.constructor.name}: learningRate`);
    if (typeof config !== 'object' || config === null) throw new ConfigError(`${this.constructor.name}: expected {clipValue?, clipNorm?} as the last argument, got ${String(config)}`);
    this.clipValue = config.clipValue === undefined ? undefined : positive(config.clipValue, 'clipValue', true);
    this.clipNorm = config.clipNorm === undefined ? undefined : positive(config.clipNorm, 'clipNorm', true);
  }

  /** @internal One update of the block [w, w + 4n) from gradients g; state[i] are this optimizer's slots. */
  abstract apply(k: Kernels, w: number, g: number, n: number, state: number[], ranges: ParamRange[]): void;

  /**
   * The optimizer's settings (tfjs names), e.g. for logging a run.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.train.momentum(0.01, 0.9).getConfig()); // { learningRate: 0.01, momentum: 0.9, useNesterov: false }
   * ```
   */
  abstract getConfig(): Record<string, unknown>;
}

/** A finite number ≥ 0, or > 0 when `strict` (epsilon: 0 divides by zero when a moment is 0; a clip of 0 zeros every gradient). */
function positive(v: unknown, where: string, strict = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (strict ? v <= 0 : v < 0)) throw new ConfigError(`${where} must be a finite number ${strict ? '>' : '≥'} 0, got ${String(v)}`);
  return v;
}

function fraction(v: number, where: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new ConfigError(`${where} must be in [0, 1), got ${String(v)}`);
  return v;
}

/**
 * Plain gradient descent: w -= learningRate·g. Made by nn.train.sgd.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: new nn.SGD(0.1), loss: 'meanSquaredError' }); // = nn.train.sgd(0.1)
 * ```
 */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly slots = 0;
  /** @internal */
  apply(k: Kernels, w: number, g: number, n: number): void {
    k.f32_sgd(n, w, g, this.learningRate);
  }
  getConfig() {
    return { learningRate: this.learningRate };
  }
}

/**
 * SGD with momentum, as tf.train.momentum: v = momentum·v + g, w -= learningRate·v (Nesterov:
 * w -= learningRate·(g + momentum·v)). Made by nn.train.momentum.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const opt = new nn.Momentum(0.01, 0.9, true); // = nn.train.momentum(0.01, 0.9, true)
 * console.log(opt.useNesterov); // true
 * ```
 */
export class Momentum extends Optimizer {
  readonly className = 'Momentum';
  readonly slots = 1;
  constructor(lr: number, readonly momentum: number, readonly useNesterov = false, config?: OptimizerConfig) {
    super(lr, config);
    fraction(momentum, 'momentum: momentum');
  }
  /** @internal */
  apply(k: Kernels, w: number, g: number, n: number, state: number[]): void {
    k.f32_momentum(n, w, g, state[0]!, this.learningRate, this.momentum, this.useNesterov ? 1 : 0);
  }
  getConfig() {
    return { learningRate: this.learningRate, momentum: this.momentum, useNesterov: this.useNesterov };
  }
}

/**
 * RMSProp, as tf.train.rmsprop (defaults decay 0.9, momentum 0, epsilon 1e-7, centered false).
 * Made by nn.train.rmsprop.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const opt = new nn.RMSProp(0.001, 0.9, 0, 1e-7, true); // centered
 * console.log(opt.getConfig().centered); // true
 * ```
 */
export class RMSProp extends Optimizer {
  readonly className = 'RMSProp';
  readonly slots: number;
  constructor(lr: number, readonly decay = 0.9, readonly momentum = 0, readonly epsilon = 1e-7, readonly centered = false, config?: OptimizerConfig) {
    super(lr, config);
    fraction(decay, 'rmsprop: decay');
    fraction(momentum, 'rmsprop: momentum');
    positive(epsilon, 'rmsprop: epsilon', true);
    this.slots = centered ? 3 : 2;
  }
  /** @internal */
  apply(k: Kernels, w: number, g: number, n: number, state: number[]): void {
    k.f32_rmsprop(n, w, g, state[0]!, state[1]!, this.centered ? state[2]! : 0, this.learningRate, this.decay, this.momentum, this.epsilon);
  }
  getConfig() {
    return { learningRate: this.learningRate, decay: this.decay, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

/**
 * Adam, as tf.train.adam (defaults learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7), with
 * bias correction computed in f64. Made by nn.train.adam; the optimizer 'adam' is `new Adam()`.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: new nn.Adam(0.01), loss: 'meanSquaredError' });
 * ```
 */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly slots = 2;
  constructor(lr = 0.001, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly epsilon = 1e-7, config?: OptimizerConfig) {
    super(lr, config);
    fraction(beta1, 'adam: beta1');
    fraction(beta2, 'adam: beta2');
    positive(epsilon, 'adam: epsilon', true);
  }
  /** @internal Bias correction 1 − β^t for the step about to run (t counts from 1), computed in f64. */
  protected correction(beta: number): number {
    return 1 - Math.pow(beta, this.iterations + 1);
  }
  /** @internal */
  apply(k: Kernels, w: number, g: number, n: number, state: number[], _ranges: ParamRange[]): void {
    k.f32_adam(n, w, g, state[0]!, state[1]!, this.learningRate, this.beta1, this.beta2, this.epsilon, this.correction(this.beta1), this.correction(this.beta2));
  }
  getConfig(): Record<string, unknown> {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter 2019): w -= learningRate·weightDecay·w each
 * step besides the Adam update; Keras default weightDecay 0.004. Biases and batch-norm β/γ get no
 * decay. Made by nn.train.adamw.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const opt = new nn.AdamW(0.001, 0.9, 0.999, 1e-7, 0.01);
 * console.log(opt.getConfig().weightDecay); // 0.01
 * ```
 */
export class AdamW extends Adam {
  override readonly className = 'AdamW';
  constructor(lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, readonly weightDecay = 0.004, config?: OptimizerConfig) {
    super(lr, beta1, beta2, epsilon, config);
    positive(weightDecay, 'adamw: weightDecay');
  }
  /** @internal */
  override apply(k: Kernels, _w: number, _g: number, _n: number, state: number[], ranges: ParamRange[]): void {
    const bc1 = this.correction(this.beta1), bc2 = this.correction(this.beta2);
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i]!;
      const off = r.w - ranges[0]!.w; // state blocks are laid out like the weights
      k.f32_adamw(r.n, r.w, r.g, state[0]! + off, state[1]! + off, this.learningRate, this.beta1, this.beta2, this.epsilon, bc1, bc2, r.decay ? this.weightDecay : 0);
    }
  }
  override getConfig() {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }
}

/**
 * Optimizer factories with tf.train names, argument order and defaults, plus adamw. The last
 * argument of each, `{clipValue, clipNorm}`, clips gradients (Keras clipvalue / global_clipnorm).
 * @namespace
 */
export const train = {
  /**
   * Gradient descent with a fixed `learningRate` (required, as tf.train.sgd).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: nn.train.sgd(0.1), loss: 'meanSquaredError' });
   * ```
   */
  sgd: (learningRate: number, config?: OptimizerConfig) => new SGD(learningRate, config),
  /**
   * SGD with momentum (required, in [0, 1)), optionally Nesterov, as tf.train.momentum.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const opt = nn.train.momentum(0.01, 0.9, true, { clipNorm: 1 });
   * console.log(opt.getConfig()); // { learningRate: 0.01, momentum: 0.9, useNesterov: true }
   * ```
   */
  momentum: (learningRate: number, momentum: number, useNesterov = false, config?: OptimizerConfig) =>
    new Momentum(learningRate, momentum, useNesterov, config),
  /**
   * RMSProp, as tf.train.rmsprop: decay 0.9, momentum 0, epsilon 1e-7, centered false by default.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: nn.train.rmsprop(0.001), loss: 'meanSquaredError' });
   * ```
   */
  rmsprop: (learningRate: number, decay = 0.9, momentum = 0, epsilon = 1e-7, centered = false, config?: OptimizerConfig) =>
    new RMSProp(learningRate, decay, momentum, epsilon, centered, config),
  /**
   * Adam, as tf.train.adam: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7 by default.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: nn.train.adam(0.01, 0.9, 0.999, 1e-7, { clipValue: 5 }), loss: 'meanSquaredError' });
   * ```
   */
  adam: (learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, config?: OptimizerConfig) =>
    new Adam(learningRate, beta1, beta2, epsilon, config),
  /**
   * AdamW (Adam with decoupled weight decay; biases and β/γ are not decayed): defaults as adam plus
   * weightDecay 0.004 (Keras).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: nn.train.adamw(0.001, 0.9, 0.999, 1e-7, 0.01), loss: 'meanSquaredError' });
   * ```
   */
  adamw: (learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, weightDecay = 0.004, config?: OptimizerConfig) =>
    new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, config),
};

/** Optimizers by name, with Keras's default learning rates ('sgd' 0.01, others 0.001; momentum 0.9). */
const BY_NAME: Record<string, () => Optimizer> = {
  sgd: () => new SGD(0.01),
  momentum: () => new Momentum(0.01, 0.9),
  rmsprop: () => new RMSProp(0.001),
  adam: () => new Adam(),
  adamw: () => new AdamW(),
};

export type OptimizerIdentifier = 'sgd' | 'momentum' | 'rmsprop' | 'adam' | 'adamw' | Optimizer;

export function getOptimizer(id: unknown): Optimizer {
  if (id instanceof Optimizer) return id;
  const make = typeof id === 'string' && Object.hasOwn(BY_NAME, id.toLowerCase()) ? BY_NAME[id.toLowerCase()] : undefined;
  if (!make) throw new ConfigError(`compile: unknown optimizer ${JSON.stringify(id)}; expected one of ${Object.keys(BY_NAME).join(', ')} or an nn.train.* optimizer`);
  return make();
}

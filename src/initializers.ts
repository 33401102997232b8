// Weight initializers with tfjs-layers 4.22 names, defaults and formulas. All are seeded: an
// initializer without its own seed draws from the model's Random, so a model seed fixes every weight.
//
// Variance scaling (Glorot/Xavier, He, LeCun), as tfjs: scale /= max(1, fan) with fan = fanIn, fanOut or
// their mean; 'normal' draws from a normal truncated at 2σ with σ = sqrt(scale) (tfjs applies no
// truncation correction factor; Keras ≥ 2.3 divides σ by 0.8796 — we follow tfjs);
// 'uniform' draws from U(−limit, limit) with limit = sqrt(3·scale).
import { ConfigError } from './errors.js';
import { Random } from './random.js';

/**
 * What {@link initializers} return, and what a custom initializer implements.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * // A custom initializer: the identity matrix (for a square kernel).
 * const identity: nn.Initializer = {
 *   className: 'Identity',
 *   fill(out, shape) {
 *     out.fill(0);
 *     for (let i = 0; i < Math.min(shape[0]!, shape[1] ?? 1); i++) out[i * (shape[1] ?? 1) + i] = 1;
 *   },
 *   getConfig: () => ({}),
 * };
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [2], kernelInitializer: identity })] });
 * console.log(model.getWeights()[0]!.arraySync()); // [[1, 0], [0, 1]]
 * ```
 */
export interface Initializer {
  /** tfjs class name written to model.json, e.g. 'VarianceScaling'. */
  readonly className: string;
  /**
   * Fills `out` (a [fanIn, fanOut] kernel or a vector) using `rng` unless the initializer has its own seed.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * // fill is called when a model's weights are created; an initializer's values show in getWeights():
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 3, inputShape: [2], kernelInitializer: nn.initializers.constant({ value: 0.5 }) })] });
   * console.log(model.getWeights()[0]!.dataSync()); // six 0.5s
   * ```
   */
  fill(out: Float32Array, shape: readonly number[], rng: Random): void;
  /**
   * The initializer's options as written to model.json.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.initializers.heNormal().getConfig());
   * // { scale: 2, mode: 'fanIn', distribution: 'normal', seed: null }
   * ```
   */
  getConfig(): Record<string, unknown>;
}

type Fan = 'fanIn' | 'fanOut' | 'fanAvg';

/**
 * fanIn and fanOut of a weight shape, as tfjs's computeFans: [in, out] for a matrix; for a
 * channels-last convolution kernel [kh, kw, …, cin, cout], cin and cout times the receptive field
 * kh·kw·…; otherwise √size for both.
 */
export function fans(shape: readonly number[]): [number, number] {
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  if (shape.length >= 3 && shape.length <= 5) {
    const field = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    return [shape[shape.length - 2]! * field, shape[shape.length - 1]! * field];
  }
  const n = Math.sqrt(shape.reduce((a, b) => a * b, 1));
  return [n, n];
}

function pick(seed: number | undefined, rng: Random): Random {
  return seed === undefined ? rng : new Random(seed);
}

class Constant implements Initializer {
  constructor(
    readonly className: string,
    private readonly value: number,
  ) {}
  fill(out: Float32Array): void {
    out.fill(this.value);
  }
  getConfig(): Record<string, unknown> {
    return this.className === 'Constant' ? { value: this.value } : {};
  }
}

class RandomDist implements Initializer {
  constructor(
    readonly className: 'RandomNormal' | 'RandomUniform' | 'TruncatedNormal',
    private readonly a: number,
    private readonly b: number,
    private readonly seed?: number,
  ) {}
  fill(out: Float32Array, _shape: readonly number[], rng: Random): void {
    const r = pick(this.seed, rng);
    for (let i = 0; i < out.length; i++) {
      if (this.className === 'RandomUniform') out[i] = this.a + (this.b - this.a) * r.uniform();
      else if (this.className === 'RandomNormal') out[i] = r.normal(this.a, this.b);
      else out[i] = r.truncatedNormal(this.a, this.b);
    }
  }
  getConfig(): Record<string, unknown> {
    const seed = this.seed ?? null;
    return this.className === 'RandomUniform'
      ? { minval: this.a, maxval: this.b, seed }
      : { mean: this.a, stddev: this.b, seed };
  }
}

class VarianceScaling implements Initializer {
  readonly className = 'VarianceScaling';
  constructor(
    private readonly scale: number,
    private readonly mode: Fan,
    private readonly distribution: 'normal' | 'uniform',
    private readonly seed?: number,
  ) {}
  fill(out: Float32Array, shape: readonly number[], rng: Random): void {
    const [fanIn, fanOut] = fans(shape);
    const fan = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, fan);
    const r = pick(this.seed, rng);
    if (this.distribution === 'normal') {
      const stddev = Math.sqrt(scale);
      for (let i = 0; i < out.length; i++) out[i] = r.truncatedNormal(0, stddev);
    } else {
      const limit = Math.sqrt(3 * scale);
      for (let i = 0; i < out.length; i++) out[i] = limit * (2 * r.uniform() - 1);
    }
  }
  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

export interface SeedArgs {
  seed?: number;
}

/**
 * Weight initializers with tfjs-layers names, defaults and formulas (tf.initializers.*). Pass one as a
 * layer's kernelInitializer / biasInitializer, or pass its name ('heNormal', Keras 'he_normal', …).
 * Unseeded ones draw from the model's seed, so a model seed fixes every weight.
 * @namespace
 */
export const initializers = {
  /**
   * All zeros (the default bias initializer).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], biasInitializer: nn.initializers.zeros() });
   * ```
   */
  zeros: (): Initializer => new Constant('Zeros', 0),
  /**
   * All ones (batch norm's default gamma).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [2], kernelInitializer: nn.initializers.ones() })] });
   * console.log(model.getWeights()[0]!.dataSync()); // [1, 1, 1, 1]
   * ```
   */
  ones: (): Initializer => new Constant('Ones', 1),
  /**
   * Every value equal to `value` (a finite number; anything else is a ConfigError).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], biasInitializer: nn.initializers.constant({ value: 0.1 }) });
   * ```
   */
  constant: (args: { value: number }): Initializer => new Constant('Constant', checkNumber(args?.value, 'constant', 'value')),
  /**
   * Normal draws, as tf.initializers.randomNormal: mean 0, stddev 0.05 by default; `seed` fixes them (else the model's seed does).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], kernelInitializer: nn.initializers.randomNormal({ stddev: 0.01, seed: 1 }) });
   * ```
   */
  randomNormal: (a: { mean?: number; stddev?: number; seed?: number } = {}): Initializer =>
    new RandomDist('RandomNormal', a.mean ?? 0, a.stddev ?? 0.05, a.seed),
  /**
   * Uniform draws in [minval, maxval), as tf.initializers.randomUniform: default [-0.05, 0.05).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], kernelInitializer: nn.initializers.randomUniform({ minval: -0.1, maxval: 0.1 }) });
   * ```
   */
  randomUniform: (a: { minval?: number; maxval?: number; seed?: number } = {}): Initializer =>
    new RandomDist('RandomUniform', a.minval ?? -0.05, a.maxval ?? 0.05, a.seed),
  /**
   * Normal draws redrawn until within mean ± 2·stddev, as tf.initializers.truncatedNormal: mean 0, stddev 0.05 by default.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], kernelInitializer: nn.initializers.truncatedNormal({ stddev: 0.1 }) });
   * ```
   */
  truncatedNormal: (a: { mean?: number; stddev?: number; seed?: number } = {}): Initializer =>
    new RandomDist('TruncatedNormal', a.mean ?? 0, a.stddev ?? 0.05, a.seed),
  /**
   * Variance scaling, as tf.initializers.varianceScaling: with fan = fanIn, fanOut or their mean (`mode`,
   * default 'fanIn') and s = scale / max(1, fan) (scale default 1), 'normal' (default) draws from a
   * normal truncated at 2σ with σ = √s (no truncation correction, as tfjs), 'uniform' from U(−√(3s), √(3s)).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const init = nn.initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' }); // = heUniform
   * nn.layers.dense({ units: 4, inputShape: [2], kernelInitializer: init });
   * ```
   */
  varianceScaling: (a: { scale?: number; mode?: Fan; distribution?: 'normal' | 'uniform'; seed?: number } = {}): Initializer => {
    // A typo ('fan_in', 'truncated') would otherwise silently pick another formula.
    const scale = checkNumber(a.scale ?? 1, 'varianceScaling', 'scale');
    if (!(scale > 0)) throw new ConfigError(`varianceScaling: scale must be > 0, got ${scale}`);
    const mode = a.mode ?? 'fanIn', distribution = a.distribution ?? 'normal';
    if (!['fanIn', 'fanOut', 'fanAvg'].includes(mode)) throw new ConfigError(`varianceScaling: mode must be 'fanIn', 'fanOut' or 'fanAvg', got ${JSON.stringify(mode)}`);
    if (!['normal', 'uniform'].includes(distribution)) {
      throw new ConfigError(`varianceScaling: distribution must be 'normal' (truncated at 2σ) or 'uniform', got ${JSON.stringify(distribution)}`);
    }
    return new VarianceScaling(scale, mode, distribution, a.seed);
  },
  /**
   * Glorot (Xavier) normal: varianceScaling with scale 1, mode 'fanAvg', truncated normal. The default dense kernel initializer.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], kernelInitializer: nn.initializers.glorotNormal({ seed: 7 }) });
   * ```
   */
  glorotNormal: (a: SeedArgs = {}): Initializer => new VarianceScaling(1, 'fanAvg', 'normal', a.seed),
  /**
   * Glorot (Xavier) uniform: U(−limit, limit), limit = √(6 / (fanIn + fanOut)).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], kernelInitializer: nn.initializers.glorotUniform() });
   * // or by name: kernelInitializer: 'glorotUniform'
   * ```
   */
  glorotUniform: (a: SeedArgs = {}): Initializer => new VarianceScaling(1, 'fanAvg', 'uniform', a.seed),
  /**
   * He normal: varianceScaling with scale 2, mode 'fanIn', truncated normal; suits relu layers.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], activation: 'relu', kernelInitializer: nn.initializers.heNormal() });
   * ```
   */
  heNormal: (a: SeedArgs = {}): Initializer => new VarianceScaling(2, 'fanIn', 'normal', a.seed),
  /**
   * He uniform: U(−limit, limit), limit = √(6 / fanIn).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], activation: 'relu', kernelInitializer: nn.initializers.heUniform({ seed: 3 }) });
   * ```
   */
  heUniform: (a: SeedArgs = {}): Initializer => new VarianceScaling(2, 'fanIn', 'uniform', a.seed),
  /**
   * LeCun normal: varianceScaling with scale 1, mode 'fanIn', truncated normal.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], kernelInitializer: nn.initializers.leCunNormal() });
   * ```
   */
  leCunNormal: (a: SeedArgs = {}): Initializer => new VarianceScaling(1, 'fanIn', 'normal', a.seed),
  /**
   * LeCun uniform: U(−limit, limit), limit = √(3 / fanIn).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 4, inputShape: [2], kernelInitializer: nn.initializers.leCunUniform() });
   * ```
   */
  leCunUniform: (a: SeedArgs = {}): Initializer => new VarianceScaling(1, 'fanIn', 'uniform', a.seed),
};

/** Names accepted wherever an initializer goes: tfjs camelCase, Keras snake_case and the Xavier aliases. */
const ALIASES: Record<string, keyof typeof initializers> = {
  zeros: 'zeros', ones: 'ones',
  randomNormal: 'randomNormal', random_normal: 'randomNormal',
  randomUniform: 'randomUniform', random_uniform: 'randomUniform',
  truncatedNormal: 'truncatedNormal', truncated_normal: 'truncatedNormal',
  glorotNormal: 'glorotNormal', glorot_normal: 'glorotNormal', xavierNormal: 'glorotNormal',
  glorotUniform: 'glorotUniform', glorot_uniform: 'glorotUniform', xavierUniform: 'glorotUniform',
  heNormal: 'heNormal', he_normal: 'heNormal',
  heUniform: 'heUniform', he_uniform: 'heUniform',
  leCunNormal: 'leCunNormal', lecun_normal: 'leCunNormal',
  leCunUniform: 'leCunUniform', lecun_uniform: 'leCunUniform',
};

export type InitializerIdentifier = keyof typeof ALIASES | Initializer;

/** Resolves a name or an Initializer; unknown names are a ConfigError that lists the valid ones. */
export function getInitializer(id: InitializerIdentifier | string | SerializedInitializer, where: string): Initializer {
  if (typeof id === 'object' && id !== null && typeof (id as Initializer).fill === 'function') return id as Initializer;
  if (typeof id === 'object' && id !== null && typeof (id as SerializedInitializer).className === 'string') {
    return fromSerialized(id as SerializedInitializer, where);
  }
  const key = typeof id === 'string' && Object.hasOwn(ALIASES, id) ? ALIASES[id] : undefined;
  if (!key) {
    throw new ConfigError(`${where}: unknown initializer ${JSON.stringify(id)}; expected one of ${Object.keys(ALIASES).join(', ')}`);
  }
  return (initializers[key] as () => Initializer)();
}

function checkNumber(v: unknown, where: string, arg: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(`${where}: ${arg} must be a finite number, got ${String(v)}`);
  return v;
}

/** An initializer as tfjs serializes it (model.json's, camelCased): {className, config}. */
export interface SerializedInitializer {
  className: string;
  config?: Record<string, unknown>;
}

/** The class names {@link getInitializer} reads from a serialized initializer. */
export const SERIALIZED_INITIALIZERS = ['Zeros', 'Ones', 'Constant', 'RandomNormal', 'RandomUniform', 'TruncatedNormal', 'VarianceScaling'];

/** The {className, config} form of an initializer (what tfjs's serializeInitializer gives). */
export function serializeInitializer(init: Initializer): SerializedInitializer {
  return { className: init.className, config: init.getConfig() };
}

function fromSerialized(s: SerializedInitializer, where: string): Initializer {
  const c = s.config ?? {};
  if (typeof c !== 'object' || c === null) throw new ConfigError(`${where}: ${s.className} config must be an object, got ${String(c)}`);
  const num = (k: string): number | undefined => {
    const v = c[k];
    if (v === undefined || v === null) return undefined;
    return checkNumber(v, where, `${s.className}.${k}`);
  };
  const seed = num('seed');
  switch (s.className) {
    case 'Zeros': return initializers.zeros();
    case 'Ones': return initializers.ones();
    case 'Constant': return initializers.constant({ value: num('value') ?? 0 });
    case 'RandomNormal': return initializers.randomNormal({ mean: num('mean'), stddev: num('stddev'), seed });
    case 'RandomUniform': return initializers.randomUniform({ minval: num('minval'), maxval: num('maxval'), seed });
    case 'TruncatedNormal': return initializers.truncatedNormal({ mean: num('mean'), stddev: num('stddev'), seed });
    case 'VarianceScaling': {
      const mode = typeof c.mode === 'string' ? c.mode.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()) : 'fanIn';
      if (mode !== 'fanIn' && mode !== 'fanOut' && mode !== 'fanAvg') throw new ConfigError(`${where}: unknown VarianceScaling mode ${JSON.stringify(c.mode)}; expected fanIn, fanOut or fanAvg`);
      const distribution = c.distribution ?? 'normal';
      if (distribution !== 'normal' && distribution !== 'uniform' && distribution !== 'truncatedNormal' && distribution !== 'truncated_normal') {
        throw new ConfigError(`${where}: unknown VarianceScaling distribution ${JSON.stringify(distribution)}; expected normal or uniform`);
      }
      return initializers.varianceScaling({ scale: num('scale'), mode, distribution: distribution === 'uniform' ? 'uniform' : 'normal', seed });
    }
    default:
      throw new ConfigError(`${where}: unknown initializer class ${JSON.stringify(s.className)}; expected one of ${SERIALIZED_INITIALIZERS.join(', ')}`);
  }
}

// Weight initializers with tfjs-layers 4.22 names, defaults and formulas. All are seeded: an
// initializer without its own seed draws from the model's Random, so a model seed fixes every weight.
//
// Variance scaling (Glorot/Xavier, He, LeCun), as tfjs: scale /= max(1, fan) with fan = fanIn, fanOut or
// their mean; 'normal' draws from a normal truncated at 2σ with σ = sqrt(scale) (tfjs applies no
// truncation correction factor; Keras ≥ 2.3 divides σ by 0.8796 — we follow tfjs);
// 'uniform' draws from U(−limit, limit) with limit = sqrt(3·scale).
import { ConfigError } from './errors.js';
import { Random } from './random.js';

export interface Initializer {
  readonly className: string;
  /** Fills `out` (a [fanIn, fanOut] kernel or a vector) using `rng` unless the initializer has its own seed. */
  fill(out: Float32Array, shape: readonly number[], rng: Random): void;
  getConfig(): Record<string, unknown>;
}

type Fan = 'fanIn' | 'fanOut' | 'fanAvg';

function fans(shape: readonly number[]): [number, number] {
  if (shape.length === 2) return [shape[0]!, shape[1]!];
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

export const initializers = {
  zeros: (): Initializer => new Constant('Zeros', 0),
  ones: (): Initializer => new Constant('Ones', 1),
  constant: (args: { value: number }): Initializer => new Constant('Constant', checkNumber(args?.value, 'constant', 'value')),
  randomNormal: (a: { mean?: number; stddev?: number; seed?: number } = {}): Initializer =>
    new RandomDist('RandomNormal', a.mean ?? 0, a.stddev ?? 0.05, a.seed),
  randomUniform: (a: { minval?: number; maxval?: number; seed?: number } = {}): Initializer =>
    new RandomDist('RandomUniform', a.minval ?? -0.05, a.maxval ?? 0.05, a.seed),
  truncatedNormal: (a: { mean?: number; stddev?: number; seed?: number } = {}): Initializer =>
    new RandomDist('TruncatedNormal', a.mean ?? 0, a.stddev ?? 0.05, a.seed),
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
  glorotNormal: (a: SeedArgs = {}): Initializer => new VarianceScaling(1, 'fanAvg', 'normal', a.seed),
  glorotUniform: (a: SeedArgs = {}): Initializer => new VarianceScaling(1, 'fanAvg', 'uniform', a.seed),
  heNormal: (a: SeedArgs = {}): Initializer => new VarianceScaling(2, 'fanIn', 'normal', a.seed),
  heUniform: (a: SeedArgs = {}): Initializer => new VarianceScaling(2, 'fanIn', 'uniform', a.seed),
  leCunNormal: (a: SeedArgs = {}): Initializer => new VarianceScaling(1, 'fanIn', 'normal', a.seed),
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
export function getInitializer(id: InitializerIdentifier | string, where: string): Initializer {
  if (typeof id === 'object' && id !== null && typeof (id as Initializer).fill === 'function') return id as Initializer;
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

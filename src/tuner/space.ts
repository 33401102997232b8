// Search-space dimensions (uniform, logUniform, int, choice, beta): their checks, sampling, grid points,
// and the [0, 1]^d encoding the Bayesian surrogate works in.
import { ConfigError, ValueError } from '../errors.js';
import type { Random } from '../random.js';

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;
export type DimensionKind = 'uniform' | 'logUniform' | 'int' | 'choice' | 'beta';

/** One searched hyper-parameter, made by nn.tuner.uniform / logUniform / int / choice / beta. */
export interface Dimension {
  readonly kind: DimensionKind;
  readonly low?: number;
  readonly high?: number;
  /** int only: spacing of the values (default 1). */
  readonly step?: number;
  /** int only: sample on a log scale. */
  readonly log?: boolean;
  /** choice only: the candidate values. */
  readonly values?: readonly ParamValue[];
  /** Number of grid-search points for a continuous range (int: every step unless given). */
  readonly grid?: number;
}

/** The search space: a Dimension per searched name, or a plain value for a fixed parameter. */
export type Space = Record<string, Dimension | ParamValue>;

function checkRange(where: string, low: number, high: number): void {
  if (typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high)) {
    throw new ConfigError(`${where}: low and high must be finite numbers, got low ${String(low)}, high ${String(high)}`);
  }
  if (!(low < high)) throw new ConfigError(`${where}: low must be < high, got low ${low}, high ${high}`);
}

function checkOptions(where: string, options: unknown): void {
  if (options === null || typeof options !== 'object') throw new ConfigError(`${where}: options must be an object, got ${String(options)}`);
}

/** A parameter value the tuner can record, encode and compare: a finite number, a string or a boolean. */
export function isParamValue(v: unknown): v is ParamValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Throws a ConfigError naming `where` unless every value of `params` is a ParamValue. */
export function checkParams(params: Record<string, unknown>, where: string): void {
  for (const [name, v] of Object.entries(params)) {
    if (!isParamValue(v)) throw new ConfigError(`${where}.${name} must be a finite number, a string or a boolean, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
  }
}

function checkGrid(where: string, grid: number | undefined): void {
  if (grid !== undefined && !(Number.isInteger(grid) && grid >= 2)) {
    throw new ConfigError(`${where}: grid must be an integer ≥ 2 (the number of grid points), got ${String(grid)}`);
  }
}

/** Implementation of a Dimension; the search recognizes dimensions by this class. */
export class Dim implements Dimension {
  readonly low?: number;
  readonly high?: number;
  readonly step?: number;
  readonly log?: boolean;
  readonly values?: readonly ParamValue[];
  readonly grid?: number;

  constructor(readonly kind: DimensionKind, fields: Omit<Dimension, 'kind'>) {
    Object.assign(this, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  }

  /** Coordinates in the [0, 1] encoding: one per number, one-hot for a choice. */
  get width(): number {
    return this.kind === 'choice' ? this.values!.length : 1;
  }

  /** The interval the unit coordinate maps onto linearly (log scales as natural logs). */
  private span(): [number, number] {
    const lo = this.low!, hi = this.high!;
    switch (this.kind) {
      case 'logUniform':
        return [Math.log(lo), Math.log(hi)];
      // 1 − β is what is log-uniform: [1 − high, 1 − low].
      case 'beta':
        return [Math.log(1 - hi), Math.log(1 - lo)];
      // NOTE: ints span [low − step/2, top + step/2] so that rounding gives the end values their fair
      // share (log ints have step 1).
      case 'int': {
        const half = (this.step ?? 1) / 2;
        return this.log ? [Math.log(lo - half), Math.log(this.top() + half)] : [lo - half, this.top() + half];
      }
      default:
        return [lo, hi];
    }
  }

  /** The largest value low + k·step ≤ high. */
  private top(): number {
    const step = this.step ?? 1;
    return this.low! + step * Math.floor((this.high! - this.low!) / step + 1e-9);
  }

  /** Maps unit coordinates (width of them) to a value. */
  decode(u: ArrayLike<number>, at = 0): ParamValue {
    if (this.kind === 'choice') {
      let best = 0;
      for (let i = 1; i < this.values!.length; i++) if (u[at + i]! > u[at + best]!) best = i;
      return this.values![best]!;
    }
    const [a, b] = this.span();
    const t = Math.min(1, Math.max(0, u[at]!));
    const x = a + t * (b - a);
    switch (this.kind) {
      case 'logUniform':
        return Math.min(this.high!, Math.max(this.low!, Math.exp(x)));
      case 'beta':
        return Math.min(this.high!, Math.max(this.low!, 1 - Math.exp(x)));
      case 'int': {
        const v = this.log ? Math.exp(x) : x;
        const step = this.step ?? 1;
        return Math.min(this.top(), Math.max(this.low!, this.low! + step * Math.round((v - this.low!) / step)));
      }
      default:
        return Math.min(this.high!, Math.max(this.low!, x));
    }
  }

  /** Writes the unit coordinates of `v` into out[at…]; values off the range are clamped. */
  encode(v: ParamValue | undefined, out: Float64Array, at: number): void {
    if (this.kind === 'choice') {
      for (let i = 0; i < this.values!.length; i++) out[at + i] = this.values![i] === v ? 1 : 0;
      return;
    }
    const [a, b] = this.span();
    let x = typeof v === 'number' ? v : (this.low! + this.high!) / 2;
    if (this.kind === 'logUniform' || (this.kind === 'int' && this.log)) x = Math.log(Math.max(x, 1e-300));
    else if (this.kind === 'beta') x = Math.log(Math.max(1 - x, 1e-300));
    out[at] = Math.min(1, Math.max(0, (x - a) / (b - a)));
  }

  /** One random value: uniform over the choices, else uniform in the (log) span. */
  sample(rng: Random): ParamValue {
    if (this.kind === 'choice') return this.values![rng.int(this.values!.length)]!;
    return this.decode([rng.uniform()]);
  }

  /** The grid-search values, ascending (choices in the order given). */
  gridPoints(name: string): ParamValue[] {
    if (this.kind === 'choice') return [...this.values!];
    if (this.kind === 'int' && this.grid === undefined) {
      const out: number[] = [];
      for (let v = this.low!; v <= this.top() + 1e-9; v += this.step ?? 1) out.push(v);
      return out;
    }
    if (this.grid === undefined) {
      throw new ConfigError(
        `tuner.search: grid search over the continuous dimension '${name}' (${this.kind}(${this.low}, ${this.high})) needs a point count, ` +
          `e.g. nn.tuner.${this.kind}(${this.low}, ${this.high}, { grid: 4 })`,
      );
    }
    const n = this.grid;
    if (this.kind === 'int') {
      // Linear: evenly spaced step indices, so every point is low + k·step (int(0, 10, {step: 3, grid: 3}) → 0, 6, 9).
      const step = this.step ?? 1, last = Math.round((this.top() - this.low!) / step);
      const lo = Math.log(this.low!), hi = Math.log(this.top());
      const pts = Array.from({ length: n }, (_, i) =>
        this.log ? Math.round(Math.exp(lo + ((hi - lo) * i) / (n - 1))) : this.low! + step * Math.round((last * i) / (n - 1)),
      );
      return [...new Set(pts)];
    }
    // Geometric points for logUniform (and for 1 − β), evenly spaced ones for uniform; ends exact.
    return Array.from({ length: n }, (_, i) => {
      if (i === 0) return this.low!;
      if (i === n - 1) return this.high!;
      const t = i / (n - 1);
      if (this.kind === 'logUniform') return Math.exp(Math.log(this.low!) + t * (Math.log(this.high!) - Math.log(this.low!)));
      if (this.kind === 'beta') return 1 - Math.exp(Math.log(1 - this.low!) + t * (Math.log(1 - this.high!) - Math.log(1 - this.low!)));
      return this.low! + t * (this.high! - this.low!);
    });
  }

  /** A plain description for toJSON and for comparing spaces on resume. */
  describe(): object {
    return { kind: this.kind, low: this.low, high: this.high, step: this.step, log: this.log, values: this.values, grid: this.grid };
  }
}

export function uniform(low: number, high: number, options: { grid?: number } = {}): Dimension {
  checkRange('tuner.uniform', low, high);
  checkOptions('tuner.uniform', options);
  checkGrid('tuner.uniform', options.grid);
  return new Dim('uniform', { low, high, grid: options.grid });
}

export function logUniform(low: number, high: number, options: { grid?: number } = {}): Dimension {
  checkRange('tuner.logUniform', low, high);
  if (!(low > 0)) throw new ConfigError(`tuner.logUniform: low must be > 0 (the range is sampled on a log scale), got ${low}`);
  checkOptions('tuner.logUniform', options);
  checkGrid('tuner.logUniform', options.grid);
  return new Dim('logUniform', { low, high, grid: options.grid });
}

export function int(low: number, high: number, options: { step?: number; log?: boolean; grid?: number } = {}): Dimension {
  const where = 'tuner.int';
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new ConfigError(`${where}: low and high must be integers, got low ${String(low)}, high ${String(high)}`);
  checkRange(where, low, high);
  checkOptions(where, options);
  const step = options.step;
  if (step !== undefined && !(Number.isInteger(step) && step >= 1)) throw new ConfigError(`${where}: step must be an integer ≥ 1, got ${String(step)}`);
  if (options.log && step !== undefined && step !== 1) throw new ConfigError(`${where}: log: true cannot be combined with step ${step} (as Optuna)`);
  if (options.log && low < 1) throw new ConfigError(`${where}: log: true needs low ≥ 1, got ${low}`);
  checkGrid(where, options.grid);
  return new Dim('int', { low, high, step, log: options.log || undefined, grid: options.grid });
}

export function choice(values: readonly ParamValue[]): Dimension {
  const where = 'tuner.choice';
  if (!Array.isArray(values) || values.length === 0) throw new ConfigError(`${where}: expected a non-empty array of values, got ${JSON.stringify(values)}`);
  for (const v of values) {
    if (!isParamValue(v)) throw new ValueError(`${where}: values must be finite numbers, strings or booleans, got ${String(v)}`);
  }
  if (new Set(values).size !== values.length) throw new ValueError(`${where}: values must be distinct, got ${JSON.stringify(values)}`);
  return new Dim('choice', { values: [...values] });
}

export function beta(low: number, high: number, options: { grid?: number } = {}): Dimension {
  checkRange('tuner.beta', low, high);
  if (!(low >= 0 && high < 1)) throw new ConfigError(`tuner.beta: expected 0 ≤ low < high < 1, got low ${low}, high ${high}`);
  checkOptions('tuner.beta', options);
  checkGrid('tuner.beta', options.grid);
  return new Dim('beta', { low, high, grid: options.grid });
}

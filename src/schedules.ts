// nn.schedules: learning-rate schedules as plain functions of (epoch, lr0), epoch counting from 0.
// Formulas and option names follow keras.optimizers.schedules, with the epoch in place of the step.
import { ConfigError, ValueError } from './errors.js';

/** The learning rate for `epoch` (0-based), given the optimizer's initial rate lr0. */
export type LearningRateSchedule = (epoch: number, lr0: number) => number;

function finite(value: unknown, what: string, ok: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new ConfigError(`${what} must be ${expected}, got ${String(value)}`);
  }
  return value;
}

/** Wraps a schedule so a bad epoch or lr0 fails loudly instead of returning NaN. */
function schedule(name: string, f: LearningRateSchedule): LearningRateSchedule {
  // fromInitial: learningRateScheduler passes the rate fit began with (not the current one).
  return Object.assign((epoch: number, lr0: number) => {
    if (typeof epoch !== 'number' || !Number.isFinite(epoch) || epoch < 0) {
      throw new ValueError(`${name}: epoch must be a finite number ≥ 0, got ${String(epoch)}`);
    }
    if (typeof lr0 !== 'number' || !Number.isFinite(lr0)) {
      throw new ValueError(`${name}: lr0 must be a finite number, got ${String(lr0)}`);
    }
    return f(epoch, lr0);
  }, { fromInitial: true });
}

export interface DecayOptions {
  decayRate: number;
  /** Epochs per unit of decay. Default 1. */
  decaySteps?: number;
  /** Decay in whole units: p = floor(epoch / decaySteps). Default false. */
  staircase?: boolean;
}

function decayArgs(name: string, args: DecayOptions, ok: (v: number) => boolean, expected: string) {
  if (typeof args !== 'object' || args === null) throw new ConfigError(`${name}: expected an options object {decayRate, ...}, got ${String(args)}`);
  const decayRate = finite(args.decayRate, `${name}: decayRate`, ok, expected);
  const decaySteps = finite(args.decaySteps ?? 1, `${name}: decaySteps`, (v) => v > 0, 'a number > 0');
  const staircase = args.staircase ?? false;
  if (typeof staircase !== 'boolean') throw new ConfigError(`${name}: staircase must be a boolean, got ${String(staircase)}`);
  const progress = (epoch: number) => (staircase ? Math.floor(epoch / decaySteps) : epoch / decaySteps);
  return { decayRate, progress };
}

/**
 * lr = lr0 / (1 + decayRate·p), p = epoch / decaySteps (floored when staircase); Keras InverseTimeDecay.
 * decayRate ≥ 0; decaySteps default 1.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const schedule = nn.schedules.inverseTimeDecay({ decayRate: 0.5 });
 * console.log(schedule(0, 0.1), schedule(2, 0.1)); // 0.1 0.05
 * // in training: callbacks: [nn.callbacks.learningRateScheduler(schedule)]
 * ```
 */
export function inverseTimeDecay(args: DecayOptions): LearningRateSchedule {
  const name = 'inverseTimeDecay';
  const { decayRate, progress } = decayArgs(name, args, (v) => v >= 0, 'a number ≥ 0');
  return schedule(name, (epoch, lr0) => lr0 / (1 + decayRate * progress(epoch)));
}

/**
 * lr = lr0 · decayRate^p, p = epoch / decaySteps (floored when staircase); Keras ExponentialDecay.
 * decayRate > 0; decaySteps default 1.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const schedule = nn.schedules.exponentialDecay({ decayRate: 0.5, decaySteps: 10, staircase: true });
 * console.log(schedule(9, 0.1), schedule(10, 0.1), schedule(25, 0.1)); // 0.1 0.05 0.025
 * ```
 */
export function exponentialDecay(args: DecayOptions): LearningRateSchedule {
  const name = 'exponentialDecay';
  const { decayRate, progress } = decayArgs(name, args, (v) => v > 0, 'a number > 0');
  return schedule(name, (epoch, lr0) => lr0 * decayRate ** progress(epoch));
}

/**
 * lr = k / √(epoch + 1): the k/√t schedule with t = epoch + 1 counting from 1; k defaults to lr0.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const schedule = nn.schedules.inverseSqrtDecay();
 * console.log(schedule(0, 0.1), schedule(3, 0.1)); // 0.1 0.05
 * ```
 */
export function inverseSqrtDecay(args: { k?: number } = {}): LearningRateSchedule {
  const name = 'inverseSqrtDecay';
  if (typeof args !== 'object' || args === null) throw new ConfigError(`${name}: expected an options object {k?}, got ${String(args)}`);
  const k = args.k === undefined ? undefined : finite(args.k, `${name}: k`, (v) => v > 0, 'a number > 0');
  return schedule(name, (epoch, lr0) => (k ?? lr0) / Math.sqrt(epoch + 1));
}

/**
 * values[0] while epoch ≤ boundaries[0], values[i] while boundaries[i−1] < epoch ≤ boundaries[i], and the
 * last value after the last boundary; Keras PiecewiseConstantDecay. The values are absolute: lr0 is ignored.
 * NOTE: boundaries are inclusive as in Keras: boundaries [10] keeps values[0] for epochs 0..10 (11 epochs).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const schedule = nn.schedules.piecewiseConstant({ boundaries: [10, 20], values: [0.1, 0.01, 0.001] });
 * console.log(schedule(10, 0), schedule(11, 0), schedule(30, 0)); // 0.1 0.01 0.001
 * ```
 */

export function piecewiseConstant(args: { boundaries: number[]; values: number[] }): LearningRateSchedule {
  const name = 'piecewiseConstant';
  if (typeof args !== 'object' || args === null) throw new ConfigError(`${name}: expected an options object {boundaries, values}, got ${String(args)}`);
  const { boundaries, values } = args;
  if (!Array.isArray(boundaries)) throw new ConfigError(`${name}: boundaries must be an array of numbers, got ${String(boundaries)}`);
  if (!Array.isArray(values)) throw new ConfigError(`${name}: values must be an array of numbers, got ${String(values)}`);
  if (values.length !== boundaries.length + 1) {
    throw new ConfigError(`${name}: values must have boundaries.length + 1 = ${boundaries.length + 1} entries, got ${values.length}`);
  }
  boundaries.forEach((b, i) => {
    const after = i === 0 ? -Infinity : boundaries[i - 1]!;
    finite(b, `${name}: boundaries[${i}]`, (v) => v > after, i === 0 ? 'a number' : `a number > boundaries[${i - 1}] = ${after}`);
  });
  values.forEach((v, i) => finite(v, `${name}: values[${i}]`, () => true, 'a finite number'));
  const b = [...boundaries], vals = [...values]; // copies: later edits to the caller's arrays do not leak in
  return schedule(name, (epoch) => {
    let i = 0;
    while (i < b.length && epoch > b[i]!) i++;
    return vals[i]!;
  });
}

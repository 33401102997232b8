// Metrics reported by fit/evaluate, with tfjs's history keys. Each metric accumulates a sum over the
// samples of a batch straight from the heap (no allocation per batch) and reports sum / count.
import { ConfigError } from './errors.js';
import type { LossKind } from './losses.js';

export type MetricKind = 'binaryAccuracy' | 'categoricalAccuracy' | 'mse' | 'mae';

export interface MetricSpec {
  /** History key: 'acc' for accuracy (as tfjs), else the name given. */
  readonly key: string;
  readonly kind: MetricKind;
}

const NAMES: Record<string, MetricKind | 'accuracy'> = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  binaryAccuracy: 'binaryAccuracy',
  binary_accuracy: 'binaryAccuracy',
  categoricalAccuracy: 'categoricalAccuracy',
  categorical_accuracy: 'categoricalAccuracy',
  mse: 'mse',
  meanSquaredError: 'mse',
  mean_squared_error: 'mse',
  mae: 'mae',
  meanAbsoluteError: 'mae',
  mean_absolute_error: 'mae',
};

/** 'accuracy' means binary accuracy for one output or binary CE, categorical accuracy otherwise (tfjs). */
export function getMetrics(ids: unknown, loss: LossKind, outputUnits: number): MetricSpec[] {
  const list = ids === undefined ? [] : Array.isArray(ids) ? ids : [ids];
  return list.map((id): MetricSpec => {
    const kind = typeof id === 'string' && Object.hasOwn(NAMES, id) ? NAMES[id] : undefined;
    if (!kind) throw new ConfigError(`compile: unknown metric ${JSON.stringify(id)}; expected one of ${Object.keys(NAMES).join(', ')}`);
    if (kind === 'accuracy') {
      const binary = outputUnits === 1 || loss === 'binaryCrossentropy';
      return { key: 'acc', kind: binary ? 'binaryAccuracy' : 'categoricalAccuracy' };
    }
    return { key: id as string, kind };
  });
}

/**
 * Per-sample sum of a metric over m rows of y (outputs) and t (targets), both [m × n] float rows in
 * `f32` at float offsets Y and T. Categorical accuracy compares row argmaxes (first maximum wins).
 */
export function metricSum(kind: MetricKind, f32: Float32Array, Y: number, T: number, m: number, n: number): number {
  let sum = 0;
  switch (kind) {
    case 'categoricalAccuracy':
      for (let i = 0; i < m; i++) sum += argmax(f32, Y + i * n, n) === argmax(f32, T + i * n, n) ? 1 : 0;
      return sum;
    case 'binaryAccuracy':
      // Per element, averaged over the row: tfjs compares t with (y > 0.5).
      for (let i = 0; i < m * n; i++) sum += (f32[Y + i]! > 0.5 ? 1 : 0) === f32[T + i] ? 1 / n : 0;
      return sum;
    case 'mse':
      for (let i = 0; i < m * n; i++) sum += (f32[Y + i]! - f32[T + i]!) ** 2 / n;
      return sum;
    case 'mae':
      for (let i = 0; i < m * n; i++) sum += Math.abs(f32[Y + i]! - f32[T + i]!) / n;
      return sum;
  }
}

function argmax(f32: Float32Array, at: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (f32[at + j]! > f32[at + best]!) best = j;
  return best;
}

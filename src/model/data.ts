// Turning user tensors into validated rows: shapes, sample counts, sparse labels, finiteness.
import { ConfigError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor, tensor } from '../tensor.js';
import type { LossKind } from '../losses.js';

/** Checks a batch [samples, ...shape] against a per-sample shape (the message shows [*, ...shape]). */
function asBatch(x: unknown, shape: readonly number[], what: string, where: string): Tensor {
  const t = x instanceof Tensor ? x : tryTensor(x, what, where);
  if (t.rank !== shape.length + 1 || !shape.every((d, i) => t.shape[i + 1] === d)) {
    throw new ShapeError(`${where}: expected ${what} shape [*, ${shape.join(', ')}], got ${fmtShape(t.shape)}`);
  }
  return t;
}

function tryTensor(x: unknown, what: string, where: string): Tensor {
  try {
    return tensor(x as never);
  } catch (e) {
    throw new ValueError(`${where}: ${what} is not a tensor or an array of numbers (${(e as Error).message})`);
  }
}

/** Checks x against the model's per-sample input shape and returns its values (n rows of size(shape)). */
export function inputRows(x: unknown, shape: readonly number[], where: string): { values: Float32Array; n: number } {
  const t = asBatch(x, shape, 'input', where);
  return { values: t.read(where), n: t.shape[0]! };
}

/**
 * Targets as n rows of size(shape) (the model's per-sample output shape). For sparse categorical
 * cross-entropy, integer labels of shape [n] or [n, 1] become one-hot rows (so the same kernels serve
 * both losses).
 */
export function targetRows(y: unknown, n: number, shape: readonly number[], loss: LossKind, where: string): Float32Array {
  const units = shape.reduce((a, b) => a * b, 1);
  const t = y instanceof Tensor ? y : tryTensor(y, 'y', where);
  const rows = t.shape[0];
  if (rows !== n) throw new ShapeError(`${where}: x has ${n} samples but y has ${rows ?? 0} (y shape ${fmtShape(t.shape)})`);
  const v = t.read(where);
  if (loss === 'sparseCategoricalCrossentropy') {
    if (!(t.rank === 1 || (t.rank === 2 && t.shape[1] === 1))) {
      throw new ShapeError(`${where}: sparseCategoricalCrossentropy expects integer labels of shape [${n}] or [${n}, 1], got ${fmtShape(t.shape)}`);
    }
    const out = new Float32Array(n * units);
    for (let i = 0; i < n; i++) {
      const label = v[i]!;
      if (!Number.isInteger(label) || label < 0 || label >= units) {
        throw new ValueError(`${where}: label at row ${i} is ${label}; expected an integer class index in [0, ${units})`);
      }
      out[i * units + label] = 1;
    }
    return out;
  }
  // A vector of n values is accepted for a model with one output, as in tfjs.
  const matches = (t.rank === 1 && units === 1 && shape.length === 1) || (t.rank === shape.length + 1 && shape.every((d, i) => t.shape[i + 1] === d));
  if (!matches) {
    throw new ShapeError(`${where}: expected target shape [*, ${shape.join(', ')}] to match the model output, got ${fmtShape(t.shape)}`);
  }
  return v;
}

/** Throws a ValueError naming the first NaN/Inf (row and column) in rows of `width` values. */
export function checkFinite(index: number, width: number, what: string, where: string, values: Float32Array): void {
  if (index < 0) return;
  const row = Math.floor(index / width), col = index % width;
  throw new ValueError(`${where}: ${what} contains ${values[index]} at row ${row}, column ${col}; inputs must be finite numbers`);
}

export function checkBatchSize(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`${where}: batchSize must be a positive integer, got ${String(v)}`);
  return v;
}

export function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

// Turning user tensors into validated rows: shapes, sample counts, sparse labels, finiteness.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor, tensor } from '../tensor.js';
import type { LossKind } from '../losses.js';

export function asMatrix(x: unknown, what: string, where: string): Tensor {
  const t = x instanceof Tensor ? x : tryTensor(x, what, where);
  if (t.rank !== 2) throw new ShapeError(`${where}: ${what} must be a rank-2 tensor [samples, features], got shape ${fmtShape(t.shape)}`);
  return t;
}

function tryTensor(x: unknown, what: string, where: string): Tensor {
  try {
    return tensor(x as never);
  } catch (e) {
    throw new ValueError(`${where}: ${what} is not a tensor or an array of numbers (${(e as Error).message})`);
  }
}

/** Checks x against the model's input width and returns its rows. */
export function inputRows(x: unknown, units: number, where: string): { values: Float32Array; n: number } {
  const t = asMatrix(x, 'x', where);
  if (t.shape[1] !== units) {
    throw new ShapeError(`${where}: expected input shape [*, ${units}], got ${fmtShape(t.shape)}`);
  }
  return { values: t.read(where), n: t.shape[0]! };
}

/**
 * Targets as [n × units] rows. For sparse categorical cross-entropy, integer labels of shape [n] or
 * [n, 1] become one-hot rows (so the same kernels serve both losses).
 */
export function targetRows(y: unknown, n: number, units: number, loss: LossKind, where: string): Float32Array {
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
  const width = t.rank === 1 ? 1 : t.shape[1];
  if (t.rank > 2 || width !== units) {
    throw new ShapeError(`${where}: expected target shape [*, ${units}] to match the model output, got ${fmtShape(t.shape)}`);
  }
  return v;
}

/** Throws a ValueError naming the first NaN/Inf (row and column) in rows of `width` values. */
export function checkFinite(index: number, width: number, what: string, where: string, values: Float32Array): void {
  if (index < 0) return;
  const row = Math.floor(index / width), col = index % width;
  throw new ValueError(`${where}: ${what} contains ${values[index]} at row ${row}, column ${col}; inputs must be finite numbers`);
}

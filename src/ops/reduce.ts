// Reductions along axes (sum, mean, max, min, prod, argMax, argMin, moments) on f32_reduce_axis and
// f32_argreduce_axis (assembly/axis.ts), which reduce the middle of a [outer, r, inner] view. Adjacent
// axes are that view as is; other axis sets are transposed to the end first, as tfjs's cpu backend does.
// sum/max/min/prod of int32 stay int32 (computed in float32: exact while |values| < 2²⁴); mean is float32.
import type { Backend } from '../backend/backend.js';
import { Red } from '../backend/ts/axis.js';
import { ValueError, fmtShape } from '../errors.js';
import type { Arena } from '../runtime/arena.js';
import type { DType } from '../runtime/storage.js';
import type { Tensor } from '../tensor.js';
import { squaredDifference } from './binary.js';
import { asTensor, floatOffsetOf, normAxes, normAxis, onBackend, produce, produceFloat, sizeOf, type TensorInput } from './core.js';
import { permuteInto } from './layout.js';

/** What an empty reduction gives (tfjs: sum 0, prod 1, mean NaN, max −Infinity, min +Infinity). */
const EMPTY = [0, NaN, -Infinity, Infinity, 1];

/** Offset of x's float values arranged as [outer, r, inner] for `axes`, transposing into scratch if needed. */
function arranged(X: Tensor, axes: number[], b: Backend, s: Arena, op: string): { p: number; outer: number; r: number; inner: number } {
  const shape = X.shape, first = axes[0] ?? 0, last = axes[axes.length - 1] ?? -1;
  const r = axes.reduce((p, a) => p * shape[a]!, 1);
  const p = floatOffsetOf(X, b, s, op);
  if (axes.length === 0 || last - first + 1 === axes.length) {
    return { p, outer: sizeOf(shape.slice(0, first)), r, inner: axes.length ? sizeOf(shape.slice(last + 1)) : 1 };
  }
  const perm = [...shape.keys()].filter((d) => !axes.includes(d)).concat(axes);
  const y = s.alloc(X.size);
  permuteInto(b, s, shape, perm, p, y, op);
  return { p: y, outer: X.size / Math.max(r, 1), r, inner: 1 };
}

function outShape(shape: readonly number[], axes: number[], keepDims: boolean): number[] {
  return keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

function reduce(name: string, code: number, x: TensorInput, axis: number | readonly number[] | undefined | null, keepDims: boolean): Tensor {
  const X = asTensor(x, name, 'x');
  const axes = normAxes(axis, X.rank, name);
  const shape = outShape(X.shape, axes, keepDims);
  const dtype: DType = code === Red.mean ? 'float32' : X.dtype;
  return onBackend((b, s) => {
    const v = arranged(X, axes, b, s, name);
    return produceFloat(b, s, shape, dtype, (y) => {
      const n = sizeOf(shape);
      if (n === 0) return;
      if (v.r === 0) b.k.f32_vfill(n, y, EMPTY[code]!);
      else if (axes.length === 0) b.k.x32_copy2d(1, n, v.p, n, y, n);
      else b.k.f32_reduce_axis(v.outer, v.r, v.inner, v.p, y, code);
    });
  });
}

/**
 * Sum along `axis` (a number, an array of axes, or all when omitted; negative counts from the end),
 * as tf.sum; `keepDims` keeps reduced axes as size 1.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[1, 2], [3, 4]]);
 * console.log(nn.sum(x).arraySync(), nn.sum(x, 0).arraySync(), nn.sum(x, -1, true).arraySync()); // 10 [4, 6] [[3], [7]]
 * ```
 */
export function sum(x: TensorInput, axis?: number | readonly number[] | null, keepDims = false): Tensor {
  return reduce('sum', Red.sum, x, axis, keepDims);
}

/**
 * Mean along `axis` (all axes when omitted), as tf.mean; always float32.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.mean([[1, 2], [3, 4]], 0).arraySync()); // [2, 3]
 * ```
 */
export function mean(x: TensorInput, axis?: number | readonly number[] | null, keepDims = false): Tensor {
  return reduce('mean', Red.mean, x, axis, keepDims);
}

/**
 * Maximum along `axis` (all axes when omitted), as tf.max; NaN propagates.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.max([[1, 5], [3, 4]], 1).arraySync()); // [5, 4]
 * ```
 */
export function max(x: TensorInput, axis?: number | readonly number[] | null, keepDims = false): Tensor {
  return reduce('max', Red.max, x, axis, keepDims);
}

/**
 * Minimum along `axis` (all axes when omitted), as tf.min; NaN propagates.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.min([[1, 5], [3, 4]], 1).arraySync()); // [1, 3]
 * ```
 */
export function min(x: TensorInput, axis?: number | readonly number[] | null, keepDims = false): Tensor {
  return reduce('min', Red.min, x, axis, keepDims);
}

/**
 * Product along `axis` (all axes when omitted), as tf.prod.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.prod([[1, 2], [3, 4]], 0).arraySync()); // [3, 8]
 * ```
 */
export function prod(x: TensorInput, axis?: number | readonly number[] | null, keepDims = false): Tensor {
  return reduce('prod', Red.prod, x, axis, keepDims);
}

function argReduce(name: string, code: number, x: TensorInput, axis: number): Tensor {
  const X = asTensor(x, name, 'x');
  const a = normAxis(axis, X.rank, name);
  const r = X.shape[a] ?? 1;
  if (r === 0) throw new ValueError(`${name}: axis ${axis} of shape ${fmtShape(X.shape)} is empty; expected at least one element to compare`);
  const shape = X.shape.filter((_, i) => i !== a);
  return onBackend((b, s) => {
    const p = floatOffsetOf(X, b, s, name);
    return produce(b, shape, 'int32', (y) => {
      if (sizeOf(shape) > 0) b.k.f32_argreduce_axis(sizeOf(X.shape.slice(0, a)), r, sizeOf(X.shape.slice(a + 1)), p, y, code);
    });
  });
}

/**
 * Index of the first maximum along `axis` (default 0, as tfjs), as tf.argMax: an int32 tensor.
 * NaN never wins the comparison (as tfjs's cpu kernel).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const probs = nn.tensor2d([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]);
 * console.log(nn.argMax(probs, -1).arraySync(), nn.argMax(probs, -1).dtype); // [1, 0] int32
 * ```
 */
export function argMax(x: TensorInput, axis = 0): Tensor {
  return argReduce('argMax', 0, x, axis);
}

/**
 * Index of the first minimum along `axis` (default 0), as tf.argMin: an int32 tensor.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.argMin([[3, 1], [0, 2]], 1).arraySync()); // [1, 0]
 * ```
 */
export function argMin(x: TensorInput, axis = 0): Tensor {
  return argReduce('argMin', 1, x, axis);
}

/**
 * Mean and (biased) variance along `axis` (all when omitted), as tf.moments: variance is
 * mean((x − mean)²), two passes, so it keeps its digits when |mean| ≫ std.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const { mean, variance } = nn.moments([[1, 2], [3, 6]], 0);
 * console.log(mean.arraySync(), variance.arraySync()); // [2, 4] [1, 4]
 * ```
 */
export function moments(x: TensorInput, axis?: number | readonly number[] | null, keepDims = false): { mean: Tensor; variance: Tensor } {
  const X = asTensor(x, 'moments', 'x');
  const m = mean(X, axis, true);
  const d = squaredDifference(X, m);
  const variance = mean(d, axis, keepDims);
  d.dispose();
  if (keepDims) return { mean: m, variance };
  const axes = normAxes(axis, X.rank, 'moments');
  const flat = m.reshape(outShape(X.shape, axes, false));
  m.dispose();
  return { mean: flat, variance };
}

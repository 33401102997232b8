// Creation and conversion: zeros/ones/fill (f32_vfill), oneHot (f32_one_hot), cast (f32_to_i32 /
// i32_to_f32; assembly/convert.ts). Results are heap-resident on the current backend.
import { ConfigError, ShapeError, ValueError, fmtShape } from '../errors.js';
import type { DType } from '../runtime/storage.js';
import type { Tensor } from '../tensor.js';
import { asTensor, offsetOf, onBackend, produce, sizeOf, view, type TensorInput } from './core.js';

function checkDtype(dtype: string, op: string): DType {
  if (dtype !== 'float32' && dtype !== 'int32') throw new ConfigError(`${op}: dtype '${dtype}' is not supported; expected 'float32' or 'int32'`);
  return dtype;
}

function checkShape(shape: readonly number[], op: string): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${op}: shape must be an array of sizes ≥ 0, got ${Array.isArray(shape) ? fmtShape(shape) : String(shape)}`);
  }
  return [...shape];
}

/**
 * A tensor of `shape` with every element `value`, as tf.fill.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.fill([2, 2], 7).arraySync()); // [[7, 7], [7, 7]]
 * ```
 */
export function fill(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
  const s = checkShape(shape, 'fill'), dt = checkDtype(dtype, 'fill');
  if (typeof value !== 'number') throw new ValueError(`fill: value must be a number, got ${typeof value}`);
  return onBackend((b) =>
    produce(b, s, dt, (y) => {
      const n = sizeOf(s);
      if (dt === 'int32') b.views.i32.fill(Math.trunc(value) | 0, y >>> 2, (y >>> 2) + n); // NOTE: a memset, no kernel needed
      else b.k.f32_vfill(n, y, value);
    }),
  );
}

/**
 * A tensor of zeros, as tf.zeros.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.zeros([2, 3]).shape); // [2, 3]
 * ```
 */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return fill(shape, 0, dtype);
}

/**
 * A tensor of ones, as tf.ones.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.ones([3]).arraySync()); // [1, 1, 1]
 * ```
 */
export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return fill(shape, 1, dtype);
}

/**
 * Zeros with the shape and dtype of `x`, as tf.zerosLike.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.zerosLike([[1, 2]]).arraySync()); // [[0, 0]]
 * ```
 */
export function zerosLike(x: TensorInput): Tensor {
  const X = asTensor(x, 'zerosLike', 'x');
  return fill(X.shape, 0, X.dtype);
}

/**
 * Ones with the shape and dtype of `x`, as tf.onesLike.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.onesLike([[1, 2]]).arraySync()); // [[1, 1]]
 * ```
 */
export function onesLike(x: TensorInput): Tensor {
  const X = asTensor(x, 'onesLike', 'x');
  return fill(X.shape, 1, X.dtype);
}

/**
 * One-hot rows, as tf.oneHot: shape indices.shape + [depth], `onValue` where the index is, `offValue`
 * elsewhere (an index outside [0, depth) gives a row of offValue). dtype defaults to 'int32' as in
 * tfjs; fit and predict accept either.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.oneHot([0, 2], 3).arraySync()); // [[1, 0, 0], [0, 0, 1]]
 * console.log(nn.oneHot(nn.tensor1d([1], 'int32'), 2, 1, 0, 'float32').dtype); // 'float32'
 * ```
 */
export function oneHot(indices: TensorInput, depth: number, onValue = 1, offValue = 0, dtype: DType = 'int32'): Tensor {
  const dt = checkDtype(dtype, 'oneHot');
  if (!Number.isInteger(depth) || depth < 1) throw new ValueError(`oneHot: depth must be an integer ≥ 1, got ${String(depth)}`);
  let I = asTensor(indices, 'oneHot', 'indices');
  if (I.dtype !== 'int32') I = cast(I, 'int32');
  const shape = [...I.shape, depth], n = I.size;
  return onBackend((b, s) => {
    const pi = offsetOf(I, b, s, 'oneHot');
    return produce(b, shape, dt, (y) => {
      if (n === 0) return;
      b.k.f32_one_hot(n, depth, pi, y, onValue, offValue);
      if (dt === 'int32') b.k.f32_to_i32(n * depth, y, y, 0);
    });
  });
}

/**
 * Converts to `dtype`, as tf.cast: float32 → int32 truncates toward zero (NaN → 0; beyond ±2³¹
 * saturates, where tfjs wraps); the same dtype shares storage.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const i = nn.cast([1.7, -1.7], 'int32');
 * console.log(i.dtype, i.arraySync()); // int32 [1, -1]
 * ```
 */
export function cast(x: TensorInput, dtype: DType): Tensor {
  const X = asTensor(x, 'cast', 'x');
  const dt = checkDtype(dtype, 'cast');
  if (X.dtype === dt) return view(X, X.shape, 'cast');
  return onBackend((b, s) => {
    const px = offsetOf(X, b, s, 'cast');
    return produce(b, X.shape, dt, (y) => {
      if (X.size === 0) return;
      if (dt === 'int32') b.k.f32_to_i32(X.size, px, y, 0);
      else b.k.i32_to_f32(X.size, px, y);
    });
  });
}

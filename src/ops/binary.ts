// Elementwise binary ops with tfjs broadcasting, on f32_vbinary / f32_vbinary_nd (assembly/binary.ts).
// Shapes are merged (collapse) so the kernel walks the longest contiguous rows; a same-shape or
// scalar-operand op is one f32_vbinary call. int32 ∘ int32 gives int32, as tfjs (computed in float32,
// so exact while |values| < 2²⁴; div floors, as tfjs's floorDiv for int32); any float32 side gives float32.
import { Bin } from '../backend/ts/binary.js';
import { Un } from '../backend/ts/unary.js';
import type { Tensor } from '../tensor.js';
import {
  KERNEL_MAX_RANK, asTensor, broadcastShapes, broadcastStrides, collapse, floatOffsetOf, onBackend, produceFloat, sizeOf,
  tooManyDims, type TensorInput,
} from './core.js';

function binary(name: string, code: number, a: TensorInput, b: TensorInput): Tensor {
  const A = asTensor(a, name, 'a'), B = asTensor(b, name, 'b');
  const shape = broadcastShapes(A.shape, B.shape, name);
  const dtype = A.dtype === 'int32' && B.dtype === 'int32' ? 'int32' : 'float32';
  const c = collapse(shape, [broadcastStrides(A.shape, shape), broadcastStrides(B.shape, shape)]);
  if (c.shape.length > KERNEL_MAX_RANK) throw tooManyDims(name, shape);
  return onBackend((bk, s) => {
    const pa = floatOffsetOf(A, bk, s, name), pb = floatOffsetOf(B, bk, s, name), n = sizeOf(shape);
    return produceFloat(bk, s, shape, dtype, (y) => {
      if (n === 0) return;
      if (c.shape.length === 1) bk.k.f32_vbinary(n, pa, c.strides[0]![0]!, pb, c.strides[1]![0]!, y, code);
      else {
        const r = c.shape.length;
        bk.k.f32_vbinary_nd(r, s.putI32(Int32Array.from(c.shape)), s.putI32(Int32Array.from(c.strides[0]!)), s.putI32(Int32Array.from(c.strides[1]!)), pa, pb, y, code);
      }
      if (dtype === 'int32' && code === Bin.div) bk.k.f32_vunary(n, y, y, Un.floor);
    });
  });
}

/**
 * a + b elementwise with broadcasting, as tf.add. Either side may be a tensor, a number or nested
 * arrays; shapes that cannot broadcast are a ShapeError naming both.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[1, 2, 3], [4, 5, 6]]);
 * console.log(nn.add(x, nn.tensor1d([10, 20, 30])).arraySync()); // [[11, 22, 33], [14, 25, 36]]
 * console.log(nn.add(x, 1).arraySync()); // [[2, 3, 4], [5, 6, 7]]
 * ```
 */
export function add(a: TensorInput, b: TensorInput): Tensor {
  return binary('add', Bin.add, a, b);
}

/**
 * a − b elementwise with broadcasting, as tf.sub.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[1, 2], [3, 4]]);
 * console.log(nn.sub(x, x.mean(0)).arraySync()); // [[-1, -1], [1, 1]]
 * ```
 */
export function sub(a: TensorInput, b: TensorInput): Tensor {
  return binary('sub', Bin.sub, a, b);
}

/**
 * a · b elementwise with broadcasting, as tf.mul.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.mul([[1, 2], [3, 4]], [[2], [10]]).arraySync()); // [[2, 4], [30, 40]]
 * ```
 */
export function mul(a: TensorInput, b: TensorInput): Tensor {
  return binary('mul', Bin.mul, a, b);
}

/**
 * a / b elementwise with broadcasting, as tf.div (int32 / int32 floors, as tfjs).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.div([2, 9], 4).arraySync()); // [0.5, 2.25]
 * ```
 */
export function div(a: TensorInput, b: TensorInput): Tensor {
  return binary('div', Bin.div, a, b);
}

/**
 * a^b elementwise with broadcasting, as tf.pow (Math.pow per element; no SIMD pow exists).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.pow([1, 2, 3], 2).arraySync()); // [1, 4, 9]
 * ```
 */
export function pow(a: TensorInput, b: TensorInput): Tensor {
  return binary('pow', Bin.pow, a, b);
}

/**
 * max(a, b) elementwise with broadcasting, as tf.maximum (NaN propagates).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.maximum([1, 5, 3], 2).arraySync()); // [2, 5, 3]
 * ```
 */
export function maximum(a: TensorInput, b: TensorInput): Tensor {
  return binary('maximum', Bin.max, a, b);
}

/**
 * min(a, b) elementwise with broadcasting, as tf.minimum (NaN propagates).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.minimum([1, 5, 3], 2).arraySync()); // [1, 2, 2]
 * ```
 */
export function minimum(a: TensorInput, b: TensorInput): Tensor {
  return binary('minimum', Bin.min, a, b);
}

/**
 * (a − b)² elementwise with broadcasting, as tf.squaredDifference.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.squaredDifference([1, 4], [3, 1]).arraySync()); // [4, 9]
 * ```
 */
export function squaredDifference(a: TensorInput, b: TensorInput): Tensor {
  return binary('squaredDifference', Bin.sqdiff, a, b);
}

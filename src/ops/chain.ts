// The chainable tensor methods (t.add(b), t.sum(axis), t.reshape(shape), …), as tfjs's chained ops.
// Tensor (src/tensor.ts) extends this class; each method is the op of the same name in src/ops/.
// NOTE: the ops are imported from their modules and called at run time only, so the import cycle
// tensor.ts → chain.ts → ops → tensor.ts is safe in either load order.
import type { DType } from '../runtime/storage.js';
import type { Tensor } from '../tensor.js';
import * as binary from './binary.js';
import * as creation from './creation.js';
import * as layout from './layout.js';
import { matMul } from './matmul.js';
import * as reduce from './reduce.js';
import * as unary from './unary.js';
import type { TensorInput } from './core.js';

type Axis = number | readonly number[] | null;

/** The op methods every Tensor has. */
export abstract class TensorOps {
  private get self(): Tensor {
    return this as unknown as Tensor;
  }

  /**
   * a + b elementwise with broadcasting (a is this tensor), as {@link add}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 2]).add(10).arraySync()); // [11, 12]
   * ```
   */
  add(b: TensorInput): Tensor {
    return binary.add(this.self, b);
  }

  /**
   * a − b elementwise with broadcasting (a is this tensor), as {@link sub}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([5, 7]).sub([1, 2]).arraySync()); // [4, 5]
   * ```
   */
  sub(b: TensorInput): Tensor {
    return binary.sub(this.self, b);
  }

  /**
   * a · b elementwise with broadcasting (a is this tensor), as {@link mul}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 2]).mul(3).arraySync()); // [3, 6]
   * ```
   */
  mul(b: TensorInput): Tensor {
    return binary.mul(this.self, b);
  }

  /**
   * a / b elementwise with broadcasting (a is this tensor), as {@link div}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([3, 6]).div(3).arraySync()); // [1, 2]
   * ```
   */
  div(b: TensorInput): Tensor {
    return binary.div(this.self, b);
  }

  /**
   * a^b elementwise with broadcasting (a is this tensor), as {@link pow}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([2, 3]).pow(2).arraySync()); // [4, 9]
   * ```
   */
  pow(b: TensorInput): Tensor {
    return binary.pow(this.self, b);
  }

  /**
   * max(a, b) elementwise with broadcasting (a is this tensor), as {@link maximum}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 4]).maximum(2).arraySync()); // [2, 4]
   * ```
   */
  maximum(b: TensorInput): Tensor {
    return binary.maximum(this.self, b);
  }

  /**
   * min(a, b) elementwise with broadcasting (a is this tensor), as {@link minimum}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 4]).minimum(2).arraySync()); // [1, 2]
   * ```
   */
  minimum(b: TensorInput): Tensor {
    return binary.minimum(this.self, b);
  }

  /**
   * (a − b)² elementwise with broadcasting (a is this tensor), as {@link squaredDifference}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 4]).squaredDifference(2).arraySync()); // [1, 4]
   * ```
   */
  squaredDifference(b: TensorInput): Tensor {
    return binary.squaredDifference(this.self, b);
  }

  /**
   * As {@link neg}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, -2]).neg().arraySync()); // [-1, 2]
   * ```
   */
  neg(): Tensor {
    return unary.neg(this.self);
  }

  /**
   * As {@link abs}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([-1, 2]).abs().arraySync()); // [1, 2]
   * ```
   */
  abs(): Tensor {
    return unary.abs(this.self);
  }

  /**
   * As {@link exp}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([0]).exp().arraySync()); // [1]
   * ```
   */
  exp(): Tensor {
    return unary.exp(this.self);
  }

  /**
   * As {@link log}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1]).log().arraySync()); // [0]
   * ```
   */
  log(): Tensor {
    return unary.log(this.self);
  }

  /**
   * As {@link sqrt}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([4, 9]).sqrt().arraySync()); // [2, 3]
   * ```
   */
  sqrt(): Tensor {
    return unary.sqrt(this.self);
  }

  /**
   * As {@link square}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([-3]).square().arraySync()); // [9]
   * ```
   */
  square(): Tensor {
    return unary.square(this.self);
  }

  /**
   * As {@link relu}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([-1, 2]).relu().arraySync()); // [0, 2]
   * ```
   */
  relu(): Tensor {
    return unary.relu(this.self);
  }

  /**
   * As {@link sigmoid}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([0]).sigmoid().arraySync()); // [0.5]
   * ```
   */
  sigmoid(): Tensor {
    return unary.sigmoid(this.self);
  }

  /**
   * As {@link tanh}, on this tensor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([0]).tanh().arraySync()); // [0]
   * ```
   */
  tanh(): Tensor {
    return unary.tanh(this.self);
  }

  /**
   * As {@link sum}: reduces along `axis` (all when omitted), keeping reduced axes as 1 with `keepDims`.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 2], [3, 4]]).sum(-1).arraySync()); // [3, 7]
   * ```
   */
  sum(axis?: Axis, keepDims = false): Tensor {
    return reduce.sum(this.self, axis, keepDims);
  }

  /**
   * As {@link mean}: reduces along `axis` (all when omitted), keeping reduced axes as 1 with `keepDims`.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 2], [3, 4]]).mean(0).arraySync()); // [2, 3]
   * ```
   */
  mean(axis?: Axis, keepDims = false): Tensor {
    return reduce.mean(this.self, axis, keepDims);
  }

  /**
   * As {@link max}: reduces along `axis` (all when omitted), keeping reduced axes as 1 with `keepDims`.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 2], [3, 4]]).max(1, true).arraySync()); // [[2], [4]]
   * ```
   */
  max(axis?: Axis, keepDims = false): Tensor {
    return reduce.max(this.self, axis, keepDims);
  }

  /**
   * As {@link min}: reduces along `axis` (all when omitted), keeping reduced axes as 1 with `keepDims`.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 2], [3, 4]]).min().arraySync()); // 1
   * ```
   */
  min(axis?: Axis, keepDims = false): Tensor {
    return reduce.min(this.self, axis, keepDims);
  }

  /**
   * As {@link prod}: reduces along `axis` (all when omitted), keeping reduced axes as 1 with `keepDims`.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([2, 3]).prod().arraySync()); // 6
   * ```
   */
  prod(axis?: Axis, keepDims = false): Tensor {
    return reduce.prod(this.self, axis, keepDims);
  }

  /**
   * As {@link argMax}: int32 indices of the maximum along `axis` (default 0).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 9], [8, 2]]).argMax(-1).arraySync()); // [1, 0]
   * ```
   */
  argMax(axis = 0): Tensor {
    return reduce.argMax(this.self, axis);
  }

  /**
   * As {@link argMin}: int32 indices of the minimum along `axis` (default 0).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 9], [8, 2]]).argMin(-1).arraySync()); // [0, 1]
   * ```
   */
  argMin(axis = 0): Tensor {
    return reduce.argMin(this.self, axis);
  }

  /**
   * As {@link reshape}: the same values under `shape` (one −1 inferred), no copy.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 2, 3, 4]).reshape([2, -1]).arraySync()); // [[1, 2], [3, 4]]
   * ```
   */
  reshape(shape: readonly number[]): Tensor {
    return layout.reshape(this.self, shape);
  }

  /**
   * A rank-1 view of all values, as tfjs t.flatten(); no copy.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 2], [3, 4]]).flatten().arraySync()); // [1, 2, 3, 4]
   * ```
   */
  flatten(): Tensor {
    return layout.reshape(this.self, [this.self.size]);
  }

  /**
   * As {@link expandDims}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 2]).expandDims(0).arraySync()); // [[1, 2]]
   * ```
   */
  expandDims(axis = 0): Tensor {
    return layout.expandDims(this.self, axis);
  }

  /**
   * As {@link squeeze}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 2]]).squeeze().arraySync()); // [1, 2]
   * ```
   */
  squeeze(axis?: number[]): Tensor {
    return layout.squeeze(this.self, axis);
  }

  /**
   * As {@link transpose} (default: axes reversed).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 2], [3, 4]]).transpose().arraySync()); // [[1, 3], [2, 4]]
   * ```
   */
  transpose(perm?: readonly number[]): Tensor {
    return layout.transpose(this.self, perm);
  }

  /**
   * As {@link slice}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 2, 3, 4]).slice(1, 2).arraySync()); // [2, 3]
   * ```
   */
  slice(begin: number | readonly number[], size?: number | readonly number[]): Tensor {
    return layout.slice(this.self, begin, size);
  }

  /**
   * As {@link gather}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([5, 6, 7]).gather([2, 0]).arraySync()); // [7, 5]
   * ```
   */
  gather(indices: TensorInput, axis = 0): Tensor {
    return layout.gather(this.self, indices, axis);
  }

  /**
   * Joins this tensor and `others` along `axis`, as tfjs t.concat and {@link concat}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 2]).concat(nn.tensor1d([3])).arraySync()); // [1, 2, 3]
   * ```
   */
  concat(others: Tensor | readonly Tensor[], axis = 0): Tensor {
    return layout.concat([this.self, ...(others instanceof TensorOps ? [others as Tensor] : (others as readonly Tensor[]))], axis);
  }

  /**
   * As {@link split}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 2, 3, 4]).split(2)[1]!.arraySync()); // [3, 4]
   * ```
   */
  split(numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] {
    return layout.split(this.self, numOrSizeSplits, axis);
  }

  /**
   * As {@link cast}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1.5, -2.5]).cast('int32').arraySync()); // [1, -2]
   * ```
   */
  cast(dtype: DType): Tensor {
    return creation.cast(this.self, dtype);
  }

  /**
   * As {@link clone}: an independent tensor sharing these (immutable) values.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor1d([1, 2]).clone().arraySync()); // [1, 2]
   * ```
   */
  clone(): Tensor {
    return layout.clone(this.self);
  }

  /**
   * As {@link matMul}, with this tensor as a.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor2d([[1, 2]]).matMul([[3], [4]]).arraySync()); // [[11]]
   * ```
   */
  matMul(b: TensorInput, transposeA = false, transposeB = false): Tensor {
    return matMul(this.self, b, transposeA, transposeB);
  }
}

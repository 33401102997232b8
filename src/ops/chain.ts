// The chainable reduction, layout and conversion methods (t.sum(axis), t.argMax(-1), t.reshape(shape), …),
// as tfjs's chained ops; the elementwise ones are in ./chain-math.ts. Tensor (src/tensor.ts) extends this class.
// NOTE: the ops are imported from their modules and called at run time only, so the import cycle
// tensor.ts → chain.ts → ops → tensor.ts is safe in either load order.
import type { DType } from '../runtime/storage.js';
import type { Tensor } from '../tensor.js';
import { TensorMathOps } from './chain-math.js';
import * as creation from './creation.js';
import * as layout from './layout.js';
import { matMul } from './matmul.js';
import * as reduce from './reduce.js';
import type { TensorInput } from './core.js';

type Axis = number | readonly number[] | null;

/** The op methods every Tensor has. */
export abstract class TensorOps extends TensorMathOps {
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

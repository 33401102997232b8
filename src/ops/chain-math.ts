// The chainable elementwise methods (t.add(b), t.sub(mean).div(std), t.exp(), …), as tfjs's chained ops.
// TensorOps (./chain.ts) extends this class and Tensor extends TensorOps; each method is the op of the
// same name. NOTE: the ops are called at run time only, so the import cycle with tensor.ts is safe.
import type { Tensor } from '../tensor.js';
import * as binary from './binary.js';
import type { TensorInput } from './core.js';
import * as unary from './unary.js';

/** The elementwise op methods every Tensor has. */
export abstract class TensorMathOps {
  /** This object as the Tensor it is. @internal */
  protected get self(): Tensor {
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
}

// Elementwise unary ops: f32_vunary (neg, abs, sqrt, square, log), f32_vexp, and f32_vact for the
// activations (relu, sigmoid, tanh), so each op is one kernel call. neg/abs/square/relu keep int32, as tfjs.
import { Act } from '../backend/act.js';
import type { Backend } from '../backend/backend.js';
import { Un } from '../backend/ts/unary.js';
import type { Tensor } from '../tensor.js';
import { asTensor, floatOffsetOf, onBackend, produceFloat, type TensorInput } from './core.js';

type Run = (b: Backend, n: number, x: number, y: number) => void;

function unary(name: string, x: TensorInput, keepsInt: boolean, run: Run): Tensor {
  const X = asTensor(x, name, 'x');
  return onBackend((b, s) => {
    const px = floatOffsetOf(X, b, s, name);
    return produceFloat(b, s, X.shape, keepsInt ? X.dtype : 'float32', (y) => run(b, X.size, px, y));
  });
}
const un = (code: number): Run => (b, n, x, y) => b.k.f32_vunary(n, x, y, code);
const act = (code: number): Run => (b, n, x, y) => b.k.f32_vact(n, x, y, code, 0);

/**
 * −x elementwise, as tf.neg.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.neg([1, -2]).arraySync()); // [-1, 2]
 * ```
 */
export function neg(x: TensorInput): Tensor {
  return unary('neg', x, true, un(Un.neg));
}

/**
 * |x| elementwise, as tf.abs.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.abs([-3, 2]).arraySync()); // [3, 2]
 * ```
 */
export function abs(x: TensorInput): Tensor {
  return unary('abs', x, true, un(Un.abs));
}

/**
 * eˣ elementwise, as tf.exp (the wasm polynomial of assembly/math.ts: relative error < 2.5e−7).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.exp([0, 1]).dataSync()); // Float32Array [1, 2.718…]
 * ```
 */
export function exp(x: TensorInput): Tensor {
  return unary('exp', x, false, (b, n, px, y) => b.k.f32_vexp(n, px, y));
}

/**
 * Natural logarithm elementwise, as tf.log (log of a negative number is NaN, of 0 is −Infinity).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.log([1, Math.E]).dataSync()); // Float32Array [0, 1]
 * ```
 */
export function log(x: TensorInput): Tensor {
  return unary('log', x, false, un(Un.log));
}

/**
 * √x elementwise, as tf.sqrt.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.sqrt([4, 9]).arraySync()); // [2, 3]
 * ```
 */
export function sqrt(x: TensorInput): Tensor {
  return unary('sqrt', x, false, un(Un.sqrt));
}

/**
 * x² elementwise, as tf.square.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.square([-2, 3]).arraySync()); // [4, 9]
 * ```
 */
export function square(x: TensorInput): Tensor {
  return unary('square', x, true, un(Un.square));
}

/**
 * max(x, 0) elementwise, as tf.relu (NaN propagates).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.relu([-1, 2]).arraySync()); // [0, 2]
 * ```
 */
export function relu(x: TensorInput): Tensor {
  return unary('relu', x, true, act(Act.relu));
}

/**
 * 1 / (1 + e⁻ˣ) elementwise, as tf.sigmoid.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.sigmoid([0]).arraySync()); // [0.5]
 * ```
 */
export function sigmoid(x: TensorInput): Tensor {
  return unary('sigmoid', x, false, act(Act.sigmoid));
}

/**
 * Hyperbolic tangent elementwise, as tf.tanh.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.tanh([0]).arraySync()); // [0]
 * ```
 */
export function tanh(x: TensorInput): Tensor {
  return unary('tanh', x, false, act(Act.tanh));
}

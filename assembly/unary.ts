// Elementwise unary ops of the op wing (tfjs Neg, Abs, Sqrt, Square, Log, Floor). Exp, Relu, Sigmoid and Tanh
// reuse f32_vexp / f32_vact (assembly/activations.ts). Codes match src/backend/ts/unary.ts.
import { at } from './simd';

export const UN_NEG: i32 = 0;
export const UN_ABS: i32 = 1;
export const UN_SQRT: i32 = 2;
export const UN_SQUARE: i32 = 3;
export const UN_LOG: i32 = 4;
export const UN_FLOOR: i32 = 5;

@inline function unv(op: i32, x: v128): v128 {
  switch (op) {
    case UN_NEG: return f32x4.neg(x);
    case UN_ABS: return f32x4.abs(x);
    case UN_SQRT: return f32x4.sqrt(x);
    case UN_FLOOR: return f32x4.floor(x);
    default: return f32x4.mul(x, x);
  }
}

@inline function uns(op: i32, x: f32): f32 {
  switch (op) {
    case UN_NEG: return -x;
    case UN_ABS: return abs<f32>(x);
    case UN_SQRT: return sqrt<f32>(x);
    case UN_FLOOR: return floor<f32>(x);
    default: return x * x;
  }
}

@inline function loop(op: i32, n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), unv(op, v128.load(at(x, i))));
  for (; i < n; i++) store<f32>(at(y, i), uns(op, load<f32>(at(x, i)))); // tail
}

/**
 * y[i] = op(x[i]), i < n; op: UN_* code. No alignment needed; y may equal x.
 * NOTE: log has no wasm vector instruction; it is Mathf.log (musl logf, < 1 ulp) element by element.
 */
export function f32_vunary(n: i32, x: usize, y: usize, op: i32): void {
  switch (op) {
    case UN_NEG: loop(UN_NEG, n, x, y); break;
    case UN_ABS: loop(UN_ABS, n, x, y); break;
    case UN_SQRT: loop(UN_SQRT, n, x, y); break;
    case UN_SQUARE: loop(UN_SQUARE, n, x, y); break;
    case UN_FLOOR: loop(UN_FLOOR, n, x, y); break;
    default: for (let i = 0; i < n; i++) store<f32>(at(y, i), Mathf.log(load<f32>(at(x, i))));
  }
}

// Elementwise unary math: the tfjs backend's Sqrt, Rsqrt, Square, Neg, Abs, Log and Reciprocal (the
// Adam/RMSProp updates and the loss gradients) and the op wing's neg/abs/sqrt/square/log/floor. Codes match src/backend/ts/unary.ts (Un). The kernel
// switches on `op` once; the loops are @inline helpers given a constant code. TS twin: src/backend/ts/unary.ts.
import { at } from './simd';

export const UN_SQRT: i32 = 0;
export const UN_RSQRT: i32 = 1;
export const UN_SQUARE: i32 = 2;
export const UN_NEG: i32 = 3;
export const UN_ABS: i32 = 4;
export const UN_LOG: i32 = 5;
export const UN_RECIPROCAL: i32 = 6;
export const UN_FLOOR: i32 = 7;

@inline function opv(op: i32, x: v128): v128 {
  switch (op) {
    case UN_SQRT: return f32x4.sqrt(x);
    case UN_RSQRT: return f32x4.div(f32x4.splat(1), f32x4.sqrt(x));
    case UN_SQUARE: return f32x4.mul(x, x);
    case UN_NEG: return f32x4.neg(x);
    case UN_ABS: return f32x4.abs(x);
    case UN_FLOOR: return f32x4.floor(x);
    default: return f32x4.div(f32x4.splat(1), x); // UN_RECIPROCAL
  }
}

@inline function ops(op: i32, x: f32): f32 {
  switch (op) {
    case UN_SQRT: return sqrt<f32>(x);
    case UN_RSQRT: return 1 / sqrt<f32>(x);
    case UN_SQUARE: return x * x;
    case UN_NEG: return -x;
    case UN_ABS: return abs<f32>(x);
    case UN_FLOOR: return floor<f32>(x);
    default: return 1 / x;
  }
}

@inline function run(op: i32, n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), opv(op, v128.load(at(x, i))));
  for (; i < n; i++) store<f32>(at(y, i), ops(op, load<f32>(at(x, i)))); // tail
}

/**
 * y[i] = f(x[i]), i < n; op: UN_* code. sqrt and x² are correctly rounded; rsqrt is 1/sqrt (two f32
 * roundings, ≤ 1 ulp from tfjs-cpu's f64 1/Math.sqrt); log is AssemblyScript's Mathf.log (musl logf,
 * < 1 ulp), scalar. No alignment needed; y may equal x.
 */
export function f32_vunary(n: i32, x: usize, y: usize, op: i32): void {
  switch (op) {
    case UN_SQRT: run(UN_SQRT, n, x, y); break;
    case UN_RSQRT: run(UN_RSQRT, n, x, y); break;
    case UN_SQUARE: run(UN_SQUARE, n, x, y); break;
    case UN_NEG: run(UN_NEG, n, x, y); break;
    case UN_ABS: run(UN_ABS, n, x, y); break;
    case UN_FLOOR: run(UN_FLOOR, n, x, y); break;
    case UN_LOG: for (let i = 0; i < n; i++) store<f32>(at(y, i), Mathf.log(load<f32>(at(x, i)))); break;
    default: run(UN_RECIPROCAL, n, x, y);
  }
}

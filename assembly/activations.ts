// Activations and their derivatives. Codes match src/backend/act.ts.
// PLACEHOLDER (scalar): to be replaced by the SIMD family; signatures are the contract.
import { at } from './simd';

export const ACT_LINEAR: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_LEAKY_RELU: i32 = 2;
export const ACT_SIGMOID: i32 = 3;
export const ACT_TANH: i32 = 4;
export const ACT_STEP: i32 = 5;

@inline function act1(v: f32, act: i32, alpha: f32): f32 {
  switch (act) {
    case ACT_RELU: return v > 0 ? v : 0;
    case ACT_LEAKY_RELU: return v > 0 ? v : alpha * v;
    case ACT_SIGMOID: return <f32>(1 / (1 + Math.exp(-<f64>v)));
    case ACT_TANH: return <f32>Math.tanh(<f64>v);
    case ACT_STEP: return v > 0 ? 1 : 0;
    default: return v;
  }
}

/** y[i] = act(x[i]), i < n. y may equal x. */
export function f32_vact(n: i32, x: usize, y: usize, act: i32, alpha: f32): void {
  for (let i = 0; i < n; i++) store<f32>(at(y, i), act1(load<f32>(at(x, i)), act, alpha));
}

/** y[i,j] = act(y[i,j] + bias[j]) for an m×n block with row stride ldy (elements); bias 0 = none. */
export function f32_bias_act(m: i32, n: i32, y: usize, ldy: i32, bias: usize, act: i32, alpha: f32): void {
  for (let i = 0; i < m; i++) {
    const row = at(y, i * ldy);
    for (let j = 0; j < n; j++) {
      const b: f32 = bias ? load<f32>(at(bias, j)) : 0;
      store<f32>(at(row, j), act1(load<f32>(at(row, j)) + b, act, alpha));
    }
  }
}

// Elementwise vector kernels: the small building blocks layers compose (dropout backward,
// gradient scaling, residual adds). y may equal x (or a, b) in every kernel here.
import { at } from './simd';

/** y[i] = a[i] + b[i], i < n. */
export function f32_vadd(n: i32, a: usize, b: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), f32x4.add(v128.load(at(a, i)), v128.load(at(b, i))));
  for (; i < n; i++) store<f32>(at(y, i), load<f32>(at(a, i)) + load<f32>(at(b, i)));
}

/** y[i] = a[i] · b[i], i < n. */
export function f32_vmul(n: i32, a: usize, b: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), f32x4.mul(v128.load(at(a, i)), v128.load(at(b, i))));
  for (; i < n; i++) store<f32>(at(y, i), load<f32>(at(a, i)) * load<f32>(at(b, i)));
}

/** y[i] = s · x[i], i < n. */
export function f32_vscale(n: i32, x: usize, y: usize, s: f32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), f32x4.mul(v128.load(at(x, i)), sv));
  for (; i < n; i++) store<f32>(at(y, i), load<f32>(at(x, i)) * s);
}

/** y[i] = clamp(x[i], lo, hi), i < n. NaN stays NaN. */
export function f32_vclamp(n: i32, x: usize, y: usize, lo: f32, hi: f32): void {
  const lv = f32x4.splat(lo), hv = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), f32x4.min(f32x4.max(v128.load(at(x, i)), lv), hv));
  for (; i < n; i++) store<f32>(at(y, i), min<f32>(max<f32>(load<f32>(at(x, i)), lo), hi));
}

/** y[i] = v, i < n. */
export function f32_vfill(n: i32, y: usize, v: f32): void {
  const vv = f32x4.splat(v);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), vv);
  for (; i < n; i++) store<f32>(at(y, i), v);
}

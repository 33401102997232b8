// Data kernels: mini-batch assembly from a shuffled index, and per-feature standardization.
// Rows are contiguous f32; any alignment (v128.load/store accept unaligned addresses).
import { at } from './simd';

/**
 * dst row r = src row idx[r], r < count; rows have ncols elements, idx is an i32 array of trusted
 * indices (validated in TS). dst must not overlap src.
 */
export function f32_gather_rows(count: i32, ncols: i32, src: usize, idx: usize, dst: usize): void {
  const rowBytes = <usize>ncols << 2;
  for (let r = 0; r < count; r++) {
    const s = src + <usize>load<i32>(idx + (<usize>r << 2)) * rowBytes;
    const d = dst + <usize>r * rowBytes;
    let j = 0;
    for (; j + 16 <= ncols; j += 16) {
      const v0 = v128.load(at(s, j)), v1 = v128.load(at(s, j + 4));
      const v2 = v128.load(at(s, j + 8)), v3 = v128.load(at(s, j + 12));
      v128.store(at(d, j), v0);
      v128.store(at(d, j + 4), v1);
      v128.store(at(d, j + 8), v2);
      v128.store(at(d, j + 12), v3);
    }
    for (; j + 4 <= ncols; j += 4) v128.store(at(d, j), v128.load(at(s, j)));
    for (; j < ncols; j++) store<f32>(at(d, j), load<f32>(at(s, j))); // tail
  }
}

/**
 * y[i,j] = (x[i,j] − mean[j]) / std[j], x and y m×n. y may equal x. Callers pass std with zeros
 * replaced by 1 (a constant feature then maps to 0). A true division, not a multiply by 1/std, so the
 * result is correctly rounded from the f32 difference.
 */
export function f32_standardize(m: i32, n: i32, x: usize, mean: usize, std: usize, y: usize): void {
  for (let i = 0; i < m; i++) {
    const off = <usize>i * <usize>n << 2;
    const px = x + off, py = y + off;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const d = f32x4.sub(v128.load(at(px, j)), v128.load(at(mean, j)));
      v128.store(at(py, j), f32x4.div(d, v128.load(at(std, j))));
    }
    for (; j < n; j++) store<f32>(at(py, j), (load<f32>(at(px, j)) - load<f32>(at(mean, j))) / load<f32>(at(std, j)));
  }
}

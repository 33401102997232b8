// Reductions: column sums (bias gradient), column moments (batch norm, input standardization),
// whole-array sums and squared norms, and the first non-finite element (NaN check).
// Column reductions go row by row, accumulating into the output row (kept in L1), so x streams
// contiguously; walking 4-column strips down the rows was 2–5× slower (a 2 KiB row stride maps every
// row to the same few cache sets). Matrices are m×n row-major and contiguous; any alignment.
import { at, madd } from './simd';

/** y[j] += x[i,j] for every row i: one contiguous pass over x per call. */
@inline function addRows(m: i32, n: i32, x: usize, y: usize): void {
  for (let i = 0; i < m; i++) {
    const row = x + (<usize>i * <usize>n << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(at(y, j), f32x4.add(v128.load(at(y, j)), v128.load(at(row, j))));
    for (; j < n; j++) store<f32>(at(y, j), load<f32>(at(y, j)) + load<f32>(at(row, j))); // tail
  }
}

/** y[j] = Σ_i x[i,j] + β·y[j], j < n (β = 0: y is not read, so NaN there does not leak). y must not alias x. */
export function f32_colsum(m: i32, n: i32, x: usize, y: usize, beta: f32): void {
  // Start from β·y (or 0) and add the rows in order; the TS twin adds β·y last, a rounding-level difference.
  const bv = f32x4.splat(beta), zero = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(y, j), beta != 0 ? f32x4.mul(bv, v128.load(at(y, j))) : zero);
  for (; j < n; j++) store<f32>(at(y, j), beta != 0 ? beta * load<f32>(at(y, j)) : 0); // tail
  addRows(m, n, x, y);
}

/**
 * mean[j] = Σ_i x[i,j] / m and var[j] = Σ_i (x[i,j] − mean[j])² / m (biased), j < n, m ≥ 1.
 * Two passes (mean first): the one-pass E[x²] − E[x]² loses all digits when |mean| ≫ std.
 * mean and var must not alias x or each other.
 */
export function f32_col_moments(m: i32, n: i32, x: usize, mean: usize, vr: usize): void {
  const mf = <f32>m;
  const mv = f32x4.splat(mf), zero = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) { v128.store(at(mean, j), zero); v128.store(at(vr, j), zero); }
  for (; j < n; j++) { store<f32>(at(mean, j), 0); store<f32>(at(vr, j), 0); } // tail
  addRows(m, n, x, mean);
  for (j = 0; j + 4 <= n; j += 4) v128.store(at(mean, j), f32x4.div(v128.load(at(mean, j)), mv));
  for (; j < n; j++) store<f32>(at(mean, j), load<f32>(at(mean, j)) / mf); // tail
  for (let i = 0; i < m; i++) {
    const row = x + (<usize>i * <usize>n << 2);
    for (j = 0; j + 4 <= n; j += 4) {
      const d = f32x4.sub(v128.load(at(row, j)), v128.load(at(mean, j)));
      v128.store(at(vr, j), madd(d, d, v128.load(at(vr, j))));
    }
    for (; j < n; j++) { // tail
      const d = load<f32>(at(row, j)) - load<f32>(at(mean, j));
      store<f32>(at(vr, j), d * d + load<f32>(at(vr, j)));
    }
  }
  for (j = 0; j + 4 <= n; j += 4) v128.store(at(vr, j), f32x4.div(v128.load(at(vr, j)), mv));
  for (; j < n; j++) store<f32>(at(vr, j), load<f32>(at(vr, j)) / mf); // tail
}

// Whole-array sums: blocks of 128 elements go into four f32x4 accumulators (8 adds per lane, error
// ≤ 7u ≈ 4.2e-7 relative per block for same-sign data), then each block is promoted to f64, so the
// error does not grow with n: 1e6 elements stay within ~5e-7 relative (tested against an f64 sum).
const BLOCK = 128;

@inline function addBlock(total: v128, acc: v128): v128 {
  // total is f64x2: add the low and high pairs of the f32x4 acc, both promoted to f64.
  total = f64x2.add(total, f64x2.promote_low_f32x4(acc));
  return f64x2.add(total, f64x2.promote_low_f32x4(v128.shuffle<f32>(acc, acc, 2, 3, 0, 1)));
}

@inline function sumOrSumsq(n: i32, x: usize, square: bool): f64 {
  let total = f64x2.splat(0);
  let i = 0;
  for (; i + BLOCK <= n; i += BLOCK) {
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (let k = i; k < i + BLOCK; k += 16) {
      const v0 = v128.load(at(x, k)), v1 = v128.load(at(x, k + 4));
      const v2 = v128.load(at(x, k + 8)), v3 = v128.load(at(x, k + 12));
      if (square) {
        a0 = madd(v0, v0, a0); a1 = madd(v1, v1, a1);
        a2 = madd(v2, v2, a2); a3 = madd(v3, v3, a3);
      } else {
        a0 = f32x4.add(a0, v0); a1 = f32x4.add(a1, v1);
        a2 = f32x4.add(a2, v2); a3 = f32x4.add(a3, v3);
      }
    }
    total = addBlock(addBlock(addBlock(addBlock(total, a0), a1), a2), a3);
  }
  let a = f32x4.splat(0); // < 32 remaining vectors
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    a = square ? madd(v, v, a) : f32x4.add(a, v);
  }
  total = addBlock(total, a);
  let s = f64x2.extract_lane(total, 0) + f64x2.extract_lane(total, 1);
  for (; i < n; i++) { // tail
    const v = <f64>load<f32>(at(x, i));
    s += square ? v * v : v;
  }
  return s;
}

/** Σ_i x[i], i < n, accumulated in f64 blocks (see BLOCK). */
export function f32_sum(n: i32, x: usize): f32 {
  return <f32>sumOrSumsq(n, x, false);
}

/** Σ_i x[i]², i < n (squared L2 norm, e.g. for clipping gradients by norm), accumulated as f32_sum. */
export function f32_sumsq(n: i32, x: usize): f32 {
  return <f32>sumOrSumsq(n, x, true);
}

/**
 * Index of the first NaN or ±Inf among x[0..n), or −1 when all are finite.
 * v − v is 0 for finite v and NaN for NaN/±Inf, and a sum of such terms is NaN iff one is, so 16
 * elements are tested with one compare; the first bad block is then scanned element by element.
 */
export function f32_find_nonfinite(n: i32, x: usize): i32 {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v0 = v128.load(at(x, i)), v1 = v128.load(at(x, i + 4));
    const v2 = v128.load(at(x, i + 8)), v3 = v128.load(at(x, i + 12));
    const s = f32x4.add(
      f32x4.add(f32x4.sub(v0, v0), f32x4.sub(v1, v1)),
      f32x4.add(f32x4.sub(v2, v2), f32x4.sub(v3, v3)),
    );
    if (v128.any_true(f32x4.ne(s, s))) break;
  }
  for (; i < n; i++) { // the bad block, or the tail
    const v = load<f32>(at(x, i));
    if (v - v != v - v) return i;
  }
  return -1;
}

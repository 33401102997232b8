// Small-m gemm without packing, for batch-1..4 inference and small-batch training. Packing a B panel
// costs about as much as the whole product when m is tiny (one pass over B either way), so these
// kernels stream B straight from its row-major layout instead.
import { at, hsum, madd } from './simd';

/** Rows at or below this use the unpacked kernels. Measured on 784×128 (baseline build, µs):
 *  unpacked m=1 7.2, m=4 30.5; packed m=5 44.5, m=6 57.8, m=8 57.9 (= unpacked's ~27 GFLOP/s). */
export const SMALL_M: i32 = 7;

/** c[j] = α·acc + β·c[j] (β = 0: c not read). */
@inline function put(c: usize, acc: v128, alpha: f32, beta: f32): void {
  const v = f32x4.mul(acc, f32x4.splat(alpha));
  v128.store(c, beta == 0 ? v : madd(v128.load(c), f32x4.splat(beta), v));
}
@inline function put1(c: usize, acc: f32, alpha: f32, beta: f32): void {
  store<f32>(c, beta == 0 ? alpha * acc : alpha * acc + beta * load<f32>(c));
}

/** One row: c[0..n) = α·a[0..k)·B[k×n] + β·c, B row-major with stride ldb. 16 columns per pass. */
function row_nn(n: i32, k: i32, a: usize, b: usize, ldb: i32, c: usize, alpha: f32, beta: f32): void {
  const ldbB = <usize>ldb << 2;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
    let bp = at(b, j);
    for (let p = 0; p < k; p++) {
      const av = v128.load32_splat(at(a, p));
      c0 = madd(av, v128.load(bp), c0);
      c1 = madd(av, v128.load(bp, 16), c1);
      c2 = madd(av, v128.load(bp, 32), c2);
      c3 = madd(av, v128.load(bp, 48), c3);
      bp += ldbB;
    }
    put(at(c, j), c0, alpha, beta);
    put(at(c, j + 4), c1, alpha, beta);
    put(at(c, j + 8), c2, alpha, beta);
    put(at(c, j + 12), c3, alpha, beta);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0);
    let bp = at(b, j);
    for (let p = 0; p < k; p++) {
      c0 = madd(v128.load32_splat(at(a, p)), v128.load(bp), c0);
      bp += ldbB;
    }
    put(at(c, j), c0, alpha, beta);
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    for (let p = 0; p < k; p++) s += load<f32>(at(a, p)) * load<f32>(at(b, p * ldb + j)); // tail
    put1(at(c, j), s, alpha, beta);
  }
}

/** C[m×n] = α·A[m×k]·B[k×n] + β·C for small m, row by row. */
export function small_nn(m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, alpha: f32, beta: f32): void {
  for (let i = 0; i < m; i++) row_nn(n, k, at(a, i * lda), b, ldb, at(c, i * ldc), alpha, beta);
}

/** x·y over k contiguous floats (two accumulators, scalar tail). */
@inline function dot(k: i32, x: usize, y: usize): f32 {
  let s0 = f32x4.splat(0), s1 = s0;
  let p = 0;
  for (; p + 8 <= k; p += 8) {
    s0 = madd(v128.load(at(x, p)), v128.load(at(y, p)), s0);
    s1 = madd(v128.load(at(x, p + 4)), v128.load(at(y, p + 4)), s1);
  }
  for (; p + 4 <= k; p += 4) s0 = madd(v128.load(at(x, p)), v128.load(at(y, p)), s0);
  let s = hsum(f32x4.add(s0, s1));
  for (; p < k; p++) s += load<f32>(at(x, p)) * load<f32>(at(y, p)); // tail
  return s;
}

/** C[m×n] = α·A[m×k]·Bᵀ + β·C, B stored n×k, for small m: one dot product per element. */
export function small_nt(m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, alpha: f32, beta: f32): void {
  for (let i = 0; i < m; i++) {
    const ai = at(a, i * lda), ci = at(c, i * ldc);
    for (let j = 0; j < n; j++) put1(at(ci, j), dot(k, ai, at(b, j * ldb)), alpha, beta);
  }
}

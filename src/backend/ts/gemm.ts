// Reference twins of assembly/gemm.ts: the plain i-k-j loop, accumulated in f64 and rounded on store.
// It is also the baseline of the gemm benchmarks, so it stays the obvious loop.
import type { MemoryViews, Round } from '../memory.js';
import { Act } from '../act.js';
import { activationKernels } from './activations.js';

export function gemmKernels(v: MemoryViews, round: Round = Math.fround) {
  const { f32_bias_act } = activationKernels(v, round);
  let row = new Float64Array(0); // one output row in f64, reused across calls

  /**
   * C = α·op(A)·op(B) + β·C; op(A)(i, p) = A[ta ? p·lda + i : i·lda + p], op(B)(p, j) = B[tb ? j·ldb + p : p·ldb + j].
   * β = 0: C is not read (BLAS), so NaN in C does not survive.
   */
  function gemm(
    ta: boolean, tb: boolean, m: number, n: number, k: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, alpha: number, beta: number,
  ): void {
    const f = v.f32, A = a >>> 2, B = b >>> 2, C = c >>> 2;
    alpha = round(alpha);
    beta = round(beta);
    if (row.length < n) row = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      row.fill(0, 0, n);
      for (let p = 0; p < k; p++) {
        const aip = f[A + (ta ? p * lda + i : i * lda + p)]!;
        for (let j = 0; j < n; j++) row[j]! += aip * f[B + (tb ? j * ldb + p : p * ldb + j)]!;
      }
      for (let j = 0; j < n; j++) {
        const at = C + i * ldc + j;
        f[at] = alpha * row[j]! + (beta === 0 ? 0 : beta * f[at]!);
      }
    }
  }

  return {
    /** C[m×n] = α·A[m×k]·B[k×n] + β·C. β = 0: C is not read. C must not alias A or B. Row-major, ld in elements. */
    f32_gemm_nn(m: number, n: number, k: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, alpha: number, beta: number): void {
      gemm(false, false, m, n, k, a, lda, b, ldb, c, ldc, alpha, beta);
    },
    /** C[m×n] = α·A[m×k]·Bᵀ + β·C with B stored n×k (ldb ≥ k): dX = dZ·Wᵀ. β = 0: C is not read. No aliasing. */
    f32_gemm_nt(m: number, n: number, k: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, alpha: number, beta: number): void {
      gemm(false, true, m, n, k, a, lda, b, ldb, c, ldc, alpha, beta);
    },
    /** C[m×n] = α·Aᵀ·B[k×n] + β·C with A stored k×m (lda ≥ m): dW = Xᵀ·dZ. β = 0: C is not read. No aliasing. */
    f32_gemm_tn(m: number, n: number, k: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, alpha: number, beta: number): void {
      gemm(true, false, m, n, k, a, lda, b, ldb, c, ldc, alpha, beta);
    },
    /**
     * y[m×n] = act(x[m×k]·w[k×n] + bias[n]), contiguous rows; bias 0 = none; act: src/backend/act.ts code
     * (alpha: leakyRelu slope). y must not alias x or w.
     */
    f32_dense_fwd(m: number, n: number, k: number, x: number, w: number, bias: number, y: number, act: number, alpha: number): void {
      gemm(false, false, m, n, k, x, k, w, n, y, n, 1, 0);
      if (act !== Act.linear || bias !== 0) f32_bias_act(m, n, y, n, bias, act, alpha);
    },
  };
}

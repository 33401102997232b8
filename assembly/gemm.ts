// Kernel family: gemm. C = α·op(A)·op(B) + β·C for NN, NT and TN, and the fused dense forward.
// One driver serves every variant: the transposes happen while packing A and B into panels
// (scripts/gen-gemm.mjs generates the packers and the MR×8 register tiles), so NT and TN run at the
// speed of NN. Blocking (gemm_config.ts): B block KC×NC, A block MC×KC, both in the shared workspace.
import { workspace } from './runtime';
import { A_PANEL_BYTES, B_PANEL_BYTES, KC, MC, MR, NC, NR } from './gemm_config';
import { pack_a, pack_b, tile } from './gemm_tiles.generated';
import { f32_bias_act, ACT_LINEAR } from './activations';
import { f32_vscale } from './vector';
import { at } from './simd';
import { SMALL_M, small_nn, small_nt } from './gemm_small';

/** C = β·C for an m×n block (β = 0 writes zeros without reading C, so NaN in C does not survive). */
function scale_c(m: i32, n: i32, c: usize, ldc: i32, beta: f32): void {
  if (beta == 1) return;
  const vb = f32x4.splat(beta), zero = f32x4.splat(0);
  for (let i = 0; i < m; i++) {
    const row = at(c, i * ldc);
    let j = 0;
    if (beta == 0) {
      for (; j + 4 <= n; j += 4) v128.store(at(row, j), zero);
      for (; j < n; j++) store<f32>(at(row, j), 0);
    } else {
      for (; j + 4 <= n; j += 4) v128.store(at(row, j), f32x4.mul(v128.load(at(row, j)), vb));
      for (; j < n; j++) store<f32>(at(row, j), load<f32>(at(row, j)) * beta);
    }
  }
}

/**
 * C[mc×nc] (=, or += when accum) packed A block · packed B block, tile by tile. Tiles whose width is
 * not a multiple of 4 are computed into the spill tile `t` (4·ceil(nr/4) columns) and merged.
 */
function macro_block(mc: i32, nc: i32, kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, accum: i32, t: usize): void {
  const ldcB = <usize>ldc << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const bpanel = bp + <usize>(jr * kc) * 4;
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      const apanel = ap + <usize>(ir * kc) * 4;
      const cp = at(c, ir * ldc + jr);
      if ((nr & 3) == 0) {
        tile(mr, nr >> 2, kc, apanel, bpanel, cp, ldcB, accum);
        continue;
      }
      tile(mr, (nr + 3) >> 2, kc, apanel, bpanel, t, NR * 4, 0);
      for (let i = 0; i < mr; i++) {
        const row = cp + <usize>i * ldcB;
        for (let j = 0; j < nr; j++) {
          const v = load<f32>(at(t, i * NR + j));
          store<f32>(at(row, j), accum ? load<f32>(at(row, j)) + v : v);
        }
      }
    }
  }
}

/**
 * The packed driver. transA 1: A stored k×m; transB 1: B stored n×k. When `epilogue` is set, each
 * C block gets f32_bias_act right after its last k-block, while it is still in cache.
 */
function gemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  alpha: f32, beta: f32, epilogue: bool, bias: usize, act: i32, actAlpha: f32,
): void {
  if (m <= 0 || n <= 0) return;
  // β: 0 stores (C not read), 1 accumulates, anything else scales C once first and accumulates.
  if (k <= 0 || (beta != 0 && beta != 1)) scale_c(m, n, c, ldc, beta);
  if (k <= 0) {
    if (epilogue) f32_bias_act(m, n, c, ldc, bias, act, actAlpha);
    return;
  }
  if (m <= SMALL_M && transA == 0) {
    // NOTE: β other than 0 and 1 was applied by scale_c above, so the small kernels accumulate with 1.
    const b1: f32 = beta == 0 ? 0 : 1;
    if (transB) small_nt(m, n, k, a, lda, b, ldb, c, ldc, alpha, b1);
    else small_nn(m, n, k, a, lda, b, ldb, c, ldc, alpha, b1);
    if (epilogue) f32_bias_act(m, n, c, ldc, bias, act, actAlpha);
    return;
  }
  const accum0 = beta == 0 ? 0 : 1;
  const bp = workspace, ap = bp + B_PANEL_BYTES, t = ap + A_PANEL_BYTES;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const accum = pc == 0 ? accum0 : 1; // later k-blocks add to what the first one stored
      pack_b(transB, transB ? at(b, jc * ldb + pc) : at(b, pc * ldb + jc), ldb, kc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        pack_a(transA, transA ? at(a, pc * lda + ic) : at(a, ic * lda + pc), lda, mc, kc, ap);
        // α scales the packed A block (MC·KC values) rather than every tile's output (see the generator).
        if (alpha != 1) f32_vscale((mc + MR - 1) / MR * MR * kc, ap, ap, alpha);
        const cblock = at(c, ic * ldc + jc);
        macro_block(mc, nc, kc, ap, bp, cblock, ldc, accum, t);
        if (epilogue && pc + kc >= k) f32_bias_act(mc, nc, cblock, ldc, bias ? at(bias, jc) : 0, act, actAlpha);
      }
    }
  }
}

/** C[m×n] = α·A[m×k]·B[k×n] + β·C. β = 0: C is not read. Row-major, ld in elements, any alignment; C must not alias A or B. */
export function f32_gemm_nn(m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, alpha: f32, beta: f32): void {
  gemm(0, 0, m, n, k, a, lda, b, ldb, c, ldc, alpha, beta, false, 0, ACT_LINEAR, 0);
}

/** C[m×n] = α·A[m×k]·Bᵀ + β·C with B stored n×k (ldb ≥ k): dX = dZ·Wᵀ. β = 0: C is not read. Any alignment; no aliasing. */
export function f32_gemm_nt(m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, alpha: f32, beta: f32): void {
  gemm(0, 1, m, n, k, a, lda, b, ldb, c, ldc, alpha, beta, false, 0, ACT_LINEAR, 0);
}

/** C[m×n] = α·Aᵀ·B[k×n] + β·C with A stored k×m (lda ≥ m): dW = Xᵀ·dZ. β = 0: C is not read. Any alignment; no aliasing. */
export function f32_gemm_tn(m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, alpha: f32, beta: f32): void {
  gemm(1, 0, m, n, k, a, lda, b, ldb, c, ldc, alpha, beta, false, 0, ACT_LINEAR, 0);
}

/**
 * y[m×n] = act(x[m×k]·w[k×n] + bias[n]), contiguous rows; bias 0 = none; act: src/backend/act.ts code
 * (alpha: leakyRelu slope). The bias and activation run on each C block after its last k-block.
 * Any alignment; y must not alias x or w.
 */
export function f32_dense_fwd(m: i32, n: i32, k: i32, x: usize, w: usize, bias: usize, y: usize, act: i32, alpha: f32): void {
  gemm(0, 0, m, n, k, x, k, w, n, y, n, 1, 0, act != ACT_LINEAR || bias != 0, bias, act, alpha);
}

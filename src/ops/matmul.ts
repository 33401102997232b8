// Matrix product on the gemm kernels. Heap-resident operands (op results) are read in place and the
// product is written straight into its own heap block, so a chain of matMuls copies nothing; user
// tensors (JS storage) are copied in once per call.
import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { asTensor, floatOffsetOf, onBackend, produce, type TensorInput } from './core.js';
import { permuteInto } from './layout.js';

/**
 * Matrix product of two rank-2 tensors, as tf.matMul: op(a)·op(b) with op = transpose when asked.
 * Runs on the current backend (packed SIMD gemm on wasm). Arguments may be tensors or nested arrays;
 * mismatched inner dimensions are a ShapeError.
 *
 * @param transposeA - use aᵀ (default false)
 * @param transposeB - use bᵀ (default false)
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const a = nn.tensor2d([[1, 2], [3, 4]]);
 * const b = nn.tensor2d([[5, 6], [7, 8]]);
 * console.log(nn.matMul(a, b).arraySync());             // [[19, 22], [43, 50]]
 * console.log(nn.matMul(a, b, true, false).arraySync()); // aᵀ·b = [[26, 30], [38, 44]]
 * ```
 */

export function matMul(a: TensorInput, b: TensorInput, transposeA = false, transposeB = false): Tensor {
  const A = asTensor(a, 'matMul', 'a');
  const B = asTensor(b, 'matMul', 'b');
  if (A.rank !== 2 || B.rank !== 2) {
    throw new ShapeError(`matMul: expected two rank-2 tensors, got a ${fmtShape(A.shape)} and b ${fmtShape(B.shape)}`);
  }
  const [ar, ac] = A.shape as [number, number];
  const [br, bc] = B.shape as [number, number];
  const m = transposeA ? ac : ar, k = transposeA ? ar : ac;
  const kb = transposeB ? bc : br, n = transposeB ? br : bc;
  if (k !== kb) {
    throw new ShapeError(
      `matMul: inner dimensions differ: a ${fmtShape(A.shape)}${transposeA ? 'ᵀ' : ''} has ${k} columns, ` +
        `b ${fmtShape(B.shape)}${transposeB ? 'ᵀ' : ''} has ${kb} rows`,
    );
  }
  return onBackend((backend, s) => {
    const pa = floatOffsetOf(A, backend, s, 'matMul');
    const pb = floatOffsetOf(B, backend, s, 'matMul');
    const { k: K } = backend;
    return produce(backend, [m, n], 'float32', (pc) => {
      if (m * n === 0) return;
      if (transposeA && transposeB) {
        // Aᵀ·Bᵀ = (B·A)ᵀ: one NN product (B stored n×k, A stored k×m) into scratch, transposed into place.
        const t = s.alloc(m * n);
        K.f32_gemm_nn(n, m, k, pb, k, pa, m, t, m, 1, 0);
        permuteInto(backend, s, [n, m], [1, 0], t, pc, 'matMul');
      } else if (transposeA) K.f32_gemm_tn(m, n, k, pa, m, pb, n, pc, n, 1, 0);
      else if (transposeB) K.f32_gemm_nt(m, n, k, pa, k, pb, k, pc, n, 1, 0);
      else K.f32_gemm_nn(m, n, k, pa, k, pb, n, pc, n, 1, 0);
    });
  });
}

// Tensor operations that run on the current backend's kernels.
import { currentBackend } from './backend/index.js';
import { ShapeError, ValueError, fmtShape } from './errors.js';
import { withArena } from './runtime/arena.js';
import { Tensor, tensor, type TensorLike } from './tensor.js';

function asTensor(x: Tensor | TensorLike, op: string, arg: string): Tensor {
  if (x instanceof Tensor) return x;
  try {
    return tensor(x);
  } catch (cause) {
    throw new ValueError(`${op}: argument '${arg}' is not a tensor: ${(cause as Error).message}`);
  }
}

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

export function matMul(a: Tensor | TensorLike, b: Tensor | TensorLike, transposeA = false, transposeB = false): Tensor {
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
  const backend = currentBackend();
  const out = withArena(backend, (s) => {
    const pa = s.put(A.read('matMul'));
    const pb = s.put(B.read('matMul'));
    const pc = s.alloc(m * n);
    const { k: K } = backend;
    if (transposeA && transposeB) {
      // Aᵀ·Bᵀ = (B·A)ᵀ: one NN product (B stored n×k, A stored k×m), transposed on the way out.
      K.f32_gemm_nn(n, m, k, pb, k, pa, m, pc, m, 1, 0);
      const t = s.read(pc, m * n), c = new Float32Array(m * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) c[j * n + i] = t[i * m + j]!;
      return c;
    }
    if (transposeA) K.f32_gemm_tn(m, n, k, pa, m, pb, n, pc, n, 1, 0);
    else if (transposeB) K.f32_gemm_nt(m, n, k, pa, k, pb, k, pc, n, 1, 0);
    else K.f32_gemm_nn(m, n, k, pa, k, pb, n, pc, n, 1, 0);
    return s.read(pc, m * n);
  });
  return new Tensor(out, [m, n]);
}

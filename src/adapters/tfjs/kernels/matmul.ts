// BatchMatMul and _FusedMatMul on simdnn's packed gemm: one f32_gemm_{nn,nt,tn} call per batch
// matrix, straight on the heap blocks; the fused bias + activation is f32_bias_act on the output.
import { BatchMatMul, _FusedMatMul, backend_util, type TensorInfo } from '@tensorflow/tfjs-core';

import type { SimdnnBackend } from '../backend.js';
import { FUSED, allFloat32, nativeKernel, sizeOf } from '../native.js';

/** C = op(A)·op(B) per batch, or null when the batch dims broadcast other than "equal or one is 1". */
function matmul(backend: SimdnnBackend, a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean): TensorInfo | null {
  if (!allFloat32(a, b) || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length, rb = b.shape.length;
  const m = transA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = transB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (k !== kb) return null; // the cpu kernel throws tfjs's own message
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batch = sizeOf(outer), batchA = sizeOf(outerA), batchB = sizeOf(outerB);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;

  const shape = [...outer, m, n];
  const out = k === 0 ? backend.makeTensorInfo(shape, 'float32') : backend.alloc(shape, 'float32'); // k = 0: zeros
  if (batch === 0 || m === 0 || n === 0 || k === 0) return out;
  const { storage, simdnn } = backend;
  const kern = simdnn.k;
  const A = storage.get(a.dataId).offset, B = storage.get(b.dataId).offset, C = storage.get(out.dataId).offset;
  // Aᵀ·Bᵀ has no gemm variant: transpose each A into a scratch m×k block and use Ā·Bᵀ (nt).
  const scratch = transA && transB ? simdnn.heap.alloc(m * k * 4) : 0;
  try {
    for (let i = 0; i < batch; i++) {
      const pa = A + (batchA === 1 ? 0 : i * m * k * 4), pb = B + (batchB === 1 ? 0 : i * k * n * 4), pc = C + i * m * n * 4;
      if (!transA && !transB) kern.f32_gemm_nn(m, n, k, pa, k, pb, n, pc, n, 1, 0);
      else if (!transA) kern.f32_gemm_nt(m, n, k, pa, k, pb, k, pc, n, 1, 0);
      else if (!transB) kern.f32_gemm_tn(m, n, k, pa, m, pb, n, pc, n, 1, 0);
      else {
        const f = simdnn.views.f32, src = pa >>> 2, dst = scratch >>> 2;
        for (let r = 0; r < k; r++) for (let c = 0; c < m; c++) f[dst + c * k + r] = f[src + r * m + c]!;
        kern.f32_gemm_nt(m, n, k, scratch, k, pb, k, pc, n, 1, 0);
      }
    }
  } finally {
    simdnn.heap.release(scratch);
  }
  return out;
}

export const batchMatMulKernel = nativeKernel(BatchMatMul, ({ inputs, attrs, backend }) =>
  matmul(backend, inputs.a as TensorInfo, inputs.b as TensorInfo, !!attrs.transposeA, !!attrs.transposeB),
);

export const fusedMatMulKernel = nativeKernel(_FusedMatMul, ({ inputs, attrs, backend }) => {
  const { a, b, bias, preluActivationWeights } = inputs as Record<string, TensorInfo | undefined>;
  const fused = FUSED[String(attrs.activation ?? 'linear')];
  if (!fused || preluActivationWeights || !allFloat32(bias)) return null;
  const n = (attrs.transposeB ? b!.shape.at(-2) : b!.shape.at(-1))!;
  // The epilogue adds one bias row to every output row: bias must be [n] (or 1×…×1×n).
  if (bias && (bias.shape.at(-1) !== n || sizeOf(bias.shape) !== n)) return null;
  const out = matmul(backend, a!, b!, !!attrs.transposeA, !!attrs.transposeB);
  if (!out) return null;
  const rows = sizeOf(out.shape) / Math.max(n, 1);
  const [code, clamp6] = fused;
  const y = backend.storage.get(out.dataId).offset;
  if (rows > 0 && n > 0) {
    const biasAt = bias ? backend.storage.get(bias.dataId).offset : 0;
    backend.simdnn.k.f32_bias_act(rows, n, y, n, biasAt, code, Number(attrs.leakyreluAlpha ?? 0.2));
    if (clamp6) backend.simdnn.k.f32_vclamp(rows * n, y, y, 0, 6);
  }
  return out;
});

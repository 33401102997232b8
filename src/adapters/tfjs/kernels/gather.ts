// GatherV2 (tf.gather; tfjs-layers' fit slices every shuffled batch with it) on f32_gather_rows: for each
// slice before `axis`, rows of the trailing block picked by the indices, one SIMD copy per row. Works on
// float32 and int32 alike (4-byte elements copied as bits). Delegated: batchDims ≠ 0, other dtypes, and
// out-of-range indices (tfjs-cpu throws its own message for those).
import { GatherV2, util, type TensorInfo } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from '../native.js';

export const gatherV2Kernel = nativeKernel(GatherV2, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo, indices = inputs.indices as TensorInfo;
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || indices.dtype !== 'int32' || Number(attrs.batchDims ?? 0) !== 0) return null;
  const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
  const dim = x.shape[axis]!;
  const idx = backend.storage.view(indices.dataId) as Int32Array;
  for (let i = 0; i < idx.length; i++) if (!(idx[i]! >= 0 && idx[i]! < dim)) return null;
  // NOTE: idx is a view of the heap: the allocation below may grow (detach) it, so nothing reads it after.
  const count = idx.length;
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const out = backend.alloc(shape, x.dtype);
  const outer = sizeOf(x.shape.slice(0, axis)), inner = sizeOf(x.shape.slice(axis + 1));
  if (sizeOf(shape) === 0) return out;
  const st = backend.storage, X = st.get(x.dataId).offset, I = st.get(indices.dataId).offset, Y = st.get(out.dataId).offset;
  for (let o = 0; o < outer; o++) {
    backend.simdnn.k.f32_gather_rows(count, inner, X + o * dim * inner * 4, I, Y + o * count * inner * 4);
  }
  return out;
}, { strings: true });

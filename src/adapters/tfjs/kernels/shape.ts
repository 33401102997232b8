// Reshape and Identity share the input's heap block (one more reference), as tfjs-backend-cpu does:
// no copy, whatever the dtype. Cast to the same dtype shares it too; float32 ↔ int32 is one f32_to_i32
// (mode 1: truncates and wraps as Int32Array.from, tfjs-cpu's rule) or i32_to_f32 (the op wing's kernels);
// to or from bool it converts on the heap views (→ bool is x ≠ 0). Fill, ZerosLike and OnesLike fill a fresh block; Transpose is one x32_strided_copy. complex64 and
// string delegate.
import { Cast, Fill, Identity, OnesLike, Reshape, Transpose, ZerosLike, util, type DataType, type TensorInfo } from '@tensorflow/tfjs-core';

import type { SimdnnBackend } from '../backend.js';
import { nativeKernel, sizeOf, stridedCopy } from '../native.js';

const NUMERIC = new Set<DataType>(['float32', 'int32', 'bool']);

export const reshapeKernel = nativeKernel(Reshape, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  const size = sizeOf(x.shape);
  const shape = util.inferFromImplicitShape(attrs.shape as number[], size);
  const newSize = sizeOf(shape);
  if (newSize !== size) {
    throw new Error(`Reshape: the new shape (${shape}) has ${newSize} elements and the old shape (${x.shape}) has ${size}; they must be equal`);
  }
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}, { strings: true });

export const identityKernel = nativeKernel(Identity, ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}, { strings: true });

export const castKernel = nativeKernel(Cast, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  const dtype = attrs.dtype as DataType;
  if (!NUMERIC.has(x.dtype) || !NUMERIC.has(dtype)) return null;
  if (dtype === x.dtype) {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype };
  }
  const out = backend.alloc(x.shape, dtype as 'float32' | 'int32' | 'bool');
  const n = sizeOf(x.shape), st = backend.storage, k = backend.simdnn.k;
  if (x.dtype === 'float32' && dtype === 'int32') {
    k.f32_to_i32(n, st.get(x.dataId).offset, st.get(out.dataId).offset, 1); // mode 1: wraps as Int32Array.from
    return out;
  }
  if (x.dtype === 'int32' && dtype === 'float32') {
    k.i32_to_f32(n, st.get(x.dataId).offset, st.get(out.dataId).offset);
    return out;
  }
  // To or from bool (one byte per element): the heap views in JS.
  const src = st.view(x.dataId), dst = st.view(out.dataId);
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
  else dst.set(src); // typed-array conversion: ToInt32 (truncation, NaN → 0) or exact to float32
  return out;
}, { strings: true });

function filled(backend: SimdnnBackend, shape: number[], dtype: DataType, value: number): TensorInfo | null {
  if (!NUMERIC.has(dtype)) return null;
  const out = backend.alloc(shape, dtype as 'float32' | 'int32' | 'bool');
  const n = sizeOf(shape);
  if (n === 0) return out;
  if (dtype === 'float32') backend.simdnn.k.f32_vfill(n, backend.storage.get(out.dataId).offset, value);
  else backend.storage.view(out.dataId).fill(value);
  return out;
}

export const fillKernel = nativeKernel(Fill, ({ attrs, backend }) => {
  const dtype = (attrs.dtype as DataType | undefined) ?? (typeof attrs.value === 'number' ? 'float32' : 'string');
  if (typeof attrs.value !== 'number') return null;
  return filled(backend, attrs.shape as number[], dtype, attrs.value);
}, { strings: true });

export const zerosLikeKernel = nativeKernel(ZerosLike, ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  return filled(backend, x.shape, x.dtype, 0);
}, { strings: true });

export const onesLikeKernel = nativeKernel(OnesLike, ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  return filled(backend, x.shape, x.dtype, 1);
}, { strings: true });

/**
 * Transpose of float32 or int32 by any permutation: one x32_strided_copy (the op wing's kernel) from the
 * input's heap block into the output's. bool (1-byte elements) walks the heap views in JS. The identity
 * permutation shares the block, as Reshape does.
 */
export const transposeKernel = nativeKernel(Transpose, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  if (!NUMERIC.has(x.dtype)) return null;
  const perm = attrs.perm as number[];
  const rank = x.shape.length;
  const shape = perm.map((p) => x.shape[p]!);
  if (perm.every((p, i) => p === i)) {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape, dtype: x.dtype };
  }
  const out = backend.alloc(shape, x.dtype as 'float32' | 'int32' | 'bool');
  const n = sizeOf(shape);
  if (n === 0) return out;
  const inStrides = [...util.computeStrides(x.shape), 1];
  const step = perm.map((p) => inStrides[p]!); // input stride of each output dim
  const st = backend.storage;
  if (x.dtype !== 'bool' && stridedCopy(backend, shape, step, st.get(x.dataId).offset, st.get(out.dataId).offset)) return out;
  // bool (one byte per element), or more than 8 dimensions after merging: an odometer in JS.
  const src = st.view(x.dataId), dst = st.view(out.dataId);
  const last = shape[rank - 1]!, s = step[rank - 1]!;
  const idx = new Array<number>(rank).fill(0);
  let at = 0;
  for (let o = 0; o < n; o += last) {
    for (let j = 0; j < last; j++) dst[o + j] = src[at + j * s]!;
    // Odometer over the output dims before the last, innermost first.
    for (let d = rank - 2; d >= 0; d--) {
      at += step[d]!;
      if (++idx[d]! < shape[d]!) break;
      at -= step[d]! * idx[d]!;
      idx[d] = 0;
    }
  }
  return out;
}, { strings: true });

// Reshape and Identity share the input's heap block (one more reference), as tfjs-backend-cpu does:
// no copy, whatever the dtype. Cast to the same dtype shares it too; between float32, int32 and bool it
// converts on the heap views with tfjs-cpu's rules (→ int32 truncates as Int32Array.from, → bool is
// x ≠ 0). Fill, ZerosLike and OnesLike fill a fresh block. complex64 and string delegate.
import { Cast, Fill, Identity, OnesLike, Reshape, ZerosLike, util, type DataType, type TensorInfo } from '@tensorflow/tfjs-core';

import type { SimdnnBackend } from '../backend.js';
import { nativeKernel, sizeOf } from '../native.js';

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
  const src = backend.storage.view(x.dataId), dst = backend.storage.view(out.dataId);
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

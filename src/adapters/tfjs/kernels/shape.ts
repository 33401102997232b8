// Reshape and Identity share the input's heap block (one more reference), as tfjs-backend-cpu does:
// no copy, whatever the dtype.
import { Identity, Reshape, util, type TensorInfo } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from '../native.js';

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
});

export const identityKernel = nativeKernel(Identity, ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
});

// Elementwise binary float32 ops with numpy broadcasting, merged into as few, as long rows as possible by
// the op wing's broadcastStrides + collapse (src/ops/core.ts): one merged dimension is one f32_vbinary call
// (a broadcast side is its one element, stride 0), more are one f32_vbinary_nd call (assembly/binary.ts)
// with the sizes and strides in the backend's parameter block.
import { Add, Maximum, Minimum, Multiply, RealDiv, SquaredDifference, Sub, backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { Bin, type BinCode } from '../../../backend/ts/binary.js';
import { KERNEL_MAX_RANK, broadcastStrides, collapse } from '../../../ops/core.js';
import { allFloat32, heapI32, nativeKernel, sizeOf } from '../native.js';

function binary(kernelName: string, op: BinCode): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, backend }) => {
    const a = inputs.a as TensorInfo, b = inputs.b as TensorInfo;
    if (!allFloat32(a, b)) return null;
    let shape: number[];
    try {
      shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    } catch {
      return null; // the cpu kernel throws tfjs's own message
    }
    const c = collapse(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)]);
    if (c.shape.length > KERNEL_MAX_RANK) return null;
    const out = backend.alloc(shape, 'float32');
    if (sizeOf(shape) === 0) return out;
    const k = backend.simdnn.k, st = backend.storage;
    const A = st.get(a.dataId).offset, B = st.get(b.dataId).offset, Y = st.get(out.dataId).offset;
    const [sa, sb] = c.strides as [number[], number[]];
    if (c.shape.length === 1) k.f32_vbinary(c.shape[0]!, A, sa[0]!, B, sb[0]!, Y, op);
    else k.f32_vbinary_nd(c.shape.length, heapI32(backend, c.shape, 0), heapI32(backend, sa, 8), heapI32(backend, sb, 16), A, B, Y, op);
    return out;
  });
}

export const BINARY: KernelConfig[] = [
  binary(Add, Bin.add),
  binary(Sub, Bin.sub),
  binary(Multiply, Bin.mul),
  binary(RealDiv, Bin.div),
  binary(Maximum, Bin.max),
  binary(Minimum, Bin.min),
  binary(SquaredDifference, Bin.sqdiff),
];

// Slice (tfjs-layers' predict and evaluate cut every batch with it) as row copies inside the heap: the
// trailing dims the slice takes whole merge into one contiguous run per row, and an odometer walks the
// leading dims. float32, int32 and bool (same bytes, typed-array copyWithin); strings and complex64
// delegate. Parameters are checked by tfjs-core's own slice_util (same errors as tfjs-cpu).
import { Slice, slice_util, util, type TensorInfo } from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from '../native.js';

export const sliceKernel = nativeKernel(Slice, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') return null;
  const [begin, size] = slice_util.parseSliceParams(x, attrs.begin as number[], attrs.size as number[]) as [number[], number[]];
  slice_util.assertParamsValid(x, begin, size);
  const out = backend.alloc(size, x.dtype);
  const total = sizeOf(size);
  if (total === 0) return out;
  const rank = x.shape.length;
  if (rank === 0) {
    backend.storage.view(out.dataId).set(backend.storage.view(x.dataId));
    return out;
  }
  // Innermost dim j not taken whole: rows are size[j]·Π shape[j+1:] contiguous elements.
  let j = rank - 1;
  while (j > 0 && size[j] === x.shape[j] && begin[j] === 0) j--;
  const strides = util.computeStrides(x.shape); // elements, for dims 0 … rank−2
  const inner = j === rank - 1 ? 1 : strides[j]!;
  const run = size[j]! * inner;
  const st = backend.storage;
  // One view over the whole heap: the source and destination offsets in elements of this dtype.
  const bytes = x.dtype === 'bool' ? 1 : 4;
  const heap = x.dtype === 'float32' ? backend.simdnn.views.f32 : x.dtype === 'int32' ? backend.simdnn.views.i32 : new Uint8Array(st.heap.memory.buffer);
  const src0 = st.get(x.dataId).offset / bytes, dst0 = st.get(out.dataId).offset / bytes;
  let src = src0 + begin[j]! * inner;
  for (let d = 0; d < j; d++) src += begin[d]! * strides[d]!;
  const idx = new Array<number>(j).fill(0);
  for (let dst = dst0; dst < dst0 + total; dst += run) {
    heap.copyWithin(dst, src, src + run);
    // Odometer over dims 0 … j−1, innermost first.
    for (let d = j - 1; d >= 0; d--) {
      src += strides[d]!;
      if (++idx[d]! < size[d]!) break;
      src -= strides[d]! * idx[d]!;
      idx[d] = 0;
    }
  }
  return out;
}, { strings: true });

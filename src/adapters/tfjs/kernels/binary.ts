// Elementwise binary float32 ops with numpy broadcasting on f32_vbinary. Dimensions are merged into
// groups where each side is either fully strided or broadcast; one group is one f32_vbinary call (a
// broadcast side is its one element, stride 0), more are one f32_vbinary_nd call (assembly/binary.ts,
// the op wing's kernel) with the groups' sizes and strides in the backend's parameter block.
import { Add, Maximum, Minimum, Multiply, RealDiv, SquaredDifference, Sub, backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { Bin, type BinCode } from '../../../backend/ts/binary.js';
import { allFloat32, heapI32, nativeKernel, sizeOf } from '../native.js';

interface Group {
  size: number;
  /** 1 when that side runs along this group, 0 when it is broadcast over it. */
  pa: number;
  pb: number;
}

/** The broadcast of `a` and `b` to `out` as merged groups (dims of size 1 in `out` dropped). */
export function broadcastGroups(a: readonly number[], b: readonly number[], out: readonly number[]): Group[] {
  const r = out.length, groups: Group[] = [];
  for (let i = 0; i < r; i++) {
    const d = out[i]!;
    if (d === 1) continue;
    const pa = (a[i - (r - a.length)] ?? 1) === d ? 1 : 0, pb = (b[i - (r - b.length)] ?? 1) === d ? 1 : 0;
    const last = groups[groups.length - 1];
    if (last && last.pa === pa && last.pb === pb) last.size *= d;
    else groups.push({ size: d, pa, pb });
  }
  return groups;
}

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
    const groups = broadcastGroups(a.shape, b.shape, shape);
    // Merged groups alternate broadcast patterns, so there are at most rank of them (≤ 8 for the kernel).
    if (groups.length > 8) return null;
    const out = backend.alloc(shape, 'float32');
    if (sizeOf(shape) === 0) return out;
    const k = backend.simdnn.k, st = backend.storage;
    const A = st.get(a.dataId).offset, B = st.get(b.dataId).offset, Y = st.get(out.dataId).offset;
    if (groups.length <= 1) {
      const run = groups[0] ?? { size: 1, pa: 1, pb: 1 };
      k.f32_vbinary(run.size, A, run.pa, B, run.pb, Y, op);
      return out;
    }
    const r = groups.length;
    const sa = new Array<number>(r), sb = new Array<number>(r);
    let accA = 1, accB = 1;
    for (let g = r - 1; g >= 0; g--) {
      const { size, pa, pb } = groups[g]!;
      sa[g] = pa ? accA : 0;
      sb[g] = pb ? accB : 0;
      accA *= pa ? size : 1;
      accB *= pb ? size : 1;
    }
    const SH = heapI32(backend, groups.map((g) => g.size), 0), SA = heapI32(backend, sa, 8), SB = heapI32(backend, sb, 16);
    k.f32_vbinary_nd(r, SH, SA, SB, A, B, Y, op);
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

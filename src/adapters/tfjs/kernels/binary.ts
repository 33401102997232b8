// Elementwise binary float32 ops with numpy broadcasting on f32_vbinary. Dimensions are merged into
// groups where each side is either fully strided or broadcast; the innermost group is one kernel call
// (a broadcast side is its one element, stride 0), the next group out is the rows of one
// f32_vbinary_rows call (assembly/broadcast.ts), and any further groups are walked here.
import { Add, Maximum, Minimum, Multiply, RealDiv, SquaredDifference, Sub, backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { Bin, type BinCode } from '../../../backend/ts/binary.js';
import { allFloat32, nativeKernel, sizeOf } from '../native.js';

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
    const out = backend.alloc(shape, 'float32');
    if (sizeOf(shape) === 0) return out;
    const groups = broadcastGroups(a.shape, b.shape, shape);
    const run = groups.pop() ?? { size: 1, pa: 1, pb: 1 };
    // The next group out is the rows of one f32_vbinary_rows call (row strides ra, rb, ry = run.size).
    const rows = groups.pop() ?? { size: 1, pa: 1, pb: 1 };
    let accA = run.pa ? run.size : 1, accB = run.pb ? run.size : 1, accY = run.size;
    const ra = rows.pa ? accA : 0, rb = rows.pb ? accB : 0;
    accA *= rows.pa ? rows.size : 1;
    accB *= rows.pb ? rows.size : 1;
    accY *= rows.size;
    // Element strides of each outer group, for a, b and the output.
    const sa: number[] = [], sb: number[] = [], sy: number[] = [];
    for (let g = groups.length - 1; g >= 0; g--) {
      const { size, pa, pb } = groups[g]!;
      sa[g] = pa ? accA : 0;
      sb[g] = pb ? accB : 0;
      sy[g] = accY;
      accA *= pa ? size : 1;
      accB *= pb ? size : 1;
      accY *= size;
    }
    const k = backend.simdnn.k, st = backend.storage;
    const A = st.get(a.dataId).offset, B = st.get(b.dataId).offset, Y = st.get(out.dataId).offset;
    const idx = new Array<number>(groups.length).fill(0);
    let ia = 0, ib = 0, iy = 0;
    for (;;) {
      if (rows.size === 1) k.f32_vbinary(run.size, A + ia * 4, run.pa, B + ib * 4, run.pb, Y + iy * 4, op);
      else k.f32_vbinary_rows(rows.size, run.size, A + ia * 4, ra, run.pa, B + ib * 4, rb, run.pb, Y + iy * 4, op);
      // Odometer over the outer groups, innermost first.
      let g = groups.length - 1;
      for (; g >= 0; g--) {
        ia += sa[g]!, ib += sb[g]!, iy += sy[g]!;
        if (++idx[g]! < groups[g]!.size) break;
        ia -= sa[g]! * idx[g]!, ib -= sb[g]! * idx[g]!, iy -= sy[g]! * idx[g]!;
        idx[g] = 0;
      }
      if (g < 0) return out;
    }
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

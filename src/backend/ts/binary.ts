// Reference twin of assembly/binary.ts: y[i] = a[i·sa] op b[i·sb], the obvious loop, rounded on store.
import type { MemoryViews, Round } from '../memory.js';

/** Op codes of f32_vbinary (assembly/binary.ts BIN_*). */
export const Bin = { add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5, sqdiff: 6, pow: 7 } as const;
export type BinCode = (typeof Bin)[keyof typeof Bin];

const OPS: Array<(a: number, b: number, round: Round) => number> = [
  (a, b) => a + b,
  (a, b) => a - b,
  (a, b) => a * b,
  (a, b) => a / b,
  (a, b) => Math.max(a, b),
  (a, b) => Math.min(a, b),
  (a, b, round) => {
    const d = round(a - b); // the wasm kernel rounds the difference to f32 before squaring
    return d * d;
  },
  (a, b) => Math.pow(a, b),
];

export function binaryKernels(v: MemoryViews, round: Round = Math.fround) {
  return {
    /** y[i] = a[i·sa] op b[i·sb], i < n, sa, sb ∈ {0, 1}; op: Bin code. y may equal a or b (stride 1). */
    f32_vbinary(n: number, a: number, sa: number, b: number, sb: number, y: number, op: number): void {
      const fn = OPS[op] ?? OPS[Bin.sqdiff]!;
      const f = v.f32, A = a >>> 2, B = b >>> 2, Y = y >>> 2;
      for (let i = 0; i < n; i++) f[Y + i] = fn(f[A + (sa ? i : 0)]!, f[B + (sb ? i : 0)]!, round);
    },
    /**
     * y (contiguous, shape: i32[rank] at `shape`) = a op b, a and b read with the element strides at
     * astr/bstr (i32[rank], 0 along broadcast dimensions; the innermost 0 or 1), rank 1..8.
     */
    f32_vbinary_nd(rank: number, shape: number, astr: number, bstr: number, a: number, b: number, y: number, op: number): void {
      const fn = OPS[op] ?? OPS[Bin.sqdiff]!;
      const f = v.f32, I = v.i32, dims = Array.from(I.subarray(shape >>> 2, (shape >>> 2) + rank));
      const as = I.subarray(astr >>> 2, (astr >>> 2) + rank), bs = I.subarray(bstr >>> 2, (bstr >>> 2) + rank);
      const size = dims.reduce((p, d) => p * d, 1), idx = new Array<number>(rank).fill(0);
      for (let o = 0; o < size; o++) {
        let ia = a >>> 2, ib = b >>> 2;
        for (let d = 0; d < rank; d++) {
          ia += idx[d]! * as[d]!;
          ib += idx[d]! * bs[d]!;
        }
        f[(y >>> 2) + o] = fn(f[ia]!, f[ib]!, round);
        for (let d = rank - 1; d >= 0 && ++idx[d]! === dims[d]; d--) idx[d] = 0;
      }
    },
  };
}

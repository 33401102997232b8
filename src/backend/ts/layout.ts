// Reference twins of assembly/layout.ts: the same moves through the i32 view, so int32 tensors and NaN
// payloads are copied bit for bit. NOTE: in the f64 gradient-check backend (f64.ts) floats live in a
// separate wide store; these kernels move only the 4-byte store there and are not used by gradCheck.
import type { MemoryViews } from '../memory.js';

export function layoutKernels(v: MemoryViews) {
  return {
    /** y (contiguous, shape i32[rank] at `shape`) = x read with element strides i32[rank] at `strides`. */
    x32_strided_copy(rank: number, shape: number, strides: number, x: number, y: number): void {
      const I = v.i32, dims = Array.from(I.subarray(shape >>> 2, (shape >>> 2) + rank));
      const st = Array.from(I.subarray(strides >>> 2, (strides >>> 2) + rank));
      const size = dims.reduce((p, d) => p * d, 1), idx = new Array<number>(rank).fill(0);
      for (let o = 0; o < size; o++) {
        let at = x >>> 2;
        for (let d = 0; d < rank; d++) at += idx[d]! * st[d]!;
        I[(y >>> 2) + o] = I[at]!;
        for (let d = rank - 1; d >= 0 && ++idx[d]! === dims[d]; d--) idx[d] = 0;
      }
    },
    /** y[i, 0..cols) = x[i, 0..cols), i < rows, row strides ldx, ldy (elements). */
    x32_copy2d(rows: number, cols: number, x: number, ldx: number, y: number, ldy: number): void {
      const I = v.i32;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) I[(y >>> 2) + i * ldy + j] = I[(x >>> 2) + i * ldx + j]!;
      }
    },
    /** y[o, j, :] = x[o, idx[j], :] (x: [outer, n, inner]); returns −1 or the first j with idx[j] ∉ [0, n). */
    x32_gather(outer: number, n: number, inner: number, x: number, idx: number, count: number, y: number): number {
      const I = v.i32, J = idx >>> 2;
      for (let j = 0; j < count; j++) if (I[J + j]! < 0 || I[J + j]! >= n) return j;
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < count; j++) {
          for (let i = 0; i < inner; i++) I[(y >>> 2) + (o * count + j) * inner + i] = I[(x >>> 2) + (o * n + I[J + j]!) * inner + i]!;
        }
      }
      return -1;
    },
  };
}

// Reference twins of assembly/data.ts.
import type { MemoryViews } from '../memory.js';

export function dataKernels(v: MemoryViews) {
  return {
    /** dst row r = src row idx[r] (idx i32, trusted), r < count, rows of ncols elements. dst must not overlap src. */
    f32_gather_rows(count: number, ncols: number, src: number, idx: number, dst: number): void {
      const f = v.f32, I = idx >>> 2, S = src >>> 2, D = dst >>> 2;
      for (let r = 0; r < count; r++) {
        const from = S + v.i32[I + r]! * ncols;
        f.copyWithin(D + r * ncols, from, from + ncols);
      }
    },
    /** y[i,j] = (x[i,j] − mean[j]) / std[j]. y may equal x. */
    f32_standardize(m: number, n: number, x: number, mean: number, std: number, y: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2, M = mean >>> 2, S = std >>> 2;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) f[Y + i * n + j] = (f[X + i * n + j]! - f[M + j]!) / f[S + j]!;
      }
    },
  };
}

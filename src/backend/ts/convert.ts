// Reference twins of assembly/convert.ts.
import type { MemoryViews, Round } from '../memory.js';

const I32_MAX = 2147483647, I32_MIN = -2147483648;

export function convertKernels(v: MemoryViews, round: Round = Math.fround) {
  return {
    /**
     * y[i] (i32) = trunc(x[i]), NaN → 0; beyond the i32 range mode 0 saturates, mode 1 wraps modulo 2³²
     * (JS's ToInt32, as Int32Array.from). y may equal x.
     */
    f32_to_i32(n: number, x: number, y: number, mode: number): void {
      const f = v.f32, I = v.i32, X = x >>> 2, Y = y >>> 2;
      for (let i = 0; i < n; i++) {
        const e = f[X + i]!;
        if (mode !== 0) I[Y + i] = e; // the typed-array store is ToInt32
        else I[Y + i] = Number.isNaN(e) ? 0 : Math.max(I32_MIN, Math.min(I32_MAX, Math.trunc(e)));
      }
    },
    /** y[i] (f32) = x[i] (i32). y may equal x. */
    i32_to_f32(n: number, x: number, y: number): void {
      const f = v.f32, I = v.i32, X = x >>> 2, Y = y >>> 2;
      for (let i = 0; i < n; i++) f[Y + i] = I[X + i]!;
    },
    /** y[i, j] = j === idx[i] ? on : off, i < n, j < depth; an index outside [0, depth) gives a row of off. */
    f32_one_hot(n: number, depth: number, idx: number, y: number, on: number, off: number): void {
      const f = v.f32, I = v.i32, J = idx >>> 2, Y = y >>> 2;
      on = round(on);
      off = round(off);
      for (let i = 0; i < n; i++) {
        const k = I[J + i]!;
        for (let j = 0; j < depth; j++) f[Y + i * depth + j] = j === k ? on : off;
      }
    },
  };
}

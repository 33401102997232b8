// Reference twins of assembly/axis.ts: plain loops over the [outer, r, inner] view, in f64, rounded on store.
import type { MemoryViews } from '../memory.js';

/** Op codes of f32_reduce_axis (assembly/axis.ts RED_*); f32_argreduce_axis takes 0 (argmax) or 1 (argmin). */
export const Red = { sum: 0, mean: 1, max: 2, min: 3, prod: 4 } as const;

export function axisKernels(v: MemoryViews) {
  return {
    /** y[o, i] = reduce_k x[o, k, i], k < r (r ≥ 1); op: Red code. NaN propagates through max/min. */
    f32_reduce_axis(outer: number, r: number, inner: number, x: number, y: number, op: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let acc = f[X + o * r * inner + i]!;
          for (let k = 1; k < r; k++) {
            const e = f[X + (o * r + k) * inner + i]!;
            if (op === Red.max) acc = Number.isNaN(e) || e > acc ? e : acc;
            else if (op === Red.min) acc = Number.isNaN(e) || e < acc ? e : acc;
            else if (op === Red.prod) acc *= e;
            else acc += e;
          }
          f[Y + o * inner + i] = op === Red.mean ? acc / r : acc;
        }
      }
    },
    /** out[o, i] (i32) = k of the first max (op 0) / min (op 1) of x[o, k, i]; strict compare, NaN never wins. */
    f32_argreduce_axis(outer: number, r: number, inner: number, x: number, out: number, op: number): void {
      const f = v.f32, I = v.i32, X = x >>> 2, O = out >>> 2;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let best = f[X + o * r * inner + i]!, bi = 0;
          for (let k = 1; k < r; k++) {
            const e = f[X + (o * r + k) * inner + i]!;
            if (op === 1 ? e < best : e > best) {
              best = e;
              bi = k;
            }
          }
          I[O + o * inner + i] = bi;
        }
      }
    },
  };
}

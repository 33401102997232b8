// Reference twins of assembly/vector.ts: plain loops, computed in f64 and rounded on store.
import type { MemoryViews, Round } from '../memory.js';

export function vectorKernels(v: MemoryViews, round: Round = Math.fround) {
  return {
    /** y[i] = a[i] + b[i], i < n. */
    f32_vadd(n: number, a: number, b: number, y: number): void {
      const f = v.f32, A = a >>> 2, B = b >>> 2, Y = y >>> 2;
      for (let i = 0; i < n; i++) f[Y + i] = f[A + i]! + f[B + i]!;
    },
    /** y[i] = a[i] · b[i], i < n. */
    f32_vmul(n: number, a: number, b: number, y: number): void {
      const f = v.f32, A = a >>> 2, B = b >>> 2, Y = y >>> 2;
      for (let i = 0; i < n; i++) f[Y + i] = f[A + i]! * f[B + i]!;
    },
    /** y[i] = s · x[i], i < n. */
    f32_vscale(n: number, x: number, y: number, s: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      s = round(s);
      for (let i = 0; i < n; i++) f[Y + i] = f[X + i]! * s;
    },
    /** y[i] = clamp(x[i], lo, hi), i < n. NaN stays NaN. */
    f32_vclamp(n: number, x: number, y: number, lo: number, hi: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      lo = round(lo);
      hi = round(hi);
      for (let i = 0; i < n; i++) f[Y + i] = Math.min(Math.max(f[X + i]!, lo), hi);
    },
    /** y[i] = value, i < n. */
    f32_vfill(n: number, y: number, value: number): void {
      v.f32.fill(value, y >>> 2, (y >>> 2) + n);
    },
  };
}

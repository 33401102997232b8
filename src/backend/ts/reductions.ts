// Reference twins of assembly/reductions.ts: plain loops in f64, rounded on store.
import type { MemoryViews, Round } from '../memory.js';

export function reductionsKernels(v: MemoryViews, round: Round = Math.fround) {
  return {
    /** y[j] = Σ_i x[i,j] + β·y[j], j < n (β = 0: y is not read). y must not alias x. */
    f32_colsum(m: number, n: number, x: number, y: number, beta: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      beta = round(beta);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += f[X + i * n + j]!;
        f[Y + j] = beta === 0 ? s : s + beta * f[Y + j]!;
      }
    },
    /** mean[j] = Σ_i x[i,j] / m, var[j] = Σ_i (x[i,j] − mean[j])² / m (biased, two-pass), j < n, m ≥ 1. */
    f32_col_moments(m: number, n: number, x: number, mean: number, vr: number): void {
      const f = v.f32, X = x >>> 2;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += f[X + i * n + j]!;
        const mu = s / m;
        let q = 0;
        for (let i = 0; i < m; i++) q += (f[X + i * n + j]! - mu) ** 2;
        f[(mean >>> 2) + j] = mu;
        f[(vr >>> 2) + j] = q / m;
      }
    },
    /** Σ_i x[i], i < n. */
    f32_sum(n: number, x: number): number {
      const f = v.f32, X = x >>> 2;
      let s = 0;
      for (let i = 0; i < n; i++) s += f[X + i]!;
      return round(s);
    },
    /** Σ_i x[i]², i < n (squared L2 norm). */
    f32_sumsq(n: number, x: number): number {
      const f = v.f32, X = x >>> 2;
      let s = 0;
      for (let i = 0; i < n; i++) s += f[X + i]! * f[X + i]!;
      return round(s);
    },
    /** Index of the first NaN or ±Inf among x[0..n), or −1. */
    f32_find_nonfinite(n: number, x: number): number {
      const f = v.f32, X = x >>> 2;
      for (let i = 0; i < n; i++) if (!Number.isFinite(f[X + i]!)) return i;
      return -1;
    },
  };
}

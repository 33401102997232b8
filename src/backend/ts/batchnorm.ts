// Reference twins of assembly/batchnorm.ts: per-column loops in f64, rounded on store.
// gamma = 0 means γ = 1 (scale: false), beta = 0 means β = 0 (center: false).
import type { MemoryViews, Round } from '../memory.js';

export function batchnormKernels(v: MemoryViews, round: Round = Math.fround) {
  return {
    /**
     * Batch mean / biased var per column; invstd = 1/sqrt(var + eps); y = γ·(x − mean)·invstd + β;
     * runMean = momentum·runMean + (1 − momentum)·mean, runVar likewise with the biased var
     * (runMean / runVar 0 → not updated). y must not alias x.
     */
    f32_bn_fwd_train(
      m: number, n: number, x: number, gamma: number, beta: number, eps: number, momentum: number,
      y: number, mean: number, invstd: number, runMean: number, runVar: number,
    ): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      eps = round(eps);
      momentum = round(momentum);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += f[X + i * n + j]!;
        const mu = s / m;
        let q = 0;
        for (let i = 0; i < m; i++) q += (f[X + i * n + j]! - mu) ** 2;
        const vr = q / m;
        const is = 1 / Math.sqrt(vr + eps);
        const g = gamma ? f[(gamma >>> 2) + j]! : 1, b = beta ? f[(beta >>> 2) + j]! : 0;
        for (let i = 0; i < m; i++) f[Y + i * n + j] = g * (f[X + i * n + j]! - mu) * is + b;
        f[(mean >>> 2) + j] = mu;
        f[(invstd >>> 2) + j] = is;
        if (runMean) f[(runMean >>> 2) + j] = momentum * f[(runMean >>> 2) + j]! + (1 - momentum) * mu;
        if (runVar) f[(runVar >>> 2) + j] = momentum * f[(runVar >>> 2) + j]! + (1 - momentum) * vr;
      }
    },
    /** y = γ·(x − runMean)/sqrt(runVar + eps) + β, per column. y may equal x. */
    f32_bn_fwd_infer(
      m: number, n: number, x: number, gamma: number, beta: number, runMean: number, runVar: number,
      eps: number, y: number,
    ): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      eps = round(eps);
      for (let j = 0; j < n; j++) {
        const mu = f[(runMean >>> 2) + j]!, sd = Math.sqrt(f[(runVar >>> 2) + j]! + eps);
        const g = gamma ? f[(gamma >>> 2) + j]! : 1, b = beta ? f[(beta >>> 2) + j]! : 0;
        for (let i = 0; i < m; i++) f[Y + i * n + j] = (g * (f[X + i * n + j]! - mu)) / sd + b;
      }
    },
    /**
     * With x̂ = (x − mean)·invstd: dβ = Σ_i dy; dγ = Σ_i dy·x̂; dx = (γ·invstd/m)·(m·dy − dβ − x̂·dγ).
     * dgamma / dbeta 0 → not written. dx may equal dy.
     */
    f32_bn_bwd(
      m: number, n: number, x: number, dy: number, gamma: number, mean: number, invstd: number,
      dx: number, dgamma: number, dbeta: number,
    ): void {
      const f = v.f32, X = x >>> 2, D = dy >>> 2, O = dx >>> 2;
      for (let j = 0; j < n; j++) {
        const mu = f[(mean >>> 2) + j]!, s = f[(invstd >>> 2) + j]!;
        let db = 0, dg = 0;
        for (let i = 0; i < m; i++) {
          db += f[D + i * n + j]!;
          dg += f[D + i * n + j]! * (f[X + i * n + j]! - mu) * s;
        }
        const c = ((gamma ? f[(gamma >>> 2) + j]! : 1) * s) / m;
        for (let i = 0; i < m; i++) {
          const xh = (f[X + i * n + j]! - mu) * s;
          f[O + i * n + j] = c * (m * f[D + i * n + j]! - db - xh * dg);
        }
        if (dbeta) f[(dbeta >>> 2) + j] = db;
        if (dgamma) f[(dgamma >>> 2) + j] = dg;
      }
    },
  };
}

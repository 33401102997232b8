// A small Gaussian-process regressor (Matérn 5/2 kernel, Cholesky solve, length scale picked from a grid
// by marginal likelihood) and Expected Improvement, for the Bayesian strategy. Sized for ≤ a few hundred
// observations: fitting is O(n³) per candidate length scale, prediction O(n²) per point.

/** k(r) = (1 + √5·r/ℓ + 5r²/3ℓ²)·exp(−√5·r/ℓ), unit signal variance (Rasmussen & Williams eq. 4.17). */
function matern52(r2: number, ell: number): number {
  const s = Math.sqrt(5 * r2) / ell;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

function sqDist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

/** In-place lower Cholesky factor of the n×n row-major matrix `a`; false if not positive definite. */
function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) a[j * n + k] = 0;
  }
  return true;
}

/** Solves L·x = b (forward substitution) into a new array. */
function solveLower(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** Solves Lᵀ·x = b (back substitution) into a new array. */
function solveUpper(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

export interface GpFit {
  readonly lengthScale: number;
  /** Posterior mean and standard deviation at x. */
  predict(x: Float64Array): { mean: number; std: number };
}

/**
 * Fits a zero-mean GP to (xs, ys) (ys should be standardized). `noise` is added to the diagonal: it is
 * both jitter for the Cholesky and an allowance for noisy objectives (training runs are).
 */
export function fitGp(xs: Float64Array[], ys: number[], lengthScales: number[], noise = 1e-4): GpFit {
  const n = xs.length;
  const d2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) d2[i * n + j] = d2[j * n + i] = sqDist(xs[i]!, xs[j]!);
  let best: { ell: number; l: Float64Array; alpha: Float64Array; lml: number } | null = null;
  for (const ell of lengthScales) {
    const k = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) k[i] = matern52(d2[i]!, ell);
    for (let i = 0; i < n; i++) k[i * n + i]! += noise;
    if (!cholesky(k, n)) continue;
    const alpha = solveUpper(k, n, solveLower(k, n, ys));
    // log p(y | X, ℓ) = −½ yᵀα − Σ log Lᵢᵢ − (n/2) log 2π; the constant does not change the argmax.
    let lml = 0;
    for (let i = 0; i < n; i++) lml -= 0.5 * ys[i]! * alpha[i]! + Math.log(k[i * n + i]!);
    if (!best || lml > best.lml) best = { ell, l: k, alpha, lml };
  }
  if (!best) throw new Error('fitGp: no length scale gave a positive definite kernel matrix');
  const { ell, l, alpha } = best;
  return {
    lengthScale: ell,
    predict(x: Float64Array) {
      const ks = new Float64Array(n);
      let mean = 0;
      for (let i = 0; i < n; i++) {
        ks[i] = matern52(sqDist(x, xs[i]!), ell);
        mean += ks[i]! * alpha[i]!;
      }
      const v = solveLower(l, n, ks);
      let vv = 0;
      for (let i = 0; i < n; i++) vv += v[i]! * v[i]!;
      return { mean, std: Math.sqrt(Math.max(1 + noise - vv, 1e-12)) };
    },
  };
}

/** Standard normal CDF via erfc (Numerical Recipes' erfc Chebyshev fit, relative error < 1.2e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** E[max(best − f − ξ, 0)] for f ~ N(mean, std²), minimization (Jones et al. 1998). */
export function expectedImprovement(mean: number, std: number, best: number, xi = 0.01): number {
  const gain = best - mean - xi;
  const z = gain / std;
  return gain * normalCdf(z) + (std * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
}

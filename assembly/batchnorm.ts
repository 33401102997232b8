// Batch normalization over a batch x [m×n] (features = columns), as tfjs-layers 4.22 batchNormalization:
// training forward (batch statistics + running averages), inference forward (running statistics) and
// backward. Every kernel walks 4-column strips down the rows with the per-column values in registers,
// so nothing needs scratch; tail columns (n mod 4) are the same formulas in scalar code.
// gamma = 0 means γ = 1 (scale: false), beta = 0 means β = 0 (center: false). Any alignment.
import { at, madd } from './simd';
import { f32_col_moments } from './reductions';

@inline function gammaVec(gamma: usize, j: i32): v128 {
  return gamma ? v128.load(at(gamma, j)) : f32x4.splat(1);
}
@inline function betaVec(beta: usize, j: i32): v128 {
  return beta ? v128.load(at(beta, j)) : f32x4.splat(0);
}
@inline function gammaAt(gamma: usize, j: i32): f32 {
  return gamma ? load<f32>(at(gamma, j)) : 1;
}
@inline function betaAt(beta: usize, j: i32): f32 {
  return beta ? load<f32>(at(beta, j)) : 0;
}

/**
 * mean, var = batch mean and biased variance of each column (m ≥ 1); invstd = 1/sqrt(var + eps);
 * y = γ·(x − mean)·invstd + β; runMean = momentum·runMean + (1 − momentum)·mean, same for runVar with
 * the biased var (tfjs: 1,3,5,7 with momentum 0 give runVar 5). mean and invstd are kept for backward.
 * runMean / runVar 0 → not updated. y must not alias x (backward needs x).
 */
export function f32_bn_fwd_train(
  m: i32, n: i32, x: usize, gamma: usize, beta: usize, eps: f32, momentum: f32,
  y: usize, mean: usize, invstd: usize, runMean: usize, runVar: usize,
): void {
  f32_col_moments(m, n, x, mean, invstd); // invstd holds var until converted below
  const stride = <usize>n << 2;
  const mom = f32x4.splat(momentum), rest = f32x4.splat(1 - momentum);
  const ev = f32x4.splat(eps), one = f32x4.splat(1);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const mu = v128.load(at(mean, j)), vr = v128.load(at(invstd, j));
    if (runMean) v128.store(at(runMean, j), madd(mom, v128.load(at(runMean, j)), f32x4.mul(rest, mu)));
    if (runVar) v128.store(at(runVar, j), madd(mom, v128.load(at(runVar, j)), f32x4.mul(rest, vr)));
    const s = f32x4.div(one, f32x4.sqrt(f32x4.add(vr, ev)));
    v128.store(at(invstd, j), s);
    const g = f32x4.mul(gammaVec(gamma, j), s), b = betaVec(beta, j);
    let px = at(x, j), py = at(y, j);
    for (let i = 0; i < m; i++, px += stride, py += stride) {
      v128.store(py, madd(f32x4.sub(v128.load(px), mu), g, b));
    }
  }
  for (; j < n; j++) { // tail columns
    const mu = load<f32>(at(mean, j)), vr = load<f32>(at(invstd, j));
    if (runMean) store<f32>(at(runMean, j), momentum * load<f32>(at(runMean, j)) + (1 - momentum) * mu);
    if (runVar) store<f32>(at(runVar, j), momentum * load<f32>(at(runVar, j)) + (1 - momentum) * vr);
    const s: f32 = 1 / sqrt<f32>(vr + eps);
    store<f32>(at(invstd, j), s);
    const g = gammaAt(gamma, j) * s, b = betaAt(beta, j);
    let px = at(x, j), py = at(y, j);
    for (let i = 0; i < m; i++, px += stride, py += stride) store<f32>(py, (load<f32>(px) - mu) * g + b);
  }
}

/** y = γ·(x − runMean)/sqrt(runVar + eps) + β, per column. y may equal x. */
export function f32_bn_fwd_infer(
  m: i32, n: i32, x: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, eps: f32, y: usize,
): void {
  const stride = <usize>n << 2;
  const ev = f32x4.splat(eps);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const mu = v128.load(at(runMean, j));
    const g = f32x4.div(gammaVec(gamma, j), f32x4.sqrt(f32x4.add(v128.load(at(runVar, j)), ev)));
    const b = betaVec(beta, j);
    let px = at(x, j), py = at(y, j);
    for (let i = 0; i < m; i++, px += stride, py += stride) {
      v128.store(py, madd(f32x4.sub(v128.load(px), mu), g, b));
    }
  }
  for (; j < n; j++) { // tail columns
    const mu = load<f32>(at(runMean, j));
    const g = gammaAt(gamma, j) / sqrt<f32>(load<f32>(at(runVar, j)) + eps), b = betaAt(beta, j);
    let px = at(x, j), py = at(y, j);
    for (let i = 0; i < m; i++, px += stride, py += stride) store<f32>(py, (load<f32>(px) - mu) * g + b);
  }
}

/**
 * Backward of f32_bn_fwd_train, with x̂ = (x − mean)·invstd:
 * dβ = Σ_i dy; dγ = Σ_i dy·x̂; dx = (γ·invstd/m)·(m·dy − dβ − x̂·dγ).
 * dgamma / dbeta 0 → not written (still used for dx). dx may equal dy; dx must not alias x.
 */
export function f32_bn_bwd(
  m: i32, n: i32, x: usize, dy: usize, gamma: usize, mean: usize, invstd: usize,
  dx: usize, dgamma: usize, dbeta: usize,
): void {
  const stride = <usize>n << 2;
  const mf = <f32>m;
  const mv = f32x4.splat(mf);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const mu = v128.load(at(mean, j)), s = v128.load(at(invstd, j));
    let db = f32x4.splat(0), dg = db;
    let px = at(x, j), pd = at(dy, j);
    for (let i = 0; i < m; i++, px += stride, pd += stride) {
      const d = v128.load(pd);
      db = f32x4.add(db, d);
      dg = madd(d, f32x4.mul(f32x4.sub(v128.load(px), mu), s), dg);
    }
    if (dbeta) v128.store(at(dbeta, j), db);
    if (dgamma) v128.store(at(dgamma, j), dg);
    const c = f32x4.div(f32x4.mul(gammaVec(gamma, j), s), mv);
    px = at(x, j);
    pd = at(dy, j);
    let po = at(dx, j);
    for (let i = 0; i < m; i++, px += stride, pd += stride, po += stride) {
      const xh = f32x4.mul(f32x4.sub(v128.load(px), mu), s);
      const t = f32x4.sub(f32x4.sub(f32x4.mul(mv, v128.load(pd)), db), f32x4.mul(xh, dg));
      v128.store(po, f32x4.mul(c, t));
    }
  }
  for (; j < n; j++) { // tail columns
    const mu = load<f32>(at(mean, j)), s = load<f32>(at(invstd, j));
    let db: f32 = 0, dg: f32 = 0;
    let px = at(x, j), pd = at(dy, j);
    for (let i = 0; i < m; i++, px += stride, pd += stride) {
      const d = load<f32>(pd);
      db += d;
      dg += d * ((load<f32>(px) - mu) * s);
    }
    if (dbeta) store<f32>(at(dbeta, j), db);
    if (dgamma) store<f32>(at(dgamma, j), dg);
    const c = gammaAt(gamma, j) * s / mf;
    px = at(x, j);
    pd = at(dy, j);
    let po = at(dx, j);
    for (let i = 0; i < m; i++, px += stride, pd += stride, po += stride) {
      const xh = (load<f32>(px) - mu) * s;
      store<f32>(po, c * (mf * load<f32>(pd) - db - xh * dg));
    }
  }
}

// Batch normalization over a batch x [m×n] (features = columns), as tfjs-layers 4.22 batchNormalization:
// training forward (batch statistics + running averages), inference forward (running statistics) and
// backward. Per-column values live in rows of length n (mean, invstd, dγ, dβ) that stay in L1 while x,
// y, dy, dx stream row by row: on 256×512 that is 3–4× faster than walking 4-column strips down the
// rows (2 KiB stride: every row lands in the same few cache sets). Tail columns (n mod 4) are scalar.
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
  }
  for (; j < n; j++) { // tail columns
    const mu = load<f32>(at(mean, j)), vr = load<f32>(at(invstd, j));
    if (runMean) store<f32>(at(runMean, j), momentum * load<f32>(at(runMean, j)) + (1 - momentum) * mu);
    if (runVar) store<f32>(at(runVar, j), momentum * load<f32>(at(runVar, j)) + (1 - momentum) * vr);
    const s: f32 = 1 / sqrt<f32>(vr + eps);
    store<f32>(at(invstd, j), s);
  }
  // y row by row (see the top of the file): 256×512 took 301 µs as strided strips, 70 µs like this.
  for (let i = 0; i < m; i++) {
    const px = x + (<usize>i * stride), py = y + (<usize>i * stride);
    j = 0;
    for (; j + 4 <= n; j += 4) {
      const g = f32x4.mul(gammaVec(gamma, j), v128.load(at(invstd, j)));
      v128.store(at(py, j), madd(f32x4.sub(v128.load(at(px, j)), v128.load(at(mean, j))), g, betaVec(beta, j)));
    }
    for (; j < n; j++) { // tail
      const g = gammaAt(gamma, j) * load<f32>(at(invstd, j));
      store<f32>(at(py, j), (load<f32>(at(px, j)) - load<f32>(at(mean, j))) * g + betaAt(beta, j));
    }
  }
}

/**
 * y = γ·(x − runMean)/sqrt(runVar + eps) + β, per column. y may equal x.
 * Row by row with the scale recomputed per vector: a sqrt and a div per 4 elements is cheaper than
 * walking strided columns to reuse them (256×512: 75 µs vs 230–580 µs as strips).
 */
export function f32_bn_fwd_infer(
  m: i32, n: i32, x: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, eps: f32, y: usize,
): void {
  const ev = f32x4.splat(eps);
  for (let i = 0; i < m; i++) {
    const off = <usize>i * <usize>n << 2;
    const px = x + off, py = y + off;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const g = f32x4.div(gammaVec(gamma, j), f32x4.sqrt(f32x4.add(v128.load(at(runVar, j)), ev)));
      v128.store(at(py, j), madd(f32x4.sub(v128.load(at(px, j)), v128.load(at(runMean, j))), g, betaVec(beta, j)));
    }
    for (; j < n; j++) { // tail
      const g = gammaAt(gamma, j) / sqrt<f32>(load<f32>(at(runVar, j)) + eps);
      store<f32>(at(py, j), (load<f32>(at(px, j)) - load<f32>(at(runMean, j))) * g + betaAt(beta, j));
    }
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
  if (dgamma && dbeta) bnBwdRows(m, n, x, dy, gamma, mean, invstd, dx, dgamma, dbeta);
  else bnBwdStrips(m, n, x, dy, gamma, mean, invstd, dx, dgamma, dbeta);
}

/** f32_bn_bwd with dγ, dβ accumulated in their output rows: x, dy and dx stream row by row (fast path). */
@inline function bnBwdRows(
  m: i32, n: i32, x: usize, dy: usize, gamma: usize, mean: usize, invstd: usize,
  dx: usize, dgamma: usize, dbeta: usize,
): void {
  const mf = <f32>m;
  const mv = f32x4.splat(mf), zero = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) { v128.store(at(dgamma, j), zero); v128.store(at(dbeta, j), zero); }
  for (; j < n; j++) { store<f32>(at(dgamma, j), 0); store<f32>(at(dbeta, j), 0); } // tail
  for (let i = 0; i < m; i++) {
    const off = <usize>i * <usize>n << 2;
    const px = x + off, pd = dy + off;
    for (j = 0; j + 4 <= n; j += 4) {
      const d = v128.load(at(pd, j));
      const xh = f32x4.mul(f32x4.sub(v128.load(at(px, j)), v128.load(at(mean, j))), v128.load(at(invstd, j)));
      v128.store(at(dbeta, j), f32x4.add(v128.load(at(dbeta, j)), d));
      v128.store(at(dgamma, j), madd(d, xh, v128.load(at(dgamma, j))));
    }
    for (; j < n; j++) { // tail
      const d = load<f32>(at(pd, j));
      const xh = (load<f32>(at(px, j)) - load<f32>(at(mean, j))) * load<f32>(at(invstd, j));
      store<f32>(at(dbeta, j), load<f32>(at(dbeta, j)) + d);
      store<f32>(at(dgamma, j), d * xh + load<f32>(at(dgamma, j)));
    }
  }
  for (let i = 0; i < m; i++) {
    const off = <usize>i * <usize>n << 2;
    const px = x + off, pd = dy + off, po = dx + off;
    for (j = 0; j + 4 <= n; j += 4) {
      const s = v128.load(at(invstd, j));
      const xh = f32x4.mul(f32x4.sub(v128.load(at(px, j)), v128.load(at(mean, j))), s);
      const t = f32x4.sub(f32x4.sub(f32x4.mul(mv, v128.load(at(pd, j))), v128.load(at(dbeta, j))),
        f32x4.mul(xh, v128.load(at(dgamma, j))));
      v128.store(at(po, j), f32x4.mul(f32x4.div(f32x4.mul(gammaVec(gamma, j), s), mv), t));
    }
    for (; j < n; j++) { // tail
      const s = load<f32>(at(invstd, j));
      const xh = (load<f32>(at(px, j)) - load<f32>(at(mean, j))) * s;
      const t = mf * load<f32>(at(pd, j)) - load<f32>(at(dbeta, j)) - xh * load<f32>(at(dgamma, j));
      store<f32>(at(po, j), gammaAt(gamma, j) * s / mf * t);
    }
  }
}

/**
 * f32_bn_bwd with dγ, dβ in registers, 4-column strips walked down the rows: needs no output rows, so
 * it serves scale: false / center: false (rare), at ~4× the time of bnBwdRows (256×512: 290 vs 75 µs).
 */
@inline function bnBwdStrips(
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

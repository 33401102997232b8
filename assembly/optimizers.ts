// Kernel family: optimizer steps and L1/L2 regularizers over the model's flat parameter block.
// One call updates all n weights and their state in place; semantics follow tfjs-core 4.22
// src/optimizers/*.ts (bias corrections and other per-step scalars are precomputed by the caller).
// No alignment is required (v128 loads/stores are unaligned-safe); w, g and the state arrays must
// be pairwise disjoint unless a kernel says otherwise.
import { at, madd } from './simd';

/** w[i] −= lr·g[i], i < n (tfjs SGDOptimizer). */
export function f32_sgd(n: i32, w: usize, g: usize, lr: f32): void {
  const nlr = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(w, i), madd(nlr, v128.load(at(g, i)), v128.load(at(w, i))));
  for (; i < n; i++) store<f32>(at(w, i), load<f32>(at(w, i)) - lr * load<f32>(at(g, i)));
}

/** One momentum pass; `nesterov` is a constant after inlining, so each loop has no branch. */
@inline function momentumLoop(n: i32, w: usize, g: usize, v: usize, lr: f32, momentum: f32, nesterov: bool): void {
  const nlr = f32x4.splat(-lr), mv = f32x4.splat(momentum);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const vi = madd(mv, v128.load(at(v, i)), gi); // v = momentum·v + g
    v128.store(at(v, i), vi);
    const step = nesterov ? madd(mv, vi, gi) : vi; // nesterov looks ahead: g + momentum·v_new
    v128.store(at(w, i), madd(nlr, step, v128.load(at(w, i))));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const vi = momentum * load<f32>(at(v, i)) + gi;
    store<f32>(at(v, i), vi);
    const step = nesterov ? gi + momentum * vi : vi;
    store<f32>(at(w, i), load<f32>(at(w, i)) - lr * step);
  }
}

/**
 * v = momentum·v + g; w −= lr·v, or with nesterov ≠ 0 w −= lr·(g + momentum·v) using the updated v
 * (tfjs MomentumOptimizer, useNesterov).
 */
export function f32_momentum(n: i32, w: usize, g: usize, v: usize, lr: f32, momentum: f32, nesterov: i32): void {
  if (nesterov != 0) momentumLoop(n, w, g, v, lr, momentum, true);
  else momentumLoop(n, w, g, v, lr, momentum, false);
}

@inline function rmspropLoop(
  n: i32, w: usize, g: usize, ms: usize, mom: usize, mg: usize,
  lr: f32, rho: f32, momentum: f32, eps: f32, centered: bool,
): void {
  const rv = f32x4.splat(rho), crv = f32x4.splat(1 - rho), lrv = f32x4.splat(lr);
  const mv = f32x4.splat(momentum), ev = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const msi = madd(rv, v128.load(at(ms, i)), f32x4.mul(crv, f32x4.mul(gi, gi)));
    v128.store(at(ms, i), msi);
    let d = msi;
    if (centered) {
      const mgi = madd(rv, v128.load(at(mg, i)), f32x4.mul(crv, gi));
      v128.store(at(mg, i), mgi);
      d = f32x4.sub(d, f32x4.mul(mgi, mgi)); // ms − mg² first, then + ε (as in the formula)
    }
    const contrib = f32x4.div(f32x4.mul(lrv, gi), f32x4.sqrt(f32x4.add(d, ev)));
    const momi = madd(mv, v128.load(at(mom, i)), contrib);
    v128.store(at(mom, i), momi);
    v128.store(at(w, i), f32x4.sub(v128.load(at(w, i)), momi));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const msi = rho * load<f32>(at(ms, i)) + (1 - rho) * (gi * gi);
    store<f32>(at(ms, i), msi);
    let d = msi;
    if (centered) {
      const mgi = rho * load<f32>(at(mg, i)) + (1 - rho) * gi;
      store<f32>(at(mg, i), mgi);
      d -= mgi * mgi;
    }
    const momi = momentum * load<f32>(at(mom, i)) + (lr * gi) / sqrt<f32>(d + eps);
    store<f32>(at(mom, i), momi);
    store<f32>(at(w, i), load<f32>(at(w, i)) - momi);
  }
}

/**
 * ms = ρ·ms + (1−ρ)·g²; centered (mg ≠ 0): mg = ρ·mg + (1−ρ)·g, denom = ms − mg² + ε, else
 * denom = ms + ε; mom = momentum·mom + lr·g/√denom; w −= mom. mg may be 0 (plain RMSProp).
 */
// NOTE: tfjs 4.22 centered computes √(ms − (mg² + ε)), i.e. subtracts ε, which can go NaN for tiny
// gradients; we add ε as TF's ApplyCenteredRMSProp and Keras do (the brief's formula).
export function f32_rmsprop(
  n: i32, w: usize, g: usize, ms: usize, mom: usize, mg: usize,
  lr: f32, rho: f32, momentum: f32, eps: f32,
): void {
  if (mg != 0) rmspropLoop(n, w, g, ms, mom, mg, lr, rho, momentum, eps, true);
  else rmspropLoop(n, w, g, ms, mom, 0, lr, rho, momentum, eps, false);
}

/** Adam with optional decoupled weight decay; `decay` is a constant after inlining. */
@inline function adamLoop(
  n: i32, w: usize, g: usize, m: usize, v: usize,
  lr: f32, beta1: f32, beta2: f32, eps: f32, bc1: f32, bc2: f32, wd: f32, decay: bool,
): void {
  // Reciprocals of the bias corrections: one division per call instead of two per element
  // (differs from tfjs's m/bc1 by ≤ 1 ulp).
  const r1 = <f32>1 / bc1, r2 = <f32>1 / bc2;
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2), c2 = f32x4.splat(1 - beta2);
  const r1v = f32x4.splat(r1), r2v = f32x4.splat(r2), ev = f32x4.splat(eps);
  const nlr = f32x4.splat(-lr), nlwd = f32x4.splat(-(lr * wd));
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let wi = v128.load(at(w, i));
    if (decay) wi = madd(nlwd, wi, wi); // w −= lr·wd·w, before the gradient step
    const gi = v128.load(at(g, i));
    const mi = madd(b1, v128.load(at(m, i)), f32x4.mul(c1, gi));
    const vi = madd(b2, v128.load(at(v, i)), f32x4.mul(c2, f32x4.mul(gi, gi)));
    v128.store(at(m, i), mi);
    v128.store(at(v, i), vi);
    const q = f32x4.div(f32x4.mul(mi, r1v), f32x4.add(f32x4.sqrt(f32x4.mul(vi, r2v)), ev));
    v128.store(at(w, i), madd(nlr, q, wi));
  }
  for (; i < n; i++) {
    let wi = load<f32>(at(w, i));
    if (decay) wi -= lr * wd * wi;
    const gi = load<f32>(at(g, i));
    const mi = beta1 * load<f32>(at(m, i)) + (1 - beta1) * gi;
    const vi = beta2 * load<f32>(at(v, i)) + (1 - beta2) * (gi * gi);
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    store<f32>(at(w, i), wi - lr * ((mi * r1) / (sqrt<f32>(vi * r2) + eps)));
  }
}

/**
 * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w −= lr·(m/bc1)/(√(v/bc2) + ε), with bc1 = 1 − β1^t and
 * bc2 = 1 − β2^t from the caller (t counts steps from 1). tfjs AdamOptimizer.
 */
export function f32_adam(
  n: i32, w: usize, g: usize, m: usize, v: usize,
  lr: f32, beta1: f32, beta2: f32, eps: f32, bc1: f32, bc2: f32,
): void {
  adamLoop(n, w, g, m, v, lr, beta1, beta2, eps, bc1, bc2, 0, false);
}

/**
 * AdamW (Keras/PyTorch, decoupled decay): w −= lr·wd·w, then exactly the f32_adam update. The
 * caller passes wd = 0 for ranges that must not decay (biases).
 */
export function f32_adamw(
  n: i32, w: usize, g: usize, m: usize, v: usize,
  lr: f32, beta1: f32, beta2: f32, eps: f32, bc1: f32, bc2: f32, wd: f32,
): void {
  adamLoop(n, w, g, m, v, lr, beta1, beta2, eps, bc1, bc2, wd, true);
}

/**
 * g[i] += l1·sign(w[i]) + 2·l2·w[i], i < n: the gradient of l1·Σ|w| + l2·Σw² (tfjs/Keras L1L2).
 */
// NOTE: sign(0) = 0, as tfjs's sign op (the subgradient of |w| at 0 is taken as 0).
export function f32_l1l2_grad(n: i32, w: usize, g: usize, l1: f32, l2: f32): void {
  const zero = f32x4.splat(0), l1v = f32x4.splat(l1), l2x2 = f32x4.splat(2 * l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const wi = v128.load(at(w, i));
    // l1·sign(w) = (w > 0 ? l1 : 0) − (w < 0 ? l1 : 0): comparison masks select l1 or +0.
    const s = f32x4.sub(v128.and(f32x4.gt(wi, zero), l1v), v128.and(f32x4.lt(wi, zero), l1v));
    v128.store(at(g, i), madd(l2x2, wi, f32x4.add(v128.load(at(g, i)), s)));
  }
  for (; i < n; i++) {
    const wi = load<f32>(at(w, i));
    const s: f32 = wi > 0 ? l1 : wi < 0 ? -l1 : 0;
    store<f32>(at(g, i), load<f32>(at(g, i)) + s + 2 * l2 * wi);
  }
}

/**
 * Returns l1·Σ|w| + l2·Σw² over i < n. Each w is widened to f64 before |w| and w² (w² of an f32 is
 * exact in f64), and both sums run in f64x2 lanes, so the result is the exact value to ~1e-16 relative
 * before the final rounding to f32.
 */
export function f32_l1l2_loss(n: i32, w: usize, l1: f32, l2: f32): f32 {
  let sa = f64x2.splat(0), sq = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const wi = v128.load(at(w, i));
    const lo = f64x2.promote_low_f32x4(wi);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(wi, wi, 2, 3, 0, 1));
    sa = f64x2.add(sa, f64x2.add(f64x2.abs(lo), f64x2.abs(hi)));
    sq = f64x2.add(sq, f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi)));
  }
  let a = f64x2.extract_lane(sa, 0) + f64x2.extract_lane(sa, 1);
  let q = f64x2.extract_lane(sq, 0) + f64x2.extract_lane(sq, 1);
  for (; i < n; i++) {
    const wi = <f64>load<f32>(at(w, i));
    a += abs<f64>(wi);
    q += wi * wi;
  }
  return <f32>(<f64>l1 * a + <f64>l2 * q);
}

/**
 * tfjs-core 4.22 AdamOptimizer.applyGradients for one variable, with one f32 rounding per operation in
 * the order its ops run, so w, m and v end bit-identical to running its op sequence on any IEEE float32
 * backend: m = m·β1 + g·c1; v = v·β2 + (g·g)·c2; w = ((m/d1) / (√(v/d2) + ε))·nlr + w. The caller passes
 * the scalars as tfjs holds them: c = fround(1 − β), d = fround(1 − accβ) (accβ = β^t), nlr = fround(−lr).
 */
// NOTE: no madd (relaxed FMA would round once) and real divisions (not a reciprocal), unlike f32_adam:
// a tfjs app switching to the fused step must see the same numbers as the op-by-op step.
export function f32_adam_tfjs(
  n: i32, w: usize, g: usize, m: usize, v: usize,
  beta1: f32, c1: f32, beta2: f32, c2: f32, d1: f32, d2: f32, eps: f32, nlr: f32,
): void {
  const b1 = f32x4.splat(beta1), c1v = f32x4.splat(c1), b2 = f32x4.splat(beta2), c2v = f32x4.splat(c2);
  const d1v = f32x4.splat(d1), d2v = f32x4.splat(d2), ev = f32x4.splat(eps), nlrv = f32x4.splat(nlr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const mi = f32x4.add(f32x4.mul(v128.load(at(m, i)), b1), f32x4.mul(gi, c1v));
    const vi = f32x4.add(f32x4.mul(v128.load(at(v, i)), b2), f32x4.mul(f32x4.mul(gi, gi), c2v));
    v128.store(at(m, i), mi);
    v128.store(at(v, i), vi);
    const q = f32x4.div(f32x4.div(mi, d1v), f32x4.add(f32x4.sqrt(f32x4.div(vi, d2v)), ev));
    v128.store(at(w, i), f32x4.add(f32x4.mul(q, nlrv), v128.load(at(w, i))));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const mi = load<f32>(at(m, i)) * beta1 + gi * c1;
    const vi = load<f32>(at(v, i)) * beta2 + gi * gi * c2;
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    store<f32>(at(w, i), ((mi / d1) / (sqrt<f32>(vi / d2) + eps)) * nlr + load<f32>(at(w, i)));
  }
}

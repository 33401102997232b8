// Losses with tfjs-layers 4.22 semantics (ε = 1e−7): each returns the mean loss and writes the gradient
// when its pointer is not 0. Row sums are f32x4 partial sums flushed to f64 every BLOCK elements (MSE)
// or f64 per element (the log losses: their logs are scalar anyway, Mathf.log, < 1 ulp); rows add in f64.
// Gradients are SIMD with a scalar tail. No alignment needed; the gradient may alias an input (it is
// written at the index just read, or after the row is read).
import { at } from './simd';

const LO: f32 = 1e-7; // tfjs epsilon()
const HI: f32 = 1 - 1e-7; // = 0.99999988 in f32, as tfjs clips Float32 data
const BLOCK: i32 = 256; // elements per f32 partial sum in MSE (f32 error stays ~256·2^−24 relative)

@inline function clipv(v: v128): v128 {
  return f32x4.min(f32x4.max(v, f32x4.splat(LO)), f32x4.splat(HI));
}
/** Lanes where lo ≤ v ≤ hi: clip passes the gradient there (tfjs clipByValue), not outside or for NaN. */
@inline function insidev(v: v128): v128 {
  return v128.and(f32x4.ge(v, f32x4.splat(LO)), f32x4.le(v, f32x4.splat(HI)));
}
@inline function clips(v: f32): f32 {
  return min<f32>(max<f32>(v, LO), HI);
}
/** −[t·log pc + (1−t)·log(1−pc)] for an already clipped pc. */
@inline function logLoss(pc: f32, t: f32): f64 {
  return -(<f64>(t * Mathf.log(pc)) + <f64>((1 - t) * Mathf.log(1 - pc)));
}
@inline function logLoss4(pc: v128, t: v128): f64 {
  return logLoss(f32x4.extract_lane(pc, 0), f32x4.extract_lane(t, 0)) +
    logLoss(f32x4.extract_lane(pc, 1), f32x4.extract_lane(t, 1)) +
    logLoss(f32x4.extract_lane(pc, 2), f32x4.extract_lane(t, 2)) +
    logLoss(f32x4.extract_lane(pc, 3), f32x4.extract_lane(t, 3));
}
/** −t·log pc summed over four lanes (pc clipped). */
@inline function xent4(pc: v128, t: v128): f64 {
  return -(<f64>(f32x4.extract_lane(t, 0) * Mathf.log(f32x4.extract_lane(pc, 0))) +
    <f64>(f32x4.extract_lane(t, 1) * Mathf.log(f32x4.extract_lane(pc, 1))) +
    <f64>(f32x4.extract_lane(t, 2) * Mathf.log(f32x4.extract_lane(pc, 2))) +
    <f64>(f32x4.extract_lane(t, 3) * Mathf.log(f32x4.extract_lane(pc, 3))));
}

/** mean((y − t)²) over m·n (tfjs: no ½); dy = 2(y − t)/(m·n) when dy ≠ 0. dy may equal y or t. */
export function f32_mse(m: i32, n: i32, y: usize, t: usize, dy: usize): f32 {
  const c = m * n, sc: f32 = <f32>(2 / <f64>c), scv = f32x4.splat(sc);
  let s: f64 = 0;
  let i = 0;
  // The m×n block is contiguous: one flat loop, blocked so no f32 partial sum grows long.
  while (i + 4 <= c) {
    const end = min<i32>(c, i + BLOCK);
    let acc = f32x4.splat(0);
    for (; i + 4 <= end; i += 4) {
      const d = f32x4.sub(v128.load(at(y, i)), v128.load(at(t, i)));
      acc = f32x4.add(acc, f32x4.mul(d, d));
      if (dy) v128.store(at(dy, i), f32x4.mul(d, scv));
    }
    s += <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) +
      <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  }
  for (; i < c; i++) {
    const d = load<f32>(at(y, i)) - load<f32>(at(t, i));
    s += <f64>(d * d);
    if (dy) store<f32>(at(dy, i), d * sc);
  }
  return <f32>(s / <f64>c);
}

/**
 * Binary CE from probabilities: pc = clip(p, ε, 1−ε), mean over m·n of −[t·log pc + (1−t)·log(1−pc)];
 * dp = (pc − t)/(pc(1 − pc))/(m·n) where ε ≤ p ≤ 1−ε, else 0 (clip's gradient). dp may equal p or t.
 */
export function f32_bce(m: i32, n: i32, p: usize, t: usize, dp: usize): f32 {
  const c = m * n, inv: f32 = <f32>(1 / <f64>c), invv = f32x4.splat(inv), one = f32x4.splat(1);
  let s: f64 = 0;
  let i = 0;
  for (; i + 4 <= c; i += 4) {
    const pv = v128.load(at(p, i)), tv = v128.load(at(t, i)), pc = clipv(pv);
    s += logLoss4(pc, tv);
    if (dp) {
      // dL/dpc = −t/pc + (1−t)/(1−pc) = (pc − t)/(pc(1 − pc))
      const g = f32x4.div(f32x4.sub(pc, tv), f32x4.mul(pc, f32x4.sub(one, pc)));
      v128.store(at(dp, i), v128.and(f32x4.mul(g, invv), insidev(pv)));
    }
  }
  for (; i < c; i++) {
    const pv = load<f32>(at(p, i)), tv = load<f32>(at(t, i)), pc = clips(pv);
    s += logLoss(pc, tv);
    if (dp) store<f32>(at(dp, i), pv >= LO && pv <= HI ? (pc - tv) / (pc * (1 - pc)) * inv : 0);
  }
  return <f32>(s / <f64>c);
}

/** Binary CE of sigmoid outputs y (loss as f32_bce); dz = (y − t)/(m·n) wrt the logits. dz may equal y or t. */
export function f32_sigmoid_bce(m: i32, n: i32, y: usize, t: usize, dz: usize): f32 {
  const c = m * n, inv: f32 = <f32>(1 / <f64>c), invv = f32x4.splat(inv);
  let s: f64 = 0;
  let i = 0;
  for (; i + 4 <= c; i += 4) {
    const yv = v128.load(at(y, i)), tv = v128.load(at(t, i));
    s += logLoss4(clipv(yv), tv);
    // dL/dz = y − t: sigmoid' = y(1 − y) cancels the bce denominator
    if (dz) v128.store(at(dz, i), f32x4.mul(f32x4.sub(yv, tv), invv));
  }
  for (; i < c; i++) {
    const yv = load<f32>(at(y, i)), tv = load<f32>(at(t, i));
    s += logLoss(clips(yv), tv);
    if (dz) store<f32>(at(dz, i), (yv - tv) * inv);
  }
  return <f32>(s / <f64>c);
}

/** −(1/m)·Σ_ij t·log clip(y) for softmax rows y; dz = (y − t)/m wrt the logits (t rows sum to 1). dz may equal y or t. */
export function f32_softmax_ce(m: i32, n: i32, y: usize, t: usize, dz: usize): f32 {
  const c = m * n, inv: f32 = <f32>(1 / <f64>m), invv = f32x4.splat(inv);
  let s: f64 = 0;
  let i = 0;
  for (; i + 4 <= c; i += 4) {
    const yv = v128.load(at(y, i)), tv = v128.load(at(t, i));
    s += xent4(clipv(yv), tv);
    if (dz) v128.store(at(dz, i), f32x4.mul(f32x4.sub(yv, tv), invv)); // dL/dz = y − t
  }
  for (; i < c; i++) {
    const yv = load<f32>(at(y, i)), tv = load<f32>(at(t, i));
    s -= <f64>(tv * Mathf.log(clips(yv)));
    if (dz) store<f32>(at(dz, i), (yv - tv) * inv);
  }
  return <f32>(s / <f64>m);
}

/**
 * f32_softmax_ce with t = one-hot(labels), labels an i32 array of m class indices. A label outside
 * [0, n) adds no loss and writes a zero gradient row; nothing outside the m×n block is read or written.
 * dz may equal y.
 */
export function f32_sparse_softmax_ce(m: i32, n: i32, y: usize, labels: usize, dz: usize): f32 {
  const inv: f32 = <f32>(1 / <f64>m), invv = f32x4.splat(inv);
  let s: f64 = 0;
  for (let i = 0; i < m; i++) {
    const l = load<i32>(labels + (<usize>i << 2));
    const valid = l >= 0 && l < n;
    const yr = at(y, i * n);
    const yl: f32 = valid ? load<f32>(at(yr, l)) : 0;
    if (valid) s -= <f64>Mathf.log(clips(yl));
    if (!dz) continue;
    const dr = at(dz, i * n);
    if (!valid) { memory.fill(dr, 0, <usize>n << 2); continue; }
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(at(dr, j), f32x4.mul(v128.load(at(yr, j)), invv));
    for (; j < n; j++) store<f32>(at(dr, j), load<f32>(at(yr, j)) * inv);
    store<f32>(at(dr, l), (yl - 1) * inv); // the one-hot entry: (y_l − 1)/m
  }
  return <f32>(s / <f64>m);
}

/** dL/dq = −t/(m·pc) where ε ≤ q ≤ 1−ε (clip passes the gradient), else 0. */
@inline function ceGradv(q: v128, pc: v128, t: v128, negInvM: v128): v128 {
  return v128.and(f32x4.mul(f32x4.div(t, pc), negInvM), insidev(q));
}

/**
 * Categorical CE from probabilities, as tfjs: q = p/Σ_j p per row, pc = clip(q, ε, 1−ε),
 * L = −(1/m)·Σ t·log pc. dp = exact gradient wrt p: with g = dL/dq (ceGradv) and dq_j/dp_k =
 * (δ_jk − q_j)/s, dp_k = (g_k − Σ_j g_j·q_j)/s. Two passes over each row (q and g are recomputed
 * rather than stored: no scratch). dp may equal p or t.
 */
export function f32_ce(m: i32, n: i32, p: usize, t: usize, dp: usize): f32 {
  const negInvM: f32 = <f32>(-1 / <f64>m), nv = f32x4.splat(negInvM);
  let loss: f64 = 0;
  for (let i = 0; i < m; i++) {
    const pr = at(p, i * n), tr = at(t, i * n);
    let sv = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) sv = f32x4.add(sv, v128.load(at(pr, j)));
    let s: f32 = f32x4.extract_lane(sv, 0) + f32x4.extract_lane(sv, 1) + f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3);
    for (; j < n; j++) s += load<f32>(at(pr, j));
    const ss = f32x4.splat(s);
    // Pass 1: loss and Σ_j g_j·q_j.
    let dotv = f32x4.splat(0);
    j = 0;
    for (; j + 4 <= n; j += 4) {
      const q = f32x4.div(v128.load(at(pr, j)), ss), pc = clipv(q), tv = v128.load(at(tr, j));
      loss += xent4(pc, tv);
      dotv = f32x4.add(dotv, f32x4.mul(ceGradv(q, pc, tv, nv), q));
    }
    let dot: f32 = f32x4.extract_lane(dotv, 0) + f32x4.extract_lane(dotv, 1) + f32x4.extract_lane(dotv, 2) + f32x4.extract_lane(dotv, 3);
    for (; j < n; j++) {
      const q: f32 = load<f32>(at(pr, j)) / s, pc = clips(q), tv = load<f32>(at(tr, j));
      loss -= <f64>(tv * Mathf.log(pc));
      dot += (q >= LO && q <= HI ? tv / pc * negInvM : 0) * q;
    }
    if (!dp) continue;
    // Pass 2: dp_k = (g_k − dot)/s.
    const dr = at(dp, i * n), dv = f32x4.splat(dot);
    j = 0;
    for (; j + 4 <= n; j += 4) {
      const q = f32x4.div(v128.load(at(pr, j)), ss), tv = v128.load(at(tr, j));
      v128.store(at(dr, j), f32x4.div(f32x4.sub(ceGradv(q, clipv(q), tv, nv), dv), ss));
    }
    for (; j < n; j++) {
      const q: f32 = load<f32>(at(pr, j)) / s, tv = load<f32>(at(tr, j));
      store<f32>(at(dr, j), ((q >= LO && q <= HI ? tv / clips(q) * negInvM : 0) - dot) / s);
    }
  }
  return <f32>(loss / <f64>m);
}

// Reference twins of assembly/losses.ts, tfjs-layers 4.22 semantics (ε = 1e−7, means over the batch).
// The array helpers are the spec; they take Float32Array views (kernels) or Float64Array (f64
// gradient checks) and write the gradient when `g` is given. Sums are f64; the loss is returned unrounded.
import type { MemoryViews } from '../memory.js';

type Arr = Float32Array | Float64Array;
type Grad = Arr | null;

/** tfjs's epsilon() = 1e−7; the clip bounds as the f32 values the wasm kernels use. */
export const EPSILON = 1e-7;
const LO = Math.fround(EPSILON);
const HI = Math.fround(1 - EPSILON);
const clip = (v: number) => Math.min(Math.max(v, LO), HI);
/** clip's gradient passes where lo ≤ v ≤ hi (tfjs clipByValue), else 0 (also for NaN). */
const inside = (v: number) => v >= LO && v <= HI;
const logLoss = (pc: number, t: number) => -(t * Math.log(pc) + (1 - t) * Math.log(1 - pc));

/** mean((y − t)²) over m·n (tfjs: no ½); g = 2(y − t)/(m·n). */
export function mseLoss(m: number, n: number, y: Arr, t: Arr, g: Grad): number {
  const c = m * n;
  let s = 0;
  for (let i = 0; i < c; i++) {
    const d = y[i]! - t[i]!;
    s += d * d;
    if (g) g[i] = (2 * d) / c;
  }
  return s / c;
}

/** mean(−[t·log pc + (1−t)·log(1−pc)]), pc = clip(p, ε, 1−ε); g = (pc − t)/(pc(1−pc))/(m·n) inside the clip, 0 outside. */
export function bceLoss(m: number, n: number, p: Arr, t: Arr, g: Grad): number {
  const c = m * n;
  let s = 0;
  for (let i = 0; i < c; i++) {
    const pc = clip(p[i]!);
    s += logLoss(pc, t[i]!);
    // dL/dpc = −t/pc + (1−t)/(1−pc) = (pc − t)/(pc(1 − pc))
    if (g) g[i] = inside(p[i]!) ? (pc - t[i]!) / (pc * (1 - pc)) / c : 0;
  }
  return s / c;
}

/** bce of the sigmoid output y; g = dL/dz wrt the pre-sigmoid logits = (y − t)/(m·n). */
export function sigmoidBceLoss(m: number, n: number, y: Arr, t: Arr, g: Grad): number {
  const c = m * n;
  let s = 0;
  for (let i = 0; i < c; i++) {
    s += logLoss(clip(y[i]!), t[i]!);
    if (g) g[i] = (y[i]! - t[i]!) / c; // dL/dz = y − t (sigmoid' = y(1−y) cancels bce's denominator)
  }
  return s / c;
}

/** −(1/m)·Σ t·log clip(y) for softmax outputs y; g = dL/dz wrt the logits = (y − t)/m. */
export function softmaxCeLoss(m: number, n: number, y: Arr, t: Arr, g: Grad): number {
  let s = 0;
  for (let i = 0; i < m * n; i++) {
    s -= t[i]! * Math.log(clip(y[i]!));
    if (g) g[i] = (y[i]! - t[i]!) / m; // dL/dz = y − t when each t row sums to 1
  }
  return s / m;
}

/** softmaxCe with t = one-hot(labels); a label outside [0, n) adds no loss and a zero gradient row. */
export function sparseSoftmaxCeLoss(m: number, n: number, y: Arr, labels: Int32Array, g: Grad): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    const l = labels[i]!, valid = l >= 0 && l < n;
    if (valid) s -= Math.log(clip(y[i * n + l]!));
    if (g) for (let j = 0; j < n; j++) g[i * n + j] = valid ? (y[i * n + j]! - (j === l ? 1 : 0)) / m : 0;
  }
  return s / m;
}

/**
 * Categorical CE from probabilities, as tfjs: q = p / Σ_j p (per row), pc = clip(q, ε, 1−ε),
 * L = −(1/m)·Σ t·log pc. Gradient wrt p: with g_j = dL/dq_j = −t_j/(m·pc_j) where ε ≤ q_j ≤ 1−ε
 * (else 0) and dq_j/dp_k = (δ_jk − q_j)/s, dL/dp_k = (g_k − Σ_j g_j·q_j)/s.
 */
export function ceLoss(m: number, n: number, p: Arr, t: Arr, g: Grad): number {
  const q = new Float64Array(n), gq = new Float64Array(n);
  let loss = 0;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += p[i * n + j]!;
    let dot = 0;
    for (let j = 0; j < n; j++) {
      q[j] = p[i * n + j]! / s;
      const pc = clip(q[j]!), tj = t[i * n + j]!;
      loss -= tj * Math.log(pc);
      gq[j] = inside(q[j]!) ? -tj / (m * pc) : 0;
      dot += gq[j]! * q[j]!;
    }
    if (g) for (let j = 0; j < n; j++) g[i * n + j] = (gq[j]! - dot) / s;
  }
  return loss / m;
}

export function lossesKernels(v: MemoryViews) {
  const view = (ptr: number, len: number) => v.f32.subarray(ptr >>> 2, (ptr >>> 2) + len);
  const grad = (ptr: number, len: number) => (ptr ? view(ptr, len) : null);
  return {
    /** mean((y − t)²) over m·n; dy = 2(y − t)/(m·n) when dy ≠ 0. dy may equal y or t. */
    f32_mse(m: number, n: number, y: number, t: number, dy: number): number {
      return mseLoss(m, n, view(y, m * n), view(t, m * n), grad(dy, m * n));
    },
    /** binary CE from probabilities p (clipped to [ε, 1−ε]); dp = (pc − t)/(pc(1−pc))/(m·n), 0 outside the clip. */
    f32_bce(m: number, n: number, p: number, t: number, dp: number): number {
      return bceLoss(m, n, view(p, m * n), view(t, m * n), grad(dp, m * n));
    },
    /** binary CE of the sigmoid output y; dz = (y − t)/(m·n) wrt the logits. dz may equal y or t. */
    f32_sigmoid_bce(m: number, n: number, y: number, t: number, dz: number): number {
      return sigmoidBceLoss(m, n, view(y, m * n), view(t, m * n), grad(dz, m * n));
    },
    /** −(1/m)·Σ t·log clip(y) for softmax rows y; dz = (y − t)/m wrt the logits. dz may equal y or t. */
    f32_softmax_ce(m: number, n: number, y: number, t: number, dz: number): number {
      return softmaxCeLoss(m, n, view(y, m * n), view(t, m * n), grad(dz, m * n));
    },
    /** softmax CE with i32 class labels (out-of-range label: no loss, zero gradient row). dz may equal y. */
    f32_sparse_softmax_ce(m: number, n: number, y: number, labels: number, dz: number): number {
      const lab = v.i32.subarray(labels >>> 2, (labels >>> 2) + m);
      return sparseSoftmaxCeLoss(m, n, view(y, m * n), lab, grad(dz, m * n));
    },
    /** categorical CE from probabilities (row-normalized, then clipped, as tfjs); dp = exact gradient. */
    f32_ce(m: number, n: number, p: number, t: number, dp: number): number {
      return ceLoss(m, n, view(p, m * n), view(t, m * n), grad(dp, m * n));
    },
  };
}

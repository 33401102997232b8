// Reference twins of assembly/activations.ts: exact Math.exp / Math.tanh in f64, rounded on store.
// The array helpers take Float32Array (kernel memory) or Float64Array (f64 gradient checks).
import { Act } from '../act.js';
import type { MemoryViews, Round } from '../memory.js';

type Arr = Float32Array | Float64Array;

/** act(v) for one element: the scalar definition every activation kernel follows. */
export function activate(v: number, act: number, alpha: number): number {
  switch (act) {
    // NOTE: NaN propagates through relu and step (as tfjs); relu(−0) = +0.
    case Act.relu: return v > 0 || v !== v ? v : 0;
    case Act.leakyRelu: return v > 0 ? v : alpha * v;
    case Act.sigmoid: return 1 / (1 + Math.exp(-v));
    case Act.tanh: return Math.tanh(v);
    case Act.step: return v !== v ? v : v > 0 ? 1 : 0;
    default: return v;
  }
}

/**
 * act'(x) expressed through the output y = act(x). NOTE: relu'(0) = 0 as in PyTorch/tfjs;
 * leakyRelu needs alpha ≥ 0 (then sign(y) = sign(x)); step' = 0 (Heaviside has no useful gradient).
 */
export function activateGrad(y: number, act: number, alpha: number): number {
  switch (act) {
    case Act.relu: return y > 0 ? 1 : 0;
    case Act.leakyRelu: return y > 0 ? 1 : alpha;
    case Act.sigmoid: return y * (1 - y);
    case Act.tanh: return 1 - y * y;
    case Act.step: return 0;
    default: return 1;
  }
}

/** Row-wise softmax of m rows of n at offsets xo/yo; max-subtracted. y may be x. */
export function softmaxRows(m: number, n: number, x: Arr, xo: number, y: Arr, yo: number): void {
  const e = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    let mx = -Infinity;
    for (let j = 0; j < n; j++) mx = Math.max(mx, x[xo + i * n + j]!);
    let s = 0;
    for (let j = 0; j < n; j++) s += e[j] = Math.exp(x[xo + i * n + j]! - mx);
    for (let j = 0; j < n; j++) y[yo + i * n + j] = e[j]! / s;
  }
}

/** dx = y ⊙ (dy − Σ_j dy_j·y_j) per row (Jacobian of softmax times dy). dx may be dy. */
export function softmaxRowsBwd(m: number, n: number, y: Arr, yo: number, dy: Arr, dyo: number, dx: Arr, dxo: number): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += dy[dyo + i * n + j]! * y[yo + i * n + j]!;
    for (let j = 0; j < n; j++) dx[dxo + i * n + j] = y[yo + i * n + j]! * (dy[dyo + i * n + j]! - s);
  }
}

export function activationKernels(v: MemoryViews, round: Round = Math.fround) {
  return {
    /** y[i] = act(x[i]), i < n. y may equal x. */
    f32_vact(n: number, x: number, y: number, act: number, alpha: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      alpha = round(alpha);
      for (let i = 0; i < n; i++) f[Y + i] = activate(f[X + i]!, act, alpha);
    },
    /** y[i,j] = act(y[i,j] + bias[j]) for an m×n block with row stride ldy (elements); bias 0 = none. */
    f32_bias_act(m: number, n: number, y: number, ldy: number, bias: number, act: number, alpha: number): void {
      const f = v.f32, Y = y >>> 2, B = bias >>> 2;
      alpha = round(alpha);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const at = Y + i * ldy + j;
          // The wasm kernel adds in f32 before activating: round the sum the same way.
          f[at] = activate(round(f[at]! + (bias ? f[B + j]! : 0)), act, alpha);
        }
      }
    },
    /** y[i] = exp(x[i]), i < n. y may equal x. */
    f32_vexp(n: number, x: number, y: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      for (let i = 0; i < n; i++) f[Y + i] = Math.exp(f[X + i]!);
    },
    /** dx[i] = dy[i]·act'(y[i]) with y the forward output, i < n. dx may equal dy. */
    f32_vact_bwd(n: number, y: number, dy: number, dx: number, act: number, alpha: number): void {
      const f = v.f32, Y = y >>> 2, DY = dy >>> 2, DX = dx >>> 2;
      alpha = round(alpha);
      for (let i = 0; i < n; i++) {
        const yi = f[Y + i]!;
        // relu (y ≤ 0) and step select 0 rather than multiply by it, so a non-finite dy gives 0 (as wasm).
        const zero = act === Act.step || (act === Act.relu && !(yi > 0));
        f[DX + i] = zero ? 0 : f[DY + i]! * activateGrad(yi, act, alpha);
      }
    },
    /** y[i,:] = softmax(x[i,:]), m rows of n, max-subtracted. y may equal x. */
    f32_softmax(m: number, n: number, x: number, y: number): void {
      const f = v.f32;
      softmaxRows(m, n, f, x >>> 2, f, y >>> 2);
    },
    /** dx[i,:] = y[i,:] ⊙ (dy[i,:] − Σ_j dy[i,j]·y[i,j]), m rows of n. dx may equal dy. */
    f32_softmax_bwd(m: number, n: number, y: number, dy: number, dx: number): void {
      const f = v.f32;
      softmaxRowsBwd(m, n, f, y >>> 2, f, dy >>> 2, f, dx >>> 2);
    },
  };
}

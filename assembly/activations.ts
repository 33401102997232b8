// Activations: elementwise forward (also as the fused bias + activation epilogue of dense), their
// derivatives through the output y, and row-wise softmax. Codes match src/backend/act.ts.
// Each kernel switches on `act` once and calls a function specialised for that code (rowsRelu, gradTanh…):
// the loop bodies are @inline helpers given a constant code, so no switch is left inside any loop.
import { at, hsum } from './simd';
import { expv, exps, sigmoidv, sigmoids, tanhv, tanhs } from './math';

export const ACT_LINEAR: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_LEAKY_RELU: i32 = 2;
export const ACT_SIGMOID: i32 = 3;
export const ACT_TANH: i32 = 4;
export const ACT_STEP: i32 = 5;

// ---- forward ---------------------------------------------------------------------------------------

// NOTE: NaN propagates, as in tfjs: relu is f32x4.max (NaN-propagating, max(−0, 0) = +0), step keeps NaN
// lanes (v ≠ v); exactly as the TS twin.
@inline function actv(v: v128, act: i32, alpha: v128): v128 {
  const zero = f32x4.splat(0);
  switch (act) {
    case ACT_RELU: return f32x4.max(v, zero);
    case ACT_LEAKY_RELU: return v128.bitselect(v, f32x4.mul(v, alpha), f32x4.gt(v, zero));
    case ACT_SIGMOID: return sigmoidv(v);
    case ACT_TANH: return tanhv(v);
    case ACT_STEP: return v128.bitselect(v, v128.and(f32x4.gt(v, zero), f32x4.splat(1)), f32x4.ne(v, v));
    default: return v;
  }
}

@inline function acts(v: f32, act: i32, alpha: f32): f32 {
  switch (act) {
    case ACT_RELU: return max<f32>(v, 0);
    case ACT_LEAKY_RELU: return v > 0 ? v : alpha * v;
    case ACT_SIGMOID: return sigmoids(v);
    case ACT_TANH: return tanhs(v);
    case ACT_STEP: return v != v ? v : v > 0 ? 1 : 0;
    default: return v;
  }
}

/** One row of y = act(x + bias); bias 0 = none. */
@inline function actRow(act: i32, n: i32, x: usize, y: usize, bias: usize, alpha: f32): void {
  const av = f32x4.splat(alpha);
  let j = 0;
  if (bias) {
    for (; j + 4 <= n; j += 4) {
      v128.store(at(y, j), actv(f32x4.add(v128.load(at(x, j)), v128.load(at(bias, j))), act, av));
    }
    for (; j < n; j++) store<f32>(at(y, j), acts(load<f32>(at(x, j)) + load<f32>(at(bias, j)), act, alpha));
  } else {
    // Two vectors per iteration: exp/tanh are long dependency chains, and a second independent chain
    // in the same iteration lets the core overlap them.
    for (; j + 8 <= n; j += 8) {
      v128.store(at(y, j), actv(v128.load(at(x, j)), act, av));
      v128.store(at(y, j + 4), actv(v128.load(at(x, j + 4)), act, av));
    }
    for (; j + 4 <= n; j += 4) v128.store(at(y, j), actv(v128.load(at(x, j)), act, av));
    for (; j < n; j++) store<f32>(at(y, j), acts(load<f32>(at(x, j)), act, alpha));
  }
}

/** y[i,:] = act(x[i,:] + bias) for m rows (strides ldx, ldy); one instance per code below. */
@inline function actRows(act: i32, m: i32, n: i32, x: usize, ldx: i32, y: usize, ldy: i32, bias: usize, alpha: f32): void {
  for (let i = 0; i < m; i++) actRow(act, n, at(x, i * ldx), at(y, i * ldy), bias, alpha);
}

// NOTE: one real function per code. Inlining actRows straight into the switch arms lets binaryen's
// code folding merge the six arms back into one loop with a switch per vector; separate functions
// are specialised (constant code propagated, inner switch gone) before any merging can happen.
function rowsLinear(m: i32, n: i32, x: usize, ldx: i32, y: usize, ldy: i32, bias: usize, alpha: f32): void {
  actRows(ACT_LINEAR, m, n, x, ldx, y, ldy, bias, alpha);
}
function rowsRelu(m: i32, n: i32, x: usize, ldx: i32, y: usize, ldy: i32, bias: usize, alpha: f32): void {
  actRows(ACT_RELU, m, n, x, ldx, y, ldy, bias, alpha);
}
function rowsLeaky(m: i32, n: i32, x: usize, ldx: i32, y: usize, ldy: i32, bias: usize, alpha: f32): void {
  actRows(ACT_LEAKY_RELU, m, n, x, ldx, y, ldy, bias, alpha);
}
function rowsSigmoid(m: i32, n: i32, x: usize, ldx: i32, y: usize, ldy: i32, bias: usize, alpha: f32): void {
  actRows(ACT_SIGMOID, m, n, x, ldx, y, ldy, bias, alpha);
}
function rowsTanh(m: i32, n: i32, x: usize, ldx: i32, y: usize, ldy: i32, bias: usize, alpha: f32): void {
  actRows(ACT_TANH, m, n, x, ldx, y, ldy, bias, alpha);
}
function rowsStep(m: i32, n: i32, x: usize, ldx: i32, y: usize, ldy: i32, bias: usize, alpha: f32): void {
  actRows(ACT_STEP, m, n, x, ldx, y, ldy, bias, alpha);
}

function dispatchRows(m: i32, n: i32, x: usize, ldx: i32, y: usize, ldy: i32, bias: usize, act: i32, alpha: f32): void {
  switch (act) {
    case ACT_RELU: rowsRelu(m, n, x, ldx, y, ldy, bias, alpha); break;
    case ACT_LEAKY_RELU: rowsLeaky(m, n, x, ldx, y, ldy, bias, alpha); break;
    case ACT_SIGMOID: rowsSigmoid(m, n, x, ldx, y, ldy, bias, alpha); break;
    case ACT_TANH: rowsTanh(m, n, x, ldx, y, ldy, bias, alpha); break;
    case ACT_STEP: rowsStep(m, n, x, ldx, y, ldy, bias, alpha); break;
    default: rowsLinear(m, n, x, ldx, y, ldy, bias, alpha);
  }
}

/** y[i] = act(x[i]), i < n. y may equal x. No alignment needed. */
export function f32_vact(n: i32, x: usize, y: usize, act: i32, alpha: f32): void {
  dispatchRows(1, n, x, n, y, n, 0, act, alpha);
}

/** y[i,j] = act(y[i,j] + bias[j]) for an m×n block with row stride ldy (elements); bias 0 = none. In place. */
export function f32_bias_act(m: i32, n: i32, y: usize, ldy: i32, bias: usize, act: i32, alpha: f32): void {
  // A contiguous block without bias is one long row: the SIMD loop stays busy even when n is small.
  if (!bias && ldy == n) dispatchRows(1, m * n, y, 0, y, 0, 0, act, alpha);
  else dispatchRows(m, n, y, ldy, y, ldy, bias, act, alpha);
}

/** y[i] = exp(x[i]), i < n (the polynomial of assembly/math.ts, rel. error < 2.5e−7). y may equal x. */
export function f32_vexp(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    v128.store(at(y, i), expv(v128.load(at(x, i))));
    v128.store(at(y, i + 4), expv(v128.load(at(x, i + 4))));
  }
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), expv(v128.load(at(x, i))));
  for (; i < n; i++) store<f32>(at(y, i), exps(load<f32>(at(x, i))));
}

// ---- backward: dx = dy ⊙ act'(·), written through the forward output y -------------------------------

// relu' = y > 0 (NOTE: relu'(0) = 0, as in PyTorch/tfjs); leakyRelu' = y > 0 ? 1 : alpha (alpha ≥ 0,
// so the sign of y is the sign of x); sigmoid' = y(1 − y); tanh' = 1 − y²; step' = 0 (Heaviside has
// no useful gradient); linear' = 1.
@inline function gradv(y: v128, dy: v128, act: i32, alpha: v128): v128 {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  switch (act) {
    case ACT_RELU: return v128.and(dy, f32x4.gt(y, zero));
    case ACT_LEAKY_RELU: return v128.bitselect(dy, f32x4.mul(dy, alpha), f32x4.gt(y, zero));
    case ACT_SIGMOID: return f32x4.mul(dy, f32x4.mul(y, f32x4.sub(one, y)));
    case ACT_TANH: return f32x4.mul(dy, f32x4.sub(one, f32x4.mul(y, y)));
    case ACT_STEP: return zero;
    default: return dy;
  }
}

@inline function grads(y: f32, dy: f32, act: i32, alpha: f32): f32 {
  switch (act) {
    case ACT_RELU: return y > 0 ? dy : 0;
    case ACT_LEAKY_RELU: return y > 0 ? dy : dy * alpha;
    case ACT_SIGMOID: return dy * (y * (1 - y));
    case ACT_TANH: return dy * (1 - y * y);
    case ACT_STEP: return 0;
    default: return dy;
  }
}

@inline function gradLoop(act: i32, n: i32, y: usize, dy: usize, dx: usize, alpha: f32): void {
  const av = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(dx, i), gradv(v128.load(at(y, i)), v128.load(at(dy, i)), act, av));
  for (; i < n; i++) store<f32>(at(dx, i), grads(load<f32>(at(y, i)), load<f32>(at(dy, i)), act, alpha));
}

// One real function per code, for the reason given above rowsLinear.
function gradLinear(n: i32, y: usize, dy: usize, dx: usize, alpha: f32): void { gradLoop(ACT_LINEAR, n, y, dy, dx, alpha); }
function gradRelu(n: i32, y: usize, dy: usize, dx: usize, alpha: f32): void { gradLoop(ACT_RELU, n, y, dy, dx, alpha); }
function gradLeaky(n: i32, y: usize, dy: usize, dx: usize, alpha: f32): void { gradLoop(ACT_LEAKY_RELU, n, y, dy, dx, alpha); }
function gradSigmoid(n: i32, y: usize, dy: usize, dx: usize, alpha: f32): void { gradLoop(ACT_SIGMOID, n, y, dy, dx, alpha); }
function gradTanh(n: i32, y: usize, dy: usize, dx: usize, alpha: f32): void { gradLoop(ACT_TANH, n, y, dy, dx, alpha); }
function gradStep(n: i32, y: usize, dy: usize, dx: usize, alpha: f32): void { gradLoop(ACT_STEP, n, y, dy, dx, alpha); }

/** dx[i] = dy[i]·act'(y[i]) with y the forward output, i < n. dx may equal dy. */
export function f32_vact_bwd(n: i32, y: usize, dy: usize, dx: usize, act: i32, alpha: f32): void {
  switch (act) {
    case ACT_RELU: gradRelu(n, y, dy, dx, alpha); break;
    case ACT_LEAKY_RELU: gradLeaky(n, y, dy, dx, alpha); break;
    case ACT_SIGMOID: gradSigmoid(n, y, dy, dx, alpha); break;
    case ACT_TANH: gradTanh(n, y, dy, dx, alpha); break;
    case ACT_STEP: gradStep(n, y, dy, dx, alpha); break;
    default: gradLinear(n, y, dy, dx, alpha);
  }
}

// ---- softmax ---------------------------------------------------------------------------------------

/** y[i,:] = exp(x[i,:] − max_j x[i,j]) / Σ_j exp(x[i,j] − max), m rows of n. y may equal x. */
export function f32_softmax(m: i32, n: i32, x: usize, y: usize): void {
  for (let i = 0; i < m; i++) {
    const xr = at(x, i * n), yr = at(y, i * n);
    // Row max (subtracted so logits of ±1e4 cannot overflow exp).
    let mx = f32x4.splat(-Infinity);
    let j = 0;
    for (; j + 4 <= n; j += 4) mx = f32x4.max(mx, v128.load(at(xr, j)));
    let ms = max<f32>(max<f32>(f32x4.extract_lane(mx, 0), f32x4.extract_lane(mx, 1)),
      max<f32>(f32x4.extract_lane(mx, 2), f32x4.extract_lane(mx, 3)));
    for (; j < n; j++) ms = max<f32>(ms, load<f32>(at(xr, j)));
    // e = exp(x − max), stored in y, summed.
    const mv = f32x4.splat(ms);
    let sv = f32x4.splat(0);
    j = 0;
    for (; j + 4 <= n; j += 4) {
      const e = expv(f32x4.sub(v128.load(at(xr, j)), mv));
      v128.store(at(yr, j), e);
      sv = f32x4.add(sv, e);
    }
    let s = hsum(sv);
    for (; j < n; j++) {
      const e = exps(load<f32>(at(xr, j)) - ms);
      store<f32>(at(yr, j), e);
      s += e;
    }
    // s ≥ 1 (the max element contributes exp(0) = 1), so 1/s is finite.
    const r: f32 = 1 / s, rv = f32x4.splat(r);
    j = 0;
    for (; j + 4 <= n; j += 4) v128.store(at(yr, j), f32x4.mul(v128.load(at(yr, j)), rv));
    for (; j < n; j++) store<f32>(at(yr, j), load<f32>(at(yr, j)) * r);
  }
}

/** dx[i,:] = y[i,:] ⊙ (dy[i,:] − Σ_j dy[i,j]·y[i,j]), m rows of n; y = softmax output. dx may equal dy. */
export function f32_softmax_bwd(m: i32, n: i32, y: usize, dy: usize, dx: usize): void {
  for (let i = 0; i < m; i++) {
    const yr = at(y, i * n), dr = at(dy, i * n), xr = at(dx, i * n);
    let sv = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) sv = f32x4.add(sv, f32x4.mul(v128.load(at(yr, j)), v128.load(at(dr, j))));
    let s = hsum(sv);
    for (; j < n; j++) s += load<f32>(at(yr, j)) * load<f32>(at(dr, j));
    const svv = f32x4.splat(s);
    j = 0;
    for (; j + 4 <= n; j += 4) {
      v128.store(at(xr, j), f32x4.mul(v128.load(at(yr, j)), f32x4.sub(v128.load(at(dr, j)), svv)));
    }
    for (; j < n; j++) store<f32>(at(xr, j), load<f32>(at(yr, j)) * (load<f32>(at(dr, j)) - s));
  }
}

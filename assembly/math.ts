// Transcendental helpers for the activation kernels: exp, sigmoid and tanh on f32x4, with scalar twins
// that perform the same f32 operations in the same order, so a SIMD lane and a tail element agree bit
// for bit (no madd here for that reason: a scalar FMA does not exist in wasm).
//
// exp(x): Cody–Waite reduction x = n·ln2 + r, n = nearest(x·log2e), |r| ≤ ln2/2, with ln2 split as
//   C1 = 0.693359375 (9 significant bits, so n·C1 is exact for |n| ≤ 128) and C2 = −2.12194440e−4;
//   exp(r) ≈ 1 + r + r²·P(r), P of degree 5 with the minimax coefficients of Cephes expf.c
//   (S. L. Moshier, Cephes Math Library 2.2); 2^n is built from exponent bits ((n + 127) << 23),
//   split as 2^(n>>1)·2^(n − (n>>1)) so n = 128 (x just under ln FLT_MAX) stays finite.
//   Measured max relative error vs Math.exp: 7.7e−8 over 100k points on [−87, 88] (f32 rounding
//   alone is up to 6e−8); test/kernels/math.test.ts asserts < 2.5e−7.
//   x > 88.72284 (ln FLT_MAX) → +Inf; x < −87.33654 (ln FLT_MIN) → +0 (no denormals); NaN → NaN.
// sigmoid(x) = 1/(1 + exp(−x)): saturates cleanly (exactly 1 for x ≳ 17, exactly 0 below −88.7, no NaN
//   at ±Inf). Measured max abs error 8.8e−8 on [−100, 100] (asserted < 1.5e−7); relative error
//   follows exp's for x > −87, below that y = 0.
// tanh(x): odd polynomial x + x³·Q(x²) for |x| < 0.625 (Cephes tanhf.c coefficients, relative error
//   ≈1e−7 near 0), else sign(x)·(1 − 2/(exp(2|x|) + 1)). Measured on [−20, 20]: max abs error 6.8e−8
//   (asserted < 2.5e−7), max relative error 1.2e−7 (asserted < 5e−7, also on [−1e−3, 1e−3]).

// Range limits: ln(FLT_MAX) rounded down to f32 and ln(FLT_MIN) rounded up.
const EXP_HI: f32 = 88.72283;
const EXP_LO: f32 = -87.33654;
const LOG2E: f32 = 1.44269504088896341;
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;
// Cephes expf P(r), highest degree first.
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;
// Cephes tanhf Q(z), z = x², highest degree first; tanh(x) ≈ x + x·z·Q(z) for |x| < 0.625.
const TANH_SMALL: f32 = 0.625;
const Q0: f32 = -5.70498872745e-3;
const Q1: f32 = 2.06390887954e-2;
const Q2: f32 = -5.37397155531e-2;
const Q3: f32 = 1.33314422036e-1;
const Q4: f32 = -3.33332819422e-1;

/** 2^n for n in [−252, 254] as a product of two normal powers (both halves in [−126, 127]). */
@inline function pow2v(p: v128, n: v128): v128 {
  const h = i32x4.shr_s(n, 1);
  const s1 = i32x4.shl(i32x4.add(h, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(n, h), i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** exp(x) on four lanes; see the header for the method and error bound. */
@inline export function expv(x: v128): v128 {
  const hi = f32x4.splat(EXP_HI), lo = f32x4.splat(EXP_LO);
  // pmax/pmin are one instruction each (min/max's NaN rules cost ~8 on x64); NaN is restored below.
  const xc = f32x4.pmin(f32x4.pmax(lo, x), hi);
  const fn = f32x4.nearest(f32x4.mul(xc, f32x4.splat(LOG2E)));
  let r = f32x4.sub(xc, f32x4.mul(fn, f32x4.splat(C1)));
  r = f32x4.sub(r, f32x4.mul(fn, f32x4.splat(C2)));
  let q = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(P2));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(P3));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(P4));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(P5));
  const p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(r, r), q), r), f32x4.splat(1));
  let e = pow2v(p, i32x4.trunc_sat_f32x4_s(fn));
  e = v128.bitselect(f32x4.splat(Infinity), e, f32x4.gt(x, hi));
  e = v128.andnot(e, f32x4.lt(x, lo)); // below ln FLT_MIN → +0
  return v128.bitselect(x, e, f32x4.ne(x, x)); // NaN → NaN
}

/** exp(x) for one element: the same operations as expv, so a tail element equals its lane twin. */
@inline export function exps(x: f32): f32 {
  if (x != x) return x; // NaN (keeps the f32→i32 conversion below in range)
  if (x > EXP_HI) return Infinity;
  if (x < EXP_LO) return 0;
  const fn = nearest<f32>(x * LOG2E); // NaN passes through to the result
  let r = x - fn * C1;
  r = r - fn * C2;
  let q = P0 * r + P1;
  q = q * r + P2;
  q = q * r + P3;
  q = q * r + P4;
  q = q * r + P5;
  const p = r * r * q + r + 1;
  const n = <i32>fn;
  const h = n >> 1;
  const s1 = reinterpret<f32>((h + 127) << 23);
  const s2 = reinterpret<f32>((n - h + 127) << 23);
  return p * s1 * s2;
}

/** 1/(1 + exp(−x)) on four lanes. */
@inline export function sigmoidv(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x))));
}

@inline export function sigmoids(x: f32): f32 {
  return 1 / (1 + exps(-x));
}

/** tanh on four lanes: odd polynomial near 0, 1 − 2/(exp(2|x|) + 1) elsewhere, sign restored. */
@inline export function tanhv(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let q = f32x4.add(f32x4.mul(f32x4.splat(Q0), z), f32x4.splat(Q1));
  q = f32x4.add(f32x4.mul(q, z), f32x4.splat(Q2));
  q = f32x4.add(f32x4.mul(q, z), f32x4.splat(Q3));
  q = f32x4.add(f32x4.mul(q, z), f32x4.splat(Q4));
  const small = f32x4.add(f32x4.mul(f32x4.mul(x, z), q), x);
  const one = f32x4.splat(1);
  const e = expv(f32x4.add(ax, ax));
  const big = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(e, one)));
  // sign(x)·big: copy the sign bit of x onto the non-negative big.
  const sign = f32x4.splat(-0.0);
  const signed = v128.or(v128.and(x, sign), big);
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(TANH_SMALL)));
}

@inline export function tanhs(x: f32): f32 {
  const ax = abs<f32>(x);
  if (ax < TANH_SMALL) {
    const z = x * x;
    let q = Q0 * z + Q1;
    q = q * z + Q2;
    q = q * z + Q3;
    q = q * z + Q4;
    return x * z * q + x;
  }
  const big: f32 = 1 - 2 / (exps(ax + ax) + 1);
  return copysign<f32>(big, x);
}

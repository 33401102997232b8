// Helpers shared by the kernel families. Everything here is @inline: no call survives in the output.

/** a·b + c: one fused multiply-add in the relaxed build, mul then add in the baseline build. */
// NOTE: relaxed_madd may round once (FMA) or twice depending on the engine; kernels must not
// depend on which, and tests compare against the TS reference with a tolerance.
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Byte address of element i of an f32 array at byte offset p. */
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Sum of the four lanes. */
@inline export function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** d[0..n) = 0 (f32). */
@inline export function zero(n: i32, d: usize): void {
  const z = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(d, i), z);
  for (; i < n; i++) store<f32>(at(d, i), 0); // tail
}

/** d[0..n) = s[0..n) (f32; the ranges must not overlap). */
@inline export function copy(n: i32, s: usize, d: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(d, i), v128.load(at(s, i)));
  for (; i < n; i++) store<f32>(at(d, i), load<f32>(at(s, i))); // tail
}

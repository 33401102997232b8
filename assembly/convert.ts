// dtype conversion and one-hot encoding for the op wing (tfjs Cast, OneHot). Twins: src/backend/ts/convert.ts.

/** The i32 of f32 `e` as JS's ToInt32 (Int32Array.from): truncated, modulo 2³², NaN and ±Infinity → 0. */
@inline function toInt32(e: f32): i32 {
  // Beyond 2⁶³ an f32 is a multiple of 2⁴⁰, so 0 modulo 2³²; below, i64 truncation is exact.
  return Mathf.abs(e) < 9.223372e18 ? <i32><i64>e : 0;
}

/**
 * y[i] (i32) = x[i] truncated toward zero, i < n, NaN → 0 as in tfjs. Values beyond ±2³¹: mode 0
 * saturates (the op wing's cast); mode 1 wraps them modulo 2³² (±Infinity → 0) exactly as JS's
 * Int32Array.from, which tfjs-backend-cpu's Cast uses. y may equal x.
 */
export function f32_to_i32(n: i32, x: usize, y: usize, mode: i32): void {
  let i = 0;
  const lim = f32x4.splat(2147483648.0);
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    if (mode != 0 && v128.any_true(f32x4.ge(f32x4.abs(v), lim))) { // a lane out of the i32 range: one at a time
      for (let j = 0; j < 4; j++) store<i32>(y + (<usize>(i + j) << 2), toInt32(load<f32>(x + (<usize>(i + j) << 2))));
    } else v128.store(y + (<usize>i << 2), i32x4.trunc_sat_f32x4_s(v));
  }
  for (; i < n; i++) { // tail, through one lane so it saturates exactly as the vector loop
    const e = load<f32>(x + (<usize>i << 2));
    store<i32>(y + (<usize>i << 2), mode != 0 ? toInt32(e) : i32x4.extract_lane(i32x4.trunc_sat_f32x4_s(f32x4.splat(e)), 0));
  }
}

/** y[i] (f32) = x[i] (i32), rounded to nearest, i < n. y may equal x. */
export function i32_to_f32(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + (<usize>i << 2), f32x4.convert_i32x4_s(v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), <f32>load<i32>(x + (<usize>i << 2))); // tail
}

/**
 * y[i, j] = j == idx[i] ? on : off for i < n, j < depth (idx i32). An index outside [0, depth) gives a
 * row of `off`, as tfjs's OneHot. y must not overlap idx.
 */
export function f32_one_hot(n: i32, depth: i32, idx: usize, y: usize, on: f32, off: f32): void {
  const ov = f32x4.splat(off);
  for (let i = 0; i < n; i++) {
    const row = y + (<usize>i * <usize>depth << 2);
    let j = 0;
    for (; j + 4 <= depth; j += 4) v128.store(row + (<usize>j << 2), ov);
    for (; j < depth; j++) store<f32>(row + (<usize>j << 2), off); // tail
    const k = load<i32>(idx + (<usize>i << 2));
    if (k >= 0 && k < depth) store<f32>(row + (<usize>k << 2), on);
  }
}

// dtype conversion and one-hot encoding for the op wing (tfjs Cast, OneHot). Twins: src/backend/ts/convert.ts.

/**
 * y[i] (i32) = x[i] truncated toward zero, i < n. NOTE: NaN → 0 as in tfjs (Int32Array.from); values
 * beyond ±2³¹ saturate here, where Int32Array.from wraps them modulo 2³². y may equal x.
 */
export function f32_to_i32(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + (<usize>i << 2), i32x4.trunc_sat_f32x4_s(v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) { // tail, through one lane so it saturates exactly as the vector loop
    store<i32>(y + (<usize>i << 2), i32x4.extract_lane(i32x4.trunc_sat_f32x4_s(f32x4.splat(load<f32>(x + (<usize>i << 2)))), 0));
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

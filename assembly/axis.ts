// Reductions along an axis of a [outer, r, inner] view (tfjs Sum, Mean, Max, Min, Prod, ArgMax, ArgMin):
// the op wing collapses the reduced axes into r (transposing first when they are not adjacent).
// inner = 1 reduces contiguous rows; inner > 1 combines whole inner rows (SIMD across inner, kept in
// L1), so x always streams contiguously. Codes match src/backend/ts/axis.ts.
import { at } from './simd';

export const RED_SUM: i32 = 0;
export const RED_MEAN: i32 = 1;
export const RED_MAX: i32 = 2;
export const RED_MIN: i32 = 3;
export const RED_PROD: i32 = 4;

// NOTE: max/min propagate NaN (f32x4.max, f32.max), as tfjs's Max/Min kernels do.
@inline function cv(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case RED_MAX: return f32x4.max(a, b);
    case RED_MIN: return f32x4.min(a, b);
    case RED_PROD: return f32x4.mul(a, b);
    default: return f32x4.add(a, b);
  }
}

@inline function cs(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case RED_MAX: return max<f32>(a, b);
    case RED_MIN: return min<f32>(a, b);
    case RED_PROD: return a * b;
    default: return a + b;
  }
}

/** One contiguous row of r ≥ 1 elements: four lanes, combined at the end, then the tail. */
@inline function row(op: i32, r: i32, x: usize): f32 {
  let k = 0;
  let acc: f32 = load<f32>(x);
  if (r >= 8) {
    let v = v128.load(x);
    for (k = 4; k + 4 <= r; k += 4) v = cv(op, v, v128.load(at(x, k)));
    acc = cs(op, cs(op, f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), cs(op, f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
  } else k = 1;
  for (; k < r; k++) acc = cs(op, acc, load<f32>(at(x, k))); // tail
  return acc;
}

@inline function reduce(op: i32, outer: i32, r: i32, inner: i32, x: usize, y: usize): void {
  const mean = op == RED_MEAN;
  const scale: f32 = 1 / <f32>r;
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const s = row(op, r, x + (<usize>o * <usize>r << 2));
      store<f32>(at(y, o), mean ? s * scale : s);
    }
    return;
  }
  const sv = f32x4.splat(scale);
  for (let o = 0; o < outer; o++) {
    const src = x + (<usize>o * <usize>r * <usize>inner << 2), dst = y + (<usize>o * <usize>inner << 2);
    memory.copy(dst, src, <usize>inner << 2);
    for (let k = 1; k < r; k++) {
      const line = src + (<usize>k * <usize>inner << 2);
      let i = 0;
      for (; i + 4 <= inner; i += 4) v128.store(at(dst, i), cv(op, v128.load(at(dst, i)), v128.load(at(line, i))));
      for (; i < inner; i++) store<f32>(at(dst, i), cs(op, load<f32>(at(dst, i)), load<f32>(at(line, i)))); // tail
    }
    if (mean) {
      let i = 0;
      for (; i + 4 <= inner; i += 4) v128.store(at(dst, i), f32x4.mul(v128.load(at(dst, i)), sv));
      for (; i < inner; i++) store<f32>(at(dst, i), load<f32>(at(dst, i)) * scale); // tail
    }
  }
}

/**
 * y[o, i] = reduce_k x[o, k, i] over k < r (r ≥ 1), x of shape [outer, r, inner], y [outer, inner];
 * op: RED_* (mean = sum · (1/r)). Sums accumulate in f32 in order (error ≲ r·u relative). y must not alias x.
 */
export function f32_reduce_axis(outer: i32, r: i32, inner: i32, x: usize, y: usize, op: i32): void {
  switch (op) {
    case RED_MEAN: reduce(RED_MEAN, outer, r, inner, x, y); break;
    case RED_MAX: reduce(RED_MAX, outer, r, inner, x, y); break;
    case RED_MIN: reduce(RED_MIN, outer, r, inner, x, y); break;
    case RED_PROD: reduce(RED_PROD, outer, r, inner, x, y); break;
    default: reduce(RED_SUM, outer, r, inner, x, y);
  }
}

/**
 * The first arg-max (arg-min) of one contiguous row of r ≥ 8 with tfjs's sequential strict compare from
 * k = 0: a NaN at k = 0 gives 0, later NaNs never win. Equivalently (x[0] not NaN): the first index of
 * the extreme among non-NaN values, which four lanes find independently. A lane starting on a NaN starts
 * at ∓Infinity with index r (never chosen on a tie): lane 0 holds x[0], so an all-∓Infinity maximum
 * still ends at the first one.
 */
@inline function argRow(isMin: bool, r: i32, x: usize): i32 {
  const x0 = load<f32>(x);
  if (x0 != x0) return 0;
  let bv = v128.load(x);
  const nan = f32x4.ne(bv, bv);
  bv = v128.bitselect(f32x4.splat(isMin ? Infinity : -Infinity), bv, nan);
  let bix = v128.bitselect(i32x4.splat(r), i32x4(0, 1, 2, 3), nan);
  let idx = i32x4(0, 1, 2, 3);
  const step = i32x4.splat(4);
  let k = 4;
  for (; k + 4 <= r; k += 4) {
    const v = v128.load(at(x, k));
    idx = i32x4.add(idx, step);
    const better = isMin ? f32x4.lt(v, bv) : f32x4.gt(v, bv);
    bv = v128.bitselect(v, bv, better);
    bix = v128.bitselect(idx, bix, better);
  }
  // Across lanes: the extreme value, the smallest index among equals.
  let best = f32x4.extract_lane(bv, 0), bi = i32x4.extract_lane(bix, 0);
  for (let l = 1; l < 4; l++) {
    const v = l == 1 ? f32x4.extract_lane(bv, 1) : l == 2 ? f32x4.extract_lane(bv, 2) : f32x4.extract_lane(bv, 3);
    const j = l == 1 ? i32x4.extract_lane(bix, 1) : l == 2 ? i32x4.extract_lane(bix, 2) : i32x4.extract_lane(bix, 3);
    if ((isMin ? v < best : v > best) || (v == best && j < bi)) { best = v; bi = j; }
  }
  for (; k < r; k++) { // tail: indices above every lane's, so the strict compare keeps the first
    const v = load<f32>(at(x, k));
    if (isMin ? v < best : v > best) { best = v; bi = k; }
  }
  return bi;
}

/**
 * out[o, i] (i32) = the k < r of the first maximum (op 0) or minimum (op 1) of x[o, k, i], r ≥ 1.
 * NOTE: as tfjs's ArgMax/ArgMin: a strict compare from k = 0, so NaN never wins (a NaN at k = 0 keeps 0).
 */
export function f32_argreduce_axis(outer: i32, r: i32, inner: i32, x: usize, out: usize, op: i32): void {
  const isMin = op == 1;
  if (inner == 1 && r >= 8) { // contiguous rows: SIMD along the row
    for (let o = 0; o < outer; o++) store<i32>(at(out, o), op == 1 ? argRow(true, r, x + (<usize>o * <usize>r << 2)) : argRow(false, r, x + (<usize>o * <usize>r << 2)));
    return;
  }
  for (let o = 0; o < outer; o++) {
    const src = x + (<usize>o * <usize>r * <usize>inner << 2), dst = out + (<usize>o * <usize>inner << 2);
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let best = v128.load(at(src, i));
      let bi = i32x4.splat(0);
      for (let k = 1; k < r; k++) {
        const v = v128.load(at(src + (<usize>k * <usize>inner << 2), i));
        const better = isMin ? f32x4.lt(v, best) : f32x4.gt(v, best);
        best = v128.bitselect(v, best, better);
        bi = v128.bitselect(i32x4.splat(k), bi, better);
      }
      v128.store(at(dst, i), bi);
    }
    for (; i < inner; i++) { // tail
      let best = load<f32>(at(src, i)), bi = 0;
      for (let k = 1; k < r; k++) {
        const v = load<f32>(at(src + (<usize>k * <usize>inner << 2), i));
        if (isMin ? v < best : v > best) { best = v; bi = k; }
      }
      store<i32>(at(dst, i), bi);
    }
  }
}

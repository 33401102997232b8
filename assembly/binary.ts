// Elementwise binary ops, either side optionally a broadcast scalar (stride 0), for tfjs's Add, Sub,
// Multiply, RealDiv, Maximum, Minimum, SquaredDifference and Pow; f32_vbinary_nd adds n-d broadcasting
// (strides of 0 along broadcast dimensions) for the op wing. Codes match src/backend/ts/binary.ts.
// The kernel switches on `op` once; the loops are @inline helpers given a constant code.
import { at } from './simd';

export const BIN_ADD: i32 = 0;
export const BIN_SUB: i32 = 1;
export const BIN_MUL: i32 = 2;
export const BIN_DIV: i32 = 3;
export const BIN_MAX: i32 = 4;
export const BIN_MIN: i32 = 5;
export const BIN_SQDIFF: i32 = 6;
export const BIN_POW: i32 = 7;

// NOTE: max/min propagate NaN (wasm f32.max/f32x4.max), as tfjs's Math.max/Math.min do.
@inline function opv(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case BIN_ADD: return f32x4.add(a, b);
    case BIN_SUB: return f32x4.sub(a, b);
    case BIN_MUL: return f32x4.mul(a, b);
    case BIN_DIV: return f32x4.div(a, b);
    case BIN_MAX: return f32x4.max(a, b);
    case BIN_MIN: return f32x4.min(a, b);
    case BIN_POW: return powv(a, b);
    default: { const d = f32x4.sub(a, b); return f32x4.mul(d, d); }
  }
}

// NOTE: wasm has no vector pow; each lane calls Mathf.pow (musl powf, < 1 ulp), so pow runs scalar speed.
@inline function powv(a: v128, b: v128): v128 {
  let r = f32x4.splat(Mathf.pow(f32x4.extract_lane(a, 0), f32x4.extract_lane(b, 0)));
  r = f32x4.replace_lane(r, 1, Mathf.pow(f32x4.extract_lane(a, 1), f32x4.extract_lane(b, 1)));
  r = f32x4.replace_lane(r, 2, Mathf.pow(f32x4.extract_lane(a, 2), f32x4.extract_lane(b, 2)));
  return f32x4.replace_lane(r, 3, Mathf.pow(f32x4.extract_lane(a, 3), f32x4.extract_lane(b, 3)));
}

@inline function ops(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case BIN_ADD: return a + b;
    case BIN_SUB: return a - b;
    case BIN_MUL: return a * b;
    case BIN_DIV: return a / b;
    case BIN_MAX: return max<f32>(a, b);
    case BIN_MIN: return min<f32>(a, b);
    case BIN_POW: return Mathf.pow(a, b);
    default: { const d = a - b; return d * d; }
  }
}

@inline function run(op: i32, n: i32, a: usize, sa: i32, b: usize, sb: i32, y: usize): void {
  let i = 0;
  if (sa && sb) {
    for (; i + 4 <= n; i += 4) v128.store(at(y, i), opv(op, v128.load(at(a, i)), v128.load(at(b, i))));
    for (; i < n; i++) store<f32>(at(y, i), ops(op, load<f32>(at(a, i)), load<f32>(at(b, i)))); // tail
  } else if (sa) {
    const s = load<f32>(b), v = f32x4.splat(s);
    for (; i + 4 <= n; i += 4) v128.store(at(y, i), opv(op, v128.load(at(a, i)), v));
    for (; i < n; i++) store<f32>(at(y, i), ops(op, load<f32>(at(a, i)), s));
  } else if (sb) {
    const s = load<f32>(a), v = f32x4.splat(s);
    for (; i + 4 <= n; i += 4) v128.store(at(y, i), opv(op, v, v128.load(at(b, i))));
    for (; i < n; i++) store<f32>(at(y, i), ops(op, s, load<f32>(at(b, i))));
  } else {
    const r = ops(op, load<f32>(a), load<f32>(b));
    for (; i < n; i++) store<f32>(at(y, i), r);
  }
}

/**
 * y[i] = a[i·sa] op b[i·sb], i < n, with sa, sb ∈ {0, 1} (0: that side is one broadcast element).
 * No alignment needed; y may equal a or b when its stride is 1.
 */
export function f32_vbinary(n: i32, a: usize, sa: i32, b: usize, sb: i32, y: usize, op: i32): void {
  switch (op) {
    case BIN_ADD: run(BIN_ADD, n, a, sa, b, sb, y); break;
    case BIN_SUB: run(BIN_SUB, n, a, sa, b, sb, y); break;
    case BIN_MUL: run(BIN_MUL, n, a, sa, b, sb, y); break;
    case BIN_DIV: run(BIN_DIV, n, a, sa, b, sb, y); break;
    case BIN_MAX: run(BIN_MAX, n, a, sa, b, sb, y); break;
    case BIN_MIN: run(BIN_MIN, n, a, sa, b, sb, y); break;
    case BIN_POW: run(BIN_POW, n, a, sa, b, sb, y); break;
    default: run(BIN_SQDIFF, n, a, sa, b, sb, y);
  }
}

/**
 * n-d broadcasting: y (contiguous, shape[0..rank)) = a op b where a and b are read with the element
 * strides astr/bstr (i32 arrays of rank entries; 0 along a broadcast dimension). The innermost strides
 * must be 0 or 1 (the caller collapses dimensions so the last one is the longest run). shape, astr and
 * bstr are i32 arrays at byte offsets; rank ≥ 1. y must not alias a or b unless their strides equal y's.
 */
export function f32_vbinary_nd(rank: i32, shape: usize, astr: usize, bstr: usize, a: usize, b: usize, y: usize, op: i32): void {
  const last = rank - 1;
  const n = load<i32>(shape + (<usize>last << 2));
  const sa = load<i32>(astr + (<usize>last << 2)), sb = load<i32>(bstr + (<usize>last << 2));
  let rows: i32 = 1;
  for (let d = 0; d < last; d++) rows *= load<i32>(shape + (<usize>d << 2));
  // Odometer over the outer dimensions; ia/ib are element offsets of the current row in a and b.
  const idx = memory.data(8 * 4); // rank ≤ 8 after collapsing (the TS side checks)
  for (let d = 0; d < last; d++) store<i32>(idx + (<usize>d << 2), 0);
  let ia: i32 = 0, ib: i32 = 0;
  for (let r = 0; r < rows; r++) {
    f32_vbinary(n, at(a, ia), sa, at(b, ib), sb, y + (<usize>r * <usize>n << 2), op);
    for (let d = last - 1; d >= 0; d--) {
      const p = idx + (<usize>d << 2);
      const i = load<i32>(p) + 1;
      const as = load<i32>(astr + (<usize>d << 2)), bs = load<i32>(bstr + (<usize>d << 2));
      if (i < load<i32>(shape + (<usize>d << 2))) {
        store<i32>(p, i);
        ia += as;
        ib += bs;
        break;
      }
      store<i32>(p, 0);
      ia -= (i - 1) * as;
      ib -= (i - 1) * bs;
    }
  }
}

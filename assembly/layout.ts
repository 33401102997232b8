// Data movement for the op wing: strided copies (transpose, slice, broadcastTo), 2-d block copies
// (concat, stack, split) and gathers along an axis. Elements are moved as 4-byte words, so the same
// kernels move float32 and int32 tensors bit for bit. Codes and contracts match src/backend/ts/layout.ts.

/**
 * y (contiguous, shape: i32[rank] at `shape`) = x read with the element strides at `strides`
 * (i32[rank]): y[i0,…,i(r−1)] = x[Σ i_d·strides_d]. rank 1..8. A unit innermost stride copies rows
 * with memory.copy. y must not overlap x.
 */
export function x32_strided_copy(rank: i32, shape: usize, strides: usize, x: usize, y: usize): void {
  const last = rank - 1;
  const n = load<i32>(shape + (<usize>last << 2));
  const s = load<i32>(strides + (<usize>last << 2));
  let rows: i32 = 1;
  for (let d = 0; d < last; d++) rows *= load<i32>(shape + (<usize>d << 2));
  const idx = memory.data(8 * 4);
  for (let d = 0; d < last; d++) store<i32>(idx + (<usize>d << 2), 0);
  let base: i32 = 0; // element offset in x of the current row
  let out = y;
  for (let r = 0; r < rows; r++) {
    const src = x + (<usize>base << 2);
    if (s == 1) memory.copy(out, src, <usize>n << 2);
    else for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), load<u32>(src + (<usize>(i * s) << 2)));
    out += <usize>n << 2;
    for (let d = last - 1; d >= 0; d--) {
      const p = idx + (<usize>d << 2);
      const i = load<i32>(p) + 1;
      const st = load<i32>(strides + (<usize>d << 2));
      if (i < load<i32>(shape + (<usize>d << 2))) {
        store<i32>(p, i);
        base += st;
        break;
      }
      store<i32>(p, 0);
      base -= (i - 1) * st;
    }
  }
}

/** y[i, 0..cols) = x[i, 0..cols) for i < rows, row strides ldx and ldy (elements). y must not overlap x. */
export function x32_copy2d(rows: i32, cols: i32, x: usize, ldx: i32, y: usize, ldy: i32): void {
  for (let i = 0; i < rows; i++) {
    memory.copy(y + (<usize>i * <usize>ldy << 2), x + (<usize>i * <usize>ldx << 2), <usize>cols << 2);
  }
}

/**
 * y[o, j, 0..inner) = x[o, idx[j], 0..inner) for o < outer, j < count, with x of shape [outer, n, inner]
 * and idx an i32 array. Returns −1, or (writing nothing) the position j of the first index outside [0, n).
 */
export function x32_gather(outer: i32, n: i32, inner: i32, x: usize, idx: usize, count: i32, y: usize): i32 {
  for (let j = 0; j < count; j++) {
    const k = load<i32>(idx + (<usize>j << 2));
    if (k < 0 || k >= n) return j;
  }
  const bytes = <usize>inner << 2;
  let out = y;
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>o * <usize>n * bytes;
    for (let j = 0; j < count; j++) {
      memory.copy(out, base + <usize>load<i32>(idx + (<usize>j << 2)) * bytes, bytes);
      out += bytes;
    }
  }
  return -1;
}

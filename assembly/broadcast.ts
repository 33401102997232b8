// Two-level broadcasting for elementwise binary ops: m rows of f32_vbinary in one call, so a bias row
// added to every pixel of an NHWC image ([n,h,w,c] + [c]) or a per-row scalar ([m,n] / [m,1]) crosses
// the JS↔wasm boundary once instead of once per row. TS twin: src/backend/ts/broadcast.ts.
import { f32_vbinary } from './binary';

/**
 * Row i < m of y (n elements at y + i·n) = f32_vbinary(n, a + i·ra, sa, b + i·rb, sb, op): ra, rb are the
 * row strides of a and b in elements (0: every row reads the same row), sa, sb ∈ {0, 1} the strides
 * within a row. y may equal a or b when that side is fully strided (ra = n, sa = 1).
 */
export function f32_vbinary_rows(m: i32, n: i32, a: usize, ra: i32, sa: i32, b: usize, rb: i32, sb: i32, y: usize, op: i32): void {
  for (let i = 0; i < m; i++) {
    f32_vbinary(n, a + ((<usize>i * <usize>ra) << 2), sa, b + ((<usize>i * <usize>rb) << 2), sb, y + ((<usize>i * <usize>n) << 2), op);
  }
}

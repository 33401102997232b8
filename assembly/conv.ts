// Kernel family: 2-D convolution, NHWC input [n,h,w,cin], filter [kh,kw,cin,cout] (tfjs's layout), NHWC
// output [n,oh,ow,cout]. im2col on the packed gemm: the m = n·oh·ow patch rows (k = kh·kw·cin each) are
// built a chunk at a time into the caller's scratch (≈ COL_FLOATS floats, so it stays in L2), and each
// chunk goes through the gemm entry points: forward f32_dense_fwd (bias + act fused), dX = dY·Wᵀ (NT)
// then col2im, dW = colᵀ·dY (TN). 1×1 / stride 1 / no padding skips im2col: it is a plain gemm. The forward
// and dW try the direct kernels of conv_direct.ts first (no im2col) and fall back here where those lose.
// Geometry arguments (all kernels): n, h, w, cin, oh, ow, cout, kh, kw, sh, sw (strides), dh, dw
// (dilations), pt, pl (padding above / left). Tap (ky,kx) of output (oy,ox) reads input
// (oy·sh − pt + ky·dh, ox·sw − pl + kx·dw), zero outside. TS twin: src/backend/ts/conv.ts.
import { at, copy, zero } from './simd';
import { f32_dense_fwd, f32_gemm_nt, f32_gemm_tn } from './gemm';
import { MC } from './gemm_config';
import { direct_bwd_filter, direct_fwd } from './conv_direct';

/** Target floats per im2col chunk (512 KiB), in whole MC-row blocks; src/backend/ts/conv.ts repeats it. */
const COL_FLOATS: i32 = 1 << 17;

function chunk_rows(m: i32, k: i32): i32 {
  return min(m, max(1, COL_FLOATS / (k * MC)) * MC);
}

/** Bytes of scratch f32_conv2d_* need for m = n·oh·ow output pixels and k = kh·kw·cin taps (one im2col chunk). */
export function f32_conv2d_scratch_bytes(m: i32, k: i32): i32 {
  return chunk_rows(m, k) * k * 4;
}

@inline function addto(n: i32, s: usize, d: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(d, i), f32x4.add(v128.load(at(d, i)), v128.load(at(s, i))));
  for (; i < n; i++) store<f32>(at(d, i), load<f32>(at(d, i)) + load<f32>(at(s, i))); // tail
}

/**
 * Patch rows m0 … m0+rows−1 ↔ col[rows×k]. dir 0 (im2col): col = x patches, zero taps outside the input.
 * dir 1 (col2im): x[taps] += col (skipping taps outside). With dw = 1 the kx taps of one kernel row are
 * kw·cin contiguous floats of x, moved as one run.
 */
function patches(
  dir: i32, h: i32, w: i32, cin: i32, oh: i32, ow: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, x: usize, m0: i32, rows: i32, col: usize,
): void {
  const k = kh * kw * cin, rowCin = kw * cin;
  let ox = m0 % ow, t = m0 / ow;
  let oy = t % oh, b = t / oh;
  for (let r = 0; r < rows; r++) {
    const dst = at(col, r * k);
    const xb = x + ((<usize>b * <usize>(h * w * cin)) << 2);
    const ix0 = ox * sw - pl, iy0 = oy * sh - pt;
    if (dw == 1 && ix0 >= 0 && ix0 + kw <= w && iy0 >= 0 && iy0 + (kh - 1) * dh < h) {
      // Window fully inside (the common case): kh runs of kw·cin floats, no bounds checks.
      let src = at(xb, (iy0 * w + ix0) * cin), d = dst;
      const step = <usize>(dh * w * cin) << 2, dstep = <usize>rowCin << 2;
      for (let ky = 0; ky < kh; ky++) {
        if (dir == 0) copy(rowCin, src, d);
        else addto(rowCin, d, src);
        src += step;
        d += dstep;
      }
    } else for (let ky = 0; ky < kh; ky++) {
      const iy = oy * sh - pt + ky * dh;
      const drow = at(dst, ky * rowCin);
      if (iy < 0 || iy >= h) {
        if (dir == 0) zero(rowCin, drow);
        continue;
      }
      const xrow = at(xb, iy * w * cin);
      if (dw == 1) {
        const lo = max(0, -ix0), hi = max(lo, min(kw, w - ix0));
        if (dir == 0) {
          zero(lo * cin, drow);
          copy((hi - lo) * cin, at(xrow, (ix0 + lo) * cin), at(drow, lo * cin));
          zero((kw - hi) * cin, at(drow, hi * cin));
        } else {
          addto((hi - lo) * cin, at(drow, lo * cin), at(xrow, (ix0 + lo) * cin));
        }
      } else {
        for (let kx = 0; kx < kw; kx++) {
          const ix = ix0 + kx * dw, d = at(drow, kx * cin);
          const inside = ix >= 0 && ix < w;
          if (dir == 0) {
            if (inside) copy(cin, at(xrow, ix * cin), d);
            else zero(cin, d);
          } else if (inside) addto(cin, d, at(xrow, ix * cin));
        }
      }
    }
    if (++ox == ow) {
      ox = 0;
      if (++oy == oh) {
        oy = 0;
        b++;
      }
    }
  }
}

@inline function pointwise(h: i32, w: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): bool {
  return kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 && pl == 0 && oh == h && ow == w;
}

/**
 * y[b,oy,ox,co] = act(Σ_{ky,kx,ci} x[b,iy,ix,ci]·filt[ky,kx,ci,co] + bias[co]); bias 0 = none; act: act.ts code,
 * alpha its slope. scratch: f32_conv2d_scratch_bytes(n·oh·ow, kh·kw·cin) bytes (not read for 1×1). Any
 * alignment; y must not alias x, filt or scratch.
 */
export function f32_conv2d_fwd(
  n: i32, h: i32, w: i32, cin: i32, oh: i32, ow: i32, cout: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
  x: usize, filt: usize, bias: usize, y: usize, scratch: usize, act: i32, alpha: f32,
): void {
  const m = n * oh * ow, k = kh * kw * cin;
  if (pointwise(h, w, oh, ow, kh, kw, sh, sw, pt, pl)) {
    f32_dense_fwd(m, cout, cin, x, filt, bias, y, act, alpha);
    return;
  }
  const sf = f32_conv2d_scratch_bytes(m, k) >> 2;
  if (direct_fwd(n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, x, filt, bias, y, scratch, sf, act, alpha)) return;
  const r = chunk_rows(m, k);
  for (let m0 = 0; m0 < m; m0 += r) {
    const rows = min(r, m - m0);
    patches(0, h, w, cin, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, x, m0, rows, scratch);
    f32_dense_fwd(rows, cout, k, scratch, filt, bias, at(y, m0 * cout), act, alpha);
  }
}

/**
 * dx[b,iy,ix,ci] = Σ over outputs whose window covers (iy,ix) of dy[b,oy,ox,co]·filt[ky,kx,ci,co]: per chunk
 * col = dY·Wᵀ, then col2im adds it into dx. dx is overwritten; it must not alias dy, filt or scratch.
 */
export function f32_conv2d_bwd_input(
  n: i32, h: i32, w: i32, cin: i32, oh: i32, ow: i32, cout: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
  dy: usize, filt: usize, dx: usize, scratch: usize,
): void {
  const m = n * oh * ow, k = kh * kw * cin;
  if (pointwise(h, w, oh, ow, kh, kw, sh, sw, pt, pl)) {
    f32_gemm_nt(m, cin, cout, dy, cout, filt, cout, dx, cin, 1, 0);
    return;
  }
  zero(n * h * w * cin, dx);
  const r = chunk_rows(m, k);
  for (let m0 = 0; m0 < m; m0 += r) {
    const rows = min(r, m - m0);
    f32_gemm_nt(rows, k, cout, at(dy, m0 * cout), cout, filt, cout, scratch, k, 1, 0);
    patches(1, h, w, cin, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, dx, m0, rows, scratch);
  }
}

/**
 * dfilt[ky,kx,ci,co] = Σ_{b,oy,ox} x[b,iy,ix,ci]·dy[b,oy,ox,co] + β·dfilt (β = 0: dfilt is not read): per chunk
 * dW += colᵀ·dY. The bias gradient is f32_colsum(n·oh·ow, cout, dy, dbias, β). dfilt must not alias x, dy, scratch.
 */
export function f32_conv2d_bwd_filter(
  n: i32, h: i32, w: i32, cin: i32, oh: i32, ow: i32, cout: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
  x: usize, dy: usize, dfilt: usize, scratch: usize, beta: f32,
): void {
  const m = n * oh * ow, k = kh * kw * cin;
  if (pointwise(h, w, oh, ow, kh, kw, sh, sw, pt, pl)) {
    f32_gemm_tn(cin, cout, m, x, cin, dy, cout, dfilt, cout, 1, beta);
    return;
  }
  const sf = f32_conv2d_scratch_bytes(m, k) >> 2;
  if (direct_bwd_filter(n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, x, dy, dfilt, scratch, sf, beta)) return;
  const r = chunk_rows(m, k);
  for (let m0 = 0; m0 < m; m0 += r) {
    const rows = min(r, m - m0);
    patches(0, h, w, cin, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, x, m0, rows, scratch);
    f32_gemm_tn(k, cout, rows, scratch, k, at(dy, m0 * cout), cout, dfilt, cout, 1, m0 == 0 ? beta : 1);
  }
}

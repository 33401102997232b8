// Reference twins of assembly/conv.ts: 2-D convolution (NHWC input, [KH, KW, Cin, Cout] filter as
// tfjs stores it, NHWC output) as the direct loops over output pixels and window taps, in f64.
// They take the wasm kernels' scratch pointer and ignore it: the spec needs no im2col.
// Geometry arguments, shared by every kernel here (see src/backend/conv-geometry.ts for OH/OW/pads):
//   n, h, w, cin: input [n, h, w, cin]; oh, ow, cout: output [n, oh, ow, cout]; kh, kw: kernel;
//   sh, sw: strides; dh, dw: dilations; pt, pl: zero padding above and left of the input.
// Tap (ky, kx) of output (oy, ox) reads input (oy·sh − pt + ky·dh, ox·sw − pl + kx·dw), zero outside.
import type { MemoryViews, Round } from '../memory.js';
import { Act } from '../act.js';
import { activationKernels } from './activations.js';

/** Keep in sync with assembly/conv.ts: im2col chunks hold ≈ COL_FLOATS floats, whole MC-row blocks. */
const COL_FLOATS = 1 << 17, MC = 120;

/** Rows of one im2col chunk for an m×k patch matrix (the same formula as assembly/conv.ts). */
export function colChunkRows(m: number, k: number): number {
  return Math.min(m, Math.max(1, Math.floor(COL_FLOATS / (k * MC))) * MC);
}

export function convKernels(v: MemoryViews, round: Round = Math.fround) {
  const { f32_bias_act } = activationKernels(v, round);
  let acc = new Float64Array(0); // f64 accumulators, reused across calls
  const grow = (n: number) => {
    if (acc.length < n) acc = new Float64Array(n);
    acc.fill(0, 0, n);
    return acc;
  };

  /** Calls fn(outRow, inPixel, tap) for every in-bounds tap: outRow = (b·oh + oy)·ow + ox, inPixel = (b·h + iy)·w + ix. */
  function eachTap(
    n: number, h: number, w: number, oh: number, ow: number, kh: number, kw: number,
    sh: number, sw: number, dh: number, dw: number, pt: number, pl: number,
    fn: (outRow: number, inPixel: number, tap: number) => void,
  ): void {
    for (let b = 0; b < n; b++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const row = (b * oh + oy) * ow + ox;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * sh - pt + ky * dh;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * sw - pl + kx * dw;
              if (ix >= 0 && ix < w) fn(row, (b * h + iy) * w + ix, ky * kw + kx);
            }
          }
        }
      }
    }
  }

  return {
    /** Bytes of scratch f32_conv2d_* need for m = n·oh·ow output pixels and k = kh·kw·cin taps (one im2col chunk). */
    f32_conv2d_scratch_bytes(m: number, k: number): number {
      return colChunkRows(m, k) * k * 4;
    },
    /**
     * y[b,oy,ox,co] = act(Σ_{ky,kx,ci} x[b,iy,ix,ci]·filt[ky,kx,ci,co] + bias[co]); bias 0 = none; act: act.ts code,
     * alpha its slope. scratch: f32_conv2d_scratch_bytes(n·oh·ow, kh·kw·cin) bytes (ignored here). y must not alias x, filt, scratch.
     */
    f32_conv2d_fwd(
      n: number, h: number, w: number, cin: number, oh: number, ow: number, cout: number, kh: number, kw: number,
      sh: number, sw: number, dh: number, dw: number, pt: number, pl: number,
      x: number, filt: number, bias: number, y: number, _scratch: number, act: number, alpha: number,
    ): void {
      const f = v.f32, X = x >>> 2, F = filt >>> 2, Y = y >>> 2, m = n * oh * ow;
      const s = grow(m * cout);
      eachTap(n, h, w, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, (row, pix, tap) => {
        for (let ci = 0; ci < cin; ci++) {
          const xv = f[X + pix * cin + ci]!, wrow = F + (tap * cin + ci) * cout;
          for (let co = 0; co < cout; co++) s[row * cout + co]! += xv * f[wrow + co]!;
        }
      });
      for (let i = 0; i < m * cout; i++) f[Y + i] = s[i]!;
      if (act !== Act.linear || bias !== 0) f32_bias_act(m, cout, y, cout, bias, act, alpha);
    },
    /**
     * dx[b,iy,ix,ci] = Σ over the outputs whose window covers (iy, ix) of dy[b,oy,ox,co]·filt[ky,kx,ci,co]
     * (dL/dx of f32_conv2d_fwd before bias/activation). dx is overwritten; it must not alias dy, filt, scratch.
     */
    f32_conv2d_bwd_input(
      n: number, h: number, w: number, cin: number, oh: number, ow: number, cout: number, kh: number, kw: number,
      sh: number, sw: number, dh: number, dw: number, pt: number, pl: number,
      dy: number, filt: number, dx: number, _scratch: number,
    ): void {
      const f = v.f32, D = dy >>> 2, F = filt >>> 2, DX = dx >>> 2, size = n * h * w * cin;
      const s = grow(size);
      eachTap(n, h, w, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, (row, pix, tap) => {
        for (let ci = 0; ci < cin; ci++) {
          const wrow = F + (tap * cin + ci) * cout;
          let t = 0;
          for (let co = 0; co < cout; co++) t += f[D + row * cout + co]! * f[wrow + co]!;
          s[pix * cin + ci]! += t;
        }
      });
      for (let i = 0; i < size; i++) f[DX + i] = s[i]!;
    },
    /**
     * dfilt[ky,kx,ci,co] = Σ_{b,oy,ox} x[b,iy,ix,ci]·dy[b,oy,ox,co] + β·dfilt (β = 0: dfilt is not read).
     * The bias gradient is f32_colsum(n·oh·ow, cout, dy, dbias, β). dfilt must not alias x, dy, scratch.
     */
    f32_conv2d_bwd_filter(
      n: number, h: number, w: number, cin: number, oh: number, ow: number, cout: number, kh: number, kw: number,
      sh: number, sw: number, dh: number, dw: number, pt: number, pl: number,
      x: number, dy: number, dfilt: number, _scratch: number, beta: number,
    ): void {
      const f = v.f32, X = x >>> 2, D = dy >>> 2, G = dfilt >>> 2, size = kh * kw * cin * cout;
      beta = round(beta);
      const s = grow(size);
      eachTap(n, h, w, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl, (row, pix, tap) => {
        for (let ci = 0; ci < cin; ci++) {
          const xv = f[X + pix * cin + ci]!, g = (tap * cin + ci) * cout;
          for (let co = 0; co < cout; co++) s[g + co]! += xv * f[D + row * cout + co]!;
        }
      });
      for (let i = 0; i < size; i++) f[G + i] = beta === 0 ? s[i]! : s[i]! + beta * f[G + i]!;
    },
  };
}

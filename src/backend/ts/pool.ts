// Reference twins of assembly/pool.ts: max / average pooling over kh×kw windows and global pooling
// over h·w, NHWC, matching tfjs-backend-cpu 4.22 (utils/pool_utils.js, Max_impl.js, MaxPoolGrad.js).
// Window arguments: n, h, w, c: input [n, h, w, c]; oh, ow: output [n, oh, ow, c]; kh, kw: window;
// sh, sw: strides; pt, pl: padding above / left (src/backend/conv-geometry.ts). No dilation: Keras and
// tfjs-layers pooling layers have none.
import type { MemoryViews, Round } from '../memory.js';

export function poolKernels(v: MemoryViews, _round: Round = Math.fround) {
  let acc = new Float64Array(0); // f64 accumulators of avgpool backward, reused across calls
  /** Calls fn(outIndex, first input pixel row range…) per output element: the in-bounds window rows/cols. */
  function eachWindow(
    n: number, h: number, w: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
    fn: (outPixel: number, b: number, y0: number, y1: number, x0: number, x1: number) => void,
  ): void {
    for (let b = 0; b < n; b++) {
      for (let oy = 0; oy < oh; oy++) {
        const y0 = Math.max(0, oy * sh - pt), y1 = Math.min(h, oy * sh - pt + kh);
        for (let ox = 0; ox < ow; ox++) {
          const x0 = Math.max(0, ox * sw - pl), x1 = Math.min(w, ox * sw - pl + kw);
          fn((b * oh + oy) * ow + ox, b, y0, y1, x0, x1);
        }
      }
    }
  }

  return {
    /**
     * y = max over the in-bounds window, per channel. NOTE: as tfjs-cpu, NaN never wins (`v > max`), the
     * first of equal maxima wins, and a window of only NaN/−∞ gives −∞. argmax (i32, 0 = not written) gets the
     * flat index into x of the winner, or −1 when none: f32_maxpool2d_bwd routes dy there. y must not alias x.
     */
    f32_maxpool2d_fwd(
      n: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number,
      sh: number, sw: number, pt: number, pl: number, x: number, y: number, argmax: number,
    ): void {
      const f = v.f32, idx = v.i32, X = x >>> 2, Y = y >>> 2, A = argmax >>> 2;
      eachWindow(n, h, w, oh, ow, kh, kw, sh, sw, pt, pl, (op, b, y0, y1, x0, x1) => {
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity, at = -1;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const i = ((b * h + iy) * w + ix) * c + ch, xv = f[X + i]!;
              if (xv > best) {
                best = xv;
                at = i;
              }
            }
          }
          f[Y + op * c + ch] = best;
          if (argmax) idx[A + op * c + ch] = at;
        }
      });
    },
    /** dx = 0 (nx elements), then dx[argmax[i]] += dy[i] for i < ny with argmax[i] ≥ 0. dx must not alias dy. */
    f32_maxpool2d_bwd(nx: number, ny: number, dy: number, argmax: number, dx: number): void {
      const f = v.f32, idx = v.i32, D = dy >>> 2, A = argmax >>> 2, DX = dx >>> 2;
      f.fill(0, DX, DX + nx);
      for (let i = 0; i < ny; i++) {
        const at = idx[A + i]!;
        if (at >= 0) f[DX + at] = f[DX + at]! + f[D + i]!;
      }
    },
    /** y = mean over the in-bounds window (tfjs divides by the count of real elements, so 'same' edges are not diluted). */
    f32_avgpool2d_fwd(
      n: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number,
      sh: number, sw: number, pt: number, pl: number, x: number, y: number,
    ): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      eachWindow(n, h, w, oh, ow, kh, kw, sh, sw, pt, pl, (op, b, y0, y1, x0, x1) => {
        const count = (y1 - y0) * (x1 - x0);
        for (let ch = 0; ch < c; ch++) {
          let s = 0;
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += f[X + ((b * h + iy) * w + ix) * c + ch]!;
          f[Y + op * c + ch] = s / count;
        }
      });
    },
    /**
     * dx[window element] += dy / count, the exact gradient of f32_avgpool2d_fwd. dx is overwritten.
     * NOTE: tfjs-cpu's AvgPoolGrad divides by kh·kw instead of the count, so it disagrees with its own
     * forward pass on 'same' edges; it agrees everywhere with 'valid' padding.
     */
    f32_avgpool2d_bwd(
      n: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number,
      sh: number, sw: number, pt: number, pl: number, dy: number, dx: number,
    ): void {
      const f = v.f32, D = dy >>> 2, DX = dx >>> 2;
      if (acc.length < n * h * w * c) acc = new Float64Array(n * h * w * c);
      const s = acc;
      s.fill(0, 0, n * h * w * c);
      eachWindow(n, h, w, oh, ow, kh, kw, sh, sw, pt, pl, (op, b, y0, y1, x0, x1) => {
        const count = (y1 - y0) * (x1 - x0);
        for (let ch = 0; ch < c; ch++) {
          const g = f[D + op * c + ch]! / count;
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s[((b * h + iy) * w + ix) * c + ch]! += g;
        }
      });
      for (let i = 0; i < n * h * w * c; i++) f[DX + i] = s[i]!;
    },
    /** y[b,ch] = Σ_{p<hw} x[b,p,ch] / hw (x is [n, hw, c]). y must not alias x. */
    f32_global_avgpool_fwd(n: number, hw: number, c: number, x: number, y: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      for (let b = 0; b < n; b++) {
        for (let ch = 0; ch < c; ch++) {
          let s = 0;
          for (let p = 0; p < hw; p++) s += f[X + (b * hw + p) * c + ch]!;
          f[Y + b * c + ch] = s / hw;
        }
      }
    },
    /** dx[b,p,ch] = dy[b,ch] / hw. dx must not alias dy. */
    f32_global_avgpool_bwd(n: number, hw: number, c: number, dy: number, dx: number): void {
      const f = v.f32, D = dy >>> 2, DX = dx >>> 2;
      for (let b = 0; b < n; b++) {
        for (let p = 0; p < hw; p++) for (let ch = 0; ch < c; ch++) f[DX + (b * hw + p) * c + ch] = f[D + b * c + ch]! / hw;
      }
    },
    /** y[b,ch] = max_p x[b,p,ch]; NOTE: NaN propagates here, as tf.max does (unlike the windowed maxPool). */
    f32_global_maxpool_fwd(n: number, hw: number, c: number, x: number, y: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      for (let b = 0; b < n; b++) {
        for (let ch = 0; ch < c; ch++) {
          let m = -Infinity;
          for (let p = 0; p < hw; p++) {
            const xv = f[X + (b * hw + p) * c + ch]!;
            if (xv > m || Number.isNaN(xv)) m = xv;
            if (Number.isNaN(m)) break;
          }
          f[Y + b * c + ch] = m;
        }
      }
    },
    /** dx[b,p,ch] = x[b,p,ch] == y[b,ch] ? dy[b,ch] : 0: every tied maximum gets dy, as tfjs's max gradient. */
    f32_global_maxpool_bwd(n: number, hw: number, c: number, x: number, y: number, dy: number, dx: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2, D = dy >>> 2, DX = dx >>> 2;
      for (let b = 0; b < n; b++) {
        for (let p = 0; p < hw; p++) {
          for (let ch = 0; ch < c; ch++) {
            const i = (b * hw + p) * c + ch;
            f[DX + i] = f[X + i] === f[Y + b * c + ch] ? f[D + b * c + ch]! : 0;
          }
        }
      }
    },
  };
}

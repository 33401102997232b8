// Kernel family: pooling, NHWC. Windowed max / average (kh×kw, strides, 'same' padding via pt/pl) and
// global pooling over h·w. Channels are contiguous in NHWC, so every loop runs SIMD across 4 channels
// with a scalar channel tail. Semantics follow tfjs-backend-cpu 4.22; TS twin: src/backend/ts/pool.ts.
// Window arguments: n, h, w, c (input [n,h,w,c]), oh, ow (output [n,oh,ow,c]), kh, kw, sh, sw, pt, pl.
import { at } from './simd';

/**
 * y = max over the in-bounds window per channel; argmax (i32, 0 = not written) = flat index into x of the
 * winner or −1. NOTE: as tfjs-cpu, NaN never wins (`v > max`), the first of equal maxima wins, and a
 * window of only NaN/−∞ gives −∞ with argmax −1. y must not alias x.
 */
export function f32_maxpool2d_fwd(
  n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, x: usize, y: usize, argmax: usize,
): void {
  let op = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = max(0, oy * sh - pt), y1 = min(h, oy * sh - pt + kh);
      for (let ox = 0; ox < ow; ox++, op++) {
        const x0 = max(0, ox * sw - pl), x1 = min(w, ox * sw - pl + kw);
        let ch = 0;
        for (; ch + 4 <= c; ch += 4) {
          let best = f32x4.splat(-Infinity), idx = i32x4.splat(-1);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const i = ((b * h + iy) * w + ix) * c + ch;
              const v = v128.load(at(x, i));
              const gt = f32x4.gt(v, best);
              best = v128.bitselect(v, best, gt);
              idx = v128.bitselect(i32x4.add(i32x4.splat(i), i32x4(0, 1, 2, 3)), idx, gt);
            }
          }
          v128.store(at(y, op * c + ch), best);
          if (argmax) v128.store(at(argmax, op * c + ch), idx);
        }
        for (; ch < c; ch++) { // tail
          let best: f32 = -Infinity, idx = -1;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const i = ((b * h + iy) * w + ix) * c + ch;
              const v = load<f32>(at(x, i));
              if (v > best) {
                best = v;
                idx = i;
              }
            }
          }
          store<f32>(at(y, op * c + ch), best);
          if (argmax) store<i32>(at(argmax, op * c + ch), idx);
        }
      }
    }
  }
}

/** dx = 0 (nx elements), then dx[argmax[i]] += dy[i] for i < ny with argmax[i] ≥ 0 (dL/dx routes to the winner). dx must not alias dy. */
export function f32_maxpool2d_bwd(nx: i32, ny: i32, dy: usize, argmax: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>nx << 2);
  for (let i = 0; i < ny; i++) {
    const j = load<i32>(at(argmax, i));
    if (j >= 0) store<f32>(at(dx, j), load<f32>(at(dx, j)) + load<f32>(at(dy, i)));
  }
}

/** y = Σ window / count of its in-bounds elements (tfjs's divisor: 'same' edges are not diluted by padding). y must not alias x. */
export function f32_avgpool2d_fwd(
  n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, x: usize, y: usize,
): void {
  let op = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = max(0, oy * sh - pt), y1 = min(h, oy * sh - pt + kh);
      for (let ox = 0; ox < ow; ox++, op++) {
        const x0 = max(0, ox * sw - pl), x1 = min(w, ox * sw - pl + kw);
        const count = <f32>((y1 - y0) * (x1 - x0));
        let ch = 0;
        for (; ch + 4 <= c; ch += 4) {
          let s = f32x4.splat(0);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) s = f32x4.add(s, v128.load(at(x, ((b * h + iy) * w + ix) * c + ch)));
          }
          v128.store(at(y, op * c + ch), f32x4.div(s, f32x4.splat(count)));
        }
        for (; ch < c; ch++) { // tail
          let s: f32 = 0;
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += load<f32>(at(x, ((b * h + iy) * w + ix) * c + ch));
          store<f32>(at(y, op * c + ch), s / count);
        }
      }
    }
  }
}

/** dx[window element] += dy / count: the exact gradient of f32_avgpool2d_fwd (tfjs-cpu uses kh·kw; see the twin). dx is overwritten; no aliasing. */
export function f32_avgpool2d_bwd(
  n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, dy: usize, dx: usize,
): void {
  memory.fill(dx, 0, <usize>(n * h * w * c) << 2);
  let op = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = max(0, oy * sh - pt), y1 = min(h, oy * sh - pt + kh);
      for (let ox = 0; ox < ow; ox++, op++) {
        const x0 = max(0, ox * sw - pl), x1 = min(w, ox * sw - pl + kw);
        const inv = f32x4.splat(<f32>((y1 - y0) * (x1 - x0)));
        let ch = 0;
        for (; ch + 4 <= c; ch += 4) {
          const g = f32x4.div(v128.load(at(dy, op * c + ch)), inv);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const d = at(dx, ((b * h + iy) * w + ix) * c + ch);
              v128.store(d, f32x4.add(v128.load(d), g));
            }
          }
        }
        for (; ch < c; ch++) { // tail
          const g = load<f32>(at(dy, op * c + ch)) / f32x4.extract_lane(inv, 0);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const d = at(dx, ((b * h + iy) * w + ix) * c + ch);
              store<f32>(d, load<f32>(d) + g);
            }
          }
        }
      }
    }
  }
}

/** y[b,ch] = Σ_{p<hw} x[b,p,ch] / hw (x viewed as [n, hw, c]). y must not alias x. */
export function f32_global_avgpool_fwd(n: i32, hw: i32, c: i32, x: usize, y: usize): void {
  const d: f32 = <f32>hw;
  for (let b = 0; b < n; b++) {
    const yb = at(y, b * c);
    memory.fill(yb, 0, <usize>c << 2);
    for (let p = 0; p < hw; p++) {
      const row = at(x, (b * hw + p) * c);
      let ch = 0;
      for (; ch + 4 <= c; ch += 4) v128.store(at(yb, ch), f32x4.add(v128.load(at(yb, ch)), v128.load(at(row, ch))));
      for (; ch < c; ch++) store<f32>(at(yb, ch), load<f32>(at(yb, ch)) + load<f32>(at(row, ch))); // tail
    }
    for (let ch = 0; ch < c; ch++) store<f32>(at(yb, ch), load<f32>(at(yb, ch)) / d);
  }
}

/** dx[b,p,ch] = dy[b,ch] / hw. dx must not alias dy. */
export function f32_global_avgpool_bwd(n: i32, hw: i32, c: i32, dy: usize, dx: usize): void {
  const d: f32 = <f32>hw;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < hw; p++) {
      const row = at(dx, (b * hw + p) * c);
      for (let ch = 0; ch < c; ch++) store<f32>(at(row, ch), load<f32>(at(dy, b * c + ch)) / d);
    }
  }
}

/** y[b,ch] = max_p x[b,p,ch]. NOTE: NaN propagates, as tf.max does (f32x4.max is NaN-propagating). y must not alias x. */
export function f32_global_maxpool_fwd(n: i32, hw: i32, c: i32, x: usize, y: usize): void {
  for (let b = 0; b < n; b++) {
    const yb = at(y, b * c);
    let ch = 0;
    for (; ch + 4 <= c; ch += 4) {
      let m = f32x4.splat(-Infinity);
      for (let p = 0; p < hw; p++) m = f32x4.max(m, v128.load(at(x, (b * hw + p) * c + ch)));
      v128.store(at(yb, ch), m);
    }
    for (; ch < c; ch++) { // tail
      let m: f32 = -Infinity;
      for (let p = 0; p < hw; p++) {
        const v = load<f32>(at(x, (b * hw + p) * c + ch));
        if (v > m || v != v) m = v;
        if (m != m) break;
      }
      store<f32>(at(yb, ch), m);
    }
  }
}

/** dx[b,p,ch] = x[b,p,ch] == y[b,ch] ? dy[b,ch] : 0: every tied maximum gets dy, as tfjs's max gradient. No aliasing of dx with x, y, dy. */
export function f32_global_maxpool_bwd(n: i32, hw: i32, c: i32, x: usize, y: usize, dy: usize, dx: usize): void {
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < hw; p++) {
      const i = (b * hw + p) * c;
      let ch = 0;
      for (; ch + 4 <= c; ch += 4) {
        const eq = f32x4.eq(v128.load(at(x, i + ch)), v128.load(at(y, b * c + ch)));
        v128.store(at(dx, i + ch), v128.and(eq, v128.load(at(dy, b * c + ch))));
      }
      for (; ch < c; ch++) { // tail
        store<f32>(at(dx, i + ch), load<f32>(at(x, i + ch)) == load<f32>(at(y, b * c + ch)) ? load<f32>(at(dy, b * c + ch)) : 0);
      }
    }
  }
}

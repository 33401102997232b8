// Pooling kernels: wasm vs the TS twin on channel tails (c = 1, 3, 4k±1), odd sizes, strides 1–3 and both
// paddings; the TS twin vs tfjs-core's cpu backend (maxPool, avgPool, max, mean and their gradients);
// tfjs's NaN and tie rules; the f64 twin vs central differences for avgPool (maxPool's gradient is a route).
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's main entry registers no gradients; tfjs (the union package) does this import.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import type { Backend } from '../../src/backend/backend.js';
import { convGeometry, type Padding } from '../../src/backend/conv-geometry.js';
import { createTsBackend64 } from '../../src/backend/ts/f64.js';
import { WASM_BUILDS, createTsBackend, expectClose, pair, rand, runKernel, type Run } from '../harness.js';

interface Pool { n: number; h: number; w: number; c: number; k: number; s: number; padding: Padding }
function geom(p: Pool) {
  const g = convGeometry({ h: p.h, w: p.w, kh: p.k, kw: p.k, strideH: p.s, strideW: p.s, padding: p.padding });
  const args = [p.n, p.h, p.w, p.c, g.oh, g.ow, p.k, p.k, p.s, p.s, g.padTop, g.padLeft] as const;
  return { ...g, args, xs: p.n * p.h * p.w * p.c, ys: p.n * g.oh * g.ow * p.c };
}
const dims = (p: Pool) => `n=${p.n} ${p.h}×${p.w}×${p.c} k=${p.k} s=${p.s} ${p.padding}`;

type Pass = 'max' | 'maxBwd' | 'avg' | 'avgBwd';
function runPool(b: Backend, p: Pool, pass: Pass, x = rand(geom(p).xs, 1)): Run {
  const g = geom(p), dy = rand(g.ys, 2);
  switch (pass) {
    case 'max':
      return runKernel(b, { x }, { y: g.ys, arg: g.ys }, (k, q) => k.f32_maxpool2d_fwd(...g.args, q.x!, q.y!, q.arg!));
    case 'maxBwd':
      return runKernel(b, { x, dy }, { y: g.ys, arg: g.ys, dx: g.xs }, (k, q) => {
        k.f32_maxpool2d_fwd(...g.args, q.x!, q.y!, q.arg!);
        k.f32_maxpool2d_bwd(g.xs, g.ys, q.dy!, q.arg!, q.dx!);
      });
    case 'avg':
      return runKernel(b, { x }, { y: g.ys }, (k, q) => k.f32_avgpool2d_fwd(...g.args, q.x!, q.y!));
    case 'avgBwd':
      return runKernel(b, { dy }, { dx: g.xs }, (k, q) => k.f32_avgpool2d_bwd(...g.args, q.dy!, q.dx!));
  }
}
const OUT: Record<Pass, string> = { max: 'y', maxBwd: 'dx', avg: 'y', avgBwd: 'dx' };
const argmaxOf = (r: Run) => new Int32Array(r.out.arg!.buffer);

const CASES: Pool[] = [];
{
  const chans = [1, 3, 7, 9, 15, 17];
  let i = 0;
  for (const k of [1, 2, 3, 5]) {
    for (const s of [1, 2, 3]) {
      for (const padding of ['valid', 'same'] as Padding[]) {
        const [h, w] = [[7, 7], [9, 5], [13, 11], [6, 8]][i % 4]!;
        CASES.push({ n: i % 2 ? 2 : 1, h: h!, w: w!, c: chans[i % 6]!, k, s, padding });
        i++;
      }
    }
  }
}

describe.each(WASM_BUILDS)('pooling kernels, wasm %s vs ts', (build) => {
  const { wasm, ts } = pair(build);
  test.each(CASES.map((p) => [dims(p), p] as const))('%s: max (y and argmax), max dX, avg, avg dX', (_, p) => {
    for (const pass of ['max', 'maxBwd', 'avg', 'avgBwd'] as Pass[]) {
      const w = runPool(wasm, p, pass), t = runPool(ts, p, pass);
      expectClose(w.out[OUT[pass]]!, t.out[OUT[pass]]!, { atol: 1e-6, rtol: 1e-6 }, `${pass} ${dims(p)}`);
      if (pass === 'max') expectClose(argmaxOf(w), argmaxOf(t), { atol: 0 }, `argmax ${dims(p)}`);
    }
  });

  test('ties, NaN and −∞ in windows (every lane and the tail): same y and argmax', () => {
    const p: Pool = { n: 1, h: 4, w: 4, c: 5, k: 2, s: 2, padding: 'valid' };
    const x = new Float32Array(80).fill(1); // all ties
    for (let i = 0; i < 80; i += 3) x[i] = NaN;
    for (let i = 1; i < 80; i += 7) x[i] = -Infinity;
    for (let ch = 0; ch < 5; ch++) for (const px of [0, 1, 4, 5]) x[px * 5 + ch] = NaN; // window 0 all NaN
    const w = runPool(wasm, p, 'max', x), t = runPool(ts, p, 'max', x);
    expectClose(w.out.y!, t.out.y!, { atol: 0 }, 'tie/NaN y');
    expectClose(argmaxOf(w), argmaxOf(t), { atol: 0 }, 'tie/NaN argmax');
    expect(Array.from(t.out.y!.slice(0, 5))).toEqual([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
    expect(Array.from(argmaxOf(t).slice(0, 5))).toEqual([-1, -1, -1, -1, -1]);
  });

  test.each([[1, 1, 1], [2, 9, 3], [3, 25, 9], [2, 7, 17], [1, 4, 16]])('global avg/max fwd and bwd, n=%i hw=%i c=%i', (n, hw, c) => {
    const x = rand(n * hw * c, 5), dy = rand(n * c, 6);
    x[3 % x.length] = x[0]!; // a tie
    const call = (which: 'avg' | 'max') => (k: Backend['k'], q: Record<string, number>) => {
      if (which === 'avg') {
        k.f32_global_avgpool_fwd(n, hw, c, q.x!, q.y!);
        k.f32_global_avgpool_bwd(n, hw, c, q.dy!, q.dx!);
      } else {
        k.f32_global_maxpool_fwd(n, hw, c, q.x!, q.y!);
        k.f32_global_maxpool_bwd(n, hw, c, q.x!, q.y!, q.dy!, q.dx!);
      }
    };
    for (const which of ['avg', 'max'] as const) {
      const w = runKernel(wasm, { x, dy }, { y: n * c, dx: n * hw * c }, call(which));
      const t = runKernel(ts, { x, dy }, { y: n * c, dx: n * hw * c }, call(which));
      expectClose(w.out.y!, t.out.y!, { atol: 1e-6, rtol: 1e-6 }, `global ${which} y n=${n} hw=${hw} c=${c}`);
      expectClose(w.out.dx!, t.out.dx!, { atol: 1e-6, rtol: 1e-6 }, `global ${which} dx n=${n} hw=${hw} c=${c}`);
    }
    const xn = Float32Array.from(x);
    xn[xn.length - 1] = NaN; // NaN propagates through tf.max, on every lane position
    const w = runKernel(wasm, { x: xn }, { y: n * c }, (k, q) => k.f32_global_maxpool_fwd(n, hw, c, q.x!, q.y!));
    const t = runKernel(ts, { x: xn }, { y: n * c }, (k, q) => k.f32_global_maxpool_fwd(n, hw, c, q.x!, q.y!));
    expectClose(w.out.y!, t.out.y!, { atol: 0 }, `global max NaN n=${n} hw=${hw} c=${c}`);
    expect(Number.isNaN(t.out.y![n * c - 1])).toBe(true);
  });
});

describe('pooling TS twin vs tfjs-core cpu', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const ts = createTsBackend();
  const close = { atol: 1e-6, rtol: 1e-4 };

  test.each(CASES.map((p) => [dims(p), p] as const))('%s: tf.maxPool, tf.avgPool and their gradients', (_, p) => {
    const g = geom(p);
    const x = rand(g.xs, 1), dy = rand(g.ys, 2);
    x[5 % g.xs] = x[0]!; // a tie inside the first windows
    const xT = tf.tensor4d(x, [p.n, p.h, p.w, p.c]), dyT = tf.tensor4d(dy, [p.n, g.oh, g.ow, p.c]);
    for (const kind of ['max', 'avg'] as const) {
      const op = (a: tf.Tensor) => (kind === 'max' ? tf.maxPool : tf.avgPool)(a as tf.Tensor4D, p.k, p.s, p.padding);
      const y = op(xT), [gx] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(op(a), dyT)))([xT]);
      expectClose(runPool(ts, p, kind, x).out.y!, y.dataSync(), close, `${kind} fwd vs tf ${dims(p)}`);
      const dx = runPool(ts, p, kind === 'max' ? 'maxBwd' : 'avgBwd', x).out.dx!;
      // NOTE: tfjs-cpu's AvgPoolGrad divides by kh·kw, not by the real-element count its forward pass uses,
      // so on 'same' edges it is not the gradient of tf.avgPool; ours is (central differences below).
      const padded = g.padTop + g.padLeft + g.padBottom + g.padRight > 0;
      if (kind === 'max' || !padded) expectClose(dx, gx!.dataSync(), close, `${kind} dX vs tf.grads ${dims(p)}`);
      tf.dispose([y, gx!]);
    }
    tf.dispose([xT, dyT]);
  });

  test('global pooling = tf.mean / tf.max over axes [1, 2], and their gradients (ties: every maximum gets dy)', () => {
    const [n, h, w, c] = [2, 3, 5, 7];
    const x = rand(n * h * w * c, 3), dy = rand(n * c, 4);
    x[c] = x[0]!; // tie in channel 0 of sample 0
    const xT = tf.tensor4d(x, [n, h, w, c]), dyT = tf.tensor2d(dy, [n, c]);
    for (const kind of ['avg', 'max'] as const) {
      const op = (a: tf.Tensor) => (kind === 'avg' ? tf.mean : tf.max)(a, [1, 2]);
      const [gx] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(op(a), dyT)))([xT]);
      const r = runKernel(ts, { x, dy }, { y: n * c, dx: x.length }, (k, q) => {
        if (kind === 'avg') {
          k.f32_global_avgpool_fwd(n, h * w, c, q.x!, q.y!);
          k.f32_global_avgpool_bwd(n, h * w, c, q.dy!, q.dx!);
        } else {
          k.f32_global_maxpool_fwd(n, h * w, c, q.x!, q.y!);
          k.f32_global_maxpool_bwd(n, h * w, c, q.x!, q.y!, q.dy!, q.dx!);
        }
      });
      expectClose(r.out.y!, op(xT).dataSync(), close, `global ${kind} fwd vs tf`);
      expectClose(r.out.dx!, gx!.dataSync(), close, `global ${kind} dX vs tf.grads`);
    }
  });

  test('maxPool NaN rules as tfjs-cpu: NaN never wins, a window of only NaN gives −∞', () => {
    const x = [NaN, 2, NaN, NaN, NaN, 1, NaN, NaN]; // 2×4×1, two 2×2 windows: {NaN, 2, NaN, 1} and all NaN
    const p: Pool = { n: 1, h: 2, w: 4, c: 1, k: 2, s: 2, padding: 'valid' };
    const t = runPool(ts, p, 'max', Float32Array.from(x)).out.y!;
    expect(Array.from(t)).toEqual(Array.from(tf.maxPool(tf.tensor4d(x, [1, 2, 4, 1]), 2, 2, 'valid').dataSync()));
    expect(Array.from(t)).toEqual([2, -Infinity]);
  });
});

describe('pooling reference: gradients and a hand case', () => {
  test('avgPool same 3×3 on a 2×2 input: every window covers all 4 pixels, y = mean = 2.5, dX = Σ dy / 4', () => {
    const ts = createTsBackend();
    const p: Pool = { n: 1, h: 2, w: 2, c: 1, k: 3, s: 1, padding: 'same' };
    const g = geom(p);
    const r = runKernel(ts, { x: [1, 2, 3, 4], dy: [1, 1, 1, 1] }, { y: 4, dx: 4 }, (k, q) => {
      k.f32_avgpool2d_fwd(...g.args, q.x!, q.y!);
      k.f32_avgpool2d_bwd(...g.args, q.dy!, q.dx!);
    });
    expectClose(r.out.y!, [2.5, 2.5, 2.5, 2.5], { atol: 0 }, 'hand avg'); // divisor 4 (real pixels), not 9
    expectClose(r.out.dx!, [1, 1, 1, 1], { atol: 0 }, 'hand avg dX'); // each pixel: 4 windows × 1/4
  });

  test('f64 twin: avgPool (same, stride 2) and maxPool dX equal central differences of L = Σ y·g', () => {
    const b = createTsBackend64();
    const p: Pool = { n: 2, h: 5, w: 4, c: 3, k: 3, s: 2, padding: 'same' };
    const g = geom(p), v = b.views.f64;
    const x = b.heap.alloc(g.xs * 4), gy = b.heap.alloc(g.ys * 4), y = b.heap.alloc(g.ys * 4), arg = b.heap.alloc(g.ys * 4), dx = b.heap.alloc(g.xs * 4);
    v.set(rand(g.xs, 1), x >> 2);
    v.set(rand(g.ys, 2), gy >> 2);
    for (const kind of ['avg', 'max'] as const) {
      const loss = () => {
        if (kind === 'avg') b.k.f32_avgpool2d_fwd(...g.args, x, y);
        else b.k.f32_maxpool2d_fwd(...g.args, x, y, arg);
        let L = 0;
        for (let i = 0; i < g.ys; i++) L += v[(y >> 2) + i]! * v[(gy >> 2) + i]!;
        return L;
      };
      loss();
      if (kind === 'avg') b.k.f32_avgpool2d_bwd(...g.args, gy, dx);
      else b.k.f32_maxpool2d_bwd(g.xs, g.ys, gy, arg, dx);
      const eps = 1e-6;
      for (let i = 0; i < g.xs; i++) {
        const at = (x >> 2) + i, orig = v[at]!;
        v[at] = orig + eps; const up = loss();
        v[at] = orig - eps; const down = loss();
        v[at] = orig;
        const num = (up - down) / (2 * eps), ana = v[(dx >> 2) + i]!;
        if (!(Math.abs(num - ana) <= 1e-7 + 1e-6 * Math.abs(num))) throw new Error(`${kind} dX[${i}] ${dims(p)}: analytic ${ana}, numeric ${num}`);
      }
    }
  });
});

// conv2d kernels: wasm (im2col on the packed gemm) vs the TS twin (direct loops) on tile and chunk edges;
// the TS twin vs tfjs-core's cpu backend (tf.conv2d and its gradients); the f64 twin vs central differences.
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's main entry registers no gradients; tfjs (the union package) does this import.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { Act } from '../../src/backend/act.js';
import type { Backend } from '../../src/backend/backend.js';
import { convGeometry, type Padding } from '../../src/backend/conv-geometry.js';
import { createTsBackend64 } from '../../src/backend/ts/f64.js';
import { WASM_BUILDS, createTsBackend, expectClose, pair, rand, runKernel, type Run } from '../harness.js';

interface Conv {
  n: number; h: number; w: number; cin: number; cout: number; k: number; kw?: number;
  s: number; sw?: number; d: number; padding: Padding;
  /** Width dilation when it differs from d (height); only in the wasm-vs-twin cases (tfjs takes one pair). */
  dWidth?: number;
}

function geom(c: Conv) {
  const kw = c.kw ?? c.k, sw = c.sw ?? c.s;
  const g = convGeometry({ h: c.h, w: c.w, kh: c.k, kw, strideH: c.s, strideW: sw, dilationH: c.d, dilationW: c.dWidth ?? c.d, padding: c.padding });
  const args = [c.n, c.h, c.w, c.cin, g.oh, g.ow, c.cout, c.k, kw, c.s, sw, c.d, c.dWidth ?? c.d, g.padTop, g.padLeft] as const;
  return { ...g, kw, sw, args, m: c.n * g.oh * g.ow, kk: c.k * kw * c.cin, xs: c.n * c.h * c.w * c.cin, ys: c.n * g.oh * g.ow * c.cout };
}
const dims = (c: Conv) => {
  const g = geom(c);
  return `n=${c.n} ${c.h}×${c.w}×${c.cin} → ${g.oh}×${g.ow}×${c.cout} k=${c.k}×${g.kw} s=${c.s}×${g.sw} d=${c.d}×${c.dWidth ?? c.d} ${c.padding}`;
};

type Pass = 'fwd' | 'dx' | 'dw';
/** One conv kernel call on backend `b` with fresh seeded data; scratch sized by that backend's own export. */
function runConv(b: Backend, c: Conv, pass: Pass, opts: { act?: number; bias?: boolean; beta?: number } = {}, seed = 1): Run {
  const g = geom(c);
  const scratch = b.k.f32_conv2d_scratch_bytes(g.m, g.kk) / 4;
  const x = rand(g.xs, seed), filt = rand(g.kk * c.cout, seed + 1), dy = rand(g.ys, seed + 2), bias = rand(c.cout, seed + 3);
  if (pass === 'fwd') {
    return runKernel(b, { x, filt, bias }, { y: g.ys, scratch }, (k, p) =>
      k.f32_conv2d_fwd(...g.args, p.x!, p.filt!, opts.bias ? p.bias! : 0, p.y!, p.scratch!, opts.act ?? Act.linear, 0.2));
  }
  if (pass === 'dx') return runKernel(b, { dy, filt }, { dx: g.xs, scratch }, (k, p) => k.f32_conv2d_bwd_input(...g.args, p.dy!, p.filt!, p.dx!, p.scratch!));
  return runKernel(b, { x, dy }, { dw: rand(g.kk * c.cout, seed + 4), scratch }, (k, p) =>
    k.f32_conv2d_bwd_filter(...g.args, p.x!, p.dy!, p.dw!, p.scratch!, opts.beta ?? 0));
}
const outName = { fwd: 'y', dx: 'dx', dw: 'dw' } as const;
/** Terms per output element: fwd kh·kw·cin, dx kh·kw·cout, dw n·oh·ow; f32 rounding grows with it. */
function tol(c: Conv, pass: Pass) {
  const g = geom(c), terms = pass === 'fwd' ? g.kk : pass === 'dx' ? c.k * g.kw * c.cout : g.m;
  return { atol: 2e-6 * terms + 2e-6, rtol: 1e-5 };
}

/** Tile edges: channel counts 1, 3, 4k±1; kernels 1, 3, 5; strides 1–3; dilation 1–2; odd sizes; batch 1 and 3. */
const CASES: Conv[] = [];
{
  const chans = [1, 3, 7, 9, 15, 17];
  const sizes = [[7, 7], [9, 5], [13, 11], [6, 8]];
  let i = 0;
  for (const k of [1, 3, 5]) {
    for (const s of [1, 2, 3]) {
      for (const d of [1, 2]) {
        if (d > 1 && s > 1) continue;
        for (const padding of ['valid', 'same'] as Padding[]) {
          const [h, w] = sizes[i % sizes.length]!;
          const c: Conv = { n: i % 2 ? 3 : 1, h: h!, w: w!, cin: chans[i % 6]!, cout: chans[(i * 5 + 2) % 6]!, k, s, d, padding };
          i++;
          if (padding === 'valid' && k + (k - 1) * (d - 1) > Math.min(c.h, c.w)) continue;
          CASES.push(c);
        }
      }
    }
  }
  // Height-only dilation (dh 2, dw 1): the fully-inside im2col/col2im path steps rows by dh with kw·cin runs.
  CASES.push({ n: 2, h: 11, w: 9, cin: 5, cout: 7, k: 3, s: 1, d: 2, dWidth: 1, padding: 'valid' });
  CASES.push({ n: 1, h: 10, w: 8, cin: 1, cout: 3, k: 3, s: 1, d: 2, dWidth: 1, padding: 'same' });
  // Rectangular kernels and strides, and a case whose m = n·oh·ow crosses the im2col chunk (240 rows at k = 425).
  CASES.push({ n: 2, h: 9, w: 11, cin: 4, cout: 5, k: 3, kw: 1, s: 1, sw: 2, d: 1, padding: 'same' });
  CASES.push({ n: 2, h: 13, w: 13, cin: 17, cout: 9, k: 5, s: 1, d: 1, padding: 'same' });
  CASES.push({ n: 1, h: 1, w: 1, cin: 3, cout: 4, k: 3, s: 1, d: 1, padding: 'same' });
}

/**
 * The direct paths of assembly/conv_direct.ts (forward for cout ≤ 8 or cin·sw = 1, filter gradient for cout % 4 == 0
 * and dw = 1):
 * padded and in-place sources, strides (a 1×1 stride-2 window makes the row step negative), height dilation, kernel
 * rows shorter and longer than the tile, several image groups in the scratch, and the im2col fallbacks (dw = 2; an
 * image larger than the scratch once padded).
 */
const DIRECT: Conv[] = [
  { n: 3, h: 9, w: 7, cin: 3, cout: 8, k: 3, s: 1, d: 1, padding: 'same' },
  { n: 2, h: 12, w: 10, cin: 1, cout: 8, k: 5, s: 1, d: 1, padding: 'valid' },
  { n: 2, h: 9, w: 14, cin: 1, cout: 20, k: 3, kw: 4, s: 1, d: 1, padding: 'same' },
  { n: 2, h: 10, w: 11, cin: 1, cout: 17, k: 3, s: 1, d: 2, dWidth: 1, padding: 'same' },
  { n: 2, h: 11, w: 13, cin: 5, cout: 4, k: 3, kw: 2, s: 2, sw: 3, d: 1, padding: 'same' },
  { n: 1, h: 9, w: 9, cin: 2, cout: 12, k: 1, s: 2, d: 1, padding: 'valid' },
  { n: 2, h: 11, w: 9, cin: 3, cout: 16, k: 3, s: 1, d: 2, dWidth: 1, padding: 'valid' },
  { n: 2, h: 10, w: 8, cin: 4, cout: 8, k: 3, s: 1, d: 2, dWidth: 1, padding: 'same' },
  { n: 1, h: 8, w: 8, cin: 3, cout: 20, k: 3, s: 1, d: 2, padding: 'same' },
  { n: 4, h: 30, w: 30, cin: 32, cout: 8, k: 3, s: 1, d: 1, padding: 'same' },
  { n: 1, h: 58, w: 58, cin: 32, cout: 4, k: 3, s: 1, d: 1, padding: 'same' },
];

describe.each(WASM_BUILDS)('conv2d kernels, wasm %s vs ts', (build) => {
  const { wasm, ts } = pair(build);

  test('the scratch size is the same formula on both backends, and chunks m at 240 rows for k = 425', () => {
    for (const [m, k] of [[1, 1], [64 * 24 * 24, 25], [64 * 8 * 8, 200], [338, 425], [100, 20000]]) {
      expect(wasm.k.f32_conv2d_scratch_bytes(m!, k!), `m=${m} k=${k}`).toBe(ts.k.f32_conv2d_scratch_bytes(m!, k!));
    }
    expect(ts.k.f32_conv2d_scratch_bytes(338, 425)).toBe(240 * 425 * 4);
    expect(geom(CASES.at(-2)!).m).toBeGreaterThan(240);
  });

  test.each(CASES.map((c) => [dims(c), c] as const))('%s: forward (linear, bias + relu), dX, dW (β 0 and 0.5)', (_, c) => {
    const check = (pass: Pass, opts: { act?: number; bias?: boolean; beta?: number }) => {
      const w = runConv(wasm, c, pass, opts), t = runConv(ts, c, pass, opts);
      expectClose(w.out[outName[pass]]!, t.out[outName[pass]]!, tol(c, pass), `${pass} ${JSON.stringify(opts)} ${dims(c)}`);
    };
    check('fwd', {});
    check('fwd', { act: Act.relu, bias: true });
    check('dx', {});
    check('dw', {});
    check('dw', { beta: 0.5 });
  });

  test.each(DIRECT.map((c) => [dims(c), c] as const))('direct path %s: forward (linear, bias + relu), dX, dW (β 0, 0.5, 1)', (_, c) => {
    for (const [pass, opts] of [['fwd', {}], ['fwd', { act: Act.relu, bias: true }], ['dx', {}], ['dw', {}], ['dw', { beta: 0.5 }], ['dw', { beta: 1 }]] as const) {
      const w = runConv(wasm, c, pass, opts), t = runConv(ts, c, pass, opts);
      expectClose(w.out[outName[pass]]!, t.out[outName[pass]]!, tol(c, pass), `${pass} ${JSON.stringify(opts)} ${dims(c)}`);
    }
  });

  test('the direct cases reach several image groups, and an image larger than the scratch', () => {
    // Padded image floats against scratch floats (conv_direct.ts copies whole padded images into the scratch).
    const fit = (c: Conv) => {
      const g = geom(c);
      return wasm.k.f32_conv2d_scratch_bytes(g.m, g.kk) / 4 / ((c.h + c.k - 1) * (c.w + c.k - 1) * c.cin);
    };
    expect(Math.floor(fit(DIRECT.at(-2)!))).toBeGreaterThan(0);
    expect(Math.floor(fit(DIRECT.at(-2)!))).toBeLessThan(DIRECT.at(-2)!.n);
    expect(fit(DIRECT.at(-1)!)).toBeLessThan(1);
  });

  test('1×1, stride 1, no padding (the plain-gemm path) agrees, also with a tanh epilogue', () => {
    for (const c of [{ n: 3, h: 5, w: 7, cin: 9, cout: 17, k: 1, s: 1, d: 1, padding: 'valid' as const },
      { n: 1, h: 4, w: 4, cin: 1, cout: 8, k: 1, s: 1, d: 1, padding: 'same' as const }]) {
      for (const pass of ['fwd', 'dx', 'dw'] as Pass[]) {
        const opts = pass === 'fwd' ? { act: Act.tanh, bias: true } : { beta: 0.5 };
        expectClose(runConv(wasm, c, pass, opts).out[outName[pass]]!, runConv(ts, c, pass, opts).out[outName[pass]]!, tol(c, pass), `${pass} ${dims(c)}`);
      }
    }
  });
});

describe('conv2d TS twin vs tfjs-core cpu (tf.conv2d and tf.grads)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const ts = createTsBackend();
  const pick = CASES.filter((c, i) => i % 2 === 0 && c.dWidth === undefined).concat(CASES.slice(-3));
  test.each(pick.map((c) => [dims(c), c] as const))('%s: forward, dX, dW and the bias gradient', (_, c) => {
    const g = geom(c);
    const x = rand(g.xs, 1), filt = rand(g.kk * c.cout, 2), dy = rand(g.ys, 3);
    const xT = tf.tensor4d(x, [c.n, c.h, c.w, c.cin]), fT = tf.tensor4d(filt, [c.k, g.kw, c.cin, c.cout]);
    const dyT = tf.tensor4d(dy, [c.n, g.oh, g.ow, c.cout]);
    const conv = (a: tf.Tensor4D, f: tf.Tensor4D) => tf.conv2d(a, f, [c.s, g.sw], c.padding, 'NHWC', [c.d, c.d]);
    const y = conv(xT, fT).dataSync();
    const close = { atol: 1e-5, rtol: 1e-4 };
    expectClose(runConv(ts, c, 'fwd').out.y!, y, close, `fwd vs tf.conv2d ${dims(c)}`);
    // NOTE: tfjs 4.22 has no conv2d gradient for dilation > 1 ("not yet supported in gradients"): the f64
    // central-difference test below covers dilated dX and dW.
    if (c.d > 1) return void tf.dispose([xT, fT, dyT]);
    const [gx, gf] = tf.grads((a: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, f as tf.Tensor4D), dyT)))([xT, fT]);
    expectClose(runConv(ts, c, 'dx').out.dx!, gx!.dataSync(), close, `dX vs tf.grads ${dims(c)}`);
    expectClose(runConv(ts, c, 'dw').out.dw!, gf!.dataSync(), close, `dW vs tf.grads ${dims(c)}`);
    // The bias gradient is the existing column sum over the n·oh·ow rows of dY.
    const bT = tf.tensor1d(rand(c.cout, 4));
    const [gb] = tf.grads((bb: tf.Tensor) => tf.sum(tf.mul(tf.add(conv(xT, fT), bb), dyT)))([bT]);
    const db = runKernel(ts, { dy }, { db: c.cout }, (k, p) => k.f32_colsum(g.m, c.cout, p.dy!, p.db!, 0)).out.db!;
    expectClose(db, gb!.dataSync(), close, `dBias (f32_colsum) vs tf.grads ${dims(c)}`);
    tf.dispose([xT, fT, dyT, gx!, gf!, bT, gb!]);
  });
});

describe('conv2d reference on hand-derived and central-difference cases', () => {
  test('x = 1…9 as 3×3×1, filter 2×2 of ones, valid: y = window sums [12, 16, 24, 28]; dX of dy = 1 counts windows', () => {
    const ts = createTsBackend();
    const c: Conv = { n: 1, h: 3, w: 3, cin: 1, cout: 1, k: 2, s: 1, d: 1, padding: 'valid' };
    const g = geom(c);
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = runKernel(ts, { x, f: [1, 1, 1, 1] }, { y: 4, s: 64 }, (k, p) => k.f32_conv2d_fwd(...g.args, p.x!, p.f!, 0, p.y!, p.s!, 0, 0));
    expectClose(y.out.y!, [12, 16, 24, 28], { atol: 0 }, 'hand fwd'); // 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9
    // dL/dx[i] = number of windows containing pixel i when dy = 1 and the filter is all ones: corners 1, edges 2, centre 4.
    const dx = runKernel(ts, { dy: [1, 1, 1, 1], f: [1, 1, 1, 1] }, { dx: 9, s: 64 }, (k, p) => k.f32_conv2d_bwd_input(...g.args, p.dy!, p.f!, p.dx!, p.s!));
    expectClose(dx.out.dx!, [1, 2, 1, 2, 4, 2, 1, 2, 1], { atol: 0 }, 'hand dX');
    // dL/dW[a,b] = Σ of the 2×2 block of x starting at (a, b) with dy = 1: the same window sums.
    const dw = runKernel(ts, { x, dy: [1, 1, 1, 1] }, { dw: 4, s: 64 }, (k, p) => k.f32_conv2d_bwd_filter(...g.args, p.x!, p.dy!, p.dw!, p.s!, 0));
    expectClose(dw.out.dw!, [12, 16, 24, 28], { atol: 0 }, 'hand dW');
  });

  test('f64 twin: dX and dW equal central differences of L = Σ y·g (same padding, stride 2, dilation cases)', () => {
    const b = createTsBackend64();
    for (const c of [
      { n: 2, h: 5, w: 4, cin: 2, cout: 3, k: 3, s: 2, d: 1, padding: 'same' as const },
      { n: 1, h: 6, w: 5, cin: 3, cout: 2, k: 2, s: 1, d: 2, padding: 'valid' as const },
    ]) {
      const g = geom(c);
      const F = (n: number) => b.heap.alloc(n * 4);
      const x = F(g.xs), f = F(g.kk * c.cout), gy = F(g.ys), y = F(g.ys), dx = F(g.xs), dw = F(g.kk * c.cout), s = F(1);
      const v = b.views.f64;
      v.set(rand(g.xs, 1), x >> 2); v.set(rand(g.kk * c.cout, 2), f >> 2); v.set(rand(g.ys, 3), gy >> 2);
      const loss = () => {
        b.k.f32_conv2d_fwd(...g.args, x, f, 0, y, s, Act.linear, 0);
        let L = 0;
        for (let i = 0; i < g.ys; i++) L += v[(y >> 2) + i]! * v[(gy >> 2) + i]!;
        return L;
      };
      b.k.f32_conv2d_bwd_input(...g.args, gy, f, dx, s);
      b.k.f32_conv2d_bwd_filter(...g.args, x, gy, dw, s, 0);
      const eps = 1e-5;
      for (const [buf, grad, len, name] of [[x, dx, g.xs, 'dX'], [f, dw, g.kk * c.cout, 'dW']] as const) {
        for (let i = 0; i < len; i++) {
          const at = (buf >> 2) + i, orig = v[at]!;
          v[at] = orig + eps; const up = loss();
          v[at] = orig - eps; const down = loss();
          v[at] = orig;
          const num = (up - down) / (2 * eps), ana = v[(grad >> 2) + i]!;
          if (!(Math.abs(num - ana) <= 1e-7 + 1e-6 * Math.abs(num))) throw new Error(`${name}[${i}] ${dims(c)}: analytic ${ana}, numeric ${num}`);
        }
      }
    }
  });
});

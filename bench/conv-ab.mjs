// Same-process A/B of the conv kernels: a baseline wasm (e.g. built from main) against this build, loaded
// side by side, interleaved, medians of ROUNDS rounds. Also checks that both compute the same thing.
//   node [--experimental-wasm-relaxed-simd] bench/conv-ab.mjs <baseline-dir> [simd|relaxed] [rounds]
// <baseline-dir> holds simdnn-simd.wasm / simdnn-relaxed.wasm (e.g. copied from build/ before a change).
import { readFileSync } from 'node:fs';
import { instantiateWasm } from '../dist/backend/wasm/loader.js';
const [dir, build = 'simd', roundsArg = '9'] = process.argv.slice(2);
if (!dir) throw new Error('usage: bench/conv-ab.mjs <baseline-dir> [simd|relaxed] [rounds]');
const ROUNDS = Number(roundsArg);
const load = (p) => instantiateWasm(new WebAssembly.Module(readFileSync(p)));
const sides = { old: load(`${dir}/simdnn-${build}.wasm`), new: load(new URL(`../build/simdnn-${build}.wasm`, import.meta.url)) };
const ALL = [['conv1', 64, 28, 28, 1, 8, 5, 0], ['conv2', 64, 12, 12, 8, 16, 5, 0], ['3x3', 8, 32, 32, 32, 32, 3, 1], ['1x1', 8, 32, 32, 32, 64, 1, 0],
  ['c1→32', 32, 28, 28, 1, 32, 5, 0], ['rgb→8', 16, 32, 32, 3, 8, 3, 1]];
const only = process.env.CONVS?.split(',');
const CONVS = only ? ALL.filter((c) => only.includes(c[0])) : ALL;
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
// CPU time of this process (user + system, µs → ms), not wall time: the machine is shared, and time spent
// descheduled is not the kernel's.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
function time(fn, reps) { const t = cpu(); for (let i = 0; i < reps; i++) fn(); return (cpu() - t) / reps; }
console.log(`build ${build}, ${ROUNDS} rounds, medians, GFLOP/s old → new`);
for (const [label, n, h, w, cin, cout, k, same] of CONVS) {
  const oh = same ? h : h - k + 1, ow = same ? w : w - k + 1, p = same ? (k - 1) >> 1 : 0;
  const g = [n, h, w, cin, oh, ow, cout, k, k, 1, 1, 1, 1, p, p];
  const m = n * oh * ow, kk = k * k * cin, fl = 2 * m * kk * cout;
  const fns = {}, outs = {};
  for (const [side, b] of Object.entries(sides)) {
    const fill = (len, s) => { const q = b.heap.alloc(len * 4); const f = b.views.f32; for (let i = 0; i < len; i++) f[(q >>> 2) + i] = Math.sin(i * s + s); return q; };
    const x = fill(n * h * w * cin, 1), f = fill(kk * cout, 2), bias = fill(cout, 3), y = fill(m * cout, 4), dy = fill(m * cout, 5);
    const dx = fill(n * h * w * cin, 6), dw = fill(kk * cout, 7), s = b.heap.alloc(b.k.f32_conv2d_scratch_bytes(m, kk));
    const K = b.k;
    fns[side] = {
      fwd: () => K.f32_conv2d_fwd(...g, x, f, bias, y, s, 1, 0),
      dX: () => K.f32_conv2d_bwd_input(...g, dy, f, dx, s),
      dW: () => K.f32_conv2d_bwd_filter(...g, x, dy, dw, s, 0),
    };
    outs[side] = { fwd: [y, m * cout], dX: [dx, n * h * w * cin], dW: [dw, kk * cout], views: b.views };
  }
  for (const pass of ['fwd', 'dX', 'dW']) {
    const a = fns.old[pass], bb = fns.new[pass];
    a(); bb();
    const [po, len] = outs.old[pass], [pn] = outs.new[pass];
    const fo = outs.old.views.f32, fnw = outs.new.views.f32;
    let err = 0, mag = 0;
    for (let i = 0; i < len; i++) { err = Math.max(err, Math.abs(fo[(po >>> 2) + i] - fnw[(pn >>> 2) + i])); mag = Math.max(mag, Math.abs(fo[(po >>> 2) + i])); }
    const reps = Math.max(1, Math.round(60e6 / fl));
    // Warm up past V8's tier-up (Liftoff → TurboFan) on both sides before timing.
    for (const t0 = performance.now(); performance.now() - t0 < 400;) { a(); bb(); }
    const to = [], tn = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r & 1) { tn.push(time(bb, reps)); to.push(time(a, reps)); } else { to.push(time(a, reps)); tn.push(time(bb, reps)); }
    }
    const go = fl / med(to) / 1e6, gn = fl / med(tn) / 1e6;
    console.log(`${build.padEnd(7)} ${label.padEnd(6)} ${pass.padEnd(4)} ${go.toFixed(1).padStart(5)} → ${gn.toFixed(1).padStart(5)}  ×${(gn / go).toFixed(2)}  max|old−new| ${err.toExponential(1)} (max|old| ${mag.toExponential(1)})`);
  }
}

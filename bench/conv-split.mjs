// Where conv time goes: each conv pass next to the gemm alone on an equally shaped, pre-built col matrix, in one
// process, interleaved, 7 rounds, medians (the difference is im2col / col2im).  node [--experimental-wasm-relaxed-simd] bench/conv-split.mjs [simd|relaxed]
import { compileWasmSync, instantiateWasm } from '../dist/backend/wasm/loader.js';
import '../dist/backend/wasm/embedded.js';
const build = process.argv[2] || 'simd';
const b = instantiateWasm(compileWasmSync(build));
const fill = (n) => { const p = b.heap.alloc(n * 4); const f = b.views.f32; for (let i = 0; i < n; i++) f[(p >> 2) + i] = Math.sin(i); return p; };
const CONVS = [['conv1', 64, 28, 28, 1, 8, 5, 0], ['conv2', 64, 12, 12, 8, 16, 5, 0], ['3x3', 8, 32, 32, 32, 32, 3, 1]];
const K = b.k;
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
// CPU time of this process (user + system, µs → ms), not wall time: the machine is shared, and time spent
// descheduled is not the kernel's.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
function time(fn, reps) { const t = cpu(); for (let i = 0; i < reps; i++) fn(); return (cpu() - t) / reps; }
for (const [label, n, h, w, cin, cout, k, pad] of CONVS) {
  const oh = pad ? h : h - k + 1, ow = pad ? w : w - k + 1, p = pad ? (k - 1) >> 1 : 0;
  const g = [n, h, w, cin, oh, ow, cout, k, k, 1, 1, 1, 1, p, p];
  const m = n * oh * ow, kk = k * k * cin, fl = 2 * m * kk * cout;
  const x = fill(n * h * w * cin), f = fill(kk * cout), bias = fill(cout), y = fill(m * cout), s = b.heap.alloc(K.f32_conv2d_scratch_bytes(m, kk));
  const col = fill(m * kk), dw = fill(kk * cout);
  const fns = {
    fwd: () => K.f32_conv2d_fwd(...g, x, f, bias, y, s, 1, 0),
    'fwd gemm only': () => K.f32_dense_fwd(m, cout, kk, col, f, bias, y, 1, 0),
    dX: () => K.f32_conv2d_bwd_input(...g, y, f, x, s),
    'dX gemm only': () => K.f32_gemm_nt(m, kk, cout, y, cout, f, cout, col, kk, 1, 0),
    dW: () => K.f32_conv2d_bwd_filter(...g, x, y, dw, s, 0),
    'dW gemm only': () => K.f32_gemm_tn(kk, cout, m, col, kk, y, cout, dw, cout, 1, 0),
  };
  const res = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) time(fn, 5);
  for (let r = 0; r < 7; r++) for (const [name, fn] of Object.entries(fns)) res[name].push(time(fn, 5));
  for (const [name, a] of Object.entries(res)) { const ms = med(a); console.log(`${build} ${label.padEnd(6)} ${name.padEnd(14)} ${ms.toFixed(3)} ms  ${(fl / ms / 1e6).toFixed(1)} GFLOP/s`); }
}

// Measures how to split the gemms of a fit across 2 threads: rows of C (what src/backend/threads/split.ts
// does) against columns of C, and against one thread, interleaved in one process, medians of rounds;
// then Adam over the MLP's parameters in two element ranges.
// Usage: npm run build && node bench/threads-split.mjs [--rounds 15]
import '../dist/index.js';
import { currentBackend, ready } from '../dist/backend/index.js';
import { wasmDetails } from '../dist/backend/wasm/loader.js';
import { Pool } from '../dist/backend/threads/pool.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;
await ready();
const b = currentBackend();
const raw = { ...b.k };
const details = wasmDetails(b);
const names = Object.keys(b.k);
const pool = await Pool.start(details, b.heap, names, 1, details.exports.workspace_bytes());
const MR = b.build === 'relaxed' ? 6 : 5;
const big = 1024 * 1024;
const A = b.heap.alloc(big * 4), B = b.heap.alloc(big * 4), C = b.heap.alloc(big * 4);
const f = b.views.f32;
for (let i = 0; i < big; i++) f[(A >>> 2) + i] = Math.sin(i), f[(B >>> 2) + i] = Math.cos(i);

// [label, kernel, m, n, k]: the MNIST MLP 784-128-10 step at batch 64 and 256, and batch-256 predict.
const shapes = [
  ['fwd1 b64', 'f32_gemm_nn', 64, 128, 784], ['dW1 b64', 'f32_gemm_tn', 784, 128, 64],
  ['fwd1 b256', 'f32_gemm_nn', 256, 128, 784], ['dW1 b256', 'f32_gemm_tn', 784, 128, 256],
  ['dX2 b256', 'f32_gemm_nt', 256, 128, 10], ['fwd2 b256', 'f32_gemm_nn', 256, 10, 128],
  ['fwd1 b32', 'f32_gemm_nn', 32, 128, 784], ['mid 128³', 'f32_gemm_nn', 128, 128, 128],
  ['64x64x64', 'f32_gemm_nn', 64, 64, 64], ['fwd1 b16', 'f32_gemm_nn', 16, 128, 784],
];
const id = (name) => names.indexOf(name);
function args(name, m, n, k) {
  const lda = name === 'f32_gemm_tn' ? m : k, ldb = name === 'f32_gemm_nt' ? k : n;
  return [m, n, k, A, lda, B, ldb, C, n, 1, 0];
}
function rows(name, m, n, k) {
  const [, , , a, lda, bb, ldb, c, ldc] = args(name, m, n, k);
  const i0 = Math.round(m / 2 / MR) * MR, s = pool.args[0];
  s.set([m - i0, n, k, a + (name === 'f32_gemm_tn' ? i0 : i0 * lda) * 4, lda, bb, ldb, c + i0 * ldc * 4, ldc, 1, 0]);
  pool.post(0, id(name), 11);
  raw[name](i0, n, k, a, lda, bb, ldb, c, ldc, 1, 0);
  pool.wait();
}
function cols(name, m, n, k) {
  const [, , , a, lda, bb, ldb, c, ldc] = args(name, m, n, k);
  const j0 = Math.round(n / 2 / 8) * 8, s = pool.args[0];
  s.set([m, n - j0, k, a, lda, bb + (name === 'f32_gemm_nt' ? j0 * ldb : j0) * 4, ldb, c + j0 * 4, ldc, 1, 0]);
  pool.post(0, id(name), 11);
  raw[name](m, j0, k, a, lda, bb, ldb, c, ldc, 1, 0);
  pool.wait();
}
function time(fn, reps) {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) fn();
  return ((performance.now() - t0) / reps) * 1000;
}
const median = (xs) => xs.slice().sort((p, q) => p - q)[xs.length >> 1];
console.log(`build ${b.build}, ${rounds} rounds, median µs per call (2 threads = caller + 1 worker)`);
console.log('| shape | m×n×k | 1 thread µs | rows µs | cols µs | rows × | cols × |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const [label, name, m, n, k] of shapes) {
  const reps = Math.max(5, Math.round(2e8 / (m * n * k)));
  const one = [], r2 = [], c2 = [];
  const a = args(name, m, n, k);
  for (let round = 0; round < rounds; round++) {
    one.push(time(() => raw[name](...a), reps));
    r2.push(time(() => rows(name, m, n, k), reps));
    c2.push(time(() => cols(name, m, n, k), reps));
  }
  const [t1, tr, tc] = [median(one), median(r2), median(c2)];
  console.log(`| ${label} ${name.slice(4)} | ${m}×${n}×${k} | ${t1.toFixed(1)} | ${tr.toFixed(1)} | ${tc.toFixed(1)} | ${(t1 / tr).toFixed(2)} | ${(t1 / tc).toFixed(2)} |`);
}
// Adam over the MLP's 109,386 parameters split in two element ranges: the caller's half timed alone and
// while the worker runs the other half (the whole update is compute-bound on one core: sqrt and divide).
{
  const n = 109386, h = 54704, P = [A, B, C, C + 4 * n], HYPER = [1e-3, 0.9, 0.999, 1e-7, 0.1, 0.001];
  const all = [n, ...P, ...HYPER], first = [h, ...P, ...HYPER], second = [n - h, ...P.map((p) => p + h * 4), ...HYPER];
  const alone = [], together = [], whole = [], split = [];
  for (let round = 0; round < rounds; round++) {
    whole.push(time(() => raw.f32_adam(...all), 200));
    alone.push(time(() => raw.f32_adam(...first), 200));
    let own = 0;
    split.push(time(() => {
      pool.args[0].set(second);
      pool.post(0, id('f32_adam'), second.length);
      const t0 = performance.now();
      raw.f32_adam(...first);
      own += performance.now() - t0;
      pool.wait();
    }, 200));
    together.push((own / 200) * 1000);
  }
  console.log(`adam n=${n}: 1 thread ${median(whole).toFixed(1)} µs, 2 threads ${median(split).toFixed(1)} µs (${(median(whole) / median(split)).toFixed(2)}×); ` +
    `the caller's half ${median(alone).toFixed(1)} µs alone, ${median(together).toFixed(1)} µs while the worker runs the other half`);
}
// Handover cost: an empty job (n = 0 sgd) on the worker, waited for.
const empty = [];
for (let round = 0; round < rounds; round++) empty.push(time(() => { pool.args[0].set([0, A, B, 0]); pool.post(0, id('f32_sgd'), 4); pool.wait(); }, 2000));
console.log(`empty job round trip: ${median(empty).toFixed(1)} µs`);
pool.close();

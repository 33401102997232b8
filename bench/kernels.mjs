// Kernel benchmarks: GFLOP/s for the gemm shapes of an MNIST MLP (784-128-…) and 512³, for conv2d forward,
// dX and dW (the tfjs MNIST CNN's two convolutions, a 3×3 'same' 32→32, a 1×1), GB/s for an
// activation and optimizer steps over 100k parameters; each row runs on the TS reference and both wasm
// builds in the same process, back to back, and prints the wasm/ts ratios measured in this run.
//   npm run bench [-- --json FILE] [-- --quick] [-- --only SUBSTRING]
// Needs --experimental-wasm-relaxed-simd on Node 20 (the npm script passes it) so the relaxed build
// can be measured next to the baseline one; on Node ≥ 22 it is on by default.
import { Bench } from 'tinybench';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createTsBackend } from '../dist/backend/ts/index.js';
import { compileWasmSync, instantiateWasm, supportedBuilds } from '../dist/backend/wasm/loader.js';
import '../dist/backend/wasm/embedded.js'; // registers the base64 builds with the loader (the main entry does this)
import { Act } from '../dist/backend/act.js';

const args = process.argv.slice(2);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;

const backends = [['ts', createTsBackend()]];
for (const build of ['simd', 'relaxed']) {
  if (supportedBuilds().includes(build)) backends.push([build, instantiateWasm(compileWasmSync(build))]);
  else console.warn(`note: the ${build} build does not validate here; its column is empty`);
}

function fill(backend, n, seed) {
  const p = backend.heap.alloc(n * 4);
  const f = backend.views.f32;
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    f[(p >> 2) + i] = s / 2 ** 31 - 1;
  }
  return p;
}

// Each case: name, unit, work per call (flop or bytes), and setup(backend) → the call to time.
const GEMMS = [
  ['fc1 fwd  [128×784]·[784×128]  NN', 'nn', 128, 128, 784],
  ['fc1 dW   [784×128]ᵀ… Xᵀ·dZ     TN', 'tn', 784, 128, 128],
  ['fc1 dX   dZ·Wᵀ [128×128]·[128×784]ᵀ NT', 'nt', 128, 784, 128],
  ['fc2 fwd  [64×128]·[128×10]    NN', 'nn', 64, 10, 128],
  ['512³                          NN', 'nn', 512, 512, 512],
];
const cases = [];
for (const [name, op, m, n, k] of GEMMS) {
  cases.push({
    name: `gemm ${name}`,
    unit: 'GFLOP/s',
    work: 2 * m * n * k,
    setup(b) {
      const a = fill(b, m * k, 1), bb = fill(b, k * n, 2), c = fill(b, m * n, 3);
      if (op === 'nn') return () => b.k.f32_gemm_nn(m, n, k, a, k, bb, n, c, n, 1, 0);
      if (op === 'nt') return () => b.k.f32_gemm_nt(m, n, k, a, k, bb, k, c, n, 1, 0);
      return () => b.k.f32_gemm_tn(m, n, k, a, m, bb, n, c, n, 1, 0);
    },
  });
}
const N = 100_000;
cases.push({
  name: 'dense fwd [64×784]·[784×128]+b, relu', unit: 'GFLOP/s', work: 2 * 64 * 128 * 784,
  setup(b) {
    const x = fill(b, 64 * 784, 1), w = fill(b, 784 * 128, 2), bias = fill(b, 128, 3), y = fill(b, 64 * 128, 4);
    return () => b.k.f32_dense_fwd(64, 128, 784, x, w, bias, y, Act.relu, 0);
  },
});
for (const [label, act] of [['relu', Act.relu], ['sigmoid', Act.sigmoid], ['tanh', Act.tanh]]) {
  cases.push({
    name: `activation ${label} n=100k`, unit: 'GB/s', work: 8 * N,
    setup(b) {
      const x = fill(b, N, 1), y = fill(b, N, 2);
      return () => b.k.f32_vact(N, x, y, act, 0);
    },
  });
}
cases.push({
  name: 'sgd step n=100k', unit: 'GB/s', work: 12 * N,
  setup(b) {
    const w = fill(b, N, 1), g = fill(b, N, 2);
    return () => b.k.f32_sgd(N, w, g, 1e-9);
  },
});
cases.push({
  name: 'adam step n=100k', unit: 'GB/s', work: 28 * N,
  setup(b) {
    const w = fill(b, N, 1), g = fill(b, N, 2), m = fill(b, N, 3), v = fill(b, N, 4);
    b.k.f32_vfill(N, v, 0);
    return () => b.k.f32_adam(N, w, g, m, v, 1e-9, 0.9, 0.999, 1e-7, 0.1, 0.001);
  },
});

// conv2d: NHWC x, [kh,kw,cin,cout] filter; each pass does 2·n·oh·ow·kh·kw·cin·cout flops.
const CONVS = [
  ['mnist conv1 64×28×28×1 → 8@5×5 valid', 64, 28, 28, 1, 8, 5, 0],
  ['mnist conv2 64×12×12×8 → 16@5×5 valid', 64, 12, 12, 8, 16, 5, 0],
  ['3×3 same 8×32×32×32 → 32', 8, 32, 32, 32, 32, 3, 1],
  ['1×1 16×16×16×32 → 64', 16, 16, 16, 32, 64, 1, 0],
];
for (const [label, n, h, w, cin, cout, k, pad] of CONVS) {
  const oh = pad ? h : h - k + 1, ow = pad ? w : w - k + 1, p = pad ? (k - 1) >> 1 : 0;
  const g = [n, h, w, cin, oh, ow, cout, k, k, 1, 1, 1, 1, p, p];
  const m = n * oh * ow, kk = k * k * cin;
  for (const pass of ['fwd', 'dX', 'dW']) {
    cases.push({
      name: `conv ${pass} ${label}`, unit: 'GFLOP/s', work: 2 * m * kk * cout,
      setup(b) {
        const x = fill(b, n * h * w * cin, 1), f = fill(b, kk * cout, 2), bias = fill(b, cout, 3), y = fill(b, m * cout, 4);
        const s = b.heap.alloc(b.k.f32_conv2d_scratch_bytes(m, kk));
        if (pass === 'fwd') return () => b.k.f32_conv2d_fwd(...g, x, f, bias, y, s, Act.relu, 0);
        if (pass === 'dX') return () => b.k.f32_conv2d_bwd_input(...g, y, f, x, s);
        return () => b.k.f32_conv2d_bwd_filter(...g, x, y, f, s, 0);
      },
    });
  }
}

const rows = [];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  const bench = new Bench({ time: quick ? 100 : 400, warmupTime: quick ? 30 : 100, iterations: quick ? 3 : 7 });
  for (const [label, backend] of backends) {
    const fn = c.setup(backend);
    fn(); // tier up before warm-up
    bench.add(label, fn);
  }
  await bench.run();
  const row = { kernel: c.name, unit: c.unit };
  for (const task of bench.tasks) {
    const ms = task.result?.latency?.p50;
    row[task.name] = ms ? c.work / (ms * 1e-3) / 1e9 : null;
    row[`${task.name}_ms`] = ms ?? null;
  }
  rows.push(row);
  process.stderr.write('.');
}
process.stderr.write('\n');

const fmt = (v, d = 1) => (v == null ? '–' : v.toFixed(d));
const cols = backends.map(([l]) => l);
const header = ['kernel', 'unit', ...cols, ...cols.filter((c) => c !== 'ts').map((c) => `${c}/ts`)];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const r of rows) {
  const ratios = cols.filter((c) => c !== 'ts').map((c) => (r[c] && r.ts ? `${fmt(r[c] / r.ts, 0)}×` : '–'));
  lines.push(`| ${r.kernel} | ${r.unit} | ${cols.map((c) => fmt(r[c], c === 'ts' ? 2 : 1)).join(' | ')} | ${ratios.join(' | ')} |`);
}
const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`simdnn kernel benchmark — node ${process.version}, ${os.cpus()[0]?.model}, load avg ${load}, single thread, median of tinybench samples\n`);
console.log(lines.join('\n'));
if (jsonPath) {
  writeFileSync(jsonPath, JSON.stringify({ node: process.version, cpu: os.cpus()[0]?.model, loadavg: os.loadavg(), rows }, null, 2));
  console.log(`\nwrote ${jsonPath}`);
}

// nn.matMul op-level GFLOP/s on square inputs, for the op wing's "no per-operand copy" claim.
// Usage: node bench/matmul-op.mjs [distA] [distB]   (default: ./dist only). With two dists both are
// loaded in this process and timed interleaved (A, B, A, B, …), medians of the runs, so machine noise
// hits both alike. Inputs are built once per size: on the new dist they are heap-resident op results
// (x.add(0)), as in an op chain; a user tensor (JS storage) is also measured ("js input").
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dists = process.argv.slice(2);
if (dists.length === 0) dists.push('dist');
const libs = await Promise.all(dists.map((d) => import(pathToFileURL(resolve(d, 'index.js')).href)));
for (const nn of libs) await nn.ready();
// The bare kernel on preallocated heap buffers (last dist): the ceiling an op can reach.
const { currentBackend } = await import(pathToFileURL(resolve(dists.at(-1), 'backend/index.js')).href);

function rand(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; out[i] = s / 4294967296 - 0.5; }
  return out;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const rows = [];
for (const n of [256, 512, 1024]) {
  const reps = Number(process.env.REPS ?? 0) || (n === 1024 ? 9 : n === 512 ? 21 : 61);
  const inputs = libs.map((nn) => {
    const a = nn.tensor2d(rand(n * n, n), [n, n]), b = nn.tensor2d(rand(n * n, n + 1), [n, n]);
    const heap = typeof a.add === 'function' ? [a.add(0), b.add(0)] : null;
    return { js: [a, b], heap };
  });
  const times = libs.map(() => ({ js: [], heap: [] }));
  const be = currentBackend(), pa = be.heap.alloc(n * n * 4), pb = be.heap.alloc(n * n * 4), pc = be.heap.alloc(n * n * 4);
  be.views.f32.set(rand(n * n, n), pa >>> 2);
  be.views.f32.set(rand(n * n, n + 1), pb >>> 2);
  const kernel = [];
  for (let r = 0; r < reps + 2; r++) {
    libs.forEach((nn, i) => {
      for (const kind of ['js', 'heap']) {
        const [a, b] = inputs[i][kind] ?? [];
        if (!a) continue;
        const t0 = performance.now();
        const c = nn.matMul(a, b);
        const dt = performance.now() - t0;
        if (c.dispose) c.dispose();
        if (r >= 2) times[i][kind].push(dt); // first two runs warm up
      }
    });
    const t0 = performance.now();
    be.k.f32_gemm_nn(n, n, n, pa, n, pb, n, pc, n, 1, 0);
    if (r >= 2) kernel.push(performance.now() - t0);
  }
  for (const p of [pa, pb, pc]) be.heap.release(p);
  libs.forEach((_, i) => {
    for (const kind of ['js', 'heap']) {
      if (!times[i][kind].length) continue;
      const ms = median(times[i][kind]), best = Math.min(...times[i][kind]);
      const gf = (t) => ((2 * n * n * n) / t / 1e6).toFixed(1);
      rows.push({ dist: dists[i], size: `${n}²`, input: kind === 'js' ? 'js input' : 'op result', ms: ms.toFixed(2), gflops: gf(ms), best: gf(best) });
    }
  });
  const gf = (t) => ((2 * n * n * n) / t / 1e6).toFixed(1);
  rows.push({ dist: `${dists.at(-1)} f32_gemm_nn`, size: `${n}²`, input: 'kernel only', ms: median(kernel).toFixed(2), gflops: gf(median(kernel)), best: gf(Math.min(...kernel)) });
}
console.log(`node ${process.version}, ${new Date().toISOString()}`);
console.log('| dist | size | input | median ms | GFLOP/s (median) | GFLOP/s (best run) |\n|---|---|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.dist} | ${r.size} | ${r.input} | ${r.ms} | ${r.gflops} | ${r.best} |`);

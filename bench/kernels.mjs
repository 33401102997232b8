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
import '../dist/backend/wasm/embedded.js'; // registers both builds with the loader
import { kernelCases } from '../dist/bench/cases.js';
import { kernelTable } from './tables.mjs';

const args = process.argv.slice(2);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;

const backends = [['ts', createTsBackend()]];
for (const build of ['simd', 'relaxed']) {
  if (supportedBuilds().includes(build)) backends.push([build, instantiateWasm(compileWasmSync(build))]);
  else {
    // NOTE: a bench that quietly drops a column reads as a result; say why and stop.
    const hint = build === 'relaxed' ? ' (Node 20 needs --experimental-wasm-relaxed-simd, which `npm run bench` passes)' : '';
    console.error(`bench/kernels: the ${build} build does not validate in this engine${hint}`);
    process.exit(1);
  }
}

// The cases (name, unit, work per call, setup) are the packaged suite's (src/bench/cases.ts), so that this
// script and `simdnn bench` time the same calls.
const cases = kernelCases();

const rows = [];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  const bench = new Bench({ time: quick ? 100 : 400, warmupTime: quick ? 30 : 100, iterations: quick ? 3 : 7 });
  for (const [label, backend] of backends) {
    const { run } = c.setup(backend);
    run(); // tier up before warm-up
    bench.add(label, run);
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

const cols = backends.map(([l]) => l);
const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`simdnn kernel benchmark — node ${process.version}, ${os.cpus()[0]?.model}, load avg ${load}, single thread, median of tinybench samples\n`);
console.log(kernelTable(rows, cols));
if (jsonPath) {
  writeFileSync(jsonPath, JSON.stringify({ date: new Date().toISOString().slice(0, 10), quick, cols, node: process.version, cpu: os.cpus()[0]?.model, loadavg: os.loadavg(), rows }, null, 2));
  console.log(`\nwrote ${jsonPath}`);
}

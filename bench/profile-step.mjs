// Where the time of one simdnn training step goes, for the MNIST MLP of bench/train.mjs (784-128-64-10
// relu/relu/softmax, Adam, accuracy metric, batch 64). Runs the real step (src/model/train.ts trainStep
// over a Plan, as fit does) on the 8000 training digits, first plain (the true step time), then with
// every kernel of the backend's table wrapped by a timer (--profile), and prints per kernel: calls/step,
// µs/step, % of the plain step, GFLOP/s for the matrix products; the remainder is JS (step loop, closures,
// metric sums, the wasm call boundary).
//   node [--experimental-wasm-relaxed-simd] bench/profile-step.mjs [--profile] [--backend wasm|ts]
//        [--batch 64] [--steps 1000] [--json FILE]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import * as nn from '../dist/index.js';
import { currentBackend } from '../dist/backend/index.js';
import { mnist } from '../dist/datasets/mnist.js';
import { Plan } from '../dist/model/plan.js';
import { stepContext, trainStep } from '../dist/model/train.js';
import { Random } from '../dist/random.js';
import { Arena } from '../dist/runtime/arena.js';

const argv = process.argv.slice(2);
const value = (flag, fallback) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
const profile = argv.includes('--profile');
const backendName = value('--backend', 'wasm');
const batch = Number(value('--batch', 64));
const steps = Number(value('--steps', backendName === 'ts' ? 100 : 1000));
const jsonPath = value('--json', null);
if (!(Number.isInteger(batch) && batch > 0 && Number.isInteger(steps) && steps > 0)) {
  throw new Error(`profile-step: --batch and --steps must be positive integers, got ${batch}, ${steps}`);
}

await nn.setBackend(backendName);
const model = nn.sequential({
  seed: 1,
  layers: [
    nn.layers.dense({ units: 128, inputShape: [784], activation: 'relu' }),
    nn.layers.dense({ units: 64, activation: 'relu' }),
    nn.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

// The same objects fit() builds: weights, a training plan, a step context, the dataset in the heap.
const store = model.weights();
const backend = currentBackend();
const bound = model.boundLoss(backend);
const plan = new Plan(backend, model.layers, store, batch, true, new Random(1), bound);
const ctx = stepContext(backend, plan, bound, model.metrics, store, model.optimizer);
const { train } = mnist({ split: 'proportional' });
const arena = new Arena(backend);
const d = { X: arena.put(train.x), Y: arena.put(train.y), idx: arena.putI32(new Random(2).shuffle(Int32Array.from({ length: train.n }, (_, i) => i))), nIn: 784, nOut: 10 };
const batches = Math.floor(train.n / batch);
let step = 0;
const where = () => `step ${step}`;

function run(count) {
  const t = performance.now();
  for (let i = 0; i < count; i++, step++) trainStep(ctx, d, (step % batches) * batch, batch, step, where);
  return (performance.now() - t) / count;
}

const ROUNDS = 5;
console.log(`# simdnn training step, MNIST MLP 784-128-64-10, batch ${batch}, backend ${backend.name} (${backend.build} build)`);
console.log(`${process.version}, ${os.cpus()[0]?.model}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

// Matrix products: 2·m·n·k flop. dense_fwd(m, n, k, …) is gemm + bias + activation (the gemm dominates).
const FLOPS = {
  f32_gemm_nn: (a) => 2 * a[0] * a[1] * a[2],
  f32_gemm_nt: (a) => 2 * a[0] * a[1] * a[2],
  f32_gemm_tn: (a) => 2 * a[0] * a[1] * a[2],
  f32_dense_fwd: (a) => 2 * a[0] * a[1] * a[2],
};

// Rounds alternate plain and wrapped runs so that load changes on this shared machine hit both alike;
// every figure is the minimum over the rounds (the least disturbed one).
const k = backend.k, original = { ...k };
const perName = new Map(); // name → Map(shape key → stats) for this round
let wrapped = null;
if (profile) {
  // NOTE: layers look kernels up on this table at call time (k.f32_…), so replacing its entries in place
  // reaches the plan built above; the originals are put back after each wrapped run.
  wrapped = Object.fromEntries(Object.entries(original).map(([name, fn]) => {
    const shapes = new Map();
    perName.set(name, shapes);
    const flops = FLOPS[name];
    return [name, (...a) => {
      const t = performance.now();
      const r = fn(...a);
      const dt = performance.now() - t;
      const key = flops ? a[0] * 1e8 + a[1] * 1e4 + a[2] : 0;
      let s = shapes.get(key);
      if (!s) shapes.set(key, (s = { kernel: flops ? `${name} ${a[0]}×${a[1]}×${a[2]}` : name, calls: 0, ms: 0, flop: flops ? flops(a) : 0 }));
      s.calls++;
      s.ms += dt;
      return r;
    }];
  }));
}
run(Math.min(200, steps)); // warm-up
let plainUs = Infinity, wrappedUs = Infinity;
const best = new Map(); // kernel label → min over rounds of { calls, ms, flop }
for (let round = 0; round < ROUNDS; round++) {
  plainUs = Math.min(plainUs, run(steps) * 1000);
  if (!profile) continue;
  Object.assign(k, wrapped);
  if (round === 0) run(Math.min(200, steps)); // warm-up of the wrappers
  for (const shapes of perName.values()) shapes.clear();
  wrappedUs = Math.min(wrappedUs, run(steps) * 1000);
  Object.assign(k, original);
  for (const shapes of perName.values()) {
    for (const s of shapes.values()) if (!best.has(s.kernel) || best.get(s.kernel).ms > s.ms) best.set(s.kernel, { ...s });
  }
}
console.log(`plain step: ${plainUs.toFixed(1)} µs = ${((batch / plainUs) * 1e6).toFixed(0)} samples/s (best of ${ROUNDS} × ${steps} steps)`);

if (profile) {
  // Timer bias: what the wrapper measures around a call that does nothing, subtracted per call.
  const noop = () => 0;
  let probe = 0;
  for (let i = 0; i < 20000; i++) {
    const t = performance.now();
    noop(i);
    probe += performance.now() - t;
  }
  const biasUs = (probe / 20000) * 1000;
  const rows = [...best.values()].map((s) => {
    const us = Math.max(0, (s.ms * 1000) / steps - (biasUs * s.calls) / steps);
    return { kernel: s.kernel, callsPerStep: s.calls / steps, usPerStep: us, gflops: s.flop ? (s.flop * s.calls) / steps / (us * 1e3) : null };
  }).sort((a, b) => b.usPerStep - a.usPerStep);
  const kernelUs = rows.reduce((s, r) => s + r.usPerStep, 0);
  const pct = (us) => `${((100 * us) / plainUs).toFixed(1)}%`;
  console.log(`\nper kernel (timer bias ${biasUs.toFixed(3)} µs/call subtracted; wrapped step ${wrappedUs.toFixed(1)} µs vs plain ${plainUs.toFixed(1)} µs):\n`);
  console.log('| kernel (m×n×k) | calls/step | µs/step | % of step | GFLOP/s |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.kernel} | ${r.callsPerStep} | ${r.usPerStep.toFixed(1)} | ${pct(r.usPerStep)} | ${r.gflops ? r.gflops.toFixed(1) : ''} |`);
  }
  const flopPerStep = rows.reduce((s, r) => s + (r.gflops ? r.gflops * r.usPerStep * 1e3 : 0), 0);
  console.log(`| **all kernels** | ${rows.reduce((s, r) => s + r.callsPerStep, 0)} | ${kernelUs.toFixed(1)} | ${pct(kernelUs)} | ${(flopPerStep / (kernelUs * 1e3)).toFixed(1)} (matmul flop / kernel time) |`);
  console.log(`| JS outside kernels (plain step − kernels) | | ${(plainUs - kernelUs).toFixed(1)} | ${pct(plainUs - kernelUs)} | |`);
  console.log(`| **step** | | ${plainUs.toFixed(1)} | 100% | ${(flopPerStep / (plainUs * 1e3)).toFixed(1)} (matmul flop / step time) |`);
  if (kernelUs > plainUs) {
    console.log(`\nNOTE: the kernels sum to more than the plain step: the wrapped rounds were disturbed (load average ${os.loadavg()[0].toFixed(2)}); rerun when the machine is quieter.`);
  }
  if (jsonPath) {
    writeFileSync(jsonPath, JSON.stringify({ node: process.version, backend: backend.name, build: backend.build, batch, steps, plainUs, wrappedUs, biasUs, kernelUs, rows }, null, 2));
    console.log(`wrote ${jsonPath}`);
  }
} else {
  console.log('(add --profile for the per-kernel table)');
}
plan.dispose();
arena.releaseAll();

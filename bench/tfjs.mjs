// tfjs-layers MNIST-shaped MLP (784-128-64-10, Adam 1e-3, batch 64) model.fit samples/s on the
// 'simdnn', 'wasm' (1 thread, SIMD) and 'cpu' tfjs backends. Each run is its own child process; runs
// alternate between backends; the table shows medians. Synthetic inputs (speed does not depend on the
// values). Then one profiled training step per backend: per-kernel count and ms (tf.profile, top 15),
// the step wall time, and the engine dispatch floor. `npm run bench:tfjs [-- --repeats N --json]`.
// Needs `npm run build` (uses dist/).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BACKENDS = ['simdnn', 'wasm', 'cpu'];
const args = process.argv.slice(2);
const N = 2048, BATCH = 64;

/** tfjs-core + layers on `backend` ('simdnn' from dist/, 'wasm' one thread). */
async function setup(backend) {
  const tf = await import('@tensorflow/tfjs-core');
  const tfl = await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // 1 thread (the SIMD build), read at setBackend
  }
  let table = null;
  if (backend === 'simdnn') table = (await import('../dist/adapters/tfjs/index.js')).kernelTable();
  await tf.setBackend(backend);
  return { tf, tfl, table };
}

function mlp(tf, tfl) {
  const model = tfl.sequential({ layers: [
    tfl.layers.dense({ units: 128, inputShape: [784], activation: 'relu' }),
    tfl.layers.dense({ units: 64, activation: 'relu' }),
    tfl.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/**
 * Steady-state training steps of model.fit (an epoch of N samples after a warm-up epoch) under tf.profile,
 * per step: per kernel name its count and kernel ms, the step's wall time (an unprofiled epoch / steps),
 * and the engine's dispatch cost (a scalar Add in a loop). fit, not trainOnBatch: fit's per-batch
 * slicing of the shuffled dataset (GatherV2) is part of what tfjs apps pay.
 */
async function profileStep(backend) {
  const { tf, tfl, table } = await setup(backend);
  const x = tf.randomUniform([N, 784], 0, 1, 'float32', 1);
  const y = tf.cast(tf.oneHot(tf.randomUniform([N], 0, 10, 'int32', 2), 10), 'float32');
  const model = mlp(tf, tfl);
  const steps = N / BATCH;
  await model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 }); // warm-up epoch
  const t = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 });
  const stepMs = (performance.now() - t) / steps;
  const info = await tf.profile(() => model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 }));
  const byName = new Map();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { kernel: k.name, count: 0, ms: 0 };
    e.count++;
    e.ms += k.kernelTimeMs / steps;
    byName.set(k.name, e);
  }
  const kernels = [...byName.values()].sort((p, q) => q.ms - p.ms);
  for (const k of kernels) k.count /= steps;
  const delegated = table ? new Set(table.delegated) : null;
  for (const k of kernels) k.native = delegated ? !delegated.has(k.kernel) : null;
  // Dispatch floor: a [1]+[1] Add through the engine, kept and disposed as layers does.
  const a = tf.scalar(1), b = tf.scalar(2);
  const reps = 20000;
  for (let i = 0; i < 2000; i++) tf.add(a, b).dispose();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) tf.add(a, b).dispose();
  const dispatchUs = ((performance.now() - t0) / reps) * 1000;
  return { backend, stepMs, kernelCalls: info.kernels.length / steps, kernelMs: kernels.reduce((s, k) => s + k.ms, 0), dispatchUs, kernels };
}

if (args[0] === '--profile') {
  console.log(JSON.stringify(await profileStep(args[1])));
  process.exit(0);
}

if (args[0] === '--child') {
  const backend = args[1];
  const { tf, tfl } = await setup(backend);
  const x = tf.randomUniform([N, 784], 0, 1, 'float32', 1);
  const y = tf.cast(tf.oneHot(tf.randomUniform([N], 0, 10, 'int32', 2), 10), 'float32');
  const model = mlp(tf, tfl);
  const epochs = backend === 'cpu' ? 1 : 2;
  await model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 }); // warm-up epoch
  const t0 = performance.now();
  await model.fit(x, y, { epochs, batchSize: BATCH, verbose: 0 });
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ backend, samplesPerSec: (N * epochs) / s }));
  process.exit(0);
}

const repeats = Number(args[args.indexOf('--repeats') + 1] || 3);
const results = Object.fromEntries(BACKENDS.map((b) => [b, []]));
const self = fileURLToPath(import.meta.url);
for (let r = 0; r < repeats; r++) {
  for (const b of BACKENDS) {
    const out = execFileSync(process.execPath, [self, '--child', b], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    results[b].push(JSON.parse(out.trim().split('\n').pop()).samplesPerSec);
  }
}
const median = (v) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)];
// One profiled training step per backend, each in its own process.
const profiles = BACKENDS.map((b) => JSON.parse(execFileSync(process.execPath, [self, '--profile', b], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop()));
const table = BACKENDS.map((b) => ({ backend: b, samplesPerSec: Math.round(median(results[b])), runs: results[b].map(Math.round) }));
if (args.includes('--json')) console.log(JSON.stringify({ bench: 'tfjs-layers MLP 784-128-64-10 fit, batch 64, Adam 1e-3', repeats, table, profiles }, null, 2));
else {
  for (const p of profiles) {
    console.log(`\n${p.backend}: one fit step ${p.stepMs.toFixed(2)} ms (epoch of ${N} / ${N / BATCH}), ${p.kernelCalls.toFixed(0)} kernel calls, ` +
      `${p.kernelMs.toFixed(2)} ms inside kernels (tf.profile), ${(p.stepMs - p.kernelMs).toFixed(2)} ms outside (tfjs-core/layers engine), dispatch ${p.dispatchUs.toFixed(2)} µs/op (scalar Add)`);
    const delegated = p.kernels.filter((k) => k.native === false);
    if (p.kernels[0]?.native !== null) {
      console.log(`  delegated to cpu (copies in and out included): ${delegated.reduce((s, k) => s + k.count, 0).toFixed(0)} calls, ${delegated.reduce((s, k) => s + k.ms, 0).toFixed(2)} ms`);
    }
    console.log(`  ${'kernel'.padEnd(22)} ${'count'.padStart(5)} ${'total ms'.padStart(9)}${p.kernels[0]?.native === null ? '' : '  where'}`);
    for (const k of p.kernels.slice(0, 15)) {
      console.log(`  ${k.kernel.padEnd(22)} ${k.count.toFixed(k.count % 1 ? 2 : 0).padStart(5)} ${k.ms.toFixed(3).padStart(9)}${k.native === null ? '' : k.native ? '  native' : '  cpu'}`);
    }
  }
  console.log('');
  console.log(`tfjs-layers MLP 784-128-64-10, Adam 1e-3, batch 64, model.fit; median of ${repeats} processes each`);
  for (const r of table) console.log(`${r.backend.padEnd(8)} ${String(r.samplesPerSec).padStart(8)} samples/s   runs ${r.runs.join(', ')}`);
  const w = table.find((r) => r.backend === 'wasm').samplesPerSec, s = table.find((r) => r.backend === 'simdnn').samplesPerSec;
  console.log(`simdnn / wasm: ${(s / w).toFixed(2)}×`);
}

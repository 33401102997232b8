// tfjs-layers on the 'simdnn', 'wasm' (1 thread, SIMD) and 'cpu' tfjs backends, samples/s: the MNIST-shaped
// MLP (784-128-64-10, Adam 1e-3, batch 64) model.fit and predict at batch 1 and 256, and the tfjs MNIST
// example CNN model.fit (against 'cpu': 'wasm' cannot train it) and predict. Each run is its own child
// process; runs alternate between backends; tables show medians. Synthetic inputs (speed does not depend
// on the values). Then one profiled MLP training step per backend: per-kernel count and ms (tf.profile,
// top 15), the step wall time, and the engine dispatch floor.
// `npm run bench:tfjs [-- --repeats N --cases mlp-train,cnn-train --base DIR --json]`; --base DIR adds
// 'simdnn@base', the tfjs adapter built in another checkout (before/after in one run). Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BACKENDS = ['simdnn', 'wasm', 'cpu'];
const args = process.argv.slice(2);
const N = 2048, BATCH = 64;
const WARMUP_MS = 300, MEASURE_MS = 1000;

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
  // 'simdnn@base': another checkout's build (--base DIR), for before/after in one run.
  if (backend === 'simdnn@base') table = (await import(pathToFileURL(join(process.env.SIMDNN_BASE, 'dist/adapters/tfjs/index.js')).href)).kernelTable();
  await tf.setBackend(backend === 'simdnn@base' ? 'simdnn' : backend);
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

/** The tfjs MNIST example CNN: conv 8@5×5 relu → maxpool 2 → conv 16@5×5 relu → maxpool 2 → flatten → dense 10 softmax. */
function cnn(tf, tfl) {
  const model = tfl.sequential({ layers: [
    tfl.layers.conv2d({ inputShape: [28, 28, 1], kernelSize: 5, filters: 8, activation: 'relu', kernelInitializer: 'varianceScaling' }),
    tfl.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }),
    tfl.layers.conv2d({ kernelSize: 5, filters: 16, activation: 'relu', kernelInitializer: 'varianceScaling' }),
    tfl.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 10, kernelInitializer: 'varianceScaling', activation: 'softmax' }),
  ] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** What each contender runs: model, training or prediction, batch, and the backends compared. */
const CASES = {
  'mlp-train': { model: 'mlp', train: true, batch: BATCH, backends: ['simdnn', 'wasm', 'cpu'], title: 'tfjs-layers MLP 784-128-64-10, Adam 1e-3, batch 64, model.fit' },
  'mlp-predict-1': { model: 'mlp', train: false, batch: 1, backends: ['simdnn', 'wasm', 'cpu'], title: 'MLP model.predict, batch 1' },
  'mlp-predict-256': { model: 'mlp', train: false, batch: 256, backends: ['simdnn', 'wasm', 'cpu'], title: 'MLP model.predict, batch 256' },
  'cnn-train': { model: 'cnn', train: true, batch: BATCH, backends: ['simdnn', 'cpu'], title: "tfjs MNIST CNN (conv8@5 → pool → conv16@5 → pool → dense10), Adam 1e-3, batch 64, model.fit ('wasm' has no Conv2DBackpropFilter)" },
  'cnn-predict-1': { model: 'cnn', train: false, batch: 1, backends: ['simdnn', 'wasm', 'cpu'], title: 'CNN model.predict, batch 1' },
  'cnn-predict-256': { model: 'cnn', train: false, batch: 256, backends: ['simdnn', 'wasm', 'cpu'], title: 'CNN model.predict, batch 256' },
};

/** samples/s of one case on one backend: warm-up, then at least ~1 s of fit epochs or predict calls. */
async function measure(name, backend) {
  const c = CASES[name];
  const { tf, tfl } = await setup(backend);
  const shape = c.model === 'mlp' ? [784] : [28, 28, 1];
  const slow = (backend === 'cpu' || backend === 'simdnn@base') && c.model === 'cnn'; // conv on tfjs-cpu code: ~10 samples/s
  const n = c.train ? (c.model === 'mlp' ? N : slow ? 128 : 512) : c.batch;
  const x = tf.randomUniform([n, ...shape], 0, 1, 'float32', 1);
  const y = tf.cast(tf.oneHot(tf.randomUniform([n], 0, 10, 'int32', 2), 10), 'float32');
  const model = c.model === 'mlp' ? mlp(tf, tfl) : cnn(tf, tfl);
  if (c.train) {
    await model.fit(slow ? tf.slice(x, 0, c.batch) : x, slow ? tf.slice(y, 0, c.batch) : y, { epochs: 1, batchSize: c.batch, verbose: 0 }); // warm-up
    // Steady state: one-epoch fits until ~1 s has passed (at least one), the same rule for every backend.
    let epochs = 0;
    const t0 = performance.now();
    do await model.fit(x, y, { epochs: 1, batchSize: c.batch, verbose: 0 }), epochs++;
    while (performance.now() - t0 < MEASURE_MS);
    return (n * epochs) / ((performance.now() - t0) / 1000);
  }
  const run = () => tf.tidy(() => { model.predict(x).dataSync(); }); // disposes the output too
  // Steady state, as for training: ~0.3 s of calls first, so the JIT has compiled every backend's JS
  // (a few calls measure V8's tiers, not the kernels; batch 1 is ~100 µs a call).
  for (let t = performance.now(); performance.now() - t < WARMUP_MS; ) run();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < (slow ? 2 * MEASURE_MS : MEASURE_MS)) run(), calls++;
  return (calls * n) / ((performance.now() - t0) / 1000);
}

if (args[0] === '--child') {
  console.log(JSON.stringify({ samplesPerSec: await measure(args[1], args[2]) }));
  process.exit(0);
}

const repeats = Number(args[args.indexOf('--repeats') + 1] || 3);
const only = args.includes('--cases') ? args[args.indexOf('--cases') + 1].split(',') : Object.keys(CASES);
const self = fileURLToPath(import.meta.url);
const base = args.includes('--base') ? resolve(args[args.indexOf('--base') + 1]) : null;
if (base) for (const c of Object.values(CASES)) c.backends.splice(1, 0, 'simdnn@base');
const env = base ? { ...process.env, SIMDNN_BASE: base } : process.env;
const child = (...a) => JSON.parse(execFileSync(process.execPath, [self, ...a], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop());
const results = Object.fromEntries(only.map((c) => [c, Object.fromEntries(CASES[c].backends.map((b) => [b, []]))]));
for (let r = 0; r < repeats; r++) {
  for (const c of only) for (const b of CASES[c].backends) results[c][b].push(child('--child', c, b).samplesPerSec);
}
const median = (v) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)];
// One profiled training step per backend, each in its own process.
const profiles = only.includes('mlp-train') ? [...BACKENDS.slice(0, 1), ...(base ? ['simdnn@base'] : []), ...BACKENDS.slice(1)].map((b) => child('--profile', b)) : [];
const tables = only.map((c) => ({
  case: c, title: CASES[c].title,
  table: CASES[c].backends.map((b) => ({ backend: b, samplesPerSec: Math.round(median(results[c][b])), runs: results[c][b].map(Math.round) })),
}));
if (args.includes('--json')) console.log(JSON.stringify({ bench: 'tfjs-layers on simdnn / wasm / cpu', repeats, tables, profiles }, null, 2));
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
  for (const t of tables) {
    console.log(`\n${t.title}; median of ${repeats} processes each`);
    const s = t.table.find((r) => r.backend === 'simdnn').samplesPerSec;
    for (const r of t.table) {
      console.log(`${r.backend.padEnd(12)} ${String(r.samplesPerSec).padStart(9)} samples/s   simdnn / ${r.backend.padEnd(12)} ${(s / r.samplesPerSec).toFixed(2).padStart(7)}×   runs ${r.runs.join(', ')}`);
    }
  }
}

// End-to-end MNIST training benchmark: simdnn (wasm baseline SIMD, wasm relaxed SIMD, ts) against
// tfjs-layers on @tensorflow/tfjs-backend-wasm (1 thread) and tfjs-backend-cpu. Same data (8000/2000 real
// digits), model (MODELS below and in bench/train-worker.mjs, glorotNormal), optimizer (Adam 1e-3), batch
// (64 for the MLP, 32 for the CNN), epochs. Each contender runs in its own process
// (bench/train-worker.mjs), repeats interleaved so load drift hits all alike.
//   npm run bench:train [-- --model mlp|cnn] [-- --epochs 2] [-- --repeats 3] [-- --json FILE] [-- --quick]
//                       [-- --only simdnn-wasm,tfjs-wasm] [-- --no-sweep] [-- --threads 1,2]
// --threads 1,2 runs every simdnn wasm contender once per thread count (nn.setThreads in its process),
// named like "simdnn-wasm 2t", and prints the speedup over 1 thread and batch-256 predict GFLOP/s.
import { fork, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { coldTable, mainTable, sweepTable, threadsSweepTable, threadsTable } from './tables.mjs';

const WORKER = fileURLToPath(new URL('./train-worker.mjs', import.meta.url));
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const CONTENDERS = [
  { name: 'simdnn-wasm', what: 'simdnn, wasm baseline SIMD (Node 20 default)', execArgv: [] },
  { name: 'simdnn-relaxed', what: `simdnn, wasm relaxed SIMD (${RELAXED_FLAG})`, execArgv: [RELAXED_FLAG] },
  { name: 'simdnn-ts', what: 'simdnn, pure-TS backend', execArgv: [] },
  { name: 'tfjs-wasm', what: 'tfjs-layers + tfjs-backend-wasm (SIMD, 1 thread)', execArgv: [] },
  { name: 'tfjs-cpu', what: 'tfjs-layers + tfjs-backend-cpu', execArgv: [] },
];

// Per model: what the ratios compare against (training and peak RSS to `train`; predict and cold start to
// `predict`), who runs the batch-size sweep, and per-contender worker arguments over the defaults.
// NOTE: tfjs-backend-wasm 4.22 cannot train a CNN (no Conv2DBackpropFilter kernel), so the CNN's training
// reference is tfjs-cpu; it trains ~12–16 samples/s here, so it gets 512 samples (1 warm-up + 2 timed
// epochs ≈ 2 min a run) instead of 8000 (≈ 30 min a run), and its test accuracy is not comparable.
const MODELS = {
  mlp: {
    title: 'MNIST MLP', what: '784-128-64-10 relu/relu/softmax',
    reference: { train: 'tfjs-wasm', predict: 'tfjs-wasm' }, sweep: ['simdnn-wasm', 'tfjs-wasm'],
    perContender: { full: {}, quick: {} }, note: null,
  },
  cnn: {
    title: 'MNIST CNN', what: 'conv 8@5×5 relu → maxpool 2 → conv 16@5×5 relu → maxpool 2 → flatten → dense 10 softmax (the tfjs example)',
    reference: { train: 'tfjs-cpu', predict: 'tfjs-wasm' }, sweep: ['simdnn-wasm'],
    perContender: {
      full: { 'tfjs-cpu': { 'train-samples': 512 } },
      quick: { 'tfjs-cpu': { 'train-samples': 64, 'b256-calls': 5 } },
    },
    note: 'tfjs-cpu trains this CNN at ~12-16 samples/s, so it trains on fewer samples (perContender) to keep a full run near 15 min: ' +
      'its samples/s is comparable, its test accuracy is not. tfjs-wasm (4.22) cannot train it; its predict times are on the untrained model.',
  },
};

function options(argv) {
  const value = (flag, fallback) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
  const quick = argv.includes('--quick');
  const positive = (flag, fallback) => {
    const v = Number(value(flag, fallback));
    if (!Number.isInteger(v) || v <= 0) throw new Error(`bench/train: ${flag} must be a positive integer, got ${value(flag)}`);
    return v;
  };
  const model = value('--model', 'mlp');
  if (!Object.hasOwn(MODELS, model)) throw new Error(`bench/train: unknown --model ${model}; expected ${Object.keys(MODELS).join(', ')}`);
  const only = value('--only', null)?.split(',');
  const unknown = only?.filter((n) => !CONTENDERS.some((c) => c.name === n)) ?? [];
  if (unknown.length) throw new Error(`bench/train: unknown contender ${unknown.join(', ')}; expected ${CONTENDERS.map((c) => c.name).join(', ')}`);
  const threads = value('--threads', null)?.split(',').map(Number);
  if (threads?.some((t) => !Number.isInteger(t) || t <= 0)) throw new Error(`bench/train: --threads must be positive integers, got ${value('--threads')}`);
  const chosen = CONTENDERS.filter((c) => !only || only.includes(c.name));
  const contenders = threads
    ? chosen.flatMap((c) => (c.name === 'simdnn-ts' || !c.name.startsWith('simdnn') ? [c] : threads.map((t) => ({ ...c, name: `${c.name} ${t}t`, base: c.name, threads: t }))))
    : chosen;
  return {
    quick,
    model,
    threads,
    ...MODELS[model],
    perContender: MODELS[model].perContender[quick ? 'quick' : 'full'],
    epochs: positive('--epochs', quick ? 1 : 2),
    repeats: positive('--repeats', quick ? 1 : 3),
    json: value('--json', null),
    contenders,
    sweep: argv.includes('--no-sweep') ? [] : MODELS[model].sweep,
    // Quick mode: a quarter of the training set, fewer timed calls, a short sweep.
    worker: quick
      ? { 'train-samples': 2048, 'b1-calls': 50, 'b256-calls': 10, 'sweep-samples': 512 }
      : { 'train-samples': 8000, 'b1-calls': 200, 'b256-calls': 50, 'sweep-samples': 4096 },
  };
}

/** Runs one worker and resolves with the message it sends; rejects with its stderr on failure. */
function runWorker(contender, args) {
  return new Promise((resolve, reject) => {
    const flat = Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const thread = contender.threads ? ['--threads', String(contender.threads)] : [];
    const child = fork(WORKER, ['--contender', contender.base ?? contender.name, ...thread, ...flat], { execArgv: contender.execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '', result = null;
    child.stderr.on('data', (d) => (stderr += d));
    child.on('message', (m) => (result = m));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${contender.name} (${flat.join(' ')}) exited with ${code}:\n${stderr.trim()}`));
    });
  });
}

/** The empty process for reference: wall time spawn → exit of `node -e 0`, and in-process time to user code. */
async function nodeReference(repeats) {
  const wall = [], boot = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await new Promise((resolve, reject) => spawn(process.execPath, ['-e', '0']).on('exit', resolve).on('error', reject));
    wall.push(performance.now() - t);
    boot.push(await new Promise((resolve, reject) => {
      let out = '';
      const child = spawn(process.execPath, ['-e', 'process.stdout.write(String(performance.now()))']);
      child.stdout.on('data', (d) => (out += d));
      child.on('error', reject).on('exit', () => resolve(Number(out)));
    }));
  }
  return { wallMs: median(wall), bootMs: median(boot) };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median of every numeric field (nested one level for coldStart) over the repeats. */
function medianRun(runs) {
  const out = { ...runs[0] };
  for (const [key, v] of Object.entries(runs[0])) {
    if (typeof v === 'number') out[key] = median(runs.map((r) => r[key]));
    else if (v && typeof v === 'object') out[key] = medianRun(runs.map((r) => r[key]));
  }
  return out;
}

// The ratio columns: value, which reference of MODELS[*].reference, and whether higher is better.
const RATIOS = {
  samplesPerSec: [(r) => r.samplesPerSec, 'train', true],
  predictB1Ms: [(r) => r.predictB1Ms, 'predict', false],
  predictB256Ms: [(r) => r.predictB256Ms, 'predict', false],
  coldStartMs: [(r) => r.coldStart.totalMs, 'predict', false],
  peakRssMB: [(r) => r.peakRssMB, 'train', false],
};

/**
 * How many times better than the reference each contender is, per column (> 1: faster or smaller);
 * null where the reference was not run, is the contender itself, or either value is missing.
 */
function ratios(results, reference) {
  return Object.fromEntries(Object.entries(results).map(([name, r]) => [name, Object.fromEntries(
    Object.entries(RATIOS).map(([key, [get, which, higherIsBetter]]) => {
      const ref = results[reference[which]], a = get(r), b = ref && get(ref);
      // A contender that could not train has no training-process numbers to compare (its RSS is inference only).
      const trained = which !== 'train' || r.training?.supported !== false;
      const ok = ref && trained && name !== reference[which] && Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0;
      return [key, ok ? (higherIsBetter ? a / b : b / a) : null];
    }),
  )]));
}

async function main() {
  const o = options(process.argv.slice(2));
  const loadBefore = os.loadavg();
  const env = { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: `${os.platform()} ${os.arch()}` };
  console.log(`# simdnn vs tfjs: ${o.title} training (${o.quick ? 'quick' : 'full'}): ${env.node}, ${env.cpu}, ${env.cores} cores; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  const reference = await nodeReference(o.quick ? 1 : Math.max(o.repeats, 5));
  const runs = Object.fromEntries(o.contenders.map((c) => [c.name, []]));
  for (let r = 0; r < o.repeats; r++) {
    for (const c of o.contenders) {
      process.stderr.write(`  ${c.name} run ${r + 1}/${o.repeats}…\n`);
      runs[c.name].push(await runWorker(c, { model: o.model, mode: 'full', epochs: o.epochs, seed: 1, ...o.worker, ...o.perContender[c.name] }));
    }
  }
  const results = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, medianRun(list)]));
  const sweepRuns = {};
  if (o.sweep.length) {
    for (let r = 0; r < o.repeats; r++) {
      for (const c of o.contenders.filter((c) => o.sweep.includes(c.base ?? c.name))) {
        process.stderr.write(`  ${c.name} batch-size sweep ${r + 1}/${o.repeats}…\n`);
        (sweepRuns[c.name] ??= []).push(await runWorker(c, { model: o.model, mode: 'sweep', seed: 1, 'sweep-samples': o.worker['sweep-samples'] }));
      }
    }
  }
  const sweep = Object.fromEntries(Object.entries(sweepRuns).map(([name, list]) => [name, medianRun(list)]));
  const loadAfter = os.loadavg();

  const first = Object.values(results)[0];
  const fewer = Object.entries(results).filter(([, r]) => r.trainSamples !== first.trainSamples).map(([n, r]) => `${n}: ${r.trainSamples}`);
  console.log(`\n${first.trainSamples}${fewer.length ? ` (${fewer.join(', ')})` : ''} train / ${first.testSamples} test digits, ${o.what}, Adam 1e-3, ` +
    `batch ${first.batchSize}, ${o.epochs} epoch(s); median of ${o.repeats} run(s), each contender in its own process.`);
  const { train: refTrain, predict: refPredict } = o.reference;
  const against = refTrain === refPredict ? `than ${refTrain}` : `than ${refTrain} (training, peak RSS) or ${refPredict} (predict, cold start)`;
  console.log(`(N×) = N times better ${against} (faster, or smaller); below 1 is worse. Training speed is steady state: each contender first fits one epoch of the same data on a throwaway model.`);
  for (const [n, r] of Object.entries(results)) if (r.training?.supported === false) console.log(`${n} cannot train this model: ${r.training.error}; its predict times are on the untrained model.`);
  console.log('');
  const ratio = ratios(results, o.reference);
  console.log(mainTable(results, ratio));
  console.log('\nBuilds: ' + Object.entries(results).map(([n, r]) => `${n} = ${r.build}`).join('; '));
  console.log('\nCold start (ms from process start, in the child: import + backend init + model build + one batch-1 predict):\n');
  console.log(coldTable(results, reference));
  if (Object.keys(sweep).length) {
    console.log(`\nBatch-size sweep: training samples/s over ${Object.values(sweep)[0].sweepSamples} samples (1 epoch, after a warm-up of 5 batches):\n`);
    console.log(sweepTable(sweep, refTrain));
  }
  if (o.threads) {
    console.log(`\n${threadsTable(results, o.model)}`);
    const bySize = threadsSweepTable(sweep);
    if (bySize) console.log(`\nBy batch size and thread count:\n\n${bySize}`);
  }
  console.log(`\nload average after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (shared machine)`);
  if (o.json) {
    const config = { date: new Date().toISOString().slice(0, 10), model: o.model, what: o.what, quick: o.quick, threads: o.threads ?? null, epochs: o.epochs, repeats: o.repeats, batchSize: first.batchSize, ...o.worker, perContender: o.perContender, note: o.note };
    const ratioNote = 'times better than reference[column]: samplesPerSec and peakRssMB against reference.train, the rest against reference.predict';
    writeFileSync(o.json, JSON.stringify({ env, loadAverage: { before: loadBefore, after: loadAfter }, config, reference: o.reference, ratioNote, ratios: ratio, nodeReference: reference, results, runs, sweep }, null, 2));
    console.log(`wrote ${o.json}`);
  }
}

main().catch((err) => {
  console.error(err?.stack ?? String(err));
  process.exit(1);
});

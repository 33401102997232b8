// One contender of the end-to-end training benchmark, in its own process (bench/train.mjs forks it), so
// contenders share no heap, JIT state or wasm instance. Reports one JSON message to the parent over IPC.
//   node bench/train-worker.mjs --contender simdnn-wasm|simdnn-relaxed|simdnn-ts|tfjs-wasm|tfjs-cpu
//        [--model mlp|cnn] [--mode full|sweep] [--epochs 2] [--train-samples 8000] [--b1-calls 200] [--b256-calls 50]
//        [--batch-sizes 1,8,32,64,256,512] [--sweep-samples 4096] [--seed 1] [--threads N (simdnn wasm: nn.setThreads)]
// Cold start is "process start → first prediction": performance.now() counts from performance.timeOrigin,
// which Node sets when the process starts, so everything below (imports included) is inside it. For that
// reason this file has no static imports: the library and the dataset are imported after the clock runs.

const WARMUP_BATCHES = 5;
// From ./models.mjs, imported first thing in main() (no static imports, above): a few lines of data, so it
// barely moves the "node boot → first line" time.
let CLASSES, MODELS, buildLayers;

/** Errors that mean "this library cannot train this model", reported rather than thrown. */
const UNSUPPORTED = /not registered for backend/;

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new Error(`train-worker: unexpected argument ${argv[i]}`);
    o[argv[i].slice(2)] = argv[i + 1];
    i++;
  }
  return o;
}

// Adapters: the same five operations for simdnn and tfjs-layers, for any spec of MODELS. Inputs are plain
// Float32Arrays so the data is identical bit for bit; each adapter creates its own tensors, as a user of
// that library would.
async function simdnnAdapter(backend, spec, threads) {
  const width = spec.inputShape.reduce((a, b) => a * b);
  const nn = await import('../dist/index.js');
  await nn.setBackend(backend);
  await nn.ready();
  if (threads) await nn.setThreads(threads);
  const build = nn.getWasmBuild();
  return {
    library: 'simdnn', build, threads: nn.getThreads?.() ?? 1,
    model(seed) {
      const m = nn.sequential({ seed, layers: buildLayers(spec, (kind, args) => nn.layers[kind](args), () => 'glorotNormal') });
      m.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      return m;
    },
    tensors: (x, y, n) => ({ x: nn.tensor(x.subarray(0, n * width), [n, ...spec.inputShape]), y: nn.tensor2d(y.subarray(0, n * CLASSES), [n, CLASSES]) }),
    fit: (m, t, epochs, batchSize, seed) => m.fit(t.x, t.y, { epochs, batchSize, shuffle: true, seed }),
    accuracy(m, t) {
      const [, acc] = m.evaluate(t.x, t.y, { batchSize: 256 });
      return acc.dataSync()[0];
    },
    // A user's round trip: rows in, probabilities out as a Float32Array.
    predict: (m, x, n) => m.predict(nn.tensor(x.subarray(0, n * width), [n, ...spec.inputShape]), { batchSize: n }).dataSync(),
    dispose: (m) => m.dispose(),
  };
}

async function tfjsAdapter(backend, spec) {
  const width = spec.inputShape.reduce((a, b) => a * b);
  const tf = await import('@tensorflow/tfjs-core');
  const tfl = await import('@tensorflow/tfjs-layers');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const { createRequire } = await import('node:module');
    const { dirname } = await import('node:path');
    const dir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(`${dir}/`);
    // One thread: the non-threaded SIMD binary (tfjs-backend-wasm-simd.wasm), as simdnn runs on one thread.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: setBackend('${backend}') failed`);
  await tf.ready();
  let build = backend;
  if (backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    build = simd ? 'tfjs-backend-wasm-simd.wasm, 1 thread' : 'tfjs-backend-wasm.wasm (no SIMD), 1 thread';
  }
  return {
    library: 'tfjs', build,
    model(seed) {
      const init = (k) => tfl.initializers.glorotNormal({ seed: seed * 10 + k });
      const m = tfl.sequential({ layers: buildLayers(spec, (kind, args) => tfl.layers[kind](args), init) });
      m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      return m;
    },
    tensors: (x, y, n) => ({ x: tf.tensor(x.subarray(0, n * width), [n, ...spec.inputShape]), y: tf.tensor2d(y.subarray(0, n * CLASSES), [n, CLASSES]) }),
    // NOTE: tfjs-layers shuffles with Math.random (not seedable); the initial weights are seeded.
    fit: (m, t, epochs, batchSize) => m.fit(t.x, t.y, { epochs, batchSize, shuffle: true, verbose: 0 }),
    accuracy(m, t) {
      const out = m.evaluate(t.x, t.y, { batchSize: 256 });
      const acc = out[1].dataSync()[0];
      tf.dispose(out);
      return acc;
    },
    predict(m, x, n) {
      const input = tf.tensor(x.subarray(0, n * width), [n, ...spec.inputShape]);
      const out = m.predict(input, { batchSize: n });
      const values = out.dataSync();
      tf.dispose([input, out]);
      return values;
    },
    dispose: (m) => m.dispose(),
  };
}

const CONTENDERS = {
  'simdnn-wasm': (spec, threads) => simdnnAdapter('wasm', spec, threads),
  'simdnn-relaxed': (spec, threads) => simdnnAdapter('wasm', spec, threads),
  'simdnn-ts': (spec) => simdnnAdapter('ts', spec),
  'tfjs-wasm': (spec) => tfjsAdapter('wasm', spec),
  'tfjs-cpu': (spec) => tfjsAdapter('cpu', spec),
};

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median ms of `calls` predictions of n rows, after `calls / 4` (≥ 3) warm-up calls. */
function predictLatency(lib, model, x, n, calls) {
  for (let i = 0; i < Math.max(3, calls >> 2); i++) lib.predict(model, x, n);
  const times = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    lib.predict(model, x, n);
    times[i] = performance.now() - t;
  }
  return median(times);
}

/**
 * Warm-up fit on a throwaway model (JIT tier-up, kernel caches, and — with `warmSamples` = all — the
 * memory growth a first fit on the whole dataset pays), then the timed fit. Same for every contender.
 */
async function timedFit(lib, t, samples, epochs, batchSize, seed, warmSamples = WARMUP_BATCHES * batchSize) {
  const warm = lib.model(seed + 1000);
  const wt = lib.tensors(t.xs, t.ys, Math.min(samples, warmSamples));
  await lib.fit(warm, wt, 1, batchSize, seed);
  lib.dispose(warm);
  const model = lib.model(seed);
  const tensors = lib.tensors(t.xs, t.ys, samples);
  const start = performance.now();
  await lib.fit(model, tensors, epochs, batchSize, seed);
  const ms = performance.now() - start;
  return { model, samplesPerSec: (samples * epochs) / (ms / 1000), fitMs: ms };
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const name = a.contender;
  if (!Object.hasOwn(CONTENDERS, name)) throw new Error(`train-worker: unknown --contender ${name}; expected one of ${Object.keys(CONTENDERS).join(', ')}`);
  const mode = a.mode ?? 'full', seed = Number(a.seed ?? 1), modelName = a.model ?? 'mlp';
  ({ CLASSES, MODELS, buildLayers } = await import('./models.mjs'));
  if (!Object.hasOwn(MODELS, modelName)) throw new Error(`train-worker: unknown --model ${modelName}; expected one of ${Object.keys(MODELS).join(', ')}`);
  const spec = MODELS[modelName];

  // Cold start: import + backend init + model build + one batch-1 prediction, from process start.
  const tImport = performance.now();
  const lib = await CONTENDERS[name](spec, a.threads ? Number(a.threads) : undefined);
  const tInit = performance.now();
  const first = lib.model(seed);
  const tBuild = performance.now();
  const row = new Float32Array(spec.inputShape.reduce((a, b) => a * b)).fill(0.5);
  lib.predict(first, row, 1);
  const tFirst = performance.now();
  lib.dispose(first);
  const cold = { totalMs: tFirst, nodeBootMs: tImport, importInitMs: tInit - tImport, buildMs: tBuild - tInit, firstPredictMs: tFirst - tBuild };
  if (name === 'simdnn-relaxed' && lib.build !== 'relaxed') throw new Error(`simdnn-relaxed: got the ${lib.build} build; start Node with --experimental-wasm-relaxed-simd`);
  if (name === 'simdnn-wasm' && lib.build !== 'simd') throw new Error(`simdnn-wasm: got the ${lib.build} build; the baseline SIMD build runs when relaxed SIMD is off (Node 20 default)`);

  const { mnist } = await import('../dist/datasets/mnist.js');
  const { train, test } = mnist({ split: 'proportional' });
  const t = { xs: train.x, ys: train.y };
  const result = { contender: name, library: lib.library, build: lib.build, threads: lib.threads ?? 1, model: modelName, mode, node: process.version };

  if (mode === 'sweep') {
    const samples = Math.min(Number(a['sweep-samples'] ?? 4096), train.n);
    result.sweepSamples = samples;
    result.sweep = {};
    for (const bs of (a['batch-sizes'] ?? '1,8,32,64,256,512').split(',').map(Number)) {
      const { model, samplesPerSec } = await timedFit(lib, t, samples, 1, bs, seed);
      lib.dispose(model);
      result.sweep[bs] = samplesPerSec;
    }
  } else {
    const epochs = Number(a.epochs ?? 2), samples = Math.min(Number(a['train-samples'] ?? train.n), train.n);
    // Steady-state training speed: warm up with one epoch over the same data. A library that cannot
    // train the model (tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter) reports why, and its
    // inference is timed on the untrained model (same arithmetic, other weights).
    let fit;
    try {
      fit = await timedFit(lib, t, samples, epochs, spec.batchSize, seed, samples);
    } catch (err) {
      if (!UNSUPPORTED.test(err?.message)) throw err;
      fit = { model: lib.model(seed), samplesPerSec: null, fitMs: null, unsupported: err.message };
    }
    const testTensors = lib.tensors(test.x, test.y, test.n);
    Object.assign(result, {
      epochs, trainSamples: samples, testSamples: test.n, batchSize: spec.batchSize,
      training: fit.unsupported ? { supported: false, error: fit.unsupported } : { supported: true },
      samplesPerSec: fit.samplesPerSec, fitMs: fit.fitMs,
      testAccuracy: fit.unsupported ? null : lib.accuracy(fit.model, testTensors),
      predictB1Ms: predictLatency(lib, fit.model, test.x, 1, Number(a['b1-calls'] ?? 200)),
      predictB256Ms: predictLatency(lib, fit.model, test.x, 256, Number(a['b256-calls'] ?? 50)),
      coldStart: cold,
    });
  }
  // maxRSS is in kilobytes (the kernel's ru_maxrss); the peak over the whole process, data included.
  result.peakRssMB = process.resourceUsage().maxRSS / 1024;
  return result;
}

main().then(
  (result) => (process.send ? process.send(result, () => process.exit(0)) : (console.log(JSON.stringify(result)), process.exit(0))),
  (err) => {
    console.error(err?.stack ?? String(err));
    process.exit(1);
  },
);

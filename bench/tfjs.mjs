// tfjs-layers MNIST-shaped MLP (784-128-64-10, Adam 1e-3, batch 64) model.fit samples/s on the
// 'simdnn', 'wasm' (1 thread, SIMD) and 'cpu' tfjs backends. Each run is its own child process; runs
// alternate between backends; the table shows medians. Synthetic inputs (speed does not depend on the
// values). `npm run bench:tfjs [-- --repeats N --json]`. Needs `npm run build` (uses dist/).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BACKENDS = ['simdnn', 'wasm', 'cpu'];
const args = process.argv.slice(2);
const N = 2048, BATCH = 64;

if (args[0] === '--child') {
  const backend = args[1];
  const tf = await import('@tensorflow/tfjs-core');
  const tfl = await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // 1 thread (the SIMD build), read at setBackend
  }
  if (backend === 'simdnn') await import('../dist/adapters/tfjs/index.js');
  await tf.setBackend(backend);
  const x = tf.randomUniform([N, 784], 0, 1, 'float32', 1);
  const y = tf.cast(tf.oneHot(tf.randomUniform([N], 0, 10, 'int32', 2), 10), 'float32');
  const model = tfl.sequential({ layers: [
    tfl.layers.dense({ units: 128, inputShape: [784], activation: 'relu' }),
    tfl.layers.dense({ units: 64, activation: 'relu' }),
    tfl.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
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
const table = BACKENDS.map((b) => ({ backend: b, samplesPerSec: Math.round(median(results[b])), runs: results[b].map(Math.round) }));
if (args.includes('--json')) console.log(JSON.stringify({ bench: 'tfjs-layers MLP 784-128-64-10 fit, batch 64, Adam 1e-3', repeats, table }, null, 2));
else {
  console.log(`tfjs-layers MLP 784-128-64-10, Adam 1e-3, batch 64, model.fit; median of ${repeats} processes each`);
  for (const r of table) console.log(`${r.backend.padEnd(8)} ${String(r.samplesPerSec).padStart(8)} samples/s   runs ${r.runs.join(', ')}`);
  const w = table.find((r) => r.backend === 'wasm').samplesPerSec, s = table.find((r) => r.backend === 'simdnn').samplesPerSec;
  console.log(`simdnn / wasm: ${(s / w).toFixed(2)}×`);
}

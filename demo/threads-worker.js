// Trains the demo's MNIST MLP inside a Web Worker on `threads` threads (nn.setThreads: the pool's own
// workers are nested Web Workers started from a Blob URL) and posts the loss, the thread count in use,
// crossOriginIsolated and samples/s. Threads need shared wasm memory (a cross-origin isolated page:
// scripts/serve.mjs sends COOP/COEP unless --no-isolation) and Atomics.wait, which a Worker has.
import * as nn from '../dist/index.js';

/** Parses demo/data/mnist-sample.bin (format in scripts/build-demo.mjs): the training digits only. */
async function loadTrain(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} (run \`npm run build:demo\` to create it)`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const view = new DataView(bytes.buffer);
  const n = view.getUint32(4, true), px = view.getUint32(12, true) ** 2;
  const x = new Float32Array(n * px);
  for (let i = 0; i < x.length; i++) x[i] = bytes[16 + i] / 255;
  const y = new Float32Array(n * 10);
  bytes.subarray(16 + n * px, 16 + n * px + n).forEach((d, i) => (y[i * 10 + d] = 1));
  return { x: nn.tensor2d(x, [n, px]), y: nn.tensor2d(y, [n, 10]), n };
}

/** Why this Worker computes on one thread, or '' when it may use more. */
function whyOneThread() {
  if (!self.crossOriginIsolated) return 'the page is not cross-origin isolated (served without COOP/COEP headers), so there is no SharedArrayBuffer and no shared wasm memory: simdnn runs on 1 thread';
  if (nn.getBackend() !== 'wasm') return `the ${nn.getBackend()} backend runs on 1 thread`;
  return '';
}

let data = null;

self.onmessage = async (event) => {
  const { threads = 2, epochs = 1, units = 128 } = event.data ?? {};
  try {
    await nn.ready();
    data ??= await loadTrain('./data/mnist-sample.bin');
    const used = await nn.setThreads(threads);
    const model = nn.sequential({
      seed: 1,
      layers: [nn.layers.dense({ units, inputShape: [784], activation: 'relu' }), nn.layers.dense({ units: 10, activation: 'softmax' })],
    });
    model.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const started = performance.now();
    const history = await model.fit(data.x, data.y, { epochs, batchSize: 32, seed: 1, yieldEvery: 'never' });
    const seconds = (performance.now() - started) / 1000;
    const losses = history.history.loss;
    model.dispose();
    self.postMessage({
      requested: threads, used, threads: nn.getThreads(), crossOriginIsolated: self.crossOriginIsolated === true,
      reason: used < threads ? whyOneThread() : '', losses, samplesPerSec: (epochs * data.n) / seconds, seconds,
      backend: nn.getBackend(), build: nn.getWasmBuild(),
    });
  } catch (e) {
    self.postMessage({ error: String(e?.stack ?? e) });
  }
};

// Measures JS heap bytes allocated per training step. Run by alloc.test.ts as
//   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 alloc-child.mjs <backend> <steps>
// The young generation is large enough that no GC runs during a fit, so heapUsed grows by exactly what
// the fit allocated; comparing fits of N and 2N steps isolates the per-step part.
import { PerformanceObserver } from 'node:perf_hooks';
import * as nn from '../../dist/index.js';

let gcs = 0;
new PerformanceObserver((list) => (gcs += list.getEntries().length)).observe({ entryTypes: ['gc'] });

const backend = process.argv[2] ?? 'wasm';
await nn.setBackend(backend);
const model = nn.sequential({
  seed: 1,
  layers: [
    nn.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }),
    nn.layers.batchNormalization(),
    nn.layers.dropout({ rate: 0.1 }),
    nn.layers.dense({ units: 3, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: nn.train.adam(1e-3, 0.9, 0.999, 1e-7, { clipNorm: 1 }), loss: 'categoricalCrossentropy', metrics: ['acc'] });
function data(n) {
  const x = new Float32Array(n * 8).map((_, i) => Math.sin(i));
  const y = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) y[i * 3 + (i % 3)] = 1;
  return [nn.tensor2d(x, [n, 8]), nn.tensor2d(y, [n, 3])];
}
const N = Number(process.argv[3] ?? 4000);
const small = data(N), large = data(2 * N);
// yieldEvery: Infinity keeps the (time-based) event-loop yields out of the measurement.
// Heap bytes allocated by one fit. A GC inside the window (a full young generation would be one, but
// external-memory pressure from other processes can also trigger one) makes the reading meaningless, so
// such a reading is taken again, up to three times.
const fit = async ([x, y]) => {
  for (let attempt = 0; ; attempt++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10)); // deliver the forced GC's observer entry first
    const gcBefore = gcs;
    const before = process.memoryUsage().heapUsed;
    await model.fit(x, y, { epochs: 1, batchSize: 1, yieldEvery: Infinity });
    const bytes = process.memoryUsage().heapUsed - before;
    await new Promise((r) => setTimeout(r, 10));
    if (gcs === gcBefore) return bytes;
    if (attempt === 2) throw new Error(`a GC ran during each of 3 measured fits; the numbers would be meaningless`);
  }
};
// Warm up: compile, tier up, allocate optimizer state; later fits allocate only per-fit bookkeeping.
for (let i = 0; i < 2; i++) {
  await fit(small);
  await fit(large);
}
if (process.argv[4] === 'predict') {
  // Batch-1 inference through predictInto: N calls vs 2N calls.
  const input = new Float32Array(8).fill(0.5), output = new Float32Array(3);
  const calls = async (k) => {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10));
    const g = gcs, before = process.memoryUsage().heapUsed;
    for (let i = 0; i < k; i++) model.predictInto(input, output);
    const bytes = process.memoryUsage().heapUsed - before;
    await new Promise((r) => setTimeout(r, 10));
    if (gcs !== g) throw new Error('a GC ran during the measured calls');
    return bytes;
  };
  await calls(N);
  await calls(2 * N);
  const per = [];
  for (let i = 0; i < 3; i++) {
    const a = await calls(N), b = await calls(2 * N);
    per.push((b - a) / N);
  }
  per.sort((p, q) => p - q);
  console.log(JSON.stringify({ backend, calls: N, samples: per, perCall: per[1] }));
  process.exit(0);
}

// The per-fit bookkeeping varies by a few hundred KB between fits (optimizing-compiler work lands on the
// heap too), so take the median of five pairs.
const perStep = [];
for (let i = 0; i < 5; i++) {
  const a = await fit(small), b = await fit(large);
  perStep.push((b - a) / N);
}
perStep.sort((p, q) => p - q);
console.log(JSON.stringify({ backend, steps: N, samples: perStep, perStep: perStep[2] }));

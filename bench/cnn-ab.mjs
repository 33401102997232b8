// MNIST CNN training throughput (examples/mnist-cnn.mjs architecture, batch 32, 8000 digits, no augmentation)
// with a baseline wasm against this build: one process per run, old and new alternating, medians. Each run
// trains a warm-up epoch, then times 2 epochs by CPU time of the process (the machine may be shared).
//   node bench/cnn-ab.mjs <baseline-dir> [simd|relaxed] [rounds]     (baseline-dir: simdnn-{simd,relaxed}.wasm)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--run') {
  const nn = await import('../dist/index.js');
  const { mnist } = await import('../dist/datasets/mnist.js');
  nn.setWasmModule(new WebAssembly.Module(readFileSync(rest[0])));
  await nn.setBackend('wasm');
  const { train } = mnist({ split: 'proportional', seed: 1 });
  const { mnistCnnLayers } = await import('../dist/bench/index.js');
  const model = nn.sequential({ seed: 1, layers: mnistCnnLayers() });
  model.compile({ optimizer: nn.train.adam(3e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = nn.tensor4d(train.x, [train.n, 28, 28, 1]), y = nn.tensor2d(train.y, [train.n, 10]);
  await model.fit(x, y, { epochs: 1, batchSize: 32, seed: 1 }); // warm-up (V8 tier-up)
  const c0 = process.cpuUsage();
  const h = await model.fit(x, y, { epochs: 2, batchSize: 32, seed: 1 });
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ sps: (2 * train.n) / ((c.user + c.system) / 1e6), loss: h.history.loss.at(-1) }));
} else {
  const dir = mode, build = rest[0] ?? 'simd', rounds = Number(rest[1] ?? 5);
  if (!dir) throw new Error('usage: bench/cnn-ab.mjs <baseline-dir> [simd|relaxed] [rounds]');
  const self = fileURLToPath(import.meta.url), flags = build === 'relaxed' ? ['--experimental-wasm-relaxed-simd'] : [];
  const files = { old: `${dir}/simdnn-${build}.wasm`, new: fileURLToPath(new URL(`../build/simdnn-${build}.wasm`, import.meta.url)) };
  const sps = { old: [], new: [] };
  for (let r = 0; r < rounds; r++) {
    for (const side of r & 1 ? ['new', 'old'] : ['old', 'new']) {
      const out = JSON.parse(execFileSync(process.execPath, [...flags, self, '--run', files[side]], { encoding: 'utf8' }));
      sps[side].push(out.sps);
    }
  }
  const med = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
  console.log(`${build}: MNIST CNN training, samples/s (CPU time), median of ${rounds}: old ${Math.round(med(sps.old))} → new ${Math.round(med(sps.new))} (×${(med(sps.new) / med(sps.old)).toFixed(2)})`);
  console.log(`  old ${sps.old.map(Math.round).join(' ')}\n  new ${sps.new.map(Math.round).join(' ')}`);
}

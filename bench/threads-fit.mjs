// One thread against more for whole training fits, interleaved in one process: every round fits the same
// model on the same digits once per thread count (nn.setThreads between them), so drift in the machine's
// speed hits every count alike and the medians' ratio is what the second core gives. bench/train.mjs
// measures each count in its own process (cold JIT, separate heaps), which on this shared VM can differ
// run to run by more than the threads gain; this script is the one to compare changes with.
//   npm run build && node bench/threads-fit.mjs [--model mlp|cnn] [--batch 64,256] [--threads 1,2]
//                                               [--samples 4096] [--rounds 5]
import * as nn from '../dist/index.js';
import { mnist } from '../dist/datasets/mnist.js';
import { buildLayers, CLASSES, MODELS } from './models.mjs';

const argv = process.argv.slice(2);
const value = (flag, fallback) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
const list = (flag, fallback) => value(flag, fallback).split(',').map(Number);
const model = value('--model', 'mlp');
const batches = list('--batch', model === 'cnn' ? '32,64,256' : '64,256');
const counts = list('--threads', '1,2');
const samples = Number(value('--samples', model === 'cnn' ? '2048' : '4096'));
const rounds = Number(value('--rounds', '5'));
for (const v of [...batches, ...counts, samples, rounds]) if (!Number.isInteger(v) || v <= 0) throw new Error(`threads-fit: bad number in ${argv.join(' ')}`);

if (!Object.hasOwn(MODELS, model)) throw new Error(`threads-fit: unknown --model ${model}; expected ${Object.keys(MODELS).join(', ')}`);
const spec = MODELS[model];

await nn.ready();
const { train } = mnist({ split: 'proportional' });
const width = spec.inputShape.reduce((a, b) => a * b);
const x = nn.tensor(train.x.subarray(0, samples * width), [samples, ...spec.inputShape]);
const y = nn.tensor(train.y.subarray(0, samples * CLASSES), [samples, CLASSES]);

/** Samples/s of one epoch over the data at `batchSize` on a fresh model (same seed every time). */
async function fit(batchSize) {
  const m = nn.sequential({ seed: 1, layers: buildLayers(spec, (kind, args) => nn.layers[kind](args), () => 'glorotNormal') });
  m.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const t = performance.now();
  await m.fit(x, y, { epochs: 1, batchSize, shuffle: true, seed: 1 });
  const sps = samples / ((performance.now() - t) / 1000);
  m.dispose();
  return sps;
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const runs = new Map(batches.flatMap((b) => counts.map((t) => [`${b}/${t}`, []])));
for (let r = -1; r < rounds; r++) {
  for (const b of batches) {
    for (const t of counts) {
      await nn.setThreads(t);
      if (nn.getThreads() !== t) throw new Error(`threads-fit: setThreads(${t}) gave ${nn.getThreads()} threads`);
      const sps = await fit(b);
      if (r >= 0) runs.get(`${b}/${t}`).push(sps); // round -1 warms every path up
    }
  }
}
await nn.setThreads(1);

const one = counts[0];
console.log(`${model}, build ${nn.getWasmBuild()}, ${samples} samples, median of ${rounds} interleaved rounds (samples/s; × = over ${one} thread${one > 1 ? 's' : ''})`);
console.log(`| batch | ${counts.map((t) => `${t} thread${t > 1 ? 's' : ''}`).join(' | ')} | ${counts.slice(1).map((t) => `× ${t}`).join(' | ')} |`);
console.log(`| ---: | ${counts.map(() => '---:').join(' | ')} | ${counts.slice(1).map(() => '---:').join(' | ')} |`);
for (const b of batches) {
  const m = counts.map((t) => median(runs.get(`${b}/${t}`)));
  console.log(`| ${b} | ${m.map((v) => v.toFixed(0)).join(' | ')} | ${m.slice(1).map((v) => `${(v / m[0]).toFixed(2)}×`).join(' | ')} |`);
}
console.log(`rounds: ${[...runs].map(([k, v]) => `${k} ${v.map((s) => s.toFixed(0)).join('/')}`).join('; ')}`);

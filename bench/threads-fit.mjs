// One thread against more for whole training fits, interleaved in one process: every round fits the same
// model on the same digits once per thread count (nn.setThreads between them), so drift in the machine's
// speed hits every count alike and the medians' ratio is what the second core gives. bench/train.mjs
// measures each count in its own process (cold JIT, separate heaps), which on this shared VM can differ
// run to run by more than the threads gain; this script is the one to compare changes with.
//   npm run build && node bench/threads-fit.mjs [--model mlp|cnn] [--batch 64,256] [--threads 1,2]
//                                               [--samples 4096] [--rounds 5]
import * as nn from '../dist/index.js';
import { mnist } from '../dist/datasets/mnist.js';

const argv = process.argv.slice(2);
const value = (flag, fallback) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
const list = (flag, fallback) => value(flag, fallback).split(',').map(Number);
const model = value('--model', 'mlp');
const batches = list('--batch', model === 'cnn' ? '32,64,256' : '64,256');
const counts = list('--threads', '1,2');
const samples = Number(value('--samples', model === 'cnn' ? '2048' : '4096'));
const rounds = Number(value('--rounds', '5'));
for (const v of [...batches, ...counts, samples, rounds]) if (!Number.isInteger(v) || v <= 0) throw new Error(`threads-fit: bad number in ${argv.join(' ')}`);

const LAYERS = {
  mlp: () => [
    nn.layers.dense({ units: 128, activation: 'relu', inputShape: [784], kernelInitializer: 'glorotNormal' }),
    nn.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'glorotNormal' }),
    nn.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: 'glorotNormal' }),
  ],
  cnn: () => [
    nn.layers.conv2d({ kernelSize: 5, filters: 8, activation: 'relu', inputShape: [28, 28, 1], kernelInitializer: 'glorotNormal' }),
    nn.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
    nn.layers.conv2d({ kernelSize: 5, filters: 16, activation: 'relu', kernelInitializer: 'glorotNormal' }),
    nn.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
    nn.layers.flatten(),
    nn.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: 'glorotNormal' }),
  ],
};
if (!Object.hasOwn(LAYERS, model)) throw new Error(`threads-fit: unknown --model ${model}; expected ${Object.keys(LAYERS).join(', ')}`);

await nn.ready();
const { train } = mnist({ split: 'proportional' });
const shape = model === 'cnn' ? [samples, 28, 28, 1] : [samples, 784];
const x = nn.tensor(train.x.subarray(0, samples * 784), shape);
const y = nn.tensor(train.y.subarray(0, samples * 10), [samples, 10]);

/** Samples/s of one epoch over the data at `batchSize` on a fresh model (same seed every time). */
async function fit(batchSize) {
  const m = nn.sequential({ seed: 1, layers: LAYERS[model]() });
  m.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const t = performance.now();
  await m.fit(x, y, { epochs: 1, batchSize, shuffle: true, seed: 1 });
  const sps = samples / ((performance.now() - t) / 1000);
  m.dispose();
  return sps;
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const runs = new Map(batches.flatMap((b) => counts.map((t) => [`${b}/${t}`, []])));
let build = '';
for (let r = -1; r < rounds; r++) {
  for (const b of batches) {
    for (const t of counts) {
      await nn.setThreads(t);
      if (nn.getThreads() !== t) throw new Error(`threads-fit: setThreads(${t}) gave ${nn.getThreads()} threads`);
      build = nn.getWasmBuild();
      const sps = await fit(b);
      if (r >= 0) runs.get(`${b}/${t}`).push(sps); // round -1 warms every path up
    }
  }
}
await nn.setThreads(1);

const one = counts[0];
console.log(`${model}, build ${build}, ${samples} samples, median of ${rounds} interleaved rounds (samples/s; × = over ${one} thread${one > 1 ? 's' : ''})`);
console.log(`| batch | ${counts.map((t) => `${t} thread${t > 1 ? 's' : ''}`).join(' | ')} | ${counts.slice(1).map((t) => `× ${t}`).join(' | ')} |`);
console.log(`| ---: | ${counts.map(() => '---:').join(' | ')} | ${counts.slice(1).map(() => '---:').join(' | ')} |`);
for (const b of batches) {
  const m = counts.map((t) => median(runs.get(`${b}/${t}`)));
  console.log(`| ${b} | ${m.map((v) => v.toFixed(0)).join(' | ')} | ${m.slice(1).map((v) => `${(v / m[0]).toFixed(2)}×`).join(' | ')} |`);
}
console.log(`rounds: ${[...runs].map(([k, v]) => `${k} ${v.map((s) => s.toFixed(0)).join('/')}`).join('; ')}`);

// A CSV bigger than memory budgets streams through nn.data.csv → map → batch → fitDataset: writes a
// synthetic classification CSV of --gb gigabytes (default 3; 32 float features + a 10-class label),
// trains one epoch on it and reports rows, time, MB/s and peak RSS, with RSS sampled along the way to
// show it stays flat. Usage: npm run bench:csv -- [--gb 3] [--keep] [--json out.json]
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nn from '../dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const gb = Number(arg('gb', '3'));
const features = 32, classes = 10;
const dir = mkdtempSync(join(tmpdir(), 'simdnn-csv-bench-'));
const file = arg('file', join(dir, 'big.csv'));

/** Rows whose label is the argmax of a fixed random projection of the features: learnable, seeded. */
async function writeCsv(path, bytes) {
  const out = createWriteStream(path, { highWaterMark: 1 << 22 });
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const proj = Array.from({ length: classes * features }, rand).map((v) => v - 0.5);
  out.write([...Array.from({ length: features }, (_, j) => `f${j}`), 'label'].join(',') + '\n');
  let written = 0, rows = 0;
  const x = new Float64Array(features);
  while (written < bytes) {
    let chunk = '';
    for (let r = 0; r < 2000; r++) {
      for (let j = 0; j < features; j++) x[j] = rand() * 2 - 1;
      let best = 0, bestV = -Infinity;
      for (let c = 0; c < classes; c++) {
        let v = 0;
        for (let j = 0; j < features; j++) v += proj[c * features + j] * x[j];
        if (v > bestV) (bestV = v), (best = c);
      }
      chunk += Array.from(x, (v) => v.toFixed(4)).join(',') + ',' + best + '\n';
      rows++;
    }
    written += chunk.length;
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  return rows;
}

const mb = (b) => Math.round(b / 2 ** 20);
let rows;
const t0 = performance.now();
if (existsSync(file) && arg('file')) rows = null;
else rows = await writeCsv(file, gb * 1e9);
const size = statSync(file).size;
const writeSeconds = (performance.now() - t0) / 1000;
console.log(`wrote ${file}: ${(size / 1e9).toFixed(2)} GB${rows ? `, ${rows.toLocaleString('en-US')} rows` : ''} in ${writeSeconds.toFixed(0)} s`);

const model = nn.sequential({
  layers: [nn.layers.dense({ inputShape: [features], units: 64, activation: 'relu' }), nn.layers.dense({ units: classes, activation: 'softmax' })],
});
model.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

const names = Array.from({ length: features }, (_, j) => `f${j}`);
const ds = nn.data
  .csv(file, { columnConfigs: { label: { isLabel: true } } })
  .map(({ xs, ys }) => {
    const y = new Array(classes).fill(0);
    y[ys.label] = 1;
    return { xs: names.map((n) => xs[n]), ys: y };
  })
  .batch(512);

const samples = [];
let seen = 0, lastLoss = NaN;
const sampler = setInterval(() => samples.push({ t: (performance.now() - t1) / 1000, rss: process.memoryUsage.rss(), seen }), 2000);
const t1 = performance.now();
const history = await model.fitDataset(ds, {
  epochs: 1,
  callbacks: { onBatchEnd: (_, logs) => ((seen += logs.size), (lastLoss = logs.loss)) },
});
clearInterval(sampler);
const seconds = (performance.now() - t1) / 1000;
const peak = process.resourceUsage().maxRSS * 1024;
const result = {
  date: new Date().toISOString(), node: process.version, gb: +(size / 1e9).toFixed(3), rows: seen, seconds: +seconds.toFixed(1),
  rowsPerSecond: Math.round(seen / seconds), mbPerSecond: +(size / 2 ** 20 / seconds).toFixed(1), peakRssMiB: mb(peak),
  rssMiB: samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 8)) === 0).map((s) => ({ at: `${Math.round((100 * s.seen) / seen)}%`, rss: mb(s.rss) })),
  loss: +history.history.loss[0].toFixed(4), acc: +history.history.acc?.[0]?.toFixed?.(4), lastBatchLoss: +lastLoss.toFixed(4),
};
console.log(`fitDataset: ${seen.toLocaleString('en-US')} rows in ${seconds.toFixed(0)} s (${result.rowsPerSecond.toLocaleString('en-US')} rows/s, ${result.mbPerSecond} MiB/s), peak RSS ${result.peakRssMiB} MiB, epoch loss ${result.loss}`);
console.log('RSS along the run:', result.rssMiB.map((s) => `${s.at} ${s.rss} MiB`).join(' · '));
if (arg('json')) writeFileSync(arg('json'), JSON.stringify(result, null, 2) + '\n');
if (!process.argv.includes('--keep') && !arg('file')) rmSync(dir, { recursive: true, force: true });

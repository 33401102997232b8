// Op-level timings of the op wing against tfjs-core's cpu backend, same process, interleaved, medians.
// Usage: node bench/ops.mjs   (needs a build: npm run build)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as nn from '../dist/index.js';

await nn.ready();
await tf.setBackend('cpu');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
function rand(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; out[i] = s / 4294967296 - 0.5; }
  return out;
}
const X = rand(10000 * 100, 1), R = rand(100, 2), M = rand(1024 * 1024, 3), P = rand(10000 * 10, 4);
const nx = nn.tensor(X, [10000, 100]).add(0), nr = nn.tensor(R, [100]).add(0), nm = nn.tensor(M, [1024, 1024]).add(0), np = nn.tensor(P, [10000, 10]).add(0);
const tx = tf.tensor(X, [10000, 100]), tr = tf.tensor(R, [100]), tm = tf.tensor(M, [1024, 1024]), tp = tf.tensor(P, [10000, 10]);
const cases = [
  ['sub [10000,100] − [100]', () => nn.sub(nx, nr), () => tf.sub(tx, tr)],
  ['mul [10000,100] · scalar', () => nn.mul(nx, 2), () => tf.mul(tx, 2)],
  ['exp [10000,100]', () => nn.exp(nx), () => tf.exp(tx)],
  ['sum axis 0 of [10000,100]', () => nn.sum(nx, 0), () => tf.sum(tx, 0)],
  ['mean axis -1 of [10000,100]', () => nn.mean(nx, -1), () => tf.mean(tx, -1)],
  ['argMax -1 of [10000,10]', () => nn.argMax(np, -1), () => tf.argMax(tp, -1)],
  ['transpose [1024,1024]', () => nn.transpose(nm), () => tf.transpose(tm)],
  ['concat axis 1 of 2×[10000,100]', () => nn.concat([nx, nx], 1), () => tf.concat([tx, tx], 1)],
  ['oneHot 10000 → 10', () => nn.oneHot(nn.argMax(np, -1), 10), () => tf.oneHot(tf.argMax(tp, -1), 10)],
];
console.log(`node ${process.version}, ${new Date().toISOString()}, simdnn ${nn.getWasmBuild()} vs tfjs-backend-cpu`);
console.log('| op | simdnn ms | tfjs cpu ms | speedup |\n|---|---:|---:|---:|');
for (const [name, a, b] of cases) {
  const ta = [], tb = [];
  for (let r = 0; r < 23; r++) {
    let t0 = performance.now();
    nn.dispose(nn.tidy(() => a()));
    if (r >= 3) ta.push(performance.now() - t0);
    t0 = performance.now();
    const y = tf.tidy(() => b());
    y.dataSync(); // tfjs cpu computes eagerly; reading keeps the comparison fair
    y.dispose();
    if (r >= 3) tb.push(performance.now() - t0);
  }
  const ma = median(ta), mb = median(tb);
  console.log(`| ${name} | ${ma.toFixed(3)} | ${mb.toFixed(3)} | ${(mb / ma).toFixed(1)}× |`);
}

// Child of test/threads/exit.test.ts: a threaded fit on the built package that never closes its pool
// nor calls process.exit; the parent asserts the process ends by itself. argv[2]: 'ok' or 'throw'.
import * as nn from '../../dist/index.js';

const threads = await nn.setThreads(2);
const n = 512;
const x = nn.tensor2d(Float32Array.from({ length: n * 256 }, (_, i) => Math.sin(i)), [n, 256]);
const y = nn.tensor2d(Float32Array.from({ length: n * 4 }, (_, i) => (i % 4 === (i >> 2) % 4 ? 1 : 0)), [n, 4]);
const model = nn.sequential({
  seed: 1,
  layers: [nn.layers.dense({ units: 256, inputShape: [256], activation: 'relu' }), nn.layers.dense({ units: 4, activation: 'softmax' })],
});
model.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy' });
const h = await model.fit(x, y, { epochs: 2, batchSize: 128 });
console.log(JSON.stringify({ threads, getThreads: nn.getThreads(), loss: h.history.loss }));
if (process.argv[2] === 'throw') throw new Error('the program fails after a threaded fit');

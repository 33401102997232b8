// Long runs: a 200-epoch soak and 10,000 predict calls with the backend heap, the linear memory and the
// JS heap flat; many models alive at once and disposed in any order; two fits interleaved in one process
// give the same weights as alone; a fit stopped with model.stopTraining leaves a usable model.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { asTensors, twoMoons } from '../fixtures/datasets.js';

// A real full GC, so JS heap figures compare live objects and not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function usage() {
  const b = currentBackend();
  return { bytes: b.heap.bytesInUse, blocks: b.heap.blocksInUse, memory: b.memory.buffer.byteLength };
}
function jsHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}
const MiB = 2 ** 20;

function moonsModel(seed: number, units = 16) {
  const m = nn.sequential({
    seed,
    layers: [
      nn.layers.dense({ units, inputShape: [2], activation: 'relu' }),
      nn.layers.batchNormalization(),
      nn.layers.dropout({ rate: 0.1 }),
      nn.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}
const weightsOf = (m: nn.Sequential) => m.getWeights().map((t) => Array.from(t.dataSync()));

describe('soak (wasm)', () => {
  test('200 epochs and 10,000 predict calls: heap, linear memory and JS heap stay flat', async () => {
    await nn.setBackend('wasm');
    const { x, y } = asTensors(twoMoons(256, { seed: 1 }));
    const m = moonsModel(3);
    await m.fit(x, y, { epochs: 1, batchSize: 32, validationSplit: 0.25, seed: 1 });
    const rss0 = process.memoryUsage().rss;
    const js: number[] = [], wasm: ReturnType<typeof usage>[] = [];
    const h = await m.fit(x, y, {
      epochs: 200, batchSize: 32, validationSplit: 0.25, seed: 2,
      callbacks: { onEpochEnd: (e) => void (wasm.push(usage()), e % 50 === 9 && js.push(jsHeap())) },
    });
    expect(h.epoch.length).toBe(200);
    expect(h.history.val_acc!.at(-1)).toBeGreaterThan(0.8);
    for (const u of wasm) expect(u).toEqual(wasm[0]);
    const rssFit = process.memoryUsage().rss;
    const probe = nn.tensor2d(new Float32Array(2 * 8).fill(0.5), [8, 2]);
    m.predict(probe); // the model keeps one inference plan, made by the first predict
    const afterFit = usage();
    const predictJs: number[] = [jsHeap()];
    for (let i = 1; i <= 10_000; i++) {
      m.predict(probe);
      if (i % 2500 === 0) predictJs.push(jsHeap());
    }
    expect(usage()).toEqual(afterFit);
    const rssEnd = process.memoryUsage().rss;
    const fmt = (a: number[]) => a.map((v) => (v / MiB).toFixed(2)).join(' → ');
    console.log(
      `soak: wasm heap ${wasm[0]!.bytes} bytes in use, linear memory ${wasm[0]!.memory / MiB} MiB, both constant over 200 epochs and 10,000 predicts; ` +
        `JS heap after gc (MiB) fit ${fmt(js)}, predict ${fmt(predictJs)}; rss ${(rss0 / MiB).toFixed(1)} → ${(rssFit / MiB).toFixed(1)} → ${(rssEnd / MiB).toFixed(1)} MiB`,
    );
    // A leak of one object per epoch or per predict would show as a steady climb of ≥ 1 MiB here.
    expect(js.at(-1)! - js[0]!).toBeLessThan(MiB);
    expect(predictJs.at(-1)! - predictJs[0]!).toBeLessThan(MiB);
    expect(rssEnd - rss0).toBeLessThan(64 * MiB);
    m.dispose();
  });
});

describe.each(['wasm', 'ts'] as const)('many and concurrent models on %s', (backend) => {
  test('30 models alive at once, disposed in a shuffled order, return the heap to its baseline', async () => {
    await nn.setBackend(backend);
    const before = usage();
    const { x, y } = asTensors(twoMoons(64, { seed: 4 }));
    const models = Array.from({ length: 30 }, (_, i) => moonsModel(100 + i, 4 + (i % 7) * 5));
    for (const m of models) await m.fit(x, y, { epochs: 1, batchSize: 16 });
    models.forEach((m) => m.predict(x));
    expect(usage().bytes).toBeGreaterThan(before.bytes);
    // Seeded shuffle; after half are gone the rest still work.
    const order = models.map((_, i) => i).sort((a, b) => ((a * 7919) % 31) - ((b * 7919) % 31));
    order.slice(0, 15).forEach((i) => models[i]!.dispose());
    for (const i of order.slice(15)) expect(models[i]!.predict(x).shape).toEqual([64, 1]);
    order.slice(15).forEach((i) => models[i]!.dispose());
    const after = usage();
    expect({ bytes: after.bytes, blocks: after.blocks }).toEqual({ bytes: before.bytes, blocks: before.blocks });
  });

  test('two fits interleaved with Promise.all give bit-identical weights to the same fits run alone', async () => {
    await nn.setBackend(backend);
    const a = asTensors(twoMoons(300, { seed: 5 })), b = asTensors(twoMoons(200, { seed: 6 }));
    // yieldEvery 0: each fit yields to the event loop after every batch, so the two really alternate.
    const args = (seed: number, log: string[], tag: string) => ({
      epochs: 3, batchSize: 16, seed, yieldEvery: 0, callbacks: { onBatchEnd: () => void log.push(tag) },
    });
    const alone: number[][][] = [];
    for (const [i, d] of [a, b].entries()) {
      const m = moonsModel(10 + i);
      await m.fit(d.x, d.y, args(20 + i, [], ''));
      alone.push(weightsOf(m));
      m.dispose();
    }
    const log: string[] = [];
    const [m1, m2] = [moonsModel(10), moonsModel(11)];
    await Promise.all([m1.fit(a.x, a.y, args(20, log, 'a')), m2.fit(b.x, b.y, args(21, log, 'b'))]);
    const switches = log.filter((t, i) => i > 0 && t !== log[i - 1]).length;
    expect(switches, 'the fits alternated').toBeGreaterThan(20);
    expect(weightsOf(m1)).toEqual(alone[0]);
    expect(weightsOf(m2)).toEqual(alone[1]);
    m1.dispose();
    m2.dispose();
  });

  test('stopTraining from a callback and from a timer leaves a usable model', async () => {
    await nn.setBackend(backend);
    const { x, y } = asTensors(twoMoons(128, { seed: 7 }));
    const m = moonsModel(12);
    const h1 = await m.fit(x, y, { epochs: 5, batchSize: 16, callbacks: { onBatchEnd: (batch) => void (batch === 3 && (m.stopTraining = true)) } });
    expect(h1.epoch).toEqual([0]);
    // From outside: a timer fires while a 100,000-epoch fit yields to the event loop.
    setTimeout(() => (m.stopTraining = true), 30);
    const h2 = await m.fit(x, y, { epochs: 100_000, batchSize: 16 });
    expect(h2.epoch.length).toBeGreaterThan(0);
    expect(h2.epoch.length).toBeLessThan(100_000);
    expect(h2.history.loss!.every(Number.isFinite)).toBe(true);
    expect(m.predict(x).shape).toEqual([128, 1]);
    const heap = usage(); // weights, adam state and the cached inference plan
    const [loss, acc] = m.evaluate(x, y) as nn.Tensor[];
    expect(Number.isFinite(loss!.dataSync()[0]!)).toBe(true);
    expect(acc!.dataSync()[0]!).toBeGreaterThan(0.6);
    const h3 = await m.fit(x, y, { epochs: 2, batchSize: 16 });
    expect(h3.epoch).toEqual([0, 1]);
    m.predict(x);
    expect(usage()).toEqual(heap);
    m.dispose();
  });
});

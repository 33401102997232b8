// Models that are never disposed give their heap back once garbage-collected (a FinalizationRegistry in
// src/model/sequential.ts), while a model that is still reachable keeps working. Runs the built package in
// a child Node process with --expose-gc, so the test can force collections.
import { requireBuilt, DIST } from '../built.js';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';

const SCRIPT = `
const nn = await import(process.env.ENTRY);
const { currentBackend } = await import(process.env.BACKEND);
await nn.setBackend(process.env.WHICH);
const heap = () => currentBackend().heap.bytesInUse;
const make = (seed) => nn.sequential({ seed, layers: [
  nn.layers.dense({ units: 64, inputShape: [32], activation: 'relu' }),
  nn.layers.batchNormalization({}),
  nn.layers.dense({ units: 4, activation: 'softmax' }),
]});
const x = nn.tensor2d(Array.from({ length: 8 * 32 }, (_, i) => Math.sin(i)), [8, 32]);
const kept = make(1);
const keptBefore = Array.from(kept.predict(x).dataSync());
const baseline = heap();
// In a function, so no stack slot of this scope still holds the last model.
(function churn() {
  for (let i = 0; i < 200; i++) {
    const m = make(100 + i);
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    m.predict(x);
  }
})();
const peak = heap();
for (let round = 0; round < 20 && heap() > baseline; round++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 20));
}
const after = heap();
const keptAfter = Array.from(kept.predict(x).dataSync());
console.log(JSON.stringify({ baseline, peak, after, same: keptBefore.every((v, i) => v === keptAfter[i]) }));
`;

describe.each(['wasm', 'ts'] as const)('undisposed models on %s', (which) => {
  test('200 dropped models return their heap after gc; a kept model predicts the same', () => {
    requireBuilt();
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, WHICH: which, ENTRY: pathToFileURL(join(DIST, 'index.js')).href, BACKEND: pathToFileURL(join(DIST, 'backend/index.js')).href },
    });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { baseline: number; peak: number; after: number; same: boolean };
    console.log(`${which}: heap baseline ${r.baseline} B, after 200 undisposed models ${r.peak} B, after gc ${r.after} B`);
    // 200 models × (64·32 + …) floats: the peak is far above the baseline, so reclaiming is what brings it back.
    expect(r.peak - r.baseline).toBeGreaterThan(200 * 4 * 32 * 64);
    expect(r.after).toBe(r.baseline);
    expect(r.same).toBe(true);
  });
});

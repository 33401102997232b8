import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { bestBuild } from '../../src/backend/wasm/loader.js';

describe.each(['wasm', 'ts'] as const)('Sequential on %s', (backend) => {
  test('XOR reaches 100% accuracy (seeded)', async () => {
    await nn.setBackend(backend);
    // In the `relaxed` vitest project the default wasm backend must really be the FMA build.
    if (backend === 'wasm') expect(nn.getWasmBuild()).toBe(process.env.SIMDNN_REQUIRE_RELAXED ? 'relaxed' : bestBuild());
    const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = nn.tensor2d([[0], [1], [1], [0]]);
    const model = nn.sequential({
      seed: 42,
      layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })],
    });
    model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 300, batchSize: 4, seed: 1 });
    expect(h.history.loss!.length).toBe(300);
    expect(h.history.loss![299]!).toBeLessThan(h.history.loss![0]!);
    expect(h.history.acc![299]).toBe(1);
    const p = model.predict(x).dataSync();
    expect(Array.from(p, (v) => (v > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    const ev = model.evaluate(x, y) as nn.Tensor[];
    expect(ev.length).toBe(2);
    expect(ev[1]!.dataSync()[0]).toBe(1);
  });
});

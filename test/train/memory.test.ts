// Memory: fit and predict free what they allocate. Heap bytes in use and the size of the backend's
// linear memory are the same after a 1-epoch fit, after a 10-epoch fit and after 10 predict calls;
// dispose() returns the heap to where it was before the model existed.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { asTensors, twoMoons } from '../fixtures/datasets.js';

function usage(): { bytes: number; blocks: number; memory: number } {
  const b = currentBackend();
  return { bytes: b.heap.bytesInUse, blocks: b.heap.blocksInUse, memory: b.memory.buffer.byteLength };
}

describe.each(['wasm', 'ts'] as const)('memory on %s', (backend) => {
  test('fit (1 and 10 epochs, with validation, dropout and batch norm) and predict leave the heap as they found it', async () => {
    await nn.setBackend(backend);
    const before = usage();
    const { x, y } = asTensors(twoMoons(2000, { seed: 2 }));
    const model = nn.sequential({
      seed: 5,
      layers: [
        nn.layers.dense({ units: 64, inputShape: [2], activation: 'relu' }),
        nn.layers.batchNormalization({}),
        nn.layers.dropout({ rate: 0.1 }),
        nn.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const fitArgs = { batchSize: 64, validationSplit: 0.1, seed: 1 };
    await model.fit(x, y, { ...fitArgs, epochs: 1 });
    model.predict(x);
    const afterOne = usage();
    // The model's weights, gradients and adam's two state blocks stay; the plan and dataset do not.
    expect(afterOne.bytes).toBeGreaterThan(before.bytes);

    // During the fit, nothing accumulates from epoch to epoch either.
    const perEpoch: ReturnType<typeof usage>[] = [];
    await model.fit(x, y, { ...fitArgs, epochs: 10, callbacks: { onEpochEnd: () => void perEpoch.push(usage()) } });
    expect(perEpoch.length).toBe(10);
    for (const u of perEpoch) expect(u).toEqual(perEpoch[0]);
    expect(perEpoch[0]!.bytes).toBeGreaterThan(afterOne.bytes); // the fit's plan and dataset were live
    expect(usage()).toEqual(afterOne);
    for (let i = 0; i < 10; i++) model.predict(x);
    expect(usage()).toEqual(afterOne);
    for (let i = 0; i < 3; i++) model.evaluate(x, y);
    expect(usage()).toEqual(afterOne);

    model.dispose();
    const after = usage();
    expect(after.bytes).toBe(before.bytes);
    expect(after.blocks).toBe(before.blocks);
  });

  test('a fit that throws (NaN in the data) frees its plan and dataset too', async () => {
    await nn.setBackend(backend);
    const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 4, inputShape: [2], activation: 'sigmoid' })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const y = nn.tensor2d(new Float32Array(40), [10, 4]);
    await model.fit(nn.tensor2d(new Float32Array(20), [10, 2]), y, { epochs: 1 });
    const base = usage();
    const bad = new Float32Array(20);
    bad[7] = NaN;
    await expect(model.fit(nn.tensor2d(bad, [10, 2]), y, { epochs: 1 })).rejects.toThrow(/row 3, column 1/);
    expect(usage()).toEqual(base);
    model.dispose();
  });
});

// fit() semantics as tfjs/Keras, on both backends: validationSplit takes the LAST fraction before any
// shuffle, History keys, the epoch loss is the batch-size-weighted mean of the batch losses, and
// model.stopTraining set from a callback stops within the epoch.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { asTensors, twoMoons } from '../fixtures/datasets.js';

function moonsModel(seed = 3): nn.Sequential {
  return nn.sequential({
    seed,
    layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })],
  });
}

describe.each(['wasm', 'ts'] as const)('fit on %s', (backend) => {
  test('validationSplit holds out the last 20% (before shuffling)', async () => {
    await nn.setBackend(backend);
    // The first 80 rows are class 0, the last 20 class 1, with the same inputs: a model trained on the
    // first 80 learns "always 0", so its training accuracy is 1 and its validation accuracy 0. Any
    // other choice of validation rows (e.g. after a shuffle) would contain class-0 rows.
    const n = 100;
    const d = twoMoons(n, { seed: 4 });
    const y = new Float32Array(n);
    y.fill(1, 80);
    const x = nn.tensor2d(d.x, [n, 2]);
    const model = moonsModel();
    model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, nn.tensor2d(y, [n, 1]), { epochs: 20, batchSize: 16, validationSplit: 0.2, shuffle: true, seed: 1 });
    expect(Object.keys(h.history).sort()).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(h.params.samples).toBe(80);
    expect(h.params.metrics).toEqual(['loss', 'acc', 'val_loss', 'val_acc']);
    expect(h.history.acc![19]).toBe(1);
    expect(h.history.val_acc![19]).toBe(0);
    expect(h.history.val_loss![19]!).toBeGreaterThan(1);

    // The validation numbers are exactly evaluate() on rows [80, 100) with the final weights.
    const xv = nn.tensor2d(d.x.slice(160), [20, 2]), yv = nn.tensor2d(y.slice(80), [20, 1]);
    const [vl, va] = (model.evaluate(xv, yv, { batchSize: 256 }) as nn.Tensor[]).map((t) => t.dataSync()[0]!);
    expect(h.history.val_loss![19]!).toBeCloseTo(vl, 5);
    expect(h.history.val_acc![19]).toBe(va);
    model.dispose();
  });

  test('History keys without validation, and the epoch loss is the size-weighted mean of batch losses', async () => {
    await nn.setBackend(backend);
    const d = twoMoons(100, { seed: 5 });
    const { x, y } = asTensors(d);
    const model = moonsModel();
    model.compile({ optimizer: nn.train.sgd(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const batches: { epoch: number; size: number; loss: number }[][] = [];
    let epoch = -1;
    const h = await model.fit(x, y, {
      epochs: 3,
      batchSize: 32,
      seed: 2,
      callbacks: {
        onEpochBegin: (e) => {
          batches.push([]);
          epoch = e;
        },
        onBatchEnd: (_b, logs) => void batches[batches.length - 1]!.push({ epoch, size: logs!.size!, loss: logs!.loss! }),
      },
    });
    expect(Object.keys(h.history).sort()).toEqual(['acc', 'loss']);
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(h.params).toMatchObject({ epochs: 3, samples: 100, batchSize: 32, steps: 4 });
    batches.forEach((list, e) => {
      expect(list.map((b) => b.size)).toEqual([32, 32, 32, 4]);
      expect(list.every((b) => b.epoch === e)).toBe(true);
      // An unweighted mean would differ: the last batch has 4 rows.
      const weighted = list.reduce((s, b) => s + b.size * b.loss, 0) / 100;
      const plain = list.reduce((s, b) => s + b.loss, 0) / list.length;
      expect(h.history.loss![e]!).toBeCloseTo(weighted, 6);
      expect(Math.abs(weighted - plain)).toBeGreaterThan(1e-6);
    });
    model.dispose();
  });

  test('stopTraining set in onBatchEnd stops within the epoch; its loss averages the batches run', async () => {
    await nn.setBackend(backend);
    const d = twoMoons(100, { seed: 6 });
    const { x, y } = asTensors(d);
    const model = moonsModel();
    model.compile({ optimizer: nn.train.sgd(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const seen: { batch: number; size: number; loss: number }[] = [];
    let epochEnds = 0;
    const h = await model.fit(x, y, {
      epochs: 5,
      batchSize: 10,
      seed: 3,
      callbacks: {
        onBatchEnd: (batch, logs) => {
          seen.push({ batch, size: logs!.size!, loss: logs!.loss! });
          if (batch === 2) model.stopTraining = true;
        },
        onEpochEnd: () => void epochEnds++,
      },
    });
    expect(seen.map((b) => b.batch)).toEqual([0, 1, 2]);
    expect(epochEnds).toBe(1);
    expect(h.epoch).toEqual([0]);
    expect(h.history.loss!.length).toBe(1);
    // The partial epoch's loss is the mean over the 30 samples it trained on, not a sum over 100.
    const mean = seen.reduce((s, b) => s + b.size * b.loss, 0) / 30;
    expect(h.history.loss![0]!).toBeCloseTo(mean, 6);
    expect(h.history.acc![0]!).toBeGreaterThan(0);
    expect(h.history.acc![0]!).toBeLessThanOrEqual(1);
    expect(model.optimizer!.iterations).toBe(3);
    model.dispose();
  });
});

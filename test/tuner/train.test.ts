// nn.tuner.search with real training (build + data, wasm backend): history keys, the best-over-epochs
// score, callbacks, model disposal, reproducibility, params overriding fit settings, a diverging trial,
// and the errors of a bad objective key, a bad build and an uncompiled model.
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { asTensors, twoMoons } from '../fixtures/datasets.js';

const moons = asTensors(twoMoons(160, { noise: 0.2, seed: 8 }));

function build(p: nn.Params): nn.Sequential {
  const model = nn.sequential({
    layers: [
      nn.layers.dense({ units: p.units as number, inputShape: [2], activation: p.activation as 'relu' | 'tanh' }),
      nn.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: nn.train.adam(p.learningRate as number), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

const space = { learningRate: nn.tuner.logUniform(1e-3, 0.3), units: nn.tuner.int(4, 16), activation: nn.tuner.choice(['relu', 'tanh']) };
const args: nn.SearchArgs = { space, build, data: { ...moons, validationSplit: 0.25 }, trials: 4, epochs: 6, batchSize: 16, seed: 3 };
const heap = () => currentBackend().heap.bytesInUse;

beforeAll(async () => {
  await nn.setBackend('wasm');
});

describe('search with training', () => {
  test('trials log every epoch, score the best epoch, free their models, and rank best first', async () => {
    const before = heap();
    const epochs: string[] = [];
    const result = await nn.tuner.search({ ...args, onEpochEnd: (t, epoch, logs) => void epochs.push(`${t.id}:${epoch}:${Object.keys(logs).join(',')}`) });
    expect(heap()).toBe(before); // every model disposed, no data left in the heap
    expect(result.objective).toBe('val_loss');
    expect(result.mode).toBe('min');
    expect(result.best).toBe(result.trials[0]);
    expect(result.bestParams).toEqual(result.trials[0]!.params);
    expect(result.epochsSpent).toBe(4 * 6);
    expect(epochs).toHaveLength(24);
    expect(epochs[0]).toBe('0:0:loss,acc,val_loss,val_acc');
    for (const t of result.trials) {
      expect(t.status).toBe('complete');
      expect(Object.keys(t.history).sort()).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
      expect(t.history.val_loss).toHaveLength(6);
      expect(t.score).toBe(Math.min(...t.history.val_loss!));
      expect(t.seconds).toBeGreaterThan(0);
    }
    const scores = result.trials.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    // The best-over-epochs convention matters here: some trial's best epoch is not its last.
    const acc = await nn.tuner.search({ ...args, objective: 'val_acc', space: { ...space, learningRate: 0.3 } });
    expect(acc.mode).toBe('max');
    for (const t of acc.trials) expect(t.score).toBe(Math.max(...t.history.val_acc!));
    expect(acc.trials.some((t) => t.score !== t.history.val_acc!.at(-1))).toBe(true);
  });

  test('the same seed gives identical training; params.epochs and params.batchSize override the settings', async () => {
    const a = await nn.tuner.search({ ...args, trials: 2 }), b = await nn.tuner.search({ ...args, trials: 2 });
    expect(b.trials.map((t) => t.history)).toEqual(a.trials.map((t) => t.history));
    const r = await nn.tuner.search({ ...args, space: { ...space, epochs: nn.tuner.choice([2, 3]), batchSize: 8 }, trials: 4 });
    for (const t of r.trials) expect(t.epochs).toBe(t.params.epochs);
    expect(r.epochsSpent).toBe(r.trials.reduce((n, t) => n + (t.params.epochs as number), 0));
  });

  test('a diverging trial (loss → ∞) is failed with fit\'s message; the search goes on', async () => {
    const x = nn.tensor2d([[1], [2], [3], [4]]), y = nn.tensor2d([[1000], [2000], [3000], [4000]]);
    const before = heap();
    const result = await nn.tuner.search({
      space: { learningRate: nn.tuner.logUniform(1e-4, 1e-3) },
      initial: [{ learningRate: 10 }],
      build: (p) => {
        const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
        model.compile({ optimizer: nn.train.sgd(p.learningRate as number), loss: 'meanSquaredError' });
        return model;
      },
      data: { x, y }, objective: 'loss', trials: 3, epochs: 20, batchSize: 4, seed: 1,
    });
    expect(heap()).toBe(before); // the failed trial's model was disposed too
    const failed = result.trials.at(-1)!;
    expect(failed.id).toBe(0);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/fit: the (loss became|gradient norm became)/);
    expect(failed.score).toBeNaN();
    expect(result.trials.slice(0, 2).map((t) => t.status)).toEqual(['complete', 'complete']);
  });

  test('setup errors stop the search with a typed error instead of failing every trial', async () => {
    await expect(nn.tuner.search({ ...args, objective: 'val_mae' })).rejects.toThrow(
      /tuner\.search: objective 'val_mae' is not in the training logs; the keys are loss, acc, val_loss, val_acc/,
    );
    await expect(nn.tuner.search({ ...args, build: () => ({}) as nn.Sequential })).rejects.toThrow(/build must return a compiled nn\.Sequential, got object/);
    const uncompiled = () => nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
    await expect(nn.tuner.search({ ...args, build: uncompiled })).rejects.toThrow(nn.NotCompiledError);
    // A build that throws for some params only fails those trials.
    const picky = await nn.tuner.search({ ...args, build: (p) => (p.activation === 'tanh' ? build(p) : nn.layers.dense({ units: 0 }) as never) });
    expect(picky.trials.filter((t) => t.status === 'failed').every((t) => /build threw: /.test(t.error!))).toBe(true);
    expect(picky.trials.some((t) => t.status === 'failed')).toBe(true);
  });
});

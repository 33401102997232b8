// A running fit owns its model: dispose/add/compile and a second fit reject with TrainingInProgressError
// instead of freeing the store the fit keeps stepping on (another model's weights changed before).
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';

function model(seed: number) {
  const m = nn.sequential({ seed, layers: [nn.layers.dense({ units: 2, inputShape: [2] })] });
  m.compile({ optimizer: nn.train.sgd(0.1), loss: 'meanSquaredError' });
  return m;
}
const x = nn.tensor2d([[0, 1], [1, 0], [1, 1], [0, 0]]);
const y = nn.tensor2d([[1, 0], [0, 1], [1, 1], [0, 0]]);

describe('fit owns its model', () => {
  for (const op of ['dispose', 'add', 'compile'] as const) {
    it(`${op} during fit is a TrainingInProgressError and another model's weights are untouched`, async () => {
      const a = model(1);
      let other: nn.Sequential | null = null, before: number[][] = [], err: unknown = null;
      const history = await a.fit(x, y, {
        epochs: 3, batchSize: 4, shuffle: false,
        callbacks: { onEpochEnd: (epoch: number) => {
          if (epoch !== 0) return;
          try {
            if (op === 'dispose') a.dispose();
            else if (op === 'add') a.add(nn.layers.dense({ units: 2 }));
            else a.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
          } catch (e) { err = e; }
          other = model(2);
          other.predict(x);
          before = other.getWeights().map((w) => Array.from(w.dataSync()));
        } },
      });
      expect(err).toBeInstanceOf(nn.TrainingInProgressError);
      expect(String((err as Error).message)).toContain(`.${op}:`);
      expect(history.history.loss).toHaveLength(3);
      expect(other!.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
      a.dispose(); // allowed again once fit settled
    });
  }

  it('a second fit on the same model rejects as tfjs', async () => {
    const a = model(1);
    const first = a.fit(x, y, { epochs: 2, batchSize: 4 });
    await expect(a.fit(x, y, { epochs: 1 })).rejects.toThrow(/another fit\(\) call is ongoing/);
    await expect(a.fit(x, y, { epochs: 1 })).rejects.toBeInstanceOf(nn.TrainingInProgressError);
    expect((await first).history.loss).toHaveLength(2);
    expect((await a.fit(x, y, { epochs: 1, batchSize: 4 })).history.loss).toHaveLength(1);
  });
});

describe('setBackend during fit', () => {
  it('rejects with TrainingInProgressError naming the model, and every epoch trains', async () => {
    await nn.setBackend('wasm');
    const a = model(1), b = model(1);
    let err: unknown = null;
    await a.fit(x, y, { epochs: 4, batchSize: 4, shuffle: false, callbacks: { onEpochEnd: async (epoch: number) => {
      if (epoch === 0) await nn.setBackend('ts').catch((e) => { err = e; });
    } } });
    await b.fit(x, y, { epochs: 4, batchSize: 4, shuffle: false });
    expect(err).toBeInstanceOf(nn.TrainingInProgressError);
    expect(String((err as Error).message)).toContain(a.name);
    expect(nn.getBackend()).toBe('wasm');
    expect(a.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(b.getWeights().map((w) => Array.from(w.dataSync())));
    await nn.setBackend('ts'); // allowed once fit settled
    await nn.setBackend('wasm');
  });
});

describe('a layer belongs to one model', () => {
  it('adding it to a second model is a ConfigError naming both, and the first model predicts as before', () => {
    const shared = nn.layers.dense({ units: 2, inputShape: [2] });
    const a = nn.sequential({ seed: 1, layers: [shared] });
    const before = Array.from((a.predict(x) as nn.Tensor).dataSync());
    const b = nn.sequential({ seed: 2 });
    expect(() => b.add(shared)).toThrow(nn.ConfigError);
    expect(() => b.add(shared)).toThrow(new RegExp(`${shared.name} already belongs to model ${a.name}`));
    expect(Array.from((a.predict(x) as nn.Tensor).dataSync())).toEqual(before);
  });
});

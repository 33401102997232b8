// Resource hygiene of nn.tuner.search: every model it builds is disposed and the wasm heap returns to
// its starting size, also when build throws, a trial diverges, a callback throws or the time limit stops it.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';

const usage = () => ({ bytes: currentBackend().heap.bytesInUse, blocks: currentBackend().heap.blocksInUse });

describe('tuner.search frees what it allocates', () => {
  test('build throws, a diverging trial, pruning, a throwing callback and a time limit: heap back to its start', async () => {
    const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), y = nn.tensor2d([[0], [1], [1], [0]]);
    let live = 0;
    const build = (p: nn.Params) => {
      if (p.mode === 'throw') throw new Error('boom');
      const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }), nn.layers.dense({ units: 1 })] });
      m.compile({ optimizer: nn.train.sgd(p.lr as number), loss: 'meanSquaredError' });
      live++;
      const dispose = m.dispose.bind(m);
      m.dispose = () => (live--, dispose());
      return m;
    };
    const data = { x, y, validationData: [x, y] as [nn.Tensor, nn.Tensor] };
    const before = usage();
    // lr 1e6 diverges (failed) or is pruned; 'throw' fails in build.
    const r = await nn.tuner.search({ space: { lr: nn.tuner.choice([0.1, 1e6]), mode: nn.tuner.choice(['ok', 'throw']) }, build, data, strategy: 'grid', epochs: 4, earlyStopping: { eta: 2 }, seed: 3 });
    expect(new Set(r.trials.map((t) => t.status))).toEqual(new Set(['complete', 'pruned', 'failed']));
    await expect(nn.tuner.search({ space: { lr: nn.tuner.choice([0.1]) }, build, data, epochs: 2, trials: 1, onEpochEnd: () => { throw new Error('callback'); } })).rejects.toThrow('callback');
    await nn.tuner.search({ space: { lr: nn.tuner.choice([0.1]) }, build, data, epochs: 1, trials: 3, timeLimit: 1e-9 });
    expect(live).toBe(0);
    expect(usage()).toEqual(before);
  });
});

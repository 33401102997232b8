// Callbacks through fit: learningRateScheduler with nn.schedules.* and custom functions (the rate each
// epoch uses, seen from the callbacks and from the SGD weight trajectory), and earlyStopping
// (patience as tfjs/Keras, restoreBestWeights, mode, baseline, minDelta, unknown monitor keys).
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

/** dense 1 → 1, no bias, w = 0: trains on x = 1, y = 2 with MSE, so one SGD step is w −= lr·2(w − 2). */
function oneWeightModel(optimizer: nn.Optimizer): nn.Sequential {
  const model = nn.sequential({ seed: 3, layers: [nn.layers.dense({ units: 1, inputShape: [1], useBias: false })] });
  model.setWeights([nn.tensor2d([[0]])]);
  model.compile({ optimizer, loss: 'mse' });
  return model;
}
const X = nn.tensor2d([[1]]), Y = nn.tensor2d([[2]]);
const weight = (m: nn.Sequential) => m.getWeights()[0]!.dataSync()[0]!;

describe.each(['wasm', 'ts'] as const)('callbacks on %s', (backend) => {
  /** Fits `epochs` epochs with `scheduler` first; returns the rate seen at each epoch's begin and end, and w after each. */
  async function schedule(scheduler: nn.LearningRateScheduler, epochs: number, lr0 = 0.1) {
    await nn.setBackend(backend);
    const model = oneWeightModel(nn.train.sgd(lr0));
    const begin: number[] = [], end: number[] = [], w: number[] = [];
    await model.fit(X, Y, {
      epochs, batchSize: 1, shuffle: false,
      callbacks: [scheduler, {
        onEpochBegin: () => void begin.push(model.optimizer!.learningRate),
        onEpochEnd: () => {
          end.push(model.optimizer!.learningRate);
          w.push(weight(model));
        },
      }],
    });
    expect(end).toEqual(begin);
    // The rate the callbacks report is the one the step used: w_{e+1} = w_e − lr_e·2(w_e − 2).
    let we = 0;
    begin.forEach((lr, e) => {
      we -= lr * 2 * (we - 2);
      expect(w[e]).toBeCloseTo(we, 5);
    });
    return begin;
  }
  const close = (got: number[], want: number[]) => {
    expect(got.length).toBe(want.length);
    got.forEach((v, i) => expect(v, `epoch ${i}`).toBeCloseTo(want[i]!, 12));
  };

  test('exponentialDecay: lr0·rate^(epoch/steps), staircase floors', async () => {
    const s = nn.callbacks.learningRateScheduler(nn.schedules.exponentialDecay({ decayRate: 0.5 }));
    close(await schedule(s, 4), [0.1, 0.05, 0.025, 0.0125]);
    const st = nn.callbacks.learningRateScheduler(nn.schedules.exponentialDecay({ decayRate: 0.5, decaySteps: 2, staircase: true }));
    close(await schedule(st, 5), [0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  test('inverseTimeDecay, inverseSqrtDecay, piecewiseConstant', async () => {
    const itd = nn.callbacks.learningRateScheduler(nn.schedules.inverseTimeDecay({ decayRate: 1 }));
    close(await schedule(itd, 3), [0.1, 0.05, 0.1 / 3]);
    const isd = nn.callbacks.learningRateScheduler(nn.schedules.inverseSqrtDecay({ k: 0.2 }));
    close(await schedule(isd, 3), [0.2, 0.2 / Math.SQRT2, 0.2 / Math.sqrt(3)]);
    // Boundaries are inclusive (Keras): values[0] for epochs 0..1.
    const pc = nn.callbacks.learningRateScheduler(nn.schedules.piecewiseConstant({ boundaries: [1], values: [0.1, 0.01] }));
    close(await schedule(pc, 4), [0.1, 0.1, 0.01, 0.01]);
  });

  test('a custom schedule gets (epoch, current rate), as Keras', async () => {
    const halve = nn.callbacks.learningRateScheduler((epoch, lr) => (epoch === 0 ? lr : lr / 2));
    close(await schedule(halve, 4, 0.2), [0.2, 0.1, 0.05, 0.025]);
    const absolute = nn.callbacks.learningRateScheduler((epoch) => 0.3 / (epoch + 1));
    close(await schedule(absolute, 3), [0.3, 0.15, 0.1]);
    await expect(schedule(nn.callbacks.learningRateScheduler(() => NaN), 1)).rejects.toThrow(nn.ConfigError);
  });

  // Early stopping. Training on (1, 2) moves w 0 → 0.4, 0.72, 0.976, 1.181, 1.345, … (lr 0.1); with
  // validation data (1, 1) val_loss = (w − 1)² = 0.36, 0.0784, 0.000576, 0.0327, 0.119, …: best at epoch 2.
  const VAL: [nn.Tensor, nn.Tensor] = [nn.tensor2d([[1]]), nn.tensor2d([[1]])];
  async function stopRun(es: nn.EarlyStopping, epochs = 20) {
    await nn.setBackend(backend);
    const model = oneWeightModel(nn.train.sgd(0.1));
    const snapshots: number[] = [];
    const h = await model.fit(X, Y, {
      epochs, batchSize: 1, shuffle: false, validationData: VAL,
      callbacks: [es, { onEpochEnd: () => void snapshots.push(weight(model)) }],
    });
    return { model, h, snapshots };
  }

  test('earlyStopping stops after `patience` epochs without improvement (tfjs: wait ≥ patience)', async () => {
    const es = nn.callbacks.earlyStopping({ patience: 2 });
    const { h } = await stopRun(es);
    const val = h.history.val_loss!;
    expect(val.indexOf(Math.min(...val))).toBe(2);
    expect(es.bestEpoch).toBe(2);
    expect(es.stoppedEpoch).toBe(4); // epochs 3 and 4 did not improve
    expect(h.epoch).toEqual([0, 1, 2, 3, 4]);
    const es0 = nn.callbacks.earlyStopping({ patience: 0 });
    expect((await stopRun(es0)).h.epoch).toEqual([0, 1, 2, 3]);
  });

  test('restoreBestWeights puts back the best epoch’s weights; without it the last ones stay', async () => {
    const es = nn.callbacks.earlyStopping({ patience: 2, restoreBestWeights: true });
    const { model, snapshots } = await stopRun(es);
    expect(snapshots.length).toBe(5);
    expect(snapshots[2]).toBeCloseTo(0.976, 5);
    expect(weight(model)).toBe(snapshots[2]);
    expect(weight(model)).not.toBe(snapshots[4]);
    const plain = await stopRun(nn.callbacks.earlyStopping({ patience: 2 }));
    expect(weight(plain.model)).toBe(plain.snapshots[4]);
  });

  test("mode 'max' treats a falling val_loss as no improvement", async () => {
    const es = nn.callbacks.earlyStopping({ patience: 2, mode: 'max' });
    const { h } = await stopRun(es);
    expect(es.bestEpoch).toBe(0);
    expect(h.epoch).toEqual([0, 1, 2]);
  });

  test('baseline: epochs that do not beat it count as no improvement', async () => {
    const es = nn.callbacks.earlyStopping({ patience: 2, baseline: 0.01 });
    const { h } = await stopRun(es);
    expect(h.epoch).toEqual([0, 1]); // 0.36 and 0.0784 are not below 0.01
    expect(es.bestEpoch).toBe(-1);
    const loose = nn.callbacks.earlyStopping({ patience: 2, baseline: 0.1 });
    await stopRun(loose);
    expect(loose.bestEpoch).toBe(2);
  });

  test('minDelta: an improvement smaller than minDelta does not count', async () => {
    const es = nn.callbacks.earlyStopping({ patience: 2, minDelta: 0.1 });
    const { h } = await stopRun(es);
    // epoch 1 improves by 0.28; epoch 2 by only 0.078 < 0.1
    expect(es.bestEpoch).toBe(1);
    expect(h.epoch).toEqual([0, 1, 2, 3]);
  });

  test('an unknown monitor key is a ConfigError listing the available keys; the model still trains', async () => {
    const es = nn.callbacks.earlyStopping({ monitor: 'val_acc' });
    await expect(stopRun(es)).rejects.toThrow(nn.ConfigError);
    await expect(stopRun(nn.callbacks.earlyStopping({ monitor: 'val_acc' }))).rejects.toThrow(/val_acc.*available: loss, val_loss/);
    const { h } = await stopRun(nn.callbacks.earlyStopping({ monitor: 'loss', patience: 1 }), 3);
    expect(h.epoch).toEqual([0, 1, 2]); // training loss keeps falling: never stops
  });
});

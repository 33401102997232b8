// fit's options are checked before anything runs: yieldEvery as tfjs ('auto' | 'batch' | 'epoch' | 'never' |
// ms; NaN and 'fast' made fit loop forever), initialEpoch an integer ≥ 0 (NaN, 'abc', −3, 1.5 were taken),
// and callbacks objects (null was a raw TypeError).
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

function setup() {
  const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = nn.tensor2d(Array.from({ length: 40 }, (_, i) => Math.sin(i)), [20, 2]);
  const y = nn.tensor2d(Array.from({ length: 20 }, (_, i) => Math.cos(i)), [20, 1]);
  return { model, x, y };
}

describe('fit options', () => {
  test.each([
    ['yieldEvery NaN', { yieldEvery: NaN }, /yieldEvery must be 'auto', 'batch', 'epoch', 'never' or a number/],
    ["yieldEvery 'fast'", { yieldEvery: 'fast' }, /yieldEvery .* got "fast"/],
    ['yieldEvery -1', { yieldEvery: -1 }, /yieldEvery/],
    ['initialEpoch NaN', { initialEpoch: NaN }, /initialEpoch must be an integer ≥ 0, got NaN/],
    ["initialEpoch 'abc'", { initialEpoch: 'abc' }, /initialEpoch .* got "abc"/],
    ['initialEpoch -3', { initialEpoch: -3 }, /initialEpoch/],
    ['initialEpoch 1.5', { initialEpoch: 1.5 }, /initialEpoch/],
    ['callbacks [null]', { callbacks: [null] }, /callbacks\[0\] must be an object/],
    ['callbacks [5]', { callbacks: [{}, 5] }, /callbacks\[1\] must be an object/],
  ])('%s is a ConfigError before training', async (_name, args, message) => {
    const { model, x, y } = setup();
    const before = model.getWeights().map((t) => Array.from(t.dataSync()));
    const error = await model.fit(x, y, args as never).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(nn.ConfigError);
    expect(String((error as Error).message)).toMatch(message);
    expect(model.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(before);
  });

  test.each(['auto', 'batch', 'epoch', 'never', 0, 5] as const)('yieldEvery %s trains every epoch and returns', async (yieldEvery) => {
    const { model, x, y } = setup();
    const h = await model.fit(x, y, { epochs: 3, batchSize: 4, yieldEvery, seed: 2 });
    expect(h.epoch).toEqual([0, 1, 2]);
    const ref = setup();
    const h2 = await ref.model.fit(ref.x, ref.y, { epochs: 3, batchSize: 4, seed: 2 });
    expect(h.history.loss).toEqual(h2.history.loss);
  });

  test("'batch' lets timers run between batches; 'never' does not inside the epoch", async () => {
    for (const [mode, expectTicks] of [['batch', true], ['never', false]] as const) {
      const { model, x, y } = setup();
      let ticks = 0, stop = false;
      const tick = () => { ticks++; if (!stop) setImmediate(tick); };
      setImmediate(tick);
      await model.fit(x, y, { epochs: 1, batchSize: 2, yieldEvery: mode });
      stop = true;
      if (expectTicks) expect(ticks).toBeGreaterThanOrEqual(5);
      else expect(ticks).toBeLessThanOrEqual(1);
    }
  });

  test('initialEpoch 2 of 4 runs epochs 2 and 3', async () => {
    const { model, x, y } = setup();
    expect((await model.fit(x, y, { epochs: 4, initialEpoch: 2 })).epoch).toEqual([2, 3]);
  });
});

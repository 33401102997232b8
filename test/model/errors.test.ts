// Typed errors at the API boundary, each saying what was expected and what was given; after each one
// the model still trains.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

function model(units = 3, loss = 'categoricalCrossentropy') {
  const m = nn.sequential({
    seed: 5,
    layers: [nn.layers.dense({ units: 6, inputShape: [4], activation: 'relu' }), nn.layers.dense({ units, activation: units > 1 ? 'softmax' : 'sigmoid' })],
  });
  m.compile({ optimizer: nn.train.adam(0.01), loss });
  return m;
}
const X = nn.tensor2d([[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5]]);
const Y = nn.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]]);

/** A fit that must succeed after an error: loss finite and history complete. */
async function stillTrains(m: nn.Sequential, y: nn.Tensor = Y) {
  const h = await m.fit(X, y, { epochs: 2, batchSize: 5, seed: 1 });
  expect(h.history.loss!.length).toBe(2);
  expect(Number.isFinite(h.history.loss![1]!)).toBe(true);
}

/** Runs f, expects an error of type T whose message matches every pattern. */
async function expectError(f: () => unknown, type: new (...a: never[]) => Error, ...patterns: RegExp[]) {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  expect(err, `expected a ${type.name}`).toBeInstanceOf(type);
  for (const p of patterns) expect((err as Error).message).toMatch(p);
}

describe.each(['wasm', 'ts'] as const)('errors on %s', (backend) => {
  test('wrong input width names the expected and given shapes (fit, evaluate, predict)', async () => {
    await nn.setBackend(backend);
    const m = model();
    const bad = nn.tensor2d(Array.from({ length: 5 }, () => [1, 2, 3]));
    const msg = /expected input shape \[\*, ?4\], got \[5, ?3\]/;
    await expectError(() => m.fit(bad, Y), nn.ShapeError, msg);
    await expectError(() => m.evaluate(bad, Y), nn.ShapeError, msg);
    await expectError(() => m.predict(bad), nn.ShapeError, msg);
    await expectError(() => m.fit(X, Y, { validationData: [bad, Y] }), nn.ShapeError, /validationData/, msg);
    await stillTrains(m);
  });

  test('label count ≠ sample count, and a wrong target width', async () => {
    await nn.setBackend(backend);
    const m = model();
    await expectError(() => m.fit(X, nn.tensor2d([[1, 0, 0], [0, 1, 0]])), nn.ShapeError, /5 samples/, /y has 2/);
    await expectError(() => m.fit(X, nn.tensor2d(Array.from({ length: 5 }, () => [1, 0]))), nn.ShapeError, /\[\*, ?3\]/, /\[5, ?2\]/);
    await stillTrains(m);
  });

  test('unknown activation / loss / optimizer / initializer / metric / regularizer names list the valid ones', async () => {
    await nn.setBackend(backend);
    // @ts-expect-error unknown on purpose
    await expectError(() => nn.layers.dense({ units: 2, inputShape: [4], activation: 'relu6' }), nn.ConfigError, /relu6/, /relu, /, /sigmoid/);
    await expectError(() => nn.layers.dense({ units: 2, inputShape: [4], kernelInitializer: 'xavier' }), nn.ConfigError, /xavier/, /glorotUniform/, /heNormal/);
    // @ts-expect-error unknown on purpose
    await expectError(() => nn.layers.dense({ units: 2, inputShape: [4], kernelRegularizer: 'l3' }), nn.ConfigError, /l3/, /l2/);
    const m = model();
    await expectError(() => m.compile({ optimizer: 'adam', loss: 'hinge' }), nn.ConfigError, /hinge/, /categoricalCrossentropy/, /mse/);
    // @ts-expect-error unknown on purpose
    await expectError(() => m.compile({ optimizer: 'adagrad', loss: 'mse' }), nn.ConfigError, /adagrad/, /sgd/, /adam/);
    await expectError(() => m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['f1'] }), nn.ConfigError, /f1/, /accuracy/, /mae/);
    await stillTrains(m);
  });

  test('a failed compile leaves the previous compile in place', async () => {
    await nn.setBackend(backend);
    const m = model();
    const opt = m.optimizer;
    await expectError(() => m.compile({ optimizer: 'sgd', loss: 'nope' }), nn.ConfigError);
    await expectError(() => m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['nope'] }), nn.ConfigError);
    expect(m.optimizer).toBe(opt);
    expect(m.lossKind).toBe('categoricalCrossentropy');
    await stillTrains(m);
  });

  test('dropout rate outside [0, 1) and other bad layer options', async () => {
    await nn.setBackend(backend);
    for (const rate of [1, -0.1, 1.5, NaN]) {
      await expectError(() => nn.layers.dropout({ rate }), nn.ConfigError, /rate/, /\[0, 1\)/, new RegExp(`got ${rate}`));
    }
    expect(nn.layers.dropout({ rate: 0 }).rate).toBe(0);
    await expectError(() => nn.layers.dense({ units: 0, inputShape: [4] }), nn.ConfigError, /units/, /got 0/);
    await expectError(() => nn.layers.dense({ units: 2.5, inputShape: [4] }), nn.ConfigError, /units/, /got 2.5/);
  });

  test('missing layer options, bad varianceScaling / earlyStopping options are ConfigErrors', async () => {
    await nn.setBackend(backend);
    // @ts-expect-error missing on purpose
    await expectError(() => nn.layers.dense(), nn.ConfigError, /units/);
    // @ts-expect-error missing on purpose
    await expectError(() => nn.layers.dropout(), nn.ConfigError, /rate/);
    // @ts-expect-error missing on purpose
    await expectError(() => nn.layers.activation({}), nn.ConfigError, /activation is required/);
    // @ts-expect-error wrong on purpose
    await expectError(() => nn.initializers.varianceScaling({ mode: 'fan_in' }), nn.ConfigError, /fan_in/, /fanIn/);
    // @ts-expect-error wrong on purpose
    await expectError(() => nn.initializers.varianceScaling({ distribution: 'truncated' }), nn.ConfigError, /truncated/);
    await expectError(() => nn.initializers.varianceScaling({ scale: 0 }), nn.ConfigError, /scale/);
    await expectError(() => nn.callbacks.earlyStopping({ minDelta: NaN }), nn.ConfigError, /minDelta/);
    await expectError(() => nn.callbacks.earlyStopping({ patience: 1.5 }), nn.ConfigError, /patience/);
    // @ts-expect-error wrong on purpose
    await expectError(() => nn.callbacks.earlyStopping({ baseline: '0.1' }), nn.ConfigError, /baseline/);
    // @ts-expect-error wrong on purpose
    await expectError(() => nn.callbacks.earlyStopping({ mode: 'maximum' }), nn.ConfigError, /maximum/);
  });

  test('batchSize ≤ 0 or non-integer (fit, evaluate, predict)', async () => {
    await nn.setBackend(backend);
    const m = model();
    for (const batchSize of [0, -4, 2.5, NaN]) {
      await expectError(() => m.fit(X, Y, { batchSize }), nn.ConfigError, /batchSize/, new RegExp(`got ${batchSize}`));
      await expectError(() => m.evaluate(X, Y, { batchSize }), nn.ConfigError, /batchSize/);
      await expectError(() => m.predict(X, { batchSize }), nn.ConfigError, /batchSize/);
    }
    await expectError(() => m.fit(X, Y, { epochs: -1 }), nn.ConfigError, /epochs/);
    await expectError(() => m.fit(X, Y, { validationSplit: 1 }), nn.ConfigError, /validationSplit/);
    await stillTrains(m);
  });

  test('NaN or Infinity in x or y is a ValueError naming row and column; weights untouched', async () => {
    await nn.setBackend(backend);
    const m = model();
    const before = m.getWeights().map((t) => Array.from(t.dataSync()));
    const xs = X.arraySync() as number[][];
    xs[3]![2] = NaN;
    await expectError(() => m.fit(nn.tensor2d(xs), Y), nn.ValueError, /\bx\b/, /NaN/, /row 3/, /column 2/);
    const ys = Y.arraySync() as number[][];
    ys[4]![1] = Infinity;
    await expectError(() => m.fit(X, nn.tensor2d(ys)), nn.ValueError, /\by\b/, /Infinity/, /row 4/, /column 1/);
    expect(m.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(before);
    await stillTrains(m);
  });

  // KNOWN BUG (src/model/fit.ts, not owned here): the finiteness check runs over training and validation
  // rows together, so a NaN in validationData row 0 is reported as "x … row 5".
  test('NaN in validationData names validationData and its own row', async () => {
    await nn.setBackend(backend);
    const m = model();
    const vx = nn.tensor2d([[1, 2, 3, 4], [1, NaN, 3, 4]]), vy = nn.tensor2d([[1, 0, 0], [0, 1, 0]]);
    await expectError(() => m.fit(X, Y, { validationData: [vx, vy] }), nn.ValueError, /validationData/, /row 1\b/, /column 1\b/);
    await stillTrains(m);
  });

  test('fit / evaluate before compile → NotCompiledError; predict works uncompiled', async () => {
    await nn.setBackend(backend);
    const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 3, inputShape: [4], activation: 'softmax' })] });
    await expectError(() => m.fit(X, Y), nn.NotCompiledError, /compile/);
    await expectError(() => m.evaluate(X, Y), nn.NotCompiledError, /compile/);
    expect(m.predict(X).shape).toEqual([5, 3]);
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await stillTrains(m);
  });

  test('a first layer without inputShape; mismatched declared input', async () => {
    await nn.setBackend(backend);
    await expectError(() => nn.sequential({ layers: [nn.layers.dense({ units: 3 })] }), nn.ConfigError, /inputShape/);
    const m = nn.sequential({ seed: 1 });
    await expectError(() => m.add(nn.layers.dropout({ rate: 0.5 })), nn.ConfigError, /inputShape/);
    m.add(nn.layers.dense({ units: 6, inputShape: [4] }));
    await expectError(() => m.add(nn.layers.dense({ units: 3, inputShape: [5] })), nn.ShapeError, /\[5\]/, /\[6\]/);
    m.add(nn.layers.dense({ units: 3, activation: 'softmax' }));
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    await stillTrains(m);
  });

  test('sparse labels out of range or not integers', async () => {
    await nn.setBackend(backend);
    const m = model(3, 'sparseCategoricalCrossentropy');
    await expectError(() => m.fit(X, nn.tensor1d([0, 1, 3, 0, 1])), nn.ValueError, /row 2/, /\b3\b/, /\[0, 3\)/);
    await expectError(() => m.fit(X, nn.tensor1d([0, 1, -1, 0, 1])), nn.ValueError, /row 2/, /-1/);
    await expectError(() => m.fit(X, nn.tensor1d([0, 1, 1.5, 0, 1])), nn.ValueError, /row 2/, /1\.5/);
    await expectError(() => m.evaluate(X, nn.tensor1d([0, 1, 2, 0, 7])), nn.ValueError, /row 4/);
    await stillTrains(m, nn.tensor1d([0, 1, 2, 0, 1]));
  });
});

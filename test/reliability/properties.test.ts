// Property-based tests over the public API (fast-check, fixed seed, bounded runs):
//  1. random valid stacks train one epoch to the same weights on the wasm and ts backends;
//  2. random invalid configurations throw the typed error, and afterwards the heap holds exactly what it
//     held before and a valid fit succeeds.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { ATOL, RTOL, buildModel, dataFor, firstMismatch, stackSpec, type StackSpec } from './stacks.js';

const SEED = 20240607;

/** The weights after one epoch, or where the run diverged (a ValueError naming epoch and batch). */
async function trainOn(backend: 'wasm' | 'ts', s: StackSpec): Promise<Float32Array[] | string> {
  await nn.setBackend(backend);
  const model = buildModel(s);
  const { x, y } = dataFor(s);
  try {
    const h = await model.fit(x, y, { epochs: 1, batchSize: s.batchSize, seed: s.seed });
    expect(h.history.loss!.length).toBe(1);
    return model.getWeights().map((t) => t.dataSync());
  } catch (e) {
    // Some random stacks legitimately diverge (two linear layers with lr 0.1 grow cubically); then both
    // backends must stop at the same step.
    if (!(e instanceof nn.ValueError)) throw e;
    return /epoch \d+, batch \d+/.exec(e.message)![0];
  } finally {
    model.dispose();
  }
}

describe('wasm and ts agree on random stacks', () => {
  test(`one epoch, weights within ${RTOL} relative + ${ATOL} absolute`, async () => {
    let cases = 0, diverged = 0;
    await fc.assert(
      fc.asyncProperty(stackSpec, async (s) => {
        cases++;
        const [a, b] = [await trainOn('wasm', s), await trainOn('ts', s)];
        if (typeof a === 'string' || typeof b === 'string') diverged++;
        const bad = typeof a === 'string' || typeof b === 'string' ? (a === b ? null : `wasm ${a}, ts ${b}`) : firstMismatch(a, b);
        if (bad) throw new Error(`${bad} for ${JSON.stringify(s)}`);
      }),
      { seed: SEED, numRuns: 300 },
    );
    console.log(`backend agreement: ${cases} random stacks (${diverged} diverged on both at the same step)`);
    expect(cases).toBe(300);
  });
});

type ErrorClass = new (...args: never[]) => Error;
interface BadCase {
  what: string;
  expected: ErrorClass;
  run: (m: nn.Sequential) => unknown;
}

const X = nn.tensor2d([[1, 0, 0.5], [0, 1, -1], [1, 1, 0], [0.2, -0.3, 2], [2, 0, 1]]);
const Y = nn.tensor2d([[1, 0], [0, 1], [1, 0], [0, 1], [1, 0]]);
const junk = fc.constantFrom<unknown>(0, -1, 2.5, NaN, Infinity, -Infinity, '3', null, true, [], {});
const badRate = fc.constantFrom<unknown>(-0.1, 1, 1.5, NaN, Infinity, '0.5', null);
const badBatch = fc.constantFrom<unknown>(0, -3, 1.5, NaN, Infinity, '8');
const badName = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^(linear|identity|relu|leakyRelu|leaky_relu|sigmoid|tanh|step|softmax)$/.test(s));

/** Invalid inputs and the error class each must raise. `m` is a compiled 3 → 4 → 2 softmax model. */
const badCase: fc.Arbitrary<BadCase> = fc.oneof(
  junk.map((u) => ({ what: `dense units ${String(u)}`, expected: nn.ConfigError, run: () => nn.layers.dense({ units: u as number, inputShape: [3] }) })),
  badRate.map((r) => ({ what: `dropout rate ${String(r)}`, expected: nn.ConfigError, run: () => nn.layers.dropout({ rate: r as number }) })),
  badName.map((a) => ({ what: `activation ${a}`, expected: nn.ConfigError, run: () => nn.layers.dense({ units: 2, activation: a as never }) })),
  badName.map((l) => ({ what: `loss ${l}`, expected: nn.ConfigError, run: (m: nn.Sequential) => m.compile({ optimizer: 'sgd', loss: `x${l}` }) })),
  badName.map((o) => ({ what: `optimizer ${o}`, expected: nn.ConfigError, run: (m: nn.Sequential) => m.compile({ optimizer: `x${o}` as never, loss: 'mse' }) })),
  fc.constantFrom<unknown>(-1, NaN, Infinity, '0.1').map((lr) => ({ what: `learning rate ${String(lr)}`, expected: nn.ConfigError, run: () => nn.train.adam(lr as number) })),
  fc.constantFrom<unknown>([0], [-2], [1.5], [2, 0], [3, null], [], 'x').map((s) => ({ what: `inputShape ${JSON.stringify(s)}`, expected: nn.ConfigError, run: () => nn.layers.dense({ units: 2, inputShape: s as number[] }) })),
  fc.integer({ min: 1, max: 9 }).filter((w) => w !== 3).map((w) => ({
    what: `x width ${w}`, expected: nn.ShapeError, run: (m: nn.Sequential) => m.fit(nn.tensor2d(new Float32Array(5 * w), [5, w]), Y),
  })),
  fc.integer({ min: 1, max: 9 }).filter((r) => r !== 5).map((r) => ({
    what: `y rows ${r}`, expected: nn.ShapeError, run: (m: nn.Sequential) => m.fit(X, nn.tensor2d(new Float32Array(2 * r), [r, 2])),
  })),
  fc.integer({ min: 1, max: 6 }).filter((c) => c !== 2).map((c) => ({
    what: `y width ${c}`, expected: nn.ShapeError, run: (m: nn.Sequential) => m.evaluate(X, nn.tensor2d(new Float32Array(5 * c), [5, c])),
  })),
  fc.tuple(fc.integer({ min: 0, max: 14 }), fc.constantFrom(NaN, Infinity, -Infinity), fc.boolean()).map(([i, v, inX]) => ({
    what: `${v} in ${inX ? 'x' : 'y'} at ${i}`, expected: nn.ValueError,
    run: (m: nn.Sequential) => {
      const x = X.dataSync(), y = Y.dataSync();
      if (inX) x[i] = v;
      else y[i % 10] = v;
      return m.fit(nn.tensor2d(x, [5, 3]), nn.tensor2d(y, [5, 2]));
    },
  })),
  fc.tuple(badBatch, fc.constantFrom('fit', 'evaluate', 'predict')).map(([b, op]) => ({
    what: `${op} batchSize ${String(b)}`, expected: nn.ConfigError,
    run: (m: nn.Sequential) => (op === 'fit' ? m.fit(X, Y, { batchSize: b as number }) : op === 'evaluate' ? m.evaluate(X, Y, { batchSize: b as number }) : m.predict(X, { batchSize: b as number })),
  })),
  fc.constantFrom<unknown>(-1, 1.5, NaN).map((e) => ({ what: `epochs ${String(e)}`, expected: nn.ConfigError, run: (m: nn.Sequential) => m.fit(X, Y, { epochs: e as number }) })),
  fc.constantFrom<unknown>(1, -0.5, 2, NaN).map((v) => ({ what: `validationSplit ${String(v)}`, expected: nn.ConfigError, run: (m: nn.Sequential) => m.fit(X, Y, { validationSplit: v as number }) })),
  fc.constantFrom('fit', 'evaluate').map((op) => ({
    what: `${op} before compile`, expected: nn.NotCompiledError,
    run: () => {
      const u = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
      return op === 'fit' ? u.fit(X, Y) : u.evaluate(X, Y);
    },
  })),
  fc.constantFrom(-1, 2, 0.5, 7).map((label) => ({
    what: `sparse label ${label}`, expected: nn.ValueError,
    run: (m: nn.Sequential) => {
      const u = nn.sequential({ seed: 3, layers: [nn.layers.dense({ units: 2, inputShape: [3], activation: 'softmax' })] });
      u.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
      void m;
      return u.fit(X, nn.tensor1d([0, 1, label, 0, 1]));
    },
  })),
);

describe.each(['wasm', 'ts'] as const)('invalid configurations on %s', (backend) => {
  test('always throw the typed error; the heap is untouched and a valid fit follows', async () => {
    await nn.setBackend(backend);
    const heap = currentBackend().heap;
    const m = nn.sequential({ seed: 9, layers: [nn.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' }), nn.layers.dense({ units: 2, activation: 'softmax' })] });
    m.compile({ optimizer: nn.train.adam(0.01), loss: 'categoricalCrossentropy' });
    await m.fit(X, Y, { epochs: 1, seed: 1 }); // materializes weights and adam's state: the baseline
    const baseline = { bytes: heap.bytesInUse, blocks: heap.blocksInUse };
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(badCase, async (c) => {
        cases++;
        let error: unknown = null;
        try {
          await c.run(m);
        } catch (e) {
          error = e;
        }
        if (!(error instanceof c.expected)) throw new Error(`${c.what}: expected ${c.expected.name}, got ${String(error)}`);
        expect((error as Error).message.length).toBeGreaterThan(10);
        expect({ bytes: heap.bytesInUse, blocks: heap.blocksInUse }, c.what).toEqual(baseline);
        // A failed compile keeps the previous one, so the model still trains.
        const h = await m.fit(X, Y, { epochs: 1, batchSize: 2, seed: 2 });
        expect(Number.isFinite(h.history.loss![0]!), c.what).toBe(true);
        expect({ bytes: heap.bytesInUse, blocks: heap.blocksInUse }, c.what).toEqual(baseline);
      }),
      { seed: SEED, numRuns: 200 },
    );
    console.log(`invalid configurations on ${backend}: ${cases} cases`);
    expect(cases).toBe(200);
    m.dispose();
  });
});

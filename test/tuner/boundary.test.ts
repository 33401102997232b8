// Review of nn.tuner at the API boundary: bad dimension options, initial params, resume objects and
// training data give a typed error naming what was expected and what was given, before any trial runs;
// int grids keep to their step; a fast-check property over random bad arguments never sees a TypeError.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

const space = { x: nn.tuner.uniform(-1, 1) };
const square = ({ x }: nn.Params) => (x as number) ** 2;
const xor = () => ({ x: nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), y: nn.tensor2d([[0], [1], [1], [0]]) });
/** A build that counts its calls: bad data must be caught before the first one. */
function counted() {
  const calls = { n: 0 };
  const build = () => {
    calls.n++;
    const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    return m;
  };
  return { calls, build };
}

describe('dimension factories', () => {
  test.each([
    ['uniform', () => nn.tuner.uniform(0, 1, null as never)],
    ['logUniform', () => nn.tuner.logUniform(1e-3, 1, null as never)],
    ['int', () => nn.tuner.int(1, 5, null as never)],
    ['beta', () => nn.tuner.beta(0.9, 0.99, 7 as never)],
  ])('%s with options that are not an object is a ConfigError', (_, make) => {
    expect(make).toThrow(nn.ConfigError);
    expect(make).toThrow(/options must be an object/);
  });

  test('int grid points keep to the step: int(0, 10, {step: 3, grid: 3}) → 0, 6, 9 are all multiples of 3', async () => {
    const r = await nn.tuner.search({ space: { u: nn.tuner.int(0, 10, { step: 3, grid: 3 }) }, objective: () => 1, strategy: 'grid' });
    const values = r.trials.map((t) => t.params.u as number).sort((a, b) => a - b);
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBe(9);
    expect(values.every((v) => v % 3 === 0)).toBe(true);
  });
});

describe('initial params', () => {
  test.each([NaN, Infinity, { a: 1 }, null])('initial value %s is a ConfigError naming initial[0].x (a bayesian search used to die in the Cholesky)', async (v) => {
    const run = nn.tuner.search({ space, objective: square, strategy: 'bayesian', trials: 6, seed: 1, initial: [{ x: v as never }] });
    await expect(run).rejects.toThrow(nn.ConfigError);
    await expect(nn.tuner.search({ space, objective: square, trials: 2, seed: 1, initial: [{ x: v as never }] })).rejects.toThrow(
      /initial\[0\]\.x must be a finite number, a string or a boolean/,
    );
  });
});

describe('resume objects', () => {
  async function recorded(): Promise<Record<string, any>> {
    const r = await nn.tuner.search({ space, objective: square, strategy: 'bayesian', trials: 3, seed: 1 });
    return JSON.parse(JSON.stringify(r)) as Record<string, any>;
  }
  const resume = (json: object) => nn.tuner.search({ space, objective: square, strategy: 'bayesian', trials: 8, seed: 1, resume: json });

  test('a history that is not {key: number[]} is a ConfigError, not a TypeError', async () => {
    const json = await recorded();
    json.trials[0].history = { custom: 5 };
    await expect(resume(json)).rejects.toThrow(nn.ConfigError);
    await expect(resume(json)).rejects.toThrow(/resume\.trials\[0\]\.history\.custom must be an array of numbers/);
  });

  test('a complete trial without a finite score (NaN / null) is a ConfigError: it would rank arbitrarily', async () => {
    const json = await recorded();
    json.trials[1].score = null;
    await expect(resume(json)).rejects.toThrow(/resume\.trials\[1\] is complete but its score is NaN/);
  });

  test('params that are not numbers, strings or booleans are a ConfigError', async () => {
    const json = await recorded();
    json.trials[2].params = { x: { a: 1 } };
    await expect(resume(json)).rejects.toThrow(/resume\.trials\[2\]\.params\.x must be a finite number, a string or a boolean/);
  });

  test('a failed trial keeps its null score (NaN) and resumes', async () => {
    const r = await nn.tuner.search({ space, objective: (p) => ((p.x as number) > 0 ? NaN : square(p)), trials: 4, seed: 2 });
    expect(r.trials.some((t) => t.status === 'failed')).toBe(true);
    const more = await nn.tuner.search({ space, objective: square, trials: 5, seed: 2, resume: JSON.parse(JSON.stringify(r)) });
    expect(more.trials).toHaveLength(5);
  });
});

describe('training data', () => {
  test('x and y with different row counts is a ShapeError before any model is built', async () => {
    const { x } = xor(), { calls, build } = counted();
    const run = () => nn.tuner.search({ space: { lr: nn.tuner.logUniform(1e-3, 1) }, build, data: { x, y: nn.tensor2d([[0], [1], [1]]) }, objective: 'loss', trials: 2, epochs: 1 });
    await expect(run()).rejects.toThrow(nn.ShapeError);
    await expect(run()).rejects.toThrow(/data\.x has 4 rows but data\.y has 3/);
    expect(calls.n).toBe(0);
  });

  test('validationData with mismatched rows is a ShapeError; a bad validationSplit or a non-tensor x a ConfigError', async () => {
    const { x, y } = xor(), { calls, build } = counted();
    const run = (data: object) => nn.tuner.search({ space: { lr: nn.tuner.logUniform(1e-3, 1) }, build, data: data as never, trials: 2, epochs: 1 });
    await expect(run({ x, y, validationData: [x, nn.tensor2d([[1]])] })).rejects.toThrow(/data\.validationData has 4 rows of x but 1 of y/);
    await expect(run({ x, y, validationData: [x] })).rejects.toThrow(nn.ConfigError);
    await expect(run({ x, y, validationSplit: 2 })).rejects.toThrow(/data\.validationSplit must be a number in \[0, 1\), got 2/);
    await expect(run({ x: [[0, 1]], y })).rejects.toThrow(/data\.x must be a tensor/);
    expect(calls.n).toBe(0);
  });

  test('a bad params.batchSize stops the search like a bad params.epochs (the same setup bug in every trial)', async () => {
    const { x, y } = xor(), { build } = counted();
    const run = (extra: nn.Space) => nn.tuner.search({ space: { lr: nn.tuner.logUniform(1e-3, 1), ...extra }, build, data: { x, y }, objective: 'loss', trials: 2, epochs: 1 });
    await expect(run({ epochs: 'x' })).rejects.toThrow(/params\.epochs must be an integer ≥ 1/);
    await expect(run({ batchSize: 'x' })).rejects.toThrow(/params\.batchSize must be an integer ≥ 1/);
  });
});

describe('time limit', () => {
  test('a limit that passes before the first trial still runs one trial (it was "no trial ran (…, grid size Infinity)")', async () => {
    const r = await nn.tuner.search({ space, objective: square, trials: 5, seed: 1, timeLimit: 1e-9 });
    expect(r.trials).toHaveLength(1);
  });
});

describe('random bad arguments (fast-check)', () => {
  // A valid Bayesian search (its resume JSON recorded once), then ONE field replaced by junk: either a
  // top-level argument or a field of a recorded trial.
  const junk = fc.oneof(fc.constantFrom<unknown>(NaN, Infinity, -1, 0, 1.5, '', 'x', null, true, [], {}, [1, 'a'], { a: NaN }, { custom: 5 }), fc.anything());
  const base = () => ({
    space: { x: nn.tuner.uniform(0, 1), c: nn.tuner.choice(['a', 'b']) } as unknown,
    objective: ((p: nn.Params) => (p.x as number) + (p.c === 'a' ? 0 : 1)) as unknown,
    strategy: 'bayesian' as unknown, trials: 6 as unknown, seed: 1 as unknown, epochs: 2 as unknown,
    earlyStopping: true as unknown, initial: [{ x: 0.5 }] as unknown, timeLimit: 60 as unknown,
  });
  const topKeys = Object.keys(base());
  const trialKeys = ['id', 'params', 'params.x', 'params.c', 'score', 'status', 'epochs', 'history', 'history.custom', 'history.budget'];

  test('search throws a SimdnnError or returns, never a TypeError or a plain Error', async () => {
    const recorded = JSON.parse(JSON.stringify(await nn.tuner.search({ ...base(), trials: 4 } as nn.SearchArgs))) as { trials: Record<string, any>[] };
    const corruption = fc.oneof(
      fc.record({ top: fc.constantFrom(...topKeys), value: junk }),
      fc.record({ trial: fc.integer({ min: 0, max: 3 }), field: fc.constantFrom(...trialKeys), value: junk }),
      fc.record({ top: fc.constant('initial'), value: fc.record({ x: junk }).map((p) => [p]) }),
    );
    await fc.assert(
      fc.asyncProperty(corruption, async (c) => {
        const args: Record<string, unknown> = { ...base(), resume: structuredClone(recorded) };
        if ('top' in c) args[c.top] = c.value;
        else {
          const [head, tail] = c.field.split('.') as [string, string | undefined];
          const t = (args.resume as typeof recorded).trials[c.trial]!;
          if (tail === undefined) t[head] = c.value;
          else t[head] = { ...(t[head] as object), [tail]: c.value };
        }
        try {
          await nn.tuner.search(args as unknown as nn.SearchArgs);
        } catch (e) {
          if (!(e instanceof nn.SimdnnError)) throw new Error(`${(e as Error).name}: ${(e as Error).message} for ${JSON.stringify(c)}`);
        }
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});

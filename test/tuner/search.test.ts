// nn.tuner.search with objective functions (no training): seeded reproducibility, grid order, initial
// trials, time limit, failed trials, resume (replayed proposals), Bayesian beats random, and the typed
// errors of every bad argument.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

const bowlSpace = {
  lr: nn.tuner.logUniform(1e-5, 1),
  dropout: nn.tuner.uniform(0, 1),
  units: nn.tuner.int(8, 512, { log: true }),
  activation: nn.tuner.choice(['relu', 'tanh', 'sigmoid']),
};
/** A bowl in log-lr space with its minimum 0 at lr 2e-3, dropout 0.3, 90 units, tanh. */
function bowl(p: nn.Params): number {
  return (
    (Math.log10(p.lr as number) + 2.7) ** 2 +
    4 * ((p.dropout as number) - 0.3) ** 2 +
    0.5 * (Math.log2(p.units as number) - 6.5) ** 2 +
    (p.activation === 'tanh' ? 0 : 0.5)
  );
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1]!;
const byId = (r: nn.SearchResult) => [...r.trials].sort((a, b) => a.id - b.id);

describe('strategies', () => {
  test('random search with a fixed seed is reproducible; another seed differs', async () => {
    const run = (seed: number) => nn.tuner.search({ space: bowlSpace, objective: bowl, trials: 8, seed });
    const a = await run(7), b = await run(7), c = await run(8);
    expect(byId(a).map((t) => t.params)).toEqual(byId(b).map((t) => t.params));
    expect(byId(a).map((t) => t.score)).toEqual(byId(b).map((t) => t.score));
    expect(byId(a).map((t) => t.params.lr)).not.toEqual(byId(c).map((t) => t.params.lr));
    expect(a.strategy).toBe('random');
    expect(a.seed).toBe(7);
    expect(a.mode).toBe('min');
    expect(a.objective).toBe('custom');
    expect(a.best).toBe(a.trials[0]);
    expect(a.trials.map((t) => t.score)).toEqual([...a.trials.map((t) => t.score)].sort((x, y) => x - y));
  });

  test('model-based search beats random search on a 4-D bowl (median best over 11 seeds, 25 trials)', async () => {
    const best = async (strategy: 'random' | 'bayesian') => {
      const out: number[] = [];
      for (let seed = 0; seed < 11; seed++) out.push((await nn.tuner.search({ space: bowlSpace, objective: bowl, strategy, trials: 25, seed })).best.score);
      return out;
    };
    const random = await best('random'), bayesian = await best('bayesian');
    console.log(`median best of 25 trials over 11 seeds: random ${median(random).toFixed(4)}, bayesian ${median(bayesian).toFixed(4)}`);
    expect(median(bayesian)).toBeLessThan(0.5 * median(random));
  });

  test("mode 'max' is minimization of the negated objective: bayesian proposes the same trials", async () => {
    const min = await nn.tuner.search({ space: bowlSpace, objective: bowl, strategy: 'bayesian', trials: 12, seed: 4 });
    const max = await nn.tuner.search({ space: bowlSpace, objective: (p) => -bowl(p), mode: 'max', strategy: 'bayesian', trials: 12, seed: 4 });
    expect(byId(max).map((t) => t.params)).toEqual(byId(min).map((t) => t.params));
    expect(max.best.id).toBe(min.best.id);
    expect(max.best.score).toBe(-min.best.score);
  });

  test('grid enumerates exactly the product, last dimension fastest; trials < size takes a prefix', async () => {
    const space = { a: nn.tuner.choice(['x', 'y']), b: nn.tuner.int(1, 3), lr: nn.tuner.logUniform(1e-3, 1e-1, { grid: 2 }), fixed: true };
    const r = await nn.tuner.search({ space, objective: () => 0, strategy: 'grid', seed: 1 });
    const seen = byId(r).map((t) => `${String(t.params.a)} ${String(t.params.b)} ${(t.params.lr as number).toExponential(0)} ${String(t.params.fixed)}`);
    const expected: string[] = [];
    for (const a of ['x', 'y']) for (const b of [1, 2, 3]) for (const lr of ['1e-3', '1e-1']) expected.push(`${a} ${b} ${lr} true`);
    expect(seen).toEqual(expected);
    const prefix = await nn.tuner.search({ space, objective: () => 0, strategy: 'grid', trials: 5, seed: 1 });
    expect(byId(prefix).map((t) => t.params)).toEqual(byId(r).slice(0, 5).map((t) => t.params));
  });

  test('initial trials run first, in order, with missing keys sampled; then the strategy', async () => {
    const r = await nn.tuner.search({
      space: bowlSpace, objective: bowl, strategy: 'bayesian', trials: 10, seed: 3,
      initial: [{ lr: 0.002, dropout: 0.3, units: 90, activation: 'tanh' }, { lr: 0.5 }],
    });
    const trials = byId(r);
    expect(trials[0]!.params).toEqual({ lr: 0.002, dropout: 0.3, units: 90, activation: 'tanh' });
    expect(trials[1]!.params.lr).toBe(0.5);
    expect(typeof trials[1]!.params.units).toBe('number');
    expect(r.best.id).toBe(0); // the enqueued near-optimum stays best
    expect(trials).toHaveLength(10);
  });

  test('an error in a callback stops the search (it is not a failed trial)', async () => {
    const onEpochEnd = () => {
      throw new Error('callback bug');
    };
    await expect(nn.tuner.search({ space: bowlSpace, objective: bowl, trials: 3, seed: 1, onEpochEnd })).rejects.toThrow('callback bug');
  });

  test('timeLimit: no new trial starts after it', async () => {
    const sleep = () => new Promise<number>((resolve) => setTimeout(() => resolve(1), 20));
    const r = await nn.tuner.search({ space: bowlSpace, objective: sleep, trials: 1000, timeLimit: 0.1, seed: 1 });
    expect(r.trials.length).toBeGreaterThanOrEqual(1);
    expect(r.trials.length).toBeLessThan(1000);
  });

  test('a trial whose objective throws or returns NaN is failed with the message; the search goes on', async () => {
    const ended: nn.Trial[] = [];
    const r = await nn.tuner.search({
      space: { x: nn.tuner.uniform(0, 1) },
      objective: ({ x }, { trial }) => {
        if (trial === 1) throw new Error('boom');
        return trial === 2 ? NaN : (x as number);
      },
      trials: 5, seed: 2,
      onTrialEnd: (t, sofar) => void ended.push({ ...t, seconds: sofar.trials.length }),
    });
    expect(r.trials).toHaveLength(5);
    expect(r.trials.slice(3).map((t) => t.status)).toEqual(['failed', 'failed']);
    expect(r.trials.slice(3).map((t) => t.id)).toEqual([1, 2]);
    expect(r.trials[3]!.error).toBe('boom');
    expect(r.trials[4]!.error).toMatch(/returned NaN/);
    expect(r.trials[4]!.score).toBeNaN();
    expect(r.trials.slice(0, 3).every((t) => t.status === 'complete')).toBe(true);
    expect(ended.map((t) => t.seconds)).toEqual([1, 2, 3, 4, 5]); // onTrialEnd saw the result so far
  });
});

describe('resume', () => {
  const args = { space: bowlSpace, objective: bowl, strategy: 'bayesian' as const, seed: 11, initial: [{ lr: 0.01 }] };

  test('3 trials + resume to 12 (through JSON) equals an uninterrupted 12-trial search', async () => {
    // 4 dimensions → 8 random start-up trials, so trials 8…11 come from the GP replayed on the record.
    const full = await nn.tuner.search({ ...args, trials: 12 });
    const part = await nn.tuner.search({ ...args, trials: 3 });
    const text = JSON.stringify(part);
    let ran = 0;
    const resumed = await nn.tuner.search({ ...args, trials: 12, resume: JSON.parse(text) as object, onTrialBegin: () => void ran++ });
    expect(ran).toBe(9);
    expect(byId(resumed).map((t) => [t.params, t.score])).toEqual(byId(full).map((t) => [t.params, t.score]));
    expect(resumed.epochsSpent).toBe(full.epochsSpent);
    // A result object resumes as well, and omitted strategy, seed and initial come from the record.
    const again = await nn.tuner.search({ space: bowlSpace, objective: bowl, trials: 12, resume: part });
    expect(byId(again).map((t) => t.score)).toEqual(byId(full).map((t) => t.score));
  });

  test('with successive halving too: pruning decisions and proposals replay from the JSON', async () => {
    const budgeted = (p: nn.Params, ctx: nn.ObjectiveContext) => bowl(p) * (1 + 3 / ctx.epochs);
    const halving = { ...args, objective: budgeted, epochs: 9, earlyStopping: true };
    const full = await nn.tuner.search({ ...halving, trials: 14 });
    const part = await nn.tuner.search({ ...halving, trials: 5 });
    const resumed = await nn.tuner.search({ ...halving, trials: 14, resume: JSON.parse(JSON.stringify(part)) as object });
    expect(byId(resumed).map((t) => [t.params, t.score, t.status, t.epochs])).toEqual(byId(full).map((t) => [t.params, t.score, t.status, t.epochs]));
    expect(full.trials.some((t) => t.status === 'pruned')).toBe(true);
  });

  test('failed trials survive the JSON round trip (NaN stored as null)', async () => {
    const objective = (_p: nn.Params, ctx: nn.ObjectiveContext) => (ctx.trial === 0 ? NaN : ctx.trial);
    const part = await nn.tuner.search({ space: { x: nn.tuner.uniform(0, 1) }, objective, trials: 2, seed: 1 });
    const json = JSON.parse(JSON.stringify(part)) as { trials: { score: unknown }[] };
    expect(json.trials[0]!.score).toBeNull();
    const r = await nn.tuner.search({ space: { x: nn.tuner.uniform(0, 1) }, objective, trials: 3, seed: 1, resume: json });
    expect(byId(r).map((t) => t.status)).toEqual(['failed', 'complete', 'complete']);
    expect(byId(r)[0]!.score).toBeNaN();
  });

  test('resuming a different search is a ConfigError that says what differs', async () => {
    const part = await nn.tuner.search({ ...args, trials: 2 });
    const other = (more: Partial<nn.SearchArgs>) => nn.tuner.search({ ...args, trials: 4, resume: part, ...more });
    await expect(other({ seed: 12 })).rejects.toThrow(/seed: recorded 11, now 12/);
    await expect(other({ strategy: 'random' })).rejects.toThrow(/strategy: recorded "bayesian", now "random"/);
    await expect(other({ space: { ...bowlSpace, lr: nn.tuner.logUniform(1e-4, 1) } })).rejects.toThrow(/space\.lr: recorded .*"low":0\.00001.*now .*"low":0\.0001/);
    await expect(other({ objective: 'val_acc', build: () => null as never, data: {} as never })).rejects.toThrow(nn.ConfigError);
    await expect(other({ epochs: 3 })).rejects.toThrow(/epochs: recorded 10, now 3/);
    await expect(nn.tuner.search({ ...args, resume: { trials: [] } })).rejects.toThrow(/resume must be a tuner SearchResult or its JSON/);
    const broken = JSON.parse(JSON.stringify(part)) as { trials: object[] };
    broken.trials[1] = { id: 1, params: {}, status: 'done', epochs: 10 };
    await expect(nn.tuner.search({ ...args, resume: broken })).rejects.toThrow(/resume\.trials\[1\] is not a recorded trial/);
  });
});

describe('argument errors', () => {
  const ok = { space: { x: nn.tuner.uniform(0, 1) }, objective: (p: nn.Params) => p.x as number };
  test.each([
    ['unknown strategy', { ...ok, strategy: 'annealing' as never }, /unknown strategy 'annealing'; expected one of grid, random, bayesian/],
    ['empty space', { ...ok, space: {} }, /the space has no dimension to search \(keys: none\)/],
    ['only fixed values', { ...ok, space: { a: 1 } }, /no dimension to search \(keys: a\)/],
    ['bad space value', { ...ok, space: { a: [1, 2] as never } }, /space\.a must be an nn\.tuner dimension .* got \[1,2\]/],
    ['trials 0', { ...ok, trials: 0 }, /trials must be an integer ≥ 1, got 0/],
    ['grid over a continuous range', { ...ok, strategy: 'grid' as const }, /grid search over the continuous dimension 'x' \(uniform\(0, 1\)\) needs a point count/],
    ['seed negative', { ...ok, seed: -1 }, /seed must be an integer in \[0, 2\^32\), got -1/],
    ['timeLimit 0', { ...ok, timeLimit: 0 }, /timeLimit must be a number of seconds > 0, got 0/],
    ['eta 1', { ...ok, earlyStopping: { eta: 1 } }, /earlyStopping\.eta must be a number > 1, got 1/],
    ['mode', { ...ok, mode: 'up' as never }, /mode must be 'min' or 'max', got up/],
    ['build missing', { space: ok.space, objective: 'val_loss' }, /build must be a function .* got undefined/],
    ['data missing', { space: ok.space, build: () => null as never }, /data must be \{ x, y/],
    ['both validations', { space: ok.space, build: () => null as never, data: { x: nn.tensor2d([[1]]), y: nn.tensor2d([[1]]), validationSplit: 0.5, validationData: [nn.tensor2d([[1]]), nn.tensor2d([[1]])] as [nn.Tensor, nn.Tensor] } }, /validationData or validationSplit, not both/],
    ['val_ objective without validation', { space: ok.space, build: () => null as never, data: { x: nn.tensor2d([[1]]), y: nn.tensor2d([[1]]) }, objective: 'val_acc' }, /objective 'val_acc' needs validation data/],
  ])('%s', async (_name, args, message) => {
    await expect(nn.tuner.search(args as nn.SearchArgs)).rejects.toThrow(nn.ConfigError);
    await expect(nn.tuner.search(args as nn.SearchArgs)).rejects.toThrow(message);
  });
});

// Runs one trial: builds and trains a model epoch by epoch (or calls an objective function at growing
// budgets), keeps the best objective value, applies successive halving, and records failures.
import { ConfigError, NotCompiledError } from '../errors.js';
import type { Sequential } from '../model/sequential.js';
import { mix32, setRandomSeed } from '../random.js';
import type { Tensor } from '../tensor.js';
import { rungs, survives, type Halving } from './halving.js';
import type { Trial } from './result.js';
import type { Params } from './space.js';

export interface ObjectiveContext {
  /** The trial id. */
  trial: number;
  /** The budget to evaluate at: the full epochs, or a rung's epochs under successive halving. */
  epochs: number;
  /** The budget of this trial's previous call (0 on the first), so training can continue from there. */
  previousEpochs: number;
  /** The trial's seed (already passed to setRandomSeed). */
  seed: number;
}

export type ObjectiveFunction = (params: Params, ctx: ObjectiveContext) => number | Promise<number>;

export interface TrialData {
  x: Tensor;
  y: Tensor;
  validationData?: [Tensor, Tensor];
  validationSplit?: number;
}

/** Everything a trial needs from the search, already checked. */
export interface TrialSetup {
  where: string;
  /** History key, or 'custom' with `fn` set. */
  objective: string;
  fn?: ObjectiveFunction;
  build?: (params: Params) => Sequential | Promise<Sequential>;
  data?: TrialData;
  sign: number;
  epochs: number;
  batchSize: number;
  halving: Halving | null;
  onEpochEnd?: (trial: Trial, epoch: number, logs: Record<string, number>) => void | Promise<void>;
}

const now = () => performance.now();

/** A failure that must stop the whole search (a setup bug every trial would repeat), not only this trial. */
class Fatal extends Error {
  constructor(readonly inner: unknown) {
    super('fatal');
  }
}

function budgetOf(params: Params, name: 'epochs' | 'batchSize', fallback: number, where: string): number {
  const v = params[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ConfigError(`${where}: params.${name} must be an integer ≥ 1, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Trains (or evaluates) one trial; `trial` is filled in as it goes so callbacks see progress. `earlier`
 * are the trials before it, against which successive halving decides.
 */
export async function runTrial(setup: TrialSetup, trial: Trial, seed: number, earlier: Trial[]): Promise<void> {
  const t0 = now();
  // Both checked before the try: a bad params.epochs or params.batchSize is a setup bug that stops the search.
  const epochs = budgetOf(trial.params, 'epochs', setup.epochs, setup.where);
  const batchSize = setup.fn ? 0 : budgetOf(trial.params, 'batchSize', setup.batchSize, setup.where);
  const checkpoints = setup.halving ? rungs(setup.halving, epochs) : [];
  const record = (logs: Record<string, number>) => {
    for (const [k, v] of Object.entries(logs)) (trial.history[k] ??= []).push(v);
    const v = setup.sign * logs[setup.objective]!;
    if (Number.isFinite(v) && !(setup.sign * trial.score <= v)) trial.score = setup.sign * v;
  };
  const pruneAt = (budget: number) =>
    checkpoints.includes(budget) && !survives(trial, earlier, setup.objective, budget, setup.sign, setup.halving!.eta);
  try {
    setRandomSeed(seed);
    if (setup.fn) await evaluateFunction(setup, trial, seed, epochs, checkpoints, record, pruneAt);
    else await train(setup, trial, seed, epochs, batchSize, record, pruneAt);
  } catch (e) {
    if (e instanceof Fatal) throw e.inner;
    trial.status = 'failed';
    trial.score = NaN;
    trial.error = e instanceof Error ? e.message : String(e);
  } finally {
    trial.seconds = (now() - t0) / 1000;
  }
}

type Recorder = (logs: Record<string, number>) => void;

/** onEpochEnd; an error in it is the caller's bug and stops the search rather than failing the trial. */
async function callback(setup: TrialSetup, trial: Trial, epoch: number, logs: Record<string, number>): Promise<void> {
  try {
    await setup.onEpochEnd?.(trial, epoch, logs);
  } catch (e) {
    throw new Fatal(e);
  }
}

async function evaluateFunction(
  setup: TrialSetup, trial: Trial, seed: number, epochs: number, checkpoints: number[], record: Recorder, pruneAt: (b: number) => boolean,
): Promise<void> {
  let previous = 0;
  for (const budget of [...checkpoints, epochs]) {
    const value = await setup.fn!(trial.params, { trial: trial.id, epochs: budget, previousEpochs: previous, seed });
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`the objective function returned ${String(value)} at ${budget} epochs`);
    const logs = { custom: value, budget };
    record(logs);
    trial.epochs = budget;
    previous = budget;
    await callback(setup, trial, budget - 1, logs);
    if (pruneAt(budget)) {
      trial.status = 'pruned';
      return;
    }
  }
}

async function train(
  setup: TrialSetup, trial: Trial, seed: number, epochs: number, batchSize: number, record: Recorder, pruneAt: (b: number) => boolean,
): Promise<void> {
  const { where, data } = setup;
  let model: Sequential;
  try {
    model = await setup.build!(trial.params);
  } catch (e) {
    throw e instanceof Error ? new Error(`build threw: ${e.message}`) : e;
  }
  if (!model || typeof (model as Partial<Sequential>).fit !== 'function' || typeof (model as Partial<Sequential>).dispose !== 'function') {
    throw new Fatal(new ConfigError(`${where}: build must return a compiled nn.Sequential, got ${model === null ? 'null' : typeof model}`));
  }
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      // NOTE: one fit call per epoch, each with its own seed derived from the trial seed, so a trial's
      // epochs are identical whether or not successive halving splits its training at the rungs.
      let history;
      try {
        history = await model.fit(data!.x, data!.y, {
          epochs: epoch + 1,
          initialEpoch: epoch,
          batchSize,
          seed: epoch === 0 ? seed : mix32(seed ^ mix32(epoch)),
          validationData: data!.validationData,
          validationSplit: data!.validationSplit,
        });
      } catch (e) {
        if (e instanceof NotCompiledError) throw new Fatal(e);
        throw e;
      }
      const logs = Object.fromEntries(Object.entries(history.history).map(([k, v]) => [k, v[0]!]));
      if (!(setup.objective in logs)) {
        throw new Fatal(new ConfigError(`${where}: objective '${setup.objective}' is not in the training logs; the keys are ${Object.keys(logs).join(', ')}`));
      }
      record(logs);
      trial.epochs = epoch + 1;
      if (!Number.isFinite(logs[setup.objective]!)) throw new Error(`${setup.objective} became ${logs[setup.objective]} at epoch ${epoch + 1}`);
      await callback(setup, trial, epoch, logs);
      if (pruneAt(epoch + 1)) {
        trial.status = 'pruned';
        return;
      }
    }
  } finally {
    model.dispose();
  }
}

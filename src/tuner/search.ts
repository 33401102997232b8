// nn.tuner.search: argument checks, the trial loop (initial trials, then the strategy's proposals),
// time limit, resume, and the result.
import { ConfigError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import type { Sequential } from '../model/sequential.js';
import { defaultSeed } from '../random.js';
import { observationsAtBudget, rungs, type Halving } from './halving.js';
import { makeResult, readResume, type SearchMeta, type SearchResult, type Trial } from './result.js';
import { runTrial, type ObjectiveFunction, type TrialData, type TrialSetup } from './run-trial.js';
import { SearchSpace } from './search-space.js';
import { checkParams, type Params, type Space } from './space.js';
import { STRATEGIES, bayesianProposal, randomProposal, startupTrials, trialSeed, type Observation, type Strategy } from './strategies.js';

export interface SearchArgs {
  space: Space;
  /** Returns a compiled Sequential for the params (may be async); not needed with an objective function. */
  build?: (params: Params) => Sequential | Promise<Sequential>;
  /** Training data; give at most one of validationData and validationSplit. */
  data?: TrialData;
  /** A History key (default 'val_loss'), or a function of (params, ctx) to minimize / maximize. */
  objective?: string | ObjectiveFunction;
  /** Default 'max' if the objective's name contains 'acc', else 'min'. */
  mode?: 'min' | 'max';
  /** Default 'random'. */
  strategy?: Strategy;
  /** Maximum number of trials, `initial` ones included (default 10; grid: every point). */
  trials?: number;
  /** Default: the resumed search's seed, else one from nn.setRandomSeed's stream (or Math.random). */
  seed?: number;
  /** Epochs per trial (default 10); params.epochs overrides it. */
  epochs?: number;
  /** Default 32; params.batchSize overrides it. */
  batchSize?: number;
  /** Successive halving: true for { minEpochs: 1, eta: 3 }; off by default. */
  earlyStopping?: boolean | { minEpochs?: number; eta?: number };
  /** Params evaluated first, in order (missing keys are sampled); Optuna's enqueue_trial. */
  initial?: Params[];
  /** Seconds from this call after which no new trial starts (a running one finishes; a search with no trial yet runs one). */
  timeLimit?: number;
  /** A previous SearchResult or its JSON: its trials are reused, not re-run; omitted settings default to its. */
  resume?: SearchResult | object;
  onTrialBegin?: (trial: Trial) => void | Promise<void>;
  onEpochEnd?: (trial: Trial, epoch: number, logs: Record<string, number>) => void | Promise<void>;
  onTrialEnd?: (trial: Trial, sofar: SearchResult) => void | Promise<void>;
}

const W = 'tuner.search';

function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ConfigError(`${W}: ${name} must be an integer ≥ 1, got ${String(v)}`);
  return v;
}

function halvingOf(v: SearchArgs['earlyStopping']): Halving | null {
  if (v === undefined || v === false) return null;
  const h = v === true ? {} : v;
  if (h === null || typeof h !== 'object') throw new ConfigError(`${W}: earlyStopping must be true, false or { minEpochs, eta }, got ${String(v)}`);
  const minEpochs = positiveInt(h.minEpochs ?? 1, 'earlyStopping.minEpochs');
  const eta = h.eta ?? 3;
  if (typeof eta !== 'number' || !(eta > 1) || !Number.isFinite(eta)) throw new ConfigError(`${W}: earlyStopping.eta must be a number > 1, got ${String(eta)}`);
  return { minEpochs, eta };
}

/** The recorded JSON of `resume`, for defaults (strategy, seed, …) taken from it. */
function recorded(resume: unknown): Record<string, unknown> {
  if (resume === undefined || resume === null || typeof resume !== 'object') return {};
  const json = 'toJSON' in resume && typeof resume.toJSON === 'function' ? (resume.toJSON() as unknown) : resume;
  return json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
}

export async function search(args: SearchArgs): Promise<SearchResult> {
  if (args === null || typeof args !== 'object') throw new ConfigError(`${W}: expected an options object, got ${String(args)}`);
  const old = recorded(args.resume);
  const space = new SearchSpace(args.space, W);
  const strategy = args.strategy ?? (old.strategy as Strategy | undefined) ?? 'random';
  if (!STRATEGIES.includes(strategy)) throw new ConfigError(`${W}: unknown strategy '${String(strategy)}'; expected one of ${STRATEGIES.join(', ')}`);

  const fn = typeof args.objective === 'function' ? args.objective : undefined;
  const objective = fn ? 'custom' : (args.objective ?? 'val_loss');
  if (typeof objective !== 'string' || objective === '') throw new ConfigError(`${W}: objective must be a History key such as 'val_loss' or a function, got ${String(args.objective)}`);
  const mode = args.mode ?? (objective.includes('acc') ? 'max' : 'min');
  if (mode !== 'min' && mode !== 'max') throw new ConfigError(`${W}: mode must be 'min' or 'max', got ${String(mode)}`);
  if (!fn) checkTraining(args, objective);

  const seed = args.seed ?? (typeof old.seed === 'number' ? old.seed : defaultSeed());
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new ConfigError(`${W}: seed must be an integer in [0, 2^32), got ${String(seed)}`);
  // Settings omitted on resume default to the recorded ones, so `{ space, build, data, resume }` is enough.
  const was = (old.settings ?? {}) as { epochs?: number; batchSize?: number; earlyStopping?: Halving | null; initial?: Params[] };
  const epochs = positiveInt(args.epochs ?? was.epochs ?? 10, 'epochs');
  const batchSize = positiveInt(args.batchSize ?? was.batchSize ?? 32, 'batchSize');
  const halving = halvingOf(args.earlyStopping ?? was.earlyStopping ?? undefined);
  const initial = args.initial ?? was.initial ?? [];
  if (!Array.isArray(initial) || initial.some((p) => p === null || typeof p !== 'object')) throw new ConfigError(`${W}: initial must be an array of params objects, got ${JSON.stringify(initial)}`);
  // NOTE: a NaN here would reach the Bayesian surrogate's kernel matrix and fail its Cholesky.
  initial.forEach((p, i) => checkParams(p, `${W}: initial[${i}]`));
  const gridSize = strategy === 'grid' ? space.gridSize() : Infinity;
  const maxTrials = positiveInt(args.trials ?? (strategy === 'grid' ? initial.length + gridSize : 10), 'trials');
  const timeLimit = args.timeLimit;
  if (timeLimit !== undefined && !(typeof timeLimit === 'number' && timeLimit > 0)) throw new ConfigError(`${W}: timeLimit must be a number of seconds > 0, got ${String(timeLimit)}`);

  const meta: SearchMeta = {
    strategy, seed, objective, mode,
    space: space.describe(),
    settings: { epochs, batchSize, earlyStopping: halving, initial },
  };
  const all: Trial[] = args.resume === undefined ? [] : readResume(args.resume, meta, W);
  all.forEach((t, i) => {
    if (t.id !== i) throw new ConfigError(`${W}: resume's trials must have ids 0…${all.length - 1}, got id ${t.id} at position ${i}`);
  });
  const setup: TrialSetup = {
    where: W, objective, fn, build: args.build, data: args.data, sign: mode === 'min' ? 1 : -1,
    epochs, batchSize, halving, onEpochEnd: args.onEpochEnd,
  };

  const propose = (id: number): Params | null => {
    if (id < initial.length) return { ...randomProposal(space, seed, id), ...initial[id] };
    if (strategy === 'grid') return id - initial.length < gridSize ? space.gridPoint(id - initial.length) : null;
    if (strategy === 'random') return randomProposal(space, seed, id);
    const observed: Observation[] = halving
      ? observationsAtBudget(all, objective, setup.sign, [...rungs(halving, epochs), epochs], startupTrials(space))
      : all.map((t) => ({ params: t.params, loss: setup.sign * t.score }));
    return bayesianProposal(space, seed, id, observed);
  };

  const start = performance.now();
  for (let id = all.length; id < maxTrials; id++) {
    // The time limit is checked before each new trial: a running trial is never cut short. The first
    // trial always runs, so a tiny limit still gives a result rather than a "no trial ran" error.
    if (timeLimit !== undefined && all.length > 0 && (performance.now() - start) / 1000 >= timeLimit) break;
    const params = propose(id);
    if (params === null) break;
    const trial: Trial = { id, params, score: NaN, status: 'complete', epochs: 0, history: {}, seconds: 0 };
    await args.onTrialBegin?.(trial);
    await runTrial(setup, trial, trialSeed(seed, id), all);
    all.push(trial);
    // Ranking every trial so far is O(n log n); only done when someone listens.
    if (args.onTrialEnd) await args.onTrialEnd(trial, makeResult(all, meta));
  }
  if (all.length === 0) throw new ConfigError(`${W}: no trial ran (trials ${maxTrials}, grid size ${gridSize})`);
  return makeResult(all, meta);
}

/** Rows of a 2-D-or-more tensor named `name`; a ConfigError if it is not a tensor. */
function rows(t: unknown, name: string): number {
  if (!(t instanceof Tensor)) throw new ConfigError(`${W}: ${name} must be a tensor (nn.tensor2d), got ${Array.isArray(t) ? 'an array' : t === null ? 'null' : typeof t}`);
  return t.shape[0] ?? 1;
}

/**
 * Checks the training data once, before any trial: fit would reject it in every trial alike, and each
 * trial would only be marked failed.
 */
function checkTraining(args: SearchArgs, objective: string): void {
  if (typeof args.build !== 'function') throw new ConfigError(`${W}: build must be a function (params) => compiled Sequential when objective is a History key ('${objective}'), got ${typeof args.build}`);
  const data = args.data;
  if (!data || typeof data !== 'object') throw new ConfigError(`${W}: data must be { x, y, validationData? | validationSplit? } when objective is a History key ('${objective}')`);
  const n = rows(data.x, 'data.x'), ny = rows(data.y, 'data.y');
  if (n !== ny) throw new ShapeError(`${W}: data.x has ${n} rows but data.y has ${ny}`);
  if (data.validationData !== undefined && data.validationSplit !== undefined) {
    throw new ConfigError(`${W}: data takes validationData or validationSplit, not both`);
  }
  const val = data.validationData;
  if (val !== undefined) {
    if (!Array.isArray(val) || val.length !== 2) throw new ConfigError(`${W}: data.validationData must be [x, y], got ${Array.isArray(val) ? `${val.length} element(s)` : typeof val}`);
    const vx = rows(val[0], 'data.validationData[0]'), vy = rows(val[1], 'data.validationData[1]');
    if (vx !== vy) throw new ShapeError(`${W}: data.validationData has ${vx} rows of x but ${vy} of y`);
  }
  const split = data.validationSplit;
  if (split !== undefined && !(typeof split === 'number' && split >= 0 && split < 1)) {
    throw new ConfigError(`${W}: data.validationSplit must be a number in [0, 1), got ${String(split)}`);
  }
  if (objective.startsWith('val_') && data.validationData === undefined && !(data.validationSplit! > 0)) {
    throw new ConfigError(`${W}: objective '${objective}' needs validation data: give data.validationData or data.validationSplit (or objective '${objective.slice(4)}')`);
  }
}

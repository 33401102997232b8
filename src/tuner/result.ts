// Trial and SearchResult: ranking, the resumable JSON form (NaN-safe), and reading it back on resume.
import { ConfigError } from '../errors.js';
import { checkParams, type Params } from './space.js';
import type { Strategy } from './strategies.js';

export interface Trial {
  /** 0-based, in the order trials were started. */
  id: number;
  params: Params;
  /** Best value of the objective over the trial's epochs (Keras Tuner's convention); NaN if failed. */
  score: number;
  status: 'complete' | 'pruned' | 'failed';
  /** Epochs actually trained (for an objective function: the largest budget it was called with). */
  epochs: number;
  /** Per-epoch logs (loss, acc, val_loss, val_acc, …); an objective function's values are under 'custom', its budgets under 'budget'. */
  history: Record<string, number[]>;
  seconds: number;
  /** Why a failed trial failed (e.g. the loss became NaN). */
  error?: string;
}

export interface SearchResult {
  /** Complete trials best first, then pruned ones best first, then failed ones. */
  trials: Trial[];
  /** trials[0]: the best complete trial (a pruned or failed one only if no trial completed). */
  best: Trial;
  bestParams: Params;
  /** The History key searched on, or 'custom' for an objective function. */
  objective: string;
  mode: 'min' | 'max';
  strategy: Strategy;
  seed: number;
  /** Total epochs trained over all trials (pruned trials count what they trained). */
  epochsSpent: number;
  /**
   * Each parameter's dimension as plain data ({kind: 'logUniform', low, high}, {kind: 'choice', values},
   * {kind: 'fixed', value}, …): the plots read it to pick log and categorical axes.
   */
  space: Record<string, unknown>;
  /**
   * A plain, JSON-safe object (non-finite numbers stored as null, read back as NaN) to pass back as `resume`.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const result = await nn.tuner.search({ space: { x: nn.tuner.uniform(-1, 1) }, objective: ({ x }) => (x as number) ** 2, trials: 3, seed: 1 });
   * const text = JSON.stringify(result); // JSON.stringify calls toJSON
   * const more = await nn.tuner.search({ space: { x: nn.tuner.uniform(-1, 1) }, objective: ({ x }) => (x as number) ** 2, trials: 5, seed: 1, resume: JSON.parse(text) });
   * console.log(more.trials.length); // 5: the first 3 were reused
   * ```
   */
  toJSON(): object;
}

/** What a search records besides its trials; resuming needs all of it to match. */
export interface SearchMeta {
  strategy: Strategy;
  seed: number;
  objective: string;
  mode: 'min' | 'max';
  space: Record<string, unknown>;
  /** Settings that change what a trial computes (epochs, batchSize, earlyStopping, initial). */
  settings: Record<string, unknown>;
}

const FORMAT = 'simdnn-tuner';
const VERSION = 1;

const STATUS_ORDER = { complete: 0, pruned: 1, failed: 2 } as const;

/** Complete trials best first, then pruned best first, then failed; ties by id. */
export function rank(trials: Trial[], mode: 'min' | 'max'): Trial[] {
  const sign = mode === 'min' ? 1 : -1;
  return [...trials].sort((a, b) => {
    const s = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    if (s !== 0) return s;
    const d = sign * (a.score - b.score);
    return Number.isFinite(d) && d !== 0 ? d : a.id - b.id;
  });
}

const nullIfNaN = (v: number) => (Number.isFinite(v) ? v : null);
const nanIfNull = (v: unknown) => (typeof v === 'number' ? v : NaN);

export function makeResult(all: Trial[], meta: SearchMeta): SearchResult {
  // A copy: the search keeps appending to `all`, and a snapshot given to onTrialEnd must not change.
  const byId = [...all].sort((a, b) => a.id - b.id);
  const trials = rank(byId, meta.mode);
  const best = trials[0]!;
  const epochsSpent = byId.reduce((n, t) => n + t.epochs, 0);
  return {
    trials,
    best,
    bestParams: best.params,
    objective: meta.objective,
    mode: meta.mode,
    strategy: meta.strategy,
    seed: meta.seed,
    epochsSpent,
    space: meta.space,
    toJSON() {
      return {
        format: FORMAT,
        version: VERSION,
        ...meta,
        epochsSpent,
        trials: byId.map((t) => ({
          ...t,
          score: nullIfNaN(t.score),
          history: Object.fromEntries(Object.entries(t.history).map(([k, v]) => [k, v.map(nullIfNaN)])),
        })),
      };
    },
  };
}

/**
 * The recorded trials of `resume` (a SearchResult or its parsed JSON), ordered by id, after checking
 * that it was made by the same search; throws a ConfigError listing every field that differs.
 */
export function readResume(resume: unknown, meta: SearchMeta, where: string): Trial[] {
  const json = (resume !== null && typeof resume === 'object' && 'toJSON' in resume && typeof resume.toJSON === 'function' ? resume.toJSON() : resume) as Record<string, unknown>;
  if (json === null || typeof json !== 'object' || json.format !== FORMAT || !Array.isArray(json.trials)) {
    throw new ConfigError(`${where}: resume must be a tuner SearchResult or its JSON (format '${FORMAT}'), got ${json === null ? 'null' : typeof json === 'object' ? `an object with keys ${Object.keys(json).join(', ')}` : typeof json}`);
  }
  if (json.version !== VERSION) throw new ConfigError(`${where}: resume has format version ${String(json.version)}; this simdnn reads version ${VERSION}`);
  const diffs: string[] = [];
  for (const key of ['strategy', 'seed', 'objective', 'mode'] as const) {
    if (json[key] !== meta[key]) diffs.push(`${key}: recorded ${JSON.stringify(json[key])}, now ${JSON.stringify(meta[key])}`);
  }
  const recordedSpace = (json.space ?? {}) as Record<string, unknown>;
  for (const name of new Set([...Object.keys(recordedSpace), ...Object.keys(meta.space)])) {
    const a = JSON.stringify(recordedSpace[name]), b = JSON.stringify(meta.space[name]);
    if (a !== b) diffs.push(`space.${name}: recorded ${a ?? 'absent'}, now ${b ?? 'absent'}`);
  }
  const recordedSettings = (json.settings ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(meta.settings)) {
    const a = JSON.stringify(recordedSettings[name]), b = JSON.stringify(meta.settings[name]);
    if (a !== b) diffs.push(`${name}: recorded ${a ?? 'absent'}, now ${b ?? 'absent'}`);
  }
  if (diffs.length > 0) throw new ConfigError(`${where}: resume was recorded by a different search (${diffs.join('; ')})`);
  (json.trials as unknown[]).forEach((t, i) => checkRecordedTrial(t, `${where}: resume.trials[${i}]`));
  return (json.trials as Record<string, unknown>[])
    .map((t) => ({
      ...(t as unknown as Trial),
      score: nanIfNull(t.score),
      history: Object.fromEntries(Object.entries((t.history ?? {}) as Record<string, unknown[]>).map(([k, v]) => [k, v.map(nanIfNull)])),
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * One recorded trial of a resume JSON. What the search later reads must be well-formed: the params go
 * into the Bayesian surrogate, the history into successive halving, and a complete or pruned trial's
 * score into the ranking (a NaN there would make the sort order arbitrary).
 */
function checkRecordedTrial(t: unknown, where: string): void {
  const r = t as Record<string, unknown>;
  const ok = t !== null && typeof t === 'object' && typeof r.params === 'object' && r.params !== null &&
    Object.keys(STATUS_ORDER).includes(r.status as string) && Number.isInteger(r.id) && Number.isInteger(r.epochs);
  if (!ok) throw new ConfigError(`${where} is not a recorded trial (expected { id, params, score, status, epochs, history }), got ${JSON.stringify(t)?.slice(0, 120)}`);
  checkParams(r.params as Record<string, unknown>, `${where}.params`);
  const history = r.history ?? {};
  if (typeof history !== 'object' || history === null || Array.isArray(history)) throw new ConfigError(`${where}.history must be an object of per-epoch arrays, got ${JSON.stringify(history)}`);
  for (const [key, v] of Object.entries(history)) {
    if (!Array.isArray(v) || v.some((x) => x !== null && typeof x !== 'number')) {
      throw new ConfigError(`${where}.history.${key} must be an array of numbers (null for NaN), got ${JSON.stringify(v)?.slice(0, 80)}`);
    }
  }
  if (r.status !== 'failed' && !Number.isFinite(nanIfNull(r.score))) {
    throw new ConfigError(`${where} is ${String(r.status)} but its score is ${String(nanIfNull(r.score))}; only a failed trial has no score`);
  }
}

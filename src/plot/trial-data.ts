// What the trial plots read from a search result (a structural subset of nn.tuner's SearchResult), its
// checks, and parameter axes: linear, log (positive values spanning > 1.5 decades) or categorical.
import { ConfigError, ValueError } from '../errors.js';
import { viridis } from './landscape.js';
import { esc, extent, fmtTick, linearScale, logScale, n2, type Scale } from './svg.js';

export type PlotParamValue = number | string | boolean;

/** One trial as the plots need it: nn.tuner's Trial fits. */
export interface TrialLike {
  id?: number;
  params: Record<string, PlotParamValue>;
  /** The objective's value; NaN (or a 'failed' status) means the trial failed and is not drawn. */
  score: number;
  status?: string;
}

/** What nn.plot.trials and nn.plot.parallelCoordinates read: nn.tuner.search's result fits. */
export interface TrialsLike {
  trials: readonly TrialLike[];
  /** The score's name, e.g. 'val_acc' (axis label). */
  objective?: string;
  /** Whether a lower or a higher score is better; guessed from the objective's name when absent. */
  mode?: 'min' | 'max';
  /**
   * How each parameter was searched, as nn.tuner's result (and its JSON) records it: a choice gets a
   * categorical axis with its values in the given order, logUniform and int with log: true a log axis.
   * Without it the axes are guessed from the values.
   */
  space?: Record<string, unknown>;
}

/** The axis a parameter's recorded dimension asks for (undefined: guess from the values). */
export interface AxisHint {
  log?: boolean;
  categories?: readonly PlotParamValue[];
}

export function axisHint(result: TrialsLike, name: string): AxisHint {
  const d = result.space?.[name] as { kind?: unknown; log?: unknown; values?: unknown } | undefined;
  if (!d || typeof d !== 'object') return {};
  if (d.kind === 'choice' && Array.isArray(d.values)) return { categories: d.values as PlotParamValue[] };
  if (d.kind === 'logUniform' || (d.kind === 'int' && d.log === true)) return { log: true };
  if (d.kind === 'uniform' || d.kind === 'int') return { log: false };
  return {};
}

export interface CheckedTrials {
  /** Trials with a finite score and no 'failed' status, in the given order. */
  shown: TrialLike[];
  failed: number;
  /** Usable trials that `keep` left out (e.g. without the plotted parameter). */
  missing: number;
  objective: string;
  mode: 'min' | 'max';
  /** The best shown trial (complete ones are preferred over pruned ones). */
  best: TrialLike;
}

// Objectives where higher is better, when the result does not say (Keras Tuner guesses the same way).
const HIGHER_IS_BETTER = /acc|auc|precision|recall|f1|r2/i;

/** Validates the result; `keep` drops trials the plot cannot place (counted in `missing`). */
export function checkTrials(result: TrialsLike, where: string, keep: (t: TrialLike) => boolean = () => true): CheckedTrials {
  if (!result || typeof result !== 'object' || !Array.isArray(result.trials)) {
    throw new ValueError(`${where}: expected a search result {trials: [{params, score}, ...]} as returned by nn.tuner.search, got ${String(result)}`);
  }
  result.trials.forEach((t, i) => {
    if (!t || typeof t !== 'object' || !t.params || typeof t.params !== 'object' || typeof t.score !== 'number') {
      throw new ValueError(`${where}: trials[${i}] must be {params: {...}, score: number}, got ${JSON.stringify(t)}`);
    }
    // NOTE: a non-finite number would reach the axis code: Infinity on a log axis makes its tick loop endless.
    for (const [name, v] of Object.entries(t.params)) {
      const ok = v === undefined || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
      if (!ok) throw new ValueError(`${where}: trials[${i}].params.${name} must be a finite number, a string or a boolean, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
    }
  });
  const usable = result.trials.filter((t) => t.status !== 'failed' && Number.isFinite(t.score));
  const shown = usable.filter(keep);
  if (shown.length === 0) {
    throw new ValueError(`${where}: expected at least one trial with a finite score, got ${result.trials.length} trial(s) and none usable`);
  }
  const objective = result.objective ?? 'score';
  const mode = result.mode ?? (HIGHER_IS_BETTER.test(objective) ? 'max' : 'min');
  if (mode !== 'min' && mode !== 'max') throw new ValueError(`${where}: mode must be 'min' or 'max', got ${String(mode)}`);
  const better = (a: TrialLike, b: TrialLike) => (mode === 'max' ? a.score > b.score : a.score < b.score);
  const complete = shown.filter((t) => t.status !== 'pruned');
  const best = (complete.length ? complete : shown).reduce((a, b) => (better(b, a) ? b : a));
  return { shown, failed: result.trials.length - usable.length, missing: usable.length - shown.length, objective, mode, best };
}

/** Every parameter name in the trials, in first-seen order. */
export function paramNames(trials: readonly TrialLike[]): string[] {
  const names = new Set<string>();
  for (const t of trials) for (const k of Object.keys(t.params)) names.add(k);
  return [...names];
}

/** Throws a ConfigError naming the known parameters unless `name` is one. */
export function checkParam(name: unknown, trials: readonly TrialLike[], where: string, option: string): string {
  const names = paramNames(trials);
  if (typeof name !== 'string' || !names.includes(name)) {
    throw new ConfigError(`${where}: ${option} must name a parameter of the trials (${names.join(', ') || 'none'}), got ${JSON.stringify(name)}`);
  }
  return name;
}

/** A parameter's axis: value → pixel, tick positions and labels. */
export interface ParamAxis {
  kind: 'linear' | 'log' | 'category';
  pos(v: PlotParamValue | undefined): number;
  ticks: { at: number; label: string }[];
  /** For categories, the distinct values in order. */
  categories: string[];
}

/** True when numbers should go on a log axis: all positive and spanning more than 1.5 decades. */
export function wantsLog(values: readonly number[]): boolean {
  if (values.length === 0 || values.some((v) => !(v > 0))) return false;
  const [lo, hi] = extent(values);
  return hi / lo > 10 ** 1.5;
}

/**
 * Category labels: a choice's own order (16, 32, 64, 128 reads better than sorted strings, where
 * '128' < '16'), then any value the trials hold that the choice does not list (an `initial` trial may
 * bring one), else the distinct values sorted.
 */
export function categoriesOf(present: readonly PlotParamValue[], order?: readonly PlotParamValue[]): string[] {
  const seen = [...new Set(present.map(String))];
  if (!order) return seen.sort();
  const listed = order.map(String);
  return [...listed, ...seen.filter((c) => !listed.includes(c)).sort()];
}

/**
 * An axis from p0 to p1 for the values of one parameter: categorical when `categoryOrder` is given
 * (evenly spaced, in that order) or any value is a string or boolean (in sorted order), else numeric,
 * log when `log` says so or (undefined) wantsLog.
 */
export function paramAxis(values: readonly (PlotParamValue | undefined)[], p0: number, p1: number, log?: boolean, tickCount = 5, categoryOrder?: readonly PlotParamValue[]): ParamAxis {
  const present = values.filter((v): v is PlotParamValue => v !== undefined);
  if (categoryOrder || present.some((v) => typeof v !== 'number')) {
    const categories = categoriesOf(present, categoryOrder);
    const at = (i: number) => p0 + ((i + 0.5) / categories.length) * (p1 - p0);
    return {
      kind: 'category',
      categories,
      pos: (v) => at(Math.max(0, categories.indexOf(String(v)))),
      ticks: categories.map((c, i) => ({ at: at(i), label: c })),
    };
  }
  const nums = present as number[];
  const [lo, hi] = extent(nums);
  const useLog = log ?? wantsLog(nums);
  if (useLog && !(lo > 0)) throw new ConfigError(`plot: a log axis needs positive values, got a minimum of ${lo}`);
  const scale: Scale = useLog ? logScale(lo, hi, p0, p1) : linearScale(lo, hi, p0, p1, tickCount);
  return {
    kind: useLog ? 'log' : 'linear',
    categories: [],
    pos: (v) => scale(Number(v)),
    ticks: scale.ticks.map((t) => ({ at: scale(t), label: fmtTick(t) })),
  };
}

/**
 * Score → colour so the best trials are dark (viridis' purple end) and the worst pale (its yellow end),
 * so good trials stand out on white. Returns the colour function and its colour-bar function (t = 0
 * at the lowest score).
 */
export function scoreColors(lo: number, hi: number, mode: 'min' | 'max'): { color: (score: number) => string; bar: (t: number) => string; goodness: (score: number) => number } {
  const norm = (s: number) => (hi > lo ? (s - lo) / (hi - lo) : 1);
  const bar = (t: number) => viridis(mode === 'max' ? 1 - t : t);
  return { color: (s) => bar(norm(s)), bar, goodness: (s) => (mode === 'max' ? norm(s) : 1 - norm(s)) };
}

/** Text line of small print (counts, notes) at (x, y). */
export function note(x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  return `<text class="note" x="${n2(x)}" y="${n2(y)}" text-anchor="${anchor}" font-size="11" fill="#555">${esc(text)}</text>`;
}

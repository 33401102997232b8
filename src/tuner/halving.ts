// Asynchronous successive halving (ASHA, Li et al. 2020; Optuna's SuccessiveHalvingPruner): the rungs and
// the keep-or-prune rule, decided against every earlier trial that reached the same rung.
import type { Trial } from './result.js';

export interface Halving {
  minEpochs: number;
  eta: number;
}

/** Rung budgets minEpochs·eta^k that are < epochs (the full budget itself needs no decision). */
export function rungs(h: Halving, epochs: number): number[] {
  const out: number[] = [];
  for (let r = h.minEpochs; r < epochs; r = Math.max(r + 1, Math.round(r * h.eta))) out.push(r);
  return out;
}

/**
 * A trial's objective as budgets (epochs trained) and values. Trained trials log one value per epoch;
 * objective functions one per call, with the budget of each call under history.budget.
 */
export function series(trial: Pick<Trial, 'history'>, key: string): { budgets: number[]; values: number[] } {
  const values = trial.history[key] ?? [];
  const budgets = trial.history.budget ?? values.map((_, i) => i + 1);
  return { budgets, values };
}

/** Best (lowest, after orienting with `sign`) value over the budgets ≤ rung; NaN if none. */
function scoreAt(trial: Pick<Trial, 'history'>, key: string, rung: number, sign: number): number {
  const { budgets, values } = series(trial, key);
  let best = NaN;
  for (let i = 0; i < values.length && budgets[i]! <= rung; i++) {
    const v = sign * values[i]!;
    if (Number.isFinite(v) && !(v >= best)) best = v;
  }
  return best;
}

/**
 * The rule: at a rung of r epochs, let n be the number of trials that have reached r epochs (this one
 * included, failed ones excluded). The trial continues iff fewer than ⌈n/eta⌉ of the others scored
 * strictly better at r, i.e. it is among the best ⌈n/eta⌉; otherwise it is pruned. The first trial at a
 * rung always continues (⌈1/eta⌉ = 1). `loss` values are oriented so that lower is better.
 */
export function keepAtRung(loss: number, others: number[], eta: number): boolean {
  const n = others.length + 1;
  const better = others.filter((o) => o < loss).length;
  return better < Math.ceil(n / eta);
}

/** The keep-or-prune decision for a trial at rung `rung`, against the earlier trials. */
export function survives(current: Pick<Trial, 'history'>, earlier: Trial[], key: string, rung: number, sign: number, eta: number): boolean {
  const others = earlier
    .filter((t) => t.status !== 'failed' && t.epochs >= rung)
    .map((t) => scoreAt(t, key, rung, sign))
    .filter((v) => Number.isFinite(v));
  return keepAtRung(scoreAt(current, key, rung, sign), others, eta);
}

/**
 * What the Bayesian surrogate sees under successive halving, as BOHB (Falkner et al. 2018) does: scores
 * at ONE budget, the largest of `budgets` that at least `minCount` trials reached, from the trials that
 * reached it (failed trials included, with loss NaN). Mixing budgets would put a pruned trial's
 * 1-epoch loss next to 27-epoch losses of its neighbours and make the landscape look rough.
 */
export function observationsAtBudget(trials: Trial[], key: string, sign: number, budgets: number[], minCount: number): { params: Trial['params']; loss: number }[] {
  const levels = [...budgets].sort((a, b) => b - a);
  for (const [i, b] of levels.entries()) {
    const reached = trials.filter((t) => t.status !== 'failed' && t.epochs >= b);
    if (reached.length < minCount && i < levels.length - 1) continue;
    return trials
      .filter((t) => t.status === 'failed' || t.epochs >= b)
      .map((t) => ({ params: t.params, loss: t.status === 'failed' ? NaN : scoreAt(t, key, b, sign) }));
  }
  return [];
}

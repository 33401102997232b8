// The three proposers (grid, random, bayesian). Each is a pure function of (seed, trial id, trials so
// far), so a resumed search that is fed its recorded trials proposes exactly what an uninterrupted one would.
import { Random, mix32 } from '../random.js';
import { expectedImprovement, fitGp } from './gp.js';
import type { SearchSpace } from './search-space.js';
import type { Params } from './space.js';

export type Strategy = 'grid' | 'random' | 'bayesian';
export const STRATEGIES: readonly Strategy[] = ['grid', 'random', 'bayesian'];

/** A finished trial as the proposers see it: score oriented for minimization, NaN if it failed. */
export interface Observation {
  params: Params;
  loss: number;
}

/** The seed of trial `id`: setRandomSeed and fit get it, so one trial can be re-run alone. */
export function trialSeed(seed: number, id: number): number {
  return mix32((seed >>> 0) ^ mix32((id + 1) >>> 0));
}

/** The stream trial `id` samples its parameters from (separate from its training seed). */
function proposalRandom(seed: number, id: number): Random {
  return new Random(mix32(trialSeed(seed, id) ^ 0x85ebca6b));
}

export function randomProposal(space: SearchSpace, seed: number, id: number): Params {
  return space.sample(proposalRandom(seed, id));
}

/** Random trials before the surrogate takes over: max(3, 2·dimensions), as the brief's default. */
export function startupTrials(space: SearchSpace): number {
  return Math.max(3, 2 * space.dims.length);
}

// Candidate counts: ~1,300 EI evaluations of O(n²) each keep a proposal under ~10 ms for n ≈ 50.
const RANDOM_CANDIDATES = 1000;
const LOCAL_CENTERS = 3;
const LOCAL_CANDIDATES = 100;
const LOCAL_SD = 0.1;

/**
 * GP + Expected Improvement in the [0, 1] encoding, proposing trial `id` (= the number of trials so far).
 * Failed trials enter the surrogate as the worst loss seen (so the search steers away from what crashed
 * or diverged); under successive halving the caller passes scores at one budget (observationsAtBudget).
 * Until `startupTrials` trials exist, or while no trial has a finite loss, it samples at random (the same
 * draws the random strategy makes for that trial id).
 */
export function bayesianProposal(space: SearchSpace, seed: number, id: number, observed: Observation[]): Params {
  const finite = observed.filter((o) => Number.isFinite(o.loss));
  if (id < startupTrials(space) || finite.length === 0) return randomProposal(space, seed, id);
  const worst = Math.max(...finite.map((o) => o.loss));
  const raw = observed.map((o) => (Number.isFinite(o.loss) ? o.loss : worst));
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  const std = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / raw.length) || 1;
  const ys = raw.map((v) => (v - mean) / std);
  const xs = observed.map((o) => space.encode(o.params));
  // Length scales relative to the diagonal of the unit cube, from very local to nearly linear.
  const diag = Math.sqrt(space.width);
  const gp = fitGp(xs, ys, [0.05, 0.1, 0.2, 0.4, 0.8].map((s) => s * diag));
  const best = Math.min(...ys);

  const rng = proposalRandom(seed, id);
  let bestEi = -Infinity;
  let bestParams: Params | null = null;
  const consider = (u: Float64Array) => {
    // Decode then re-encode, so ints are rounded and choices one-hot as in the observed points.
    const params = space.decode(u);
    const { mean: m, std: s } = gp.predict(space.encode(params));
    const ei = expectedImprovement(m, s, best);
    if (ei > bestEi) {
      bestEi = ei;
      bestParams = params;
    }
  };
  for (let c = 0; c < RANDOM_CANDIDATES; c++) {
    const u = new Float64Array(space.width);
    for (let i = 0; i < u.length; i++) u[i] = rng.uniform();
    consider(u);
  }
  // Local search around the best observed points: Gaussian steps, a choice re-drawn 1 time in 4.
  const order = ys.map((y, i) => [y, i] as const).sort((a, b) => a[0] - b[0]).slice(0, LOCAL_CENTERS);
  for (const [, i] of order) {
    for (let c = 0; c < LOCAL_CANDIDATES; c++) {
      const u = Float64Array.from(xs[i]!);
      space.dims.forEach((d, j) => {
        const [from, to] = space.block(j);
        if (d.kind !== 'choice') u[from] = u[from]! + LOCAL_SD * rng.normal();
        else if (rng.uniform() < 0.25) {
          u.fill(0, from, to);
          u[from + rng.int(to - from)] = 1;
        }
      });
      consider(u);
    }
  }
  return bestParams ?? randomProposal(space, seed, id);
}

// nn.tuner: the public namespace (dimension factories and search) and its types.
import { search } from './search.js';
import { beta, choice, int, logUniform, uniform } from './space.js';

export type { Dimension, DimensionKind, Params, ParamValue, Space } from './space.js';
export type { SearchArgs } from './search.js';
export type { SearchResult, Trial } from './result.js';
export type { ObjectiveContext, ObjectiveFunction, TrialData } from './run-trial.js';
export type { Strategy } from './strategies.js';

/**
 * Hyper-parameter search (Keras Tuner / Optuna style): dimensions to search over, and `search`.
 * @namespace
 */
export const tuner = {
  /**
   * A float uniform in [low, high]. `grid` sets the number of evenly spaced points for grid search.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const space = { dropout: nn.tuner.uniform(0, 0.5), keepProb: nn.tuner.uniform(0.5, 1, { grid: 3 }) }; // grid: 0.5, 0.75, 1
   * ```
   */
  uniform,
  /**
   * A float whose log is uniform in [log low, log high]: every decade is equally likely, the scale for
   * learning rates and L2 coefficients (the deep-learning course's "appropriate scale"). `grid` gives
   * geometric points: logUniform(1e-4, 1e-1, { grid: 4 }) → 1e-4, 1e-3, 1e-2, 1e-1.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const space = { learningRate: nn.tuner.logUniform(1e-4, 1e-1), l2: nn.tuner.logUniform(1e-6, 1e-2, { grid: 5 }) };
   * ```
   */
  logUniform,
  /**
   * An integer in [low, high] in steps of `step` (default 1; the largest value is the last step ≤ high).
   * `log: true` samples on a log scale (for units: 16…256). Grid search takes every step, or `grid`
   * evenly (or geometrically, with log) spaced points.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const space = { units: nn.tuner.int(16, 256, { log: true }), layers: nn.tuner.int(1, 3), batch: nn.tuner.int(32, 128, { step: 32 }) };
   * ```
   */
  int,
  /**
   * One of the given values (numbers, strings or booleans), all equally likely.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const space = { activation: nn.tuner.choice(['relu', 'tanh']), batchSize: nn.tuner.choice([32, 64, 128]) };
   * ```
   */
  choice,
  /**
   * An exponential-average β (momentum, Adam's β1/β2, RMSProp's ρ) in [low, high]: 1 − β is sampled
   * log-uniformly, so 0.9…0.99 and 0.99…0.999 are equally likely, as the deep-learning course advises
   * (β near 1 is where small changes matter: 1/(1 − β) is the averaging window).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const space = { beta1: nn.tuner.beta(0.8, 0.999), beta2: nn.tuner.beta(0.99, 0.9999, { grid: 3 }) }; // grid: 0.99, 0.999, 0.9999
   * ```
   */
  beta,
  /**
   * Searches `space` for the params with the best objective, and returns every trial, best first.
   *
   * Each trial id gets a seed from (seed, id) with mix32; before `build` the search calls
   * nn.setRandomSeed(trialSeed) (so the global seed changes) and trains with seeds derived from it:
   * one fit call per epoch, epoch e seeded from the trial seed and e, so a trial trains the same epochs
   * with or without successive halving. A trial's score is the best value of the objective over its
   * epochs (Keras Tuner's convention). A trial whose build or fit throws (e.g. the loss became NaN) is
   * `failed` with the message and the search goes on; each model is disposed after its trial.
   *
   * Strategies: 'random' samples each dimension independently; 'grid' enumerates the Cartesian product
   * with the last dimension varying fastest (sklearn's ParameterGrid order) and, with fewer `trials`
   * than points, runs the first `trials` points: a prefix, so a resumed search with more trials
   * continues the same grid (for a random subset use 'random'). 'bayesian' starts with
   * max(3, 2·dimensions) random trials, then proposes the maximum of Expected Improvement under a
   * Gaussian process (Matérn 5/2) fitted to all trials so far; failed trials count as the worst score
   * seen, pruned ones with the score they reached.
   *
   * Successive halving (`earlyStopping`): rungs at minEpochs·eta^k epochs below `epochs`. At a rung of
   * r epochs, with n trials that reached r (this one included), a trial continues only if it is among
   * the best ⌈n/eta⌉ scores at r (its best so far); otherwise it stops as `pruned`, keeping its score
   * and epochs. Training continues the same model. An objective function is called at each rung's
   * budget (ctx.epochs) instead.
   *
   * `resume` takes a previous result or its JSON; it must come from the same strategy, seed,
   * objective, mode, space, epochs, batchSize, earlyStopping and initial (a ConfigError lists what
   * differs; those omitted default to the recorded ones). Its trials are reused and the strategy is
   * replayed on them, so a resumed search proposes what an uninterrupted one would have. `trials`
   * counts the recorded ones; `timeLimit` counts from this call.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), y = nn.tensor2d([[0], [1], [1], [0]]);
   * const result = await nn.tuner.search({
   *   space: { learningRate: nn.tuner.logUniform(1e-3, 1), units: nn.tuner.choice([4, 8]) },
   *   build: (p) => {
   *     const model = nn.sequential({
   *       layers: [nn.layers.dense({ units: p.units as number, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })],
   *     });
   *     model.compile({ optimizer: nn.train.adam(p.learningRate as number), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
   *     return model;
   *   },
   *   data: { x, y, validationData: [x, y] },
   *   objective: 'val_loss', trials: 3, epochs: 5, batchSize: 4, seed: 1,
   * });
   * console.log(result.best.score, result.bestParams);
   *
   * // A synthetic objective (no training): minimize (log10 lr + 2)².
   * const r = await nn.tuner.search({
   *   space: { lr: nn.tuner.logUniform(1e-5, 1) },
   *   objective: ({ lr }) => (Math.log10(lr as number) + 2) ** 2,
   *   strategy: 'bayesian', trials: 12, seed: 3,
   * });
   * console.log(r.bestParams.lr); // near 1e-2
   * ```
   */
  search,
};

// nn.plot (SVG strings, no DOM) and nn.tools (the data behind the plots).
import { gradientNorms, GradientNorms } from '../callbacks-grad.js';
import { lossLandscape as landscapeData } from '../tools/landscape.js';
import { compareCurves } from './compare.js';
import { decisionBoundary } from './decision-boundary.js';
import { gradientHealth } from './gradient-health.js';
import { lossLandscape } from './landscape.js';
import { learningCurves } from './learning-curves.js';
import { parallelCoordinates } from './parallel.js';
import { trials } from './trials.js';

/**
 * Plots as standalone SVG strings (no DOM needed): write them to a .svg file or set them as innerHTML.
 * @namespace
 */
export const plot = {
  /**
   * Learning curves from a fit History: train and validation loss (left panel) and accuracy, or the
   * first other metric (right panel), per epoch (1-based). A loss falling by more than ~1.5 decades
   * gets a log axis. Options: title, width (default 900, or 480 for one panel), height (default 360).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * import { writeFileSync } from 'node:fs';
   * import { tmpdir } from 'node:os';
   * import { join } from 'node:path';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: nn.train.sgd(0.1), loss: 'meanSquaredError' });
   * const x = nn.tensor2d([[0], [1], [2], [3]]), y = nn.tensor2d([[1], [3], [5], [7]]);
   * const history = await model.fit(x, y, { epochs: 20, validationSplit: 0.25 });
   * writeFileSync(join(tmpdir(), 'curves.svg'), nn.plot.learningCurves(history, { title: 'y = 2x + 1' }));
   * ```
   */
  learningCurves,
  /**
   * Renders nn.tools.lossLandscape's result: the MSE over the (w, b) grid as a heat map (viridis, log
   * colour scale) with `levels` contour lines (default 12), the gradient-descent path, and the
   * least-squares optimum. Options: title, size (plot side in pixels, default 440), levels.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const land = nn.tools.lossLandscape([0, 1, 2, 3], [1, 3, 5, 7], { lr: 0.05, steps: 30 });
   * const svg = nn.plot.lossLandscape(land, { levels: 8 });
   * console.log(svg.startsWith('<svg'));
   * ```
   */
  lossLandscape,
  /**
   * Each layer's gradient norm per epoch on a log axis, from an nn.tools.gradientNorms() callback:
   * norms shrinking by decades toward the first layer mean vanishing gradients, growing ones
   * exploding gradients. Options: title, width (default 560 + the legend's width), height (default 380), and `relative:
   * true` to plot ‖grad‖ / ‖W‖ (the step relative to the weights, comparable across layers) with a
   * dashed line at the `vanishing` threshold of nn.diagnose.gradients (default 1e-7).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({
   *   layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'sigmoid' }), nn.layers.dense({ units: 1 })],
   * });
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const norms = nn.tools.gradientNorms();
   * await model.fit(nn.tensor2d([[0, 1], [1, 0]]), nn.tensor2d([[1], [0]]), { epochs: 4, callbacks: [norms] });
   * const svg = nn.plot.gradientHealth(norms, { title: 'Gradient health' });
   * ```
   */
  gradientHealth,
  /**
   * A hyper-parameter search as a scatter: each trial's score (y, labelled with the objective and
   * whether higher or lower is better) against the parameter `x` (default 'learningRate'), on a log
   * axis when its values are positive and span more than 1.5 decades (or `logX: true`). `color` names
   * a parameter that colours the points: categorical values get the palette and a legend, numbers a
   * viridis colour bar. Pruned trials are hollow, failed ones left out (the note line counts them),
   * the best trial is ringed. Takes nn.tuner.search's result, or any {trials: [{params, score,
   * status?}], objective?, mode?}. Options: x, color, logX, title, width, height.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const result = {
   *   objective: 'val_acc', mode: 'max' as const,
   *   trials: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1].map((lr, id) => ({
   *     id, params: { learningRate: lr, optimizer: id % 2 ? 'adam' : 'sgd' }, score: 0.9 - 0.05 * Math.abs(Math.log10(lr) + 2.5),
   *   })),
   * };
   * const svg = nn.plot.trials(result, { x: 'learningRate', color: 'optimizer', title: 'Learning-rate search' });
   * console.log(svg.includes('learningRate (log scale)')); // true
   * ```
   */
  trials,
  /**
   * Parallel coordinates of a search: one vertical axis per parameter (log axes for positive values
   * spanning more than 1.5 decades, evenly spaced labelled values for categorical ones) and the score
   * last; one line per trial, coloured by score so the best trials are darkest and drawn on top (the
   * best one thickest, pruned ones dashed, failed ones left out). `params` picks and orders the axes
   * (default: every parameter that varies). Options: params, title, width, height.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const trials = [[1e-3, 32, 'relu', 0.91], [1e-2, 64, 'tanh', 0.88], [1e-1, 16, 'relu', 0.7]].map(([lr, units, act, acc], id) => ({
   *   id, params: { learningRate: lr as number, units: units as number, activation: act as string }, score: acc as number,
   * }));
   * const svg = nn.plot.parallelCoordinates({ trials, objective: 'val_acc', mode: 'max' });
   * console.log(svg.match(/class="trial/g)!.length); // 3
   * ```
   */
  parallelCoordinates,
  /**
   * The decision regions of a classifier with 2 inputs: the predicted class (sigmoid output > 0.5,
   * or the softmax argmax) over a resolution × resolution grid covering x's range (one batched
   * predict), the p = 0.5 boundary line for a sigmoid output, and the points of x coloured by their
   * label y ([n, 1] in {0, 1}, one-hot [n, k], or integer labels) with the accuracy on them.
   * Options: resolution (default 100), title, size (default 420), classNames.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const { x, y } = nn.datasets.moons(100, { noise: 0.1, seed: 1 });
   * const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })] });
   * model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy' });
   * await model.fit(x, y, { epochs: 20, batchSize: 20 });
   * const svg = nn.plot.decisionBoundary(model, x, y, { resolution: 60, title: 'Two moons' });
   * ```
   */
  decisionBoundary,
  /**
   * Several runs' curves of one metric on one axis, e.g. SGD vs momentum vs Adam, or learning-rate
   * schedules: `runs` maps a name to a fit History (or {history}). The legend, right of the plot,
   * gives each run's final value. The y axis is logarithmic when the values span more than 1.5
   * decades (or `log: true`). Options: metric (default 'loss'), log, title, width, height.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const svg = nn.plot.compareCurves(
   *   { sgd: { history: { loss: [0.7, 0.6, 0.55, 0.5] } }, adam: { history: { loss: [0.7, 0.4, 0.2, 0.1] } } },
   *   { metric: 'loss', title: 'Optimizers' },
   * );
   * console.log(svg.includes('adam (0.1)')); // true
   * ```
   */
  compareCurves,
};

/**
 * The data behind the plots.
 * @namespace
 */
export const tools = {
  /**
   * The MSE of a one-feature linear model y = w·x + b over a (w, b) grid (range default [-10, 10],
   * step 0.5: 41 × 41 points), the path of plain gradient descent on it (lr 0.1, 40 steps by
   * default) and the least-squares optimum, for nn.plot.lossLandscape. x and y: one number per
   * sample, as arrays or [n] / [n, 1] tensors. loss[j][i] is the MSE at (ws[i], bs[j]).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const land = nn.tools.lossLandscape([0, 1, 2, 3], [1, 3, 5, 7], { range: [-5, 5], step: 0.25 });
   * console.log(land.best);            // { w: 2, b: 1, loss: 0 }
   * console.log(land.path.at(-1));     // where 40 gradient-descent steps got to
   * ```
   */
  lossLandscape: landscapeData,
  /**
   * A fit callback recording each layer's mean gradient L2 norm per epoch (see {@link GradientNorms}).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }), nn.layers.dense({ units: 1 })] });
   * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
   * const norms = nn.tools.gradientNorms();
   * await model.fit(nn.tensor2d([[0, 1], [1, 0]]), nn.tensor2d([[1], [0]]), { epochs: 2, callbacks: [norms] });
   * console.log(norms.norms); // [epoch][layer] mean gradient L2 norms
   * ```
   */
  gradientNorms,
};

export { GradientNorms };
export type { GradientNormHistory } from '../callbacks-grad.js';
export type { LossLandscape, LossLandscapeOptions } from '../tools/landscape.js';
export type { HistoryLike, LearningCurvesOptions } from './learning-curves.js';
export type { GradientHealthOptions } from './gradient-health.js';
export type { LossLandscapePlotOptions } from './landscape.js';
export type { TrialsPlotOptions } from './trials.js';
export type { ParallelCoordinatesOptions } from './parallel.js';
export type { TrialLike, TrialsLike, PlotParamValue } from './trial-data.js';
export type { DecisionBoundaryOptions, PredictsLike } from './decision-boundary.js';
export type { CompareCurvesOptions } from './compare.js';

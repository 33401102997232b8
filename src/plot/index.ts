// nn.plot (SVG strings, no DOM) and nn.tools (the data behind the plots).
import { gradientNorms, GradientNorms } from '../callbacks-grad.js';
import { lossLandscape as landscapeData } from '../tools/landscape.js';
import { gradientHealth } from './gradient-health.js';
import { lossLandscape } from './landscape.js';
import { learningCurves } from './learning-curves.js';

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
   * exploding gradients. Options: title, width (default 640), height (default 380).
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

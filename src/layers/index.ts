// nn.layers.*: factories with tfjs-layers names and options.
import { Activation, LeakyReLU, Softmax } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batchnorm.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout } from './dropout.js';
import type { LayerArgs } from './layer.js';
import type { ActivationIdentifier } from '../activations.js';

/**
 * Layer factories with tfjs-layers names and options (tf.layers.*). Layers take rank-2
 * [batch, features] input; only the first layer of a model declares `inputShape: [features]`.
 * Every factory also accepts `name` and `trainable` (default true).
 * @namespace
 */
export const layers = {
  /**
   * Fully connected layer: y = activation(x·W + b), W of shape [inputs, units] (getWeights order:
   * kernel, bias). Defaults as tfjs: activation 'linear', useBias true, kernelInitializer
   * 'glorotNormal', biasInitializer 'zeros', no regularizers; alpha 0.3 for 'leakyRelu'.
   * Activations: 'linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'step', 'softmax'.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const hidden = nn.layers.dense({ units: 128, inputShape: [784], activation: 'relu', kernelInitializer: 'heNormal' });
   * const out = nn.layers.dense({ units: 10, activation: 'softmax', kernelRegularizer: nn.regularizers.l2({ l2: 1e-4 }) });
   * const model = nn.sequential({ layers: [hidden, out] });
   * console.log(model.countParams()); // 101770
   * ```
   */
  dense: (args: DenseArgs) => new Dense(args),
  /**
   * Applies an activation elementwise (softmax: row-wise) with no weights, as tf.layers.activation.
   * `alpha` (default 0.3) is the slope for x < 0 of 'leakyRelu'.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({
   *   layers: [nn.layers.dense({ units: 4, inputShape: [2] }), nn.layers.activation({ activation: 'tanh' })],
   * });
   * console.log(model.predict(nn.tensor2d([[1, 2]])).shape); // [1, 4]
   * ```
   */
  activation: (args: LayerArgs & { activation: ActivationIdentifier; alpha?: number }) => new Activation(args),
  /**
   * Inverted dropout, as tf.layers.dropout: in training each value is zeroed with probability `rate`
   * (in [0, 1)) and the rest scaled by 1/(1 − rate); at inference (predict, evaluate) it is the
   * identity. `seed` fixes the masks; otherwise they come from the model's / fit's seed.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({
   *   layers: [
   *     nn.layers.dense({ units: 64, inputShape: [20], activation: 'relu' }),
   *     nn.layers.dropout({ rate: 0.5 }),
   *     nn.layers.dense({ units: 1, activation: 'sigmoid' }),
   *   ],
   * });
   * console.log(model.layers[1]!.className); // 'Dropout'
   * ```
   */
  dropout: (args: LayerArgs & { rate: number; seed?: number }) => new Dropout(args),
  /**
   * Batch normalization over the features, as tf.layers.batchNormalization: training normalizes with
   * the batch mean and (biased) variance and updates moving statistics
   * (moving = momentum·moving + (1 − momentum)·batch); inference uses the moving ones. Defaults as
   * tfjs: momentum 0.99, epsilon 1e-3, center and scale true (weights gamma, beta, movingMean,
   * movingVariance). Only the last axis (-1) is supported.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({
   *   layers: [
   *     nn.layers.dense({ units: 32, inputShape: [10], useBias: false }),
   *     nn.layers.batchNormalization({ momentum: 0.9 }),
   *     nn.layers.activation({ activation: 'relu' }),
   *   ],
   * });
   * console.log(model.getWeights().map((w) => w.shape)); // kernel, gamma, beta, then the moving stats
   * ```
   */
  batchNormalization: (args?: BatchNormalizationArgs) => new BatchNormalization(args),
  /**
   * max(x, alpha·x), as tf.layers.leakyReLU; alpha ≥ 0, default 0.3.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.leakyReLU({ alpha: 0.1, inputShape: [3] })] });
   * console.log(model.predict(nn.tensor2d([[-10, 0, 10]])).dataSync()); // [-1, 0, 10]
   * ```
   */
  leakyReLU: (args?: LayerArgs & { alpha?: number }) => new LeakyReLU(args),
  /**
   * Softmax over the features of each row (max-subtracted), as tf.layers.softmax; only axis -1.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.softmax({ inputShape: [3] })] });
   * console.log(model.predict(nn.tensor2d([[1, 1, 1]])).dataSync()); // [1/3, 1/3, 1/3]
   * ```
   */
  softmax: (args?: LayerArgs & { axis?: number }) => new Softmax(args),
};

export { Layer } from './layer.js';
export { Activation, BatchNormalization, Dense, Dropout, LeakyReLU, Softmax };
export type { DenseArgs, BatchNormalizationArgs, LayerArgs };

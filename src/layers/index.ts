// nn.layers.*: factories with tfjs-layers names and options.
import { Activation, LeakyReLU, Softmax } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batchnorm.js';
import { Dense, type DenseArgs } from './dense.js';
import { Conv2D, type Conv2DArgs } from './conv2d.js';
import { Dropout } from './dropout.js';
import type { LayerArgs } from './layer.js';
import { AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, type GlobalPooling2DArgs, type Pooling2DArgs } from './pooling.js';
import { Flatten, Reshape } from './reshape.js';
import type { ActivationIdentifier } from '../activations.js';

/**
 * Layer factories with tfjs-layers names and options (tf.layers.*). Shapes are per sample, without
 * the batch dimension: [features] for dense input, [height, width, channels] (NHWC, tfjs's
 * channelsLast) for images. Only the first layer of a model declares `inputShape`; each later layer
 * is built for the previous one's output shape. Every factory also accepts `name` and `trainable`
 * (default true).
 * @namespace
 */
export const layers = {
  /**
   * Fully connected layer: y = activation(x·W + b) over the last axis, W of shape [inputs, units]
   * (getWeights order: kernel, bias); input [..., inputs] gives [..., units]. Defaults as tfjs: activation 'linear', useBias true, kernelInitializer
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
   * movingVariance). Normalizes over the last axis: the features of [batch, features], the channels of
   * NHWC images (axis -1, or 3 as tfjs counts it for [batch, h, w, c]).
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
  /**
   * 2-D convolution over NHWC images, as tf.layers.conv2d: input [h, w, channels] per sample, kernel
   * [kernelH, kernelW, channels, filters], output [outH, outW, filters] with outH = ⌈(h − kernelH + 1) /
   * strideH⌉ for padding 'valid' (the default) and ⌈h / strideH⌉ for 'same'. Defaults as tfjs: strides 1,
   * dilationRate 1, activation 'linear', useBias true, kernelInitializer 'glorotNormal' (fans counted
   * over the window), biasInitializer 'zeros'.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({
   *   layers: [
   *     nn.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, activation: 'relu' }),
   *     nn.layers.maxPooling2d({ poolSize: 2 }),
   *     nn.layers.flatten(),
   *     nn.layers.dense({ units: 10, activation: 'softmax' }),
   *   ],
   * });
   * console.log(model.layers.map((l) => l.outputShape)); // [null,24,24,8] [null,12,12,8] [null,1152] [null,10]
   * ```
   */
  conv2d: (args: Conv2DArgs) => new Conv2D(args),
  /**
   * Max over poolSize windows (default [2, 2]) of each channel, as tf.layers.maxPooling2d; strides
   * default to poolSize, padding 'valid' or 'same'. The gradient goes to the first maximum of each window.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.maxPooling2d({ inputShape: [4, 4, 1], poolSize: 2 })] });
   * console.log(model.predict(nn.tensor4d([...Array(16).keys()], [1, 4, 4, 1])).dataSync()); // [5, 7, 13, 15]
   * ```
   */
  maxPooling2d: (args?: Pooling2DArgs) => new MaxPooling2D(args),
  /**
   * Mean over poolSize windows (default [2, 2]) of each channel, as tf.layers.averagePooling2d. With
   * padding 'same' an edge window averages only its real (unpadded) values, as tfjs.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.averagePooling2d({ inputShape: [2, 2, 1] })] });
   * console.log(model.predict(nn.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).dataSync()); // [2.5]
   * ```
   */
  averagePooling2d: (args?: Pooling2DArgs) => new AveragePooling2D(args),
  /**
   * Mean of each channel over the whole image, [h, w, c] → [c], as tf.layers.globalAveragePooling2d.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.globalAveragePooling2d({ inputShape: [2, 2, 2] })] });
   * console.log(model.predict(nn.tensor4d([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2])).dataSync()); // [2.5, 25]
   * ```
   */
  globalAveragePooling2d: (args?: GlobalPooling2DArgs) => new GlobalAveragePooling2D(args),
  /**
   * Max of each channel over the whole image, [h, w, c] → [c], as tf.layers.globalMaxPooling2d.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.globalMaxPooling2d({ inputShape: [2, 2, 2] })] });
   * console.log(model.predict(nn.tensor4d([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2])).dataSync()); // [4, 40]
   * ```
   */
  globalMaxPooling2d: (args?: GlobalPooling2DArgs) => new GlobalMaxPooling2D(args),
  /**
   * Flattens each sample to one axis ([h, w, c] → [h·w·c], row-major as tfjs), as tf.layers.flatten.
   * No data moves: a batch is already stored as flat rows.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.flatten({ inputShape: [2, 3, 4] })] });
   * console.log(model.outputShape); // [null, 24]
   * ```
   */
  flatten: (args?: LayerArgs) => new Flatten(args),
  /**
   * Gives each sample a new shape with the same number of values, as tf.layers.reshape; one entry of
   * targetShape may be -1 (inferred). No data moves.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1] })] });
   * console.log(model.outputShape); // [null, 28, 28, 1]
   * ```
   */
  reshape: (args: LayerArgs & { targetShape: number[] }) => new Reshape(args),
};

export { Layer } from './layer.js';
export { Activation, AveragePooling2D, BatchNormalization, Conv2D, Dense, Dropout, Flatten, GlobalAveragePooling2D, GlobalMaxPooling2D, LeakyReLU, MaxPooling2D, Reshape, Softmax };
export type { BatchNormalizationArgs, Conv2DArgs, DenseArgs, GlobalPooling2DArgs, LayerArgs, Pooling2DArgs };

// nn.layers.*: factories with tfjs-layers names and options.
import { Activation, LeakyReLU, Softmax } from './activation.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batchnorm.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout } from './dropout.js';
import type { LayerArgs } from './layer.js';
import type { ActivationIdentifier } from '../activations.js';

export const layers = {
  dense: (args: DenseArgs) => new Dense(args),
  activation: (args: LayerArgs & { activation: ActivationIdentifier; alpha?: number }) => new Activation(args),
  dropout: (args: LayerArgs & { rate: number; seed?: number }) => new Dropout(args),
  batchNormalization: (args?: BatchNormalizationArgs) => new BatchNormalization(args),
  leakyReLU: (args?: LayerArgs & { alpha?: number }) => new LeakyReLU(args),
  softmax: (args?: LayerArgs & { axis?: number }) => new Softmax(args),
};

export { Layer } from './layer.js';
export { Activation, BatchNormalization, Dense, Dropout, LeakyReLU, Softmax };
export type { DenseArgs, BatchNormalizationArgs, LayerArgs };

// The layer registry: TF.js class name → layer class, for loading model.json (saving needs none:
// a layer knows its className and config). A new layer is one file and one line here.
import { Activation, LeakyReLU, Softmax } from './activation.js';
import { BatchNormalization } from './batchnorm.js';
import { Conv2D } from './conv2d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import type { Layer } from './layer.js';
import { AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D } from './pooling.js';
import { Flatten, Reshape } from './reshape.js';

/** A layer class as the registry holds it: its TF.js class name and how to build it from a camelCase config. */
export interface LayerClass {
  readonly className: string;
  fromConfig(config: Record<string, unknown>): Layer;
}

const CLASSES: readonly LayerClass[] = [
  Dense, Activation, LeakyReLU, Softmax, Dropout, BatchNormalization,
  Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Reshape,
];

const registry = new Map<string, LayerClass>(CLASSES.map((c) => [c.className, c]));

/** The layer class saved as `className` in model.json, or undefined. */
export function layerClass(className: string): LayerClass | undefined {
  return registry.get(className);
}

/** The TF.js class names simdnn reads (for error messages). */
export function layerClassNames(): string[] {
  return [...registry.keys()];
}

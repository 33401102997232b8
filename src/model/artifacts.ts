// A model as TF.js layers-format artifacts: topology JSON, weight manifest and one little-endian
// float32 buffer, in tfjs's weight order (trainable weights in layer order, then non-trainable ones).
import { ModelFormatError } from '../errors.js';
import type { Json, ModelArtifacts } from '../io/types.js';
import type { Layer, WeightSpec } from '../layers/layer.js';
import type { Sequential } from './sequential.js';
import { layerToJson } from './serialize.js';

export const GENERATED_BY = 'simdnn (TensorFlow.js layers format, tfjs-layers 4.22 compatible)';

export function orderedSpecs(layers: Layer[]): { spec: WeightSpec; i: number }[] {
  const all = layers.flatMap((l) => l.weights).map((spec, i) => ({ spec, i }));
  return [...all.filter((s) => s.spec.trainable), ...all.filter((s) => !s.spec.trainable)];
}

export function toArtifacts(model: Sequential): ModelArtifacts {
  if (model.layers.length === 0) throw new ModelFormatError(`${model.name}.save: the model has no layers`);
  const values = model.readWeights();
  const order = orderedSpecs(model.layers);
  const total = order.reduce((n, { i }) => n + values[i]!.length, 0);
  const data = new Float32Array(total);
  let at = 0;
  for (const { i } of order) {
    data.set(values[i]!, at);
    at += values[i]!.length;
  }
  // Float32Array stores in platform order; every engine simdnn runs on is little-endian (wasm is too).
  return {
    modelTopology: {
      class_name: 'Sequential',
      config: { name: model.name, layers: model.layers.flatMap((l, k) => layerToJson(l, k === 0)) as unknown as Json[] },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightSpecs: order.map(({ spec }) => ({ name: spec.name, shape: [...spec.shape], dtype: 'float32' })),
    weightData: data.buffer,
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
  };
}


// TF.js layers-format artifacts → a Sequential model with its weights, and nn.loadLayersModel.
import { ModelFormatError, preview } from '../errors.js';
import { getHandler, type IOHandler } from '../io/handlers.js';
import type { Json, ModelArtifacts } from '../io/types.js';
import { Sequential } from './sequential.js';
import { layerFromJson } from './serialize.js';

/**
 * Loads a model saved by simdnn or by tfjs-layers (model.json + weights), as tf.loadLayersModel:
 * from 'file://path/model.json' (or 'file://dir'), 'localstorage://name', 'indexeddb://name', or an
 * {@link IOHandler} such as nn.io.fromMemory. Malformed files are a ModelFormatError; layers simdnn
 * does not have are a ModelFormatError naming them. The model comes back uncompiled.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const dir = mkdtempSync(join(tmpdir(), 'model-'));
 * await nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] }).save(`file://${dir}`);
 * const model = await nn.loadLayersModel(`file://${dir}/model.json`);
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' }); // to train it further
 * ```
 * @example
 * ```ts browser
 * // In a browser (not Node):
 * import * as nn from 'simdnn';
 * const model = await nn.loadLayersModel('localstorage://my-model');
 * ```
 */
export async function loadLayersModel(source: string | IOHandler): Promise<Sequential> {
  const handler = getHandler(source, 'load');
  return fromArtifacts(await handler.load!());
}

/** Validates artifacts and builds the model with its weights. Every problem is a ModelFormatError. */
export function fromArtifacts(a: unknown): Sequential {
  if (typeof a !== 'object' || a === null) throw new ModelFormatError(`model: expected model artifacts, got ${typeof a}`);
  const { modelTopology, weightSpecs, weightData } = a as Partial<ModelArtifacts>;
  const layers = topologyLayers(modelTopology);
  const name = (modelTopology as { config?: { name?: unknown } }).config?.name;
  const model = new Sequential({ name: typeof name === 'string' ? name : undefined });
  let inputShape: number[] | undefined;
  layers.forEach((json, i) => {
    const layer = layerFromJson(json, i, model.layers.length === 0 ? inputShape : undefined);
    if (Array.isArray(layer)) inputShape = layer;
    else {
      try {
        model.add(layer);
      } catch (e) {
        throw new ModelFormatError(`model.json: layer ${i}: ${(e as Error).message}`);
      }
    }
  });
  if (model.layers.length === 0) throw new ModelFormatError('model.json: the model has no layers');
  model.writeWeights(readWeights(model, weightSpecs, weightData));
  return model;
}

function topologyLayers(topology: unknown): Json[] {
  if (typeof topology !== 'object' || topology === null) throw new ModelFormatError('model.json: modelTopology is missing');
  // tfjs saves {class_name, config, keras_version}; some writers wrap it as {model_config: {...}}.
  const t = ((topology as { model_config?: unknown }).model_config ?? topology) as { class_name?: unknown; config?: unknown };
  if (t.class_name !== 'Sequential') {
    throw new ModelFormatError(`model.json: only Sequential models are supported, got class_name ${preview(t.class_name)}`);
  }
  const config = t.config as { layers?: unknown } | unknown[] | undefined;
  const layers = Array.isArray(config) ? config : config?.layers; // Keras < 2.2.3 stored the list itself
  if (!Array.isArray(layers)) throw new ModelFormatError('model.json: modelTopology.config.layers must be an array');
  if (layers.length > 10_000) throw new ModelFormatError(`model.json: ${layers.length} layers is more than simdnn accepts (10000)`);
  return layers as Json[];
}

function readWeights(model: Sequential, specs: unknown, data: unknown): Float32Array[] {
  if (!Array.isArray(specs)) throw new ModelFormatError('model.json: weightsManifest has no weights array');
  if (!(data instanceof ArrayBuffer)) throw new ModelFormatError('weights: no weight data (weights.bin) was loaded');
  const entries = new Map<string, { offset: number; size: number; shape: number[] }>();
  let offset = 0;
  specs.forEach((s: unknown, i) => {
    const e = s as { name?: unknown; shape?: unknown; dtype?: unknown; quantization?: unknown };
    if (typeof e?.name !== 'string') throw new ModelFormatError(`model.json: weight ${i} has no name`);
    if (e.dtype !== 'float32') throw new ModelFormatError(`model.json: weight ${e.name} has dtype ${preview(e.dtype)}; simdnn reads float32 only`);
    if (e.quantization) throw new ModelFormatError(`model.json: weight ${e.name} is quantized; simdnn reads unquantized float32 only`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0 && d <= 1 << 30)) {
      throw new ModelFormatError(`model.json: weight ${e.name} has an invalid shape ${preview(e.shape)}`);
    }
    const size = (e.shape as number[]).reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(size) || offset + size * 4 > data.byteLength) {
      throw new ModelFormatError(
        `weights: ${e.name} (shape ${preview(e.shape)}) needs bytes up to ${offset + size * 4}, but the weight data has ${data.byteLength} bytes (truncated file?)`,
      );
    }
    if (entries.has(e.name)) throw new ModelFormatError(`model.json: weight ${e.name} is listed twice`);
    entries.set(e.name, { offset, size, shape: e.shape as number[] });
    offset += size * 4;
  });
  if (offset !== data.byteLength) {
    throw new ModelFormatError(`weights: the manifest describes ${offset} bytes but the weight data has ${data.byteLength}`);
  }
  const wanted = model.layers.flatMap((l) => l.weights);
  const out = wanted.map((spec) => {
    const e = entries.get(spec.name);
    if (!e) throw new ModelFormatError(`weights: ${spec.name} is missing from the weights manifest`);
    if (e.shape.join(',') !== spec.shape.join(',')) {
      throw new ModelFormatError(`weights: ${spec.name} has shape [${e.shape}] in the file, the model needs [${spec.shape}]`);
    }
    entries.delete(spec.name);
    return new Float32Array(data.slice(e.offset, e.offset + e.size * 4));
  });
  if (entries.size > 0) throw new ModelFormatError(`weights: the file has weights the model does not use: ${[...entries.keys()].slice(0, 5).join(', ')}`);
  return out;
}

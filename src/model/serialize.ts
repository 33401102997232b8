// Layers ↔ model.json layer entries in the TF.js layers format ("modelTopology.config.layers"). A layer
// gives its tfjs class name and camelCase config (Layer.serialize); this file only converts spelling
// both ways, as tfjs's serialization_utils (convertTsToPythonic / convertPythonicToTs): keys and string
// values snake_case in the file, except the values of `name` and `className`. The registry maps a
// class name back to its layer class.
import { ModelFormatError, preview } from '../errors.js';
import { SERIALIZED_INITIALIZERS } from '../initializers.js';
import type { Json } from '../io/types.js';
import { MAX_SAMPLE_SIZE, type Layer } from '../layers/layer.js';
import { layerClass, layerClassNames } from '../layers/registry.js';

export interface LayerJson {
  class_name: string;
  config: Record<string, Json>;
}

const toSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const toCamel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A camelCase config value as model.json stores it. */
export function toPythonic(value: unknown, key?: string): Json {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return key === 'name' || key === 'className' ? value : toSnake(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => toPythonic(v, key));
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[toSnake(k)] = toPythonic(v, k);
  return out;
}

/** Deeper config values than this are a ModelFormatError (a layer config nests 3 levels). */
const MAX_CONFIG_DEPTH = 32;

/** A model.json config value in tfjs camelCase. */
export function fromPythonic(value: Json, key?: string, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return key === 'name' || key === 'className' ? value : toCamel(value);
  if (depth >= MAX_CONFIG_DEPTH) throw new ModelFormatError(`config${key ? ` ${key}` : ''} is nested more than ${MAX_CONFIG_DEPTH} levels deep`);
  if (Array.isArray(value)) return value.map((v) => fromPythonic(v, key, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const camel = toCamel(k);
    out[camel] = fromPythonic(v, camel, depth + 1);
  }
  return out;
}

/** The model.json entries of one layer (two for a dense layer with leakyRelu: tfjs has no such activation). */
export function layerToJson(layer: Layer, first: boolean): LayerJson[] {
  return layer.serialize().map(({ className, config }, i) => {
    const full: Record<string, unknown> = { name: layer.name, trainable: layer.trainable, ...config };
    if (first && i === 0) Object.assign(full, { batchInputShape: [null, ...layer.inputShape!], dtype: 'float32' });
    return { class_name: className, config: toPythonic(full) as Record<string, Json> };
  });
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Builds a layer from a model.json entry; an InputLayer gives its per-sample shape instead. `inputShape`
 * (from a preceding InputLayer) goes to the first layer. Every problem is a ModelFormatError naming the layer.
 */
export function layerFromJson(json: Json, index: number, inputShape: number[] | undefined): Layer | number[] {
  const where = `model.json: layer ${index}`;
  if (!isObj(json)) throw new ModelFormatError(`${where}: expected {class_name, config}, got ${preview(json)}`);
  const { class_name: cls, config: raw } = json as { class_name?: Json; config?: Json };
  const label = `${where} (${preview(cls)})`;
  if (!isObj(raw)) throw new ModelFormatError(`${label}: missing config object`);
  let config: Record<string, unknown>;
  try {
    config = fromPythonic(raw) as Record<string, unknown>;
  } catch (e) {
    throw new ModelFormatError(`${label}: ${(e as Error).message}`);
  }
  const bis = config.batchInputShape;
  if (bis !== undefined && bis !== null && !Array.isArray(bis)) throw new ModelFormatError(`${label}: config.batch_input_shape must be an array, got ${preview(bis as Json)}`);
  const declared = Array.isArray(bis) ? bis.slice(1) : inputShape;
  if (declared && (declared.length === 0 || !declared.every((d) => Number.isInteger(d) && (d as number) > 0 && (d as number) <= MAX_SAMPLE_SIZE))) {
    throw new ModelFormatError(`${label}: input shape ${preview(declared as Json)} is not a list of positive integers (per sample, without the batch dimension)`);
  }
  if (cls === 'InputLayer') {
    if (!declared) throw new ModelFormatError(`${where}: InputLayer without batch_input_shape`);
    return declared as number[];
  }
  const Class = typeof cls === 'string' ? layerClass(cls) : undefined;
  if (!Class) {
    throw new ModelFormatError(`${where}: unsupported layer class ${preview(cls)}; simdnn reads ${layerClassNames().join(', ')} and InputLayer`);
  }
  // Only the file's input shape counts; tfjs also writes dtype, and a null/absent name means a default one.
  const { batchInputShape: _b, dtype: _d, inputShape: _i, ...rest } = config;
  if (rest.name === null) delete rest.name;
  for (const [k, v] of Object.entries(rest)) {
    // A loaded model's weights come from the file, so an initializer simdnn lacks does not matter.
    if (k.endsWith('Initializer') && isObj(v) && typeof v.className === 'string' && !SERIALIZED_INITIALIZERS.includes(v.className)) rest[k] = 'zeros';
    if (v === null) delete rest[k];
  }
  if (rest.name !== undefined && typeof rest.name !== 'string') throw new ModelFormatError(`${label}: config.name must be a string, got ${preview(rest.name as Json)}`);
  if (rest.trainable !== undefined && typeof rest.trainable !== 'boolean') throw new ModelFormatError(`${label}: config.trainable must be a boolean, got ${preview(rest.trainable as Json)}`);
  try {
    return Class.fromConfig(declared ? { ...rest, inputShape: declared } : rest);
  } catch (e) {
    throw new ModelFormatError(`${label}: ${(e as Error).message}`);
  }
}

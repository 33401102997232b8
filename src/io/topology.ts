// Model topology in the TF.js layers format (model.json "modelTopology"): Keras class names and
// snake_case configs, as tfjs-layers 4.22 writes and reads them.
import { ModelFormatError, preview } from '../errors.js';

export { preview };
import { initializers, type Initializer } from '../initializers.js';
import { Activation, LeakyReLU, Softmax } from '../layers/activation.js';
import { BatchNormalization } from '../layers/batchnorm.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer, WeightSpec } from '../layers/layer.js';
import { Regularizer } from '../regularizers.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface LayerJson {
  class_name: string;
  config: Record<string, Json>;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function initializerJson(init: Initializer): Json {
  const config: Record<string, Json> = {};
  for (const [key, value] of Object.entries(init.getConfig())) config[key] = typeof value === 'string' && key === 'mode' ? snake(value) : (value as Json);
  return { class_name: init.className, config };
}

function regularizerJson(reg: Regularizer | null): Json {
  return reg ? { class_name: 'L1L2', config: { l1: reg.l1, l2: reg.l2 } } : null;
}

/** The tfjs layer JSON for one simdnn layer (two for a dense with leakyRelu: tfjs has no such activation). */
export function layersToJson(layer: Layer, first: boolean): LayerJson[] {
  const common = (extra: Record<string, Json>): Record<string, Json> => ({
    ...extra,
    name: layer.name,
    trainable: layer.trainable,
    ...(first ? { batch_input_shape: [null, layer.inputUnits!], dtype: 'float32' } : {}),
  });
  const spec = (suffix: string): WeightSpec | undefined => layer.weights.find((w) => w.name.endsWith(`/${suffix}`));
  if (layer instanceof Dense) {
    const kernel = spec('kernel')!, bias = spec('bias');
    const leaky = layer.activation.name === 'leakyRelu';
    const dense: LayerJson = {
      class_name: 'Dense',
      config: common({
        units: layer.units,
        activation: leaky ? 'linear' : layer.activation.name,
        use_bias: bias !== undefined,
        kernel_initializer: initializerJson(kernel.initializer),
        bias_initializer: bias ? initializerJson(bias.initializer) : { class_name: 'Zeros', config: {} },
        kernel_regularizer: regularizerJson(kernel.regularizer),
        bias_regularizer: regularizerJson(bias?.regularizer ?? null),
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
      }),
    };
    if (!leaky) return [dense];
    return [dense, { class_name: 'LeakyReLU', config: { alpha: layer.alpha, name: `${layer.name}_leaky_re_lu`, trainable: true } }];
  }
  if (layer instanceof BatchNormalization) {
    const init = (s: string, fallback: string): Json => {
      const w = spec(s);
      return w ? initializerJson(w.initializer) : { class_name: fallback, config: {} };
    };
    return [{
      class_name: 'BatchNormalization',
      config: common({
        axis: -1, momentum: layer.momentum, epsilon: layer.epsilon, center: layer.center, scale: layer.scale,
        beta_initializer: init('beta', 'Zeros'), gamma_initializer: init('gamma', 'Ones'),
        moving_mean_initializer: init('moving_mean', 'Zeros'), moving_variance_initializer: init('moving_variance', 'Ones'),
        beta_regularizer: regularizerJson(spec('beta')?.regularizer ?? null),
        gamma_regularizer: regularizerJson(spec('gamma')?.regularizer ?? null),
        beta_constraint: null, gamma_constraint: null,
      }),
    }];
  }
  if (layer instanceof Dropout) return [{ class_name: 'Dropout', config: common({ rate: layer.rate, noise_shape: null, seed: layer.seed ?? null }) }];
  if (layer instanceof LeakyReLU) return [{ class_name: 'LeakyReLU', config: common({ alpha: layer.alpha }) }];
  if (layer instanceof Softmax) return [{ class_name: 'Softmax', config: common({ axis: -1 }) }];
  if (layer instanceof Activation) return [{ class_name: 'Activation', config: common({ activation: layer.activation.name }) }];
  throw new ModelFormatError(`save: layer ${layer.name} (${layer.className}) has no TF.js layers-format serialization`);
}

// ---- reading ----

function field<T>(config: Record<string, Json>, key: string, check: (v: Json) => boolean, expected: string, where: string): T | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (!check(v)) throw new ModelFormatError(`${where}: config.${key} must be ${expected}, got ${preview(v)}`);
  return v as T;
}
const isNum = (v: Json) => typeof v === 'number' && Number.isFinite(v);
const isBool = (v: Json) => typeof v === 'boolean';
const isStr = (v: Json) => typeof v === 'string';
const isObj = (v: Json) => typeof v === 'object' && v !== null && !Array.isArray(v);

function initializerFrom(v: Json | undefined, where: string): Initializer | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return undefined; // a name: the layer resolves it (and validates it)
  if (!isObj(v)) throw new ModelFormatError(`${where}: expected an initializer object, got ${preview(v)}`);
  const o = v as { class_name?: Json; config?: Json };
  const c = (isObj(o.config ?? {}) ? o.config ?? {} : {}) as Record<string, Json>;
  const num = (k: string) => (isNum(c[k] ?? null) ? (c[k] as number) : undefined);
  const seed = num('seed');
  switch (o.class_name) {
    case 'Zeros': return initializers.zeros();
    case 'Ones': return initializers.ones();
    case 'Constant': return initializers.constant({ value: num('value') ?? 0 });
    case 'RandomNormal': return initializers.randomNormal({ mean: num('mean'), stddev: num('stddev'), seed });
    case 'RandomUniform': return initializers.randomUniform({ minval: num('minval'), maxval: num('maxval'), seed });
    case 'TruncatedNormal': return initializers.truncatedNormal({ mean: num('mean'), stddev: num('stddev'), seed });
    case 'VarianceScaling': {
      const mode = typeof c.mode === 'string' ? camel(c.mode) : 'fanIn';
      if (!['fanIn', 'fanOut', 'fanAvg'].includes(mode)) throw new ModelFormatError(`${where}: unknown VarianceScaling mode ${preview(c.mode)}`);
      const distribution = c.distribution === 'uniform' ? 'uniform' : 'normal';
      return initializers.varianceScaling({ scale: num('scale'), mode: mode as 'fanIn', distribution, seed });
    }
    default:
      // Unknown initializers do not matter for a loaded model (its weights come from the file).
      return initializers.zeros();
  }
}

function regularizerFrom(v: Json | undefined, where: string): Regularizer | undefined {
  if (v === undefined || v === null) return undefined;
  const o = v as { class_name?: Json; config?: Record<string, Json> };
  if (!isObj(v) || o.class_name !== 'L1L2' || !isObj(o.config ?? null)) {
    throw new ModelFormatError(`${where}: unsupported regularizer ${preview(v)} (expected L1L2)`);
  }
  return new Regularizer(Number(o.config!.l1 ?? 0), Number(o.config!.l2 ?? 0));
}

/** Builds a simdnn layer from tfjs layer JSON. `inputShape` is passed to the first layer. */
export function layerFromJson(json: Json, index: number, inputShape: number[] | undefined): Layer | number[] {
  const where = `model.json: layer ${index}`;
  if (!isObj(json)) throw new ModelFormatError(`${where}: expected {class_name, config}, got ${preview(json)}`);
  const { class_name: cls, config: rawConfig } = json as { class_name?: Json; config?: Json };
  if (!isObj(rawConfig ?? null)) throw new ModelFormatError(`${where} (${preview(cls)}): missing config object`);
  const c = rawConfig as Record<string, Json>;
  const name = field<string>(c, 'name', isStr, 'a string', where);
  const bis = field<Json[]>(c, 'batch_input_shape', (v) => Array.isArray(v), 'an array', where);
  const declared = bis ? bis.slice(1) : inputShape;
  if (declared && (declared.length !== 1 || !Number.isInteger(declared[0]) || (declared[0] as number) <= 0 || (declared[0] as number) > 1 << 26)) {
    throw new ModelFormatError(`${where} (${preview(cls)}): input shape ${preview(declared)} is not [features] with a positive integer`);
  }
  const base = { name, trainable: field<boolean>(c, 'trainable', isBool, 'a boolean', where), ...(declared ? { inputShape: declared as number[] } : {}) };
  try {
    switch (cls) {
      case 'InputLayer':
        if (!declared) throw new ModelFormatError(`${where}: InputLayer without batch_input_shape`);
        return declared as number[];
      case 'Dense': {
        const units = field<number>(c, 'units', (v) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 1 << 26, 'a positive integer', where);
        if (units === undefined) throw new ModelFormatError(`${where} (Dense): missing units`);
        return new Dense({
          ...base, units,
          activation: (field<string>(c, 'activation', isStr, 'a string', where) ?? 'linear') as never,
          useBias: field<boolean>(c, 'use_bias', isBool, 'a boolean', where),
          kernelInitializer: initializerFrom(c.kernel_initializer, where),
          biasInitializer: initializerFrom(c.bias_initializer, where),
          kernelRegularizer: regularizerFrom(c.kernel_regularizer, where),
          biasRegularizer: regularizerFrom(c.bias_regularizer, where),
        });
      }
      case 'BatchNormalization':
        return new BatchNormalization({
          ...base,
          axis: field<number>(c, 'axis', isNum, 'a number', where),
          momentum: field<number>(c, 'momentum', isNum, 'a number', where),
          epsilon: field<number>(c, 'epsilon', isNum, 'a number', where),
          center: field<boolean>(c, 'center', isBool, 'a boolean', where),
          scale: field<boolean>(c, 'scale', isBool, 'a boolean', where),
          betaInitializer: initializerFrom(c.beta_initializer, where),
          gammaInitializer: initializerFrom(c.gamma_initializer, where),
          movingMeanInitializer: initializerFrom(c.moving_mean_initializer, where),
          movingVarianceInitializer: initializerFrom(c.moving_variance_initializer, where),
          betaRegularizer: regularizerFrom(c.beta_regularizer, where),
          gammaRegularizer: regularizerFrom(c.gamma_regularizer, where),
        });
      case 'Dropout':
        return new Dropout({ ...base, rate: field<number>(c, 'rate', isNum, 'a number', where) ?? NaN, seed: field<number>(c, 'seed', isNum, 'a number', where) });
      case 'Activation':
        return new Activation({ ...base, activation: (field<string>(c, 'activation', isStr, 'a string', where) ?? 'linear') as never });
      case 'LeakyReLU':
        return new LeakyReLU({ ...base, alpha: field<number>(c, 'alpha', isNum, 'a number', where) });
      case 'Softmax':
        return new Softmax({ ...base, axis: field<number>(c, 'axis', isNum, 'a number', where) });
      default:
        throw new ModelFormatError(
          `${where}: unsupported layer class ${preview(cls)}; simdnn reads Dense, BatchNormalization, Dropout, Activation, LeakyReLU, Softmax and InputLayer`,
        );
    }
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`${where} (${preview(cls)}): ${(e as Error).message}`);
  }
}

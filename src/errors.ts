// Typed errors thrown at the API boundary. Each message says what was expected, what was given, and where.

/**
 * Base class of every error simdnn throws on purpose.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * try {
 *   nn.tensor2d([1, 2, 3], [2, 2]);
 * } catch (e) {
 *   if (e instanceof nn.SimdnnError) console.log(e.name, e.message); // any of the errors below
 * }
 * ```
 */
export class SimdnnError extends Error {
  override name = 'SimdnnError';
}

/**
 * A tensor or argument has the wrong shape, e.g. `matMul: inner dimensions differ: [2,3] x [4,5]`.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * try {
 *   nn.matMul([[1, 2, 3]], [[1, 2]]);
 * } catch (e) {
 *   console.log(e instanceof nn.ShapeError); // true: inner dimensions differ
 * }
 * ```
 */
export class ShapeError extends SimdnnError {
  override name = 'ShapeError';
}

/**
 * A configuration value is unknown or out of range (layer options, backend names, optimizer settings).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * try {
 *   nn.layers.dense({ units: 4, activation: 'relux' as 'relu' });
 * } catch (e) {
 *   console.log(e instanceof nn.ConfigError); // true: unknown activation "relux"; expected one of …
 * }
 * ```
 */
export class ConfigError extends SimdnnError {
  override name = 'ConfigError';
}

/**
 * A saved model (model.json / weights.bin) is malformed, truncated or inconsistent.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * try {
 *   await nn.loadLayersModel(nn.io.fromMemory({ modelTopology: null }));
 * } catch (e) {
 *   console.log(e instanceof nn.ModelFormatError); // true
 * }
 * ```
 */
export class ModelFormatError extends SimdnnError {
  override name = 'ModelFormatError';
}

/**
 * fit / evaluate / predict was called on a model that needs compile() first.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
 * try {
 *   await model.fit(nn.tensor2d([[1]]), nn.tensor2d([[1]]));
 * } catch (e) {
 *   console.log(e instanceof nn.NotCompiledError); // true: call model.compile({optimizer, loss}) first
 * }
 * ```
 */
export class NotCompiledError extends SimdnnError {
  override name = 'NotCompiledError';
}

/**
 * A backend could not be created or used (wasm missing, disposed tensor, memory limit).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * try {
 *   await nn.ready();
 * } catch (e) {
 *   if (e instanceof nn.BackendError) await nn.setBackend('ts'); // no usable wasm here
 * }
 * ```
 */
export class BackendError extends SimdnnError {
  override name = 'BackendError';
}

/**
 * A short, safe rendering of an untrusted value (model.json, user options) for error messages. JSON.stringify and String()
 * recurse without limit, so a value nested thousands deep would throw a RangeError instead of the
 * ModelFormatError; this stops at depth 4 and 80 characters.
 */
export function preview(v: unknown, max = 80): string {
  const walk = (x: unknown, depth: number): string => {
    if (Array.isArray(x)) return depth > 3 ? '[…]' : `[${x.slice(0, 8).map((e) => walk(e, depth + 1)).join(',')}${x.length > 8 ? ',…' : ''}]`;
    if (x && typeof x === 'object') {
      if (depth > 3) return '{…}';
      const keys = Object.keys(x).slice(0, 8);
      return `{${keys.map((k) => `${JSON.stringify(k.slice(0, 40))}:${walk((x as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
    }
    return typeof x === 'string' ? JSON.stringify(x.slice(0, max)) : String(x);
  };
  const text = walk(v, 0);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Short, readable form of a shape for messages: [32,784]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * A value has the wrong type or is not allowed (a string where a number goes, NaN in training data).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const t = nn.tensor1d([1, 2]);
 * t.dispose();
 * try {
 *   t.dataSync();
 * } catch (e) {
 *   console.log(e instanceof nn.ValueError); // true: the tensor is disposed
 * }
 * ```
 */
export class ValueError extends SimdnnError {
  override name = 'ValueError';
}

/**
 * A model is changed (dispose, add, compile, a second fit) while its fit runs. The fit owns its model's
 * weight store until it ends: freeing or re-planning that store would let the running fit write into
 * memory another model then owns.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const x = nn.tensor2d([[1], [2]]), y = nn.tensor2d([[2], [4]]);
 * await model.fit(x, y, {
 *   epochs: 2,
 *   callbacks: { onEpochEnd: () => { try { model.dispose(); } catch (e) { console.log(e instanceof nn.TrainingInProgressError); } } },
 * }); // logs true twice: the model is disposed after fit, not during it
 * ```
 */
export class TrainingInProgressError extends SimdnnError {
  override name = 'TrainingInProgressError';
}

// Typed errors thrown at the API boundary. Each message says what was expected, what was given, and where.

/** Base class of every error simdnn throws on purpose. */
export class SimdnnError extends Error {
  override name = 'SimdnnError';
}

/** A tensor or argument has the wrong shape, e.g. `matMul: inner dimensions differ: [2,3] x [4,5]`. */
export class ShapeError extends SimdnnError {
  override name = 'ShapeError';
}

/** A configuration value is unknown or out of range (layer options, backend names, optimizer settings). */
export class ConfigError extends SimdnnError {
  override name = 'ConfigError';
}

/** A saved model (model.json / weights.bin) is malformed, truncated or inconsistent. */
export class ModelFormatError extends SimdnnError {
  override name = 'ModelFormatError';
}

/** fit / evaluate / predict was called on a model that needs compile() first. */
export class NotCompiledError extends SimdnnError {
  override name = 'NotCompiledError';
}

/** A backend could not be created or used (wasm missing, disposed tensor, memory limit). */
export class BackendError extends SimdnnError {
  override name = 'BackendError';
}

/** Short, readable form of a shape for messages: [32,784]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** A value has the wrong type or is not allowed (a string where a number goes, NaN in training data). */
export class ValueError extends SimdnnError {
  override name = 'ValueError';
}

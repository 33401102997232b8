// The Tensor class as the ops reach it: src/tensor.ts registers it here when it loads, so the ops (which
// Tensor's methods call) never import tensor.ts as a value and src/ stays free of import cycles.
// NOTE: that registration is a side effect, so package.json lists dist/tensor.js under "sideEffects":
// a bundler must keep it even when an app only calls ops on plain arrays (test/edge/slim.test.ts).
import type { DType, Storage } from '../runtime/storage.js';
import type { Tensor, TensorLike } from '../tensor.js';

interface TensorClass {
  isTensor(x: unknown): x is Tensor;
  wrap(storage: Storage, shape: readonly number[], dtype: DType): Tensor;
  tensor(values: TensorLike): Tensor;
}

let registered: TensorClass | null = null;

/** Called once by src/tensor.ts. @internal */
export function registerTensorClass(c: TensorClass): void {
  registered = c;
}

/** The registered Tensor class (src/tensor.ts is always loaded before any op can run). @internal */
export function tensorClass(): TensorClass {
  if (!registered) throw new Error('simdnn: src/tensor.ts has not been loaded'); // unreachable through the API
  return registered;
}

// simdnn public API: re-exports only.
export { Tensor, tensor, tensor1d, tensor2d, scalar } from './tensor.js';
export type { TensorLike, NestedArray } from './tensor.js';
export { matMul } from './ops.js';
export { setBackend, getBackend, ready, setWasmModule, getWasmBuild } from './backend/index.js';
export type { BackendName, BuildName } from './backend/index.js';
export {
  SimdnnError,
  ShapeError,
  ConfigError,
  ModelFormatError,
  NotCompiledError,
  BackendError,
  ValueError,
} from './errors.js';

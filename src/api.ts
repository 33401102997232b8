// simdnn's public API, shared by both entries (src/index.ts embeds the wasm, src/slim.ts does not): re-exports only.
export { Tensor, tensor, tensor1d, tensor2d, tensor3d, tensor4d, scalar } from './tensor.js';
export type { TensorLike, NestedArray, DType, DataTypeMap } from './tensor.js';
export * from './ops/index.js';
export { gradCheck, type GradCheckArgs, type GradCheckResult, type WeightCheck } from './tools/gradcheck.js';
export { setBackend, getBackend, ready, setWasmModule, getWasmBuild } from './backend/index.js';
export { setThreads, getThreads } from './backend/threads/index.js';
export type { BackendName, BuildName } from './backend/index.js';
export { Sequential, sequential } from './model/sequential.js';
export type { SequentialArgs, CompileArgs, FitArgs, History, Logs, CustomCallbackArgs } from './model/sequential.js';
export { layers, Layer } from './layers/index.js';
export { initializers } from './initializers.js';
export type { Initializer } from './initializers.js';
export { regularizers, Regularizer } from './regularizers.js';
export { train, Optimizer, SGD, Momentum, RMSProp, Adam, AdamW } from './optimizers.js';
export { callbacks, EarlyStopping, LearningRateScheduler } from './callbacks.js';
export { setRandomSeed } from './random.js';
export { io } from './io/index.js';
export { loadLayersModel } from './model/load.js';
export { saveModel } from './model/save.js';
export type { IOHandler, ModelArtifacts, SaveResult, WeightManifestEntry } from './io/index.js';
/** Dataset utilities on [n, features] tensors: shuffle, split, trainTestSplit, standardScaler, oneHot, image augmentation. */
export * as data from './data/index.js';
/** Learning-rate schedules (epoch, lr0) => lr, as keras.optimizers.schedules, for nn.callbacks.learningRateScheduler. */
export * as schedules from './schedules.js';
export {
  SimdnnError,
  ShapeError,
  ConfigError,
  ModelFormatError,
  NotCompiledError,
  BackendError,
  ValueError,
  TrainingInProgressError,
} from './errors.js';
/** Seeded 2-D toy sets (moons, circles, spiral) for decision-boundary plots and the course's experiments. */
export * as datasets from './datasets/planar.js';
export { plot, tools, GradientNorms, type GradientNormHistory, type LossLandscape } from './plot/index.js';
export { tuner, type Params, type ParamValue, type Space, type Dimension, type Trial, type SearchResult, type SearchArgs, type ObjectiveContext } from './tuner/index.js';
export { diagnose, type Diagnosis, type DiagnoseOptions, type DiagnoseErrors, type DiagnoseSplits, type DiagnosisMeasure, type DiagnosisVerdict, type GradientDiagnosis, type GradientDiagnosisOptions, type LayerGradientDiagnosis } from './diagnose/index.js';

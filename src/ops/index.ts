// The op wing's public functions (re-exports only): nn.add(a, b), nn.sum(x, axis), nn.tidy(fn), …
export { add, sub, mul, div, pow, maximum, minimum, squaredDifference } from './binary.js';
export { neg, abs, exp, log, sqrt, square, relu, sigmoid, tanh } from './unary.js';
export { sum, mean, max, min, prod, argMax, argMin, moments } from './reduce.js';
export { reshape, expandDims, squeeze, clone, transpose, slice, concat, stack, split, gather } from './layout.js';
export { fill, zeros, ones, zerosLike, onesLike, oneHot, cast } from './creation.js';
export { matMul } from './matmul.js';
export { tidy, dispose, keep, memory, type MemoryInfo, type TensorContainer } from './memory.js';
export type { TensorInput } from './core.js';

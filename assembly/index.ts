// Entry point of both wasm builds (baseline SIMD and relaxed-SIMD): one re-export per kernel family.
// Every export is a kernel over byte offsets into the one linear memory; none allocates.
export { heap_base, relaxed_simd, workspace_bytes, set_workspace } from './runtime';
export * from './vector';
export * from './gemm';
export * from './activations';
export * from './losses';
export * from './reductions';
export * from './batchnorm';
export * from './data';
export * from './dropout';
export * from './optimizers';
export * from './conv';
export * from './pool';
export * from './binary';
export * from './unary';
export * from './layout';
export * from './axis';
export * from './convert';

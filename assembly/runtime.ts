// What the TypeScript side needs to know about this module before it plans memory.
import { GEMM_WORKSPACE_BYTES } from './gemm_config';

/** First byte the TypeScript heap may use; everything below belongs to the module. */
export function heap_base(): usize {
  return __heap_base;
}

/** 1 in the relaxed-SIMD (FMA) build, 0 in the baseline SIMD build. */
export function relaxed_simd(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

/** Scratch the kernels share (gemm packing panels); allocated once by the loader, 64-byte aligned. */
export let workspace: usize = 0;

/** Bytes of scratch the loader must allocate and pass to set_workspace. */
export function workspace_bytes(): i32 {
  return GEMM_WORKSPACE_BYTES;
}

export function set_workspace(offset: usize): void {
  workspace = offset;
}

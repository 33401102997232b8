// Blocking parameters of the packed gemm (set by the gemm family).
export const GEMM_WORKSPACE_BYTES: i32 = 0;

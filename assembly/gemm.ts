// Kernel family: gemm (to be written).
export {};

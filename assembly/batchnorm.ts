// Kernel family: batchnorm (to be written).
export {};

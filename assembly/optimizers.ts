// Kernel family: optimizers (to be written).
export {};

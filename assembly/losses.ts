// Kernel family: losses (to be written).
export {};

// Kernel family: data (to be written).
export {};

// Kernel family: dropout (to be written).
export {};

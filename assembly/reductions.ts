// Kernel family: reductions (to be written).
export {};

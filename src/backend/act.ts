// Activation codes shared by the TS kernels and assembly/activations.ts (keep both in sync).
// Elementwise activations take one code; softmax is row-wise and has its own kernels.
export const Act = {
  linear: 0,
  relu: 1,
  leakyRelu: 2,
  sigmoid: 3,
  tanh: 4,
  step: 5,
} as const;
export type ActCode = (typeof Act)[keyof typeof Act];

// Reference twins of assembly/batchnorm.ts (to be written).
import type { MemoryViews } from '../memory.js';

export function batchnormKernels(_v: MemoryViews) {
  return {};
}

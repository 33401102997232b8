// Reference twins of assembly/optimizers.ts (to be written).
import type { MemoryViews } from '../memory.js';

export function optimizersKernels(_v: MemoryViews) {
  return {};
}

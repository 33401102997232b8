// Reference twins of assembly/dropout.ts (to be written).
import type { MemoryViews } from '../memory.js';

export function dropoutKernels(_v: MemoryViews) {
  return {};
}

// Reference twins of assembly/reductions.ts (to be written).
import type { MemoryViews } from '../memory.js';

export function reductionsKernels(_v: MemoryViews) {
  return {};
}

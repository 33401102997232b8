// Reference twins of assembly/losses.ts (to be written).
import type { MemoryViews } from '../memory.js';

export function lossesKernels(_v: MemoryViews) {
  return {};
}

// Reference twins of assembly/data.ts (to be written).
import type { MemoryViews } from '../memory.js';

export function dataKernels(_v: MemoryViews) {
  return {};
}

// Reference twins of assembly/gemm.ts (to be written).
import type { MemoryViews } from '../memory.js';

export function gemmKernels(_v: MemoryViews) {
  return {};
}

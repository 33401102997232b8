// The backend interface: kernels over byte offsets into one linear memory, plus the heap that owns it.
import type { LinearMemory, MemoryViews } from './memory.js';
import type { Heap } from '../runtime/heap.js';
import type { createTsKernels } from './ts/index.js';

/**
 * The kernel table. It is the type of the TS reference implementation: a kernel exists when its
 * reference exists, and the wasm loader checks that the module exports every one of these names.
 * Pointers are byte offsets (0 means "none" where a kernel allows it), counts are elements.
 */
export type Kernels = ReturnType<typeof createTsKernels>;
export type KernelName = keyof Kernels;

export type BackendName = 'wasm' | 'ts';
/** Which code runs: the baseline SIMD wasm build, the relaxed-SIMD (FMA) build, or plain TS loops. */
export type BuildName = 'simd' | 'relaxed' | 'ts';

export interface Backend {
  readonly name: BackendName;
  readonly build: BuildName;
  readonly memory: LinearMemory;
  readonly views: MemoryViews;
  readonly heap: Heap;
  readonly k: Kernels;
}

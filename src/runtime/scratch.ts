// Short-lived heap buffers for one operation: copy inputs in, run kernels, copy results out, free all.
import type { Backend } from '../backend/backend.js';

export class Scratch {
  private blocks: number[] = [];
  constructor(readonly backend: Backend) {}

  /** Allocates `n` floats (uninitialized) and returns the byte offset. */
  alloc(n: number): number {
    const offset = this.backend.heap.alloc(n * 4);
    this.blocks.push(offset);
    return offset;
  }

  /** Copies `values` into a new block and returns its byte offset. */
  put(values: Float32Array): number {
    const offset = this.alloc(values.length);
    this.backend.views.f32.set(values, offset >> 2);
    return offset;
  }

  /** A copy of `n` floats at `offset`. */
  read(offset: number, n: number): Float32Array {
    return this.backend.views.f32.slice(offset >> 2, (offset >> 2) + n);
  }

  releaseAll(): void {
    for (const offset of this.blocks) this.backend.heap.release(offset);
    this.blocks = [];
  }
}

/** Runs `fn` with a Scratch on `backend` and frees every block it allocated, also on error. */
export function withScratch<T>(backend: Backend, fn: (s: Scratch) => T): T {
  const scratch = new Scratch(backend);
  try {
    return fn(scratch);
  } finally {
    scratch.releaseAll();
  }
}

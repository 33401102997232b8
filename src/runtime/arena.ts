// A group of heap buffers freed together: the buffers of one training/inference plan (activations,
// deltas, dataset, batch indices), or the scratch of one operation (copy in, run kernels, copy out).
import type { Backend } from '../backend/backend.js';

export class Arena {
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
    this.backend.views.f32.set(values, offset >>> 2);
    return offset;
  }

  /** Copies `values` (i32, e.g. batch indices) into a new block and returns its byte offset. */
  putI32(values: Int32Array): number {
    const offset = this.alloc(values.length);
    this.backend.views.i32.set(values, offset >>> 2);
    return offset;
  }

  /** Number of live blocks in this arena. */
  get blockCount(): number {
    return this.blocks.length;
  }

  /** A copy of `n` floats at `offset`. */
  read(offset: number, n: number): Float32Array {
    return this.backend.views.f32.slice(offset >>> 2, (offset >>> 2) + n);
  }

  releaseAll(): void {
    for (const offset of this.blocks) this.backend.heap.release(offset);
    this.blocks = [];
  }
}

/** Runs `fn` with an Arena on `backend` and frees every block it allocated, also on error. */
export function withArena<T>(backend: Backend, fn: (s: Arena) => T): T {
  const scratch = new Arena(backend);
  try {
    return fn(scratch);
  } finally {
    scratch.releaseAll();
  }
}

// The f64 twin of the TS backend, for gradient checks (src/tools/gradcheck.ts). The reference kernels
// index floats as `v.f32[ptr >>> 2]`; here that view is a Float64Array over a buffer of 8 bytes per
// element, so float element i still sits at index ptr >>> 2 and the kernels run unchanged, in f64, with
// their rounding (`round`) set to the identity. The heap and the i32/u32 views (batch indices, labels,
// argmax) use a separate buffer of the usual 4 bytes per element, at the same byte offsets.
import { Heap } from '../../runtime/heap.js';
import type { Backend } from '../backend.js';
import { MemoryViews, PAGE_BYTES, type LinearMemory } from '../memory.js';
import { createTsKernels } from './index.js';

/** Two stores over one address space: `buffer` (4 bytes per element: heap size, i32/u32) and `wide` (f64). */
export class F64Memory implements LinearMemory {
  buffer: ArrayBuffer;
  wide: ArrayBuffer;
  constructor(pages = 1) {
    this.buffer = new ArrayBuffer(pages * PAGE_BYTES);
    this.wide = new ArrayBuffer(2 * pages * PAGE_BYTES);
  }
  grow(pages: number): number {
    const before = this.buffer.byteLength / PAGE_BYTES;
    const narrow = new ArrayBuffer(this.buffer.byteLength + pages * PAGE_BYTES);
    new Uint8Array(narrow).set(new Uint8Array(this.buffer));
    const wide = new ArrayBuffer(2 * narrow.byteLength);
    new Uint8Array(wide).set(new Uint8Array(this.wide));
    this.buffer = narrow;
    this.wide = wide;
    return before;
  }
}

/** Views whose `f32` is a Float64Array over F64Memory.wide (typed as Float32Array for the kernels). */
export class F64Views extends MemoryViews {
  private wideCached: ArrayBuffer | null = null;
  private f64Cache = new Float64Array(0);
  constructor(readonly wideMemory: F64Memory) {
    super(wideMemory);
  }
  override get f32(): Float32Array {
    const wide = this.wideMemory.wide;
    if (wide !== this.wideCached) {
      this.wideCached = wide;
      this.f64Cache = new Float64Array(wide);
    }
    // NOTE: a Float64Array typed as Float32Array; kernels only index, fill, set, subarray and copyWithin it.
    return this.f64Cache as unknown as Float32Array;
  }
  /** The same view, typed honestly (for code that reads f64 values back). */
  get f64(): Float64Array {
    return this.f32 as unknown as Float64Array;
  }
}

export interface Backend64 extends Backend {
  readonly views: F64Views;
}

/** A fresh TS backend computing in f64: the same kernels, no rounding to f32 anywhere. */
export function createTsBackend64(): Backend64 {
  const memory = new F64Memory(1);
  const views = new F64Views(memory);
  const identity = (x: number) => x;
  return { name: 'ts', build: 'ts', memory, views, heap: new Heap(memory, 0), k: createTsKernels(views, identity) };
}

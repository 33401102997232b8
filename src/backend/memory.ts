// The one linear memory a backend computes in. The wasm backend uses the module's WebAssembly.Memory;
// the TS backend uses an object with the same two members, so the heap and the kernels' byte-offset
// contract are identical on both.

export const PAGE_BYTES = 65536;

/** How a TS kernel rounds a value to the precision it computes in: Math.fround (f32), or the identity (f64). */
export type Round = (x: number) => number;

/** The part of WebAssembly.Memory simdnn relies on. */
export interface LinearMemory {
  /** Replaced (and the old one detached, for wasm) by every grow: re-read it, never cache it. */
  readonly buffer: ArrayBuffer;
  /** Adds `pages` pages of 64 KiB and returns the previous size in pages, as WebAssembly.Memory does. */
  grow(pages: number): number;
}

/** A plain ArrayBuffer that grows like wasm memory (copying), for the TS backend. */
export class ArrayMemory implements LinearMemory {
  buffer: ArrayBuffer;
  constructor(pages = 1) {
    this.buffer = new ArrayBuffer(pages * PAGE_BYTES);
  }
  grow(pages: number): number {
    const before = this.buffer.byteLength / PAGE_BYTES;
    const next = new ArrayBuffer(this.buffer.byteLength + pages * PAGE_BYTES);
    new Uint8Array(next).set(new Uint8Array(this.buffer));
    this.buffer = next;
    return before;
  }
}

/**
 * Typed views over a LinearMemory, re-created only when the buffer changed (after a grow).
 * Kernels read `views.f32` at every call, so a grow between calls is always safe.
 */
export class MemoryViews {
  private cached: ArrayBuffer | null = null;
  private f32Cache = new Float32Array(0);
  private i32Cache = new Int32Array(0);
  private u32Cache = new Uint32Array(0);
  constructor(readonly memory: LinearMemory) {}
  private refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer === this.cached) return;
    this.cached = buffer;
    this.f32Cache = new Float32Array(buffer);
    this.i32Cache = new Int32Array(buffer);
    this.u32Cache = new Uint32Array(buffer);
  }
  get f32(): Float32Array {
    this.refresh();
    return this.f32Cache;
  }
  get i32(): Int32Array {
    this.refresh();
    return this.i32Cache;
  }
  get u32(): Uint32Array {
    this.refresh();
    return this.u32Cache;
  }
}

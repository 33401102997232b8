// Allocator over one LinearMemory: first fit over an address-ordered free list, with coalescing.
// Arenas (one per model and batch size), tensors copied in for a kernel call and the gemm workspace
// all come from here. Blocks are 64-byte aligned so every SIMD load is aligned and no two buffers
// share a cache line.
import { BackendError } from '../errors.js';
import { PAGE_BYTES, type LinearMemory } from '../backend/memory.js';

export const HEAP_ALIGN = 64;
const MAX_BYTES = 4 * 1024 * 1024 * 1024 - PAGE_BYTES; // wasm32 address space
/** Block sizes are kept per 2^SLOT_BITS blocks (64 KiB of heap): a 4 KiB table each. */
const SLOT_BITS = 10;
const SLOT_MASK = (1 << SLOT_BITS) - 1;

interface Block {
  offset: number;
  bytes: number;
}

export class Heap {
  private free: Block[] = []; // sorted by offset, never adjacent (coalesced)
  // NOTE: the size of each live block, in HEAP_ALIGN units, in a two-level table indexed by the block's
  // offset: one Uint32Array per 64 KiB of heap that holds a block start, made when first needed. Freeing
  // a block and allocating the same offset again is the common pattern (a tfjs fit does it thousands of
  // times a second). Measured on Node 20 per set+get+delete with 10 / 1,000 / 40,000 live keys: Map 53 /
  // 348 / 23,708 ns (it rehashes), null-prototype object 82 / 72 / 161 ns, a plain indexed array 21 / 18 /
  // 14 ns; with this table a whole alloc + release (free list included) took 119–207 ns at 20 to 80,000
  // live blocks (two runs).
  private readonly sizes: (Uint32Array | undefined)[] = [];
  private usedBlocks = 0;
  private top: number; // end of the region handed out so far; memory beyond it is untouched
  private usedBytes = 0;

  /** `base`: first usable byte (offset 0 is never returned, so 0 can mean "no buffer"). */
  constructor(
    readonly memory: LinearMemory,
    base: number,
  ) {
    this.top = alignUp(Math.max(base, HEAP_ALIGN), HEAP_ALIGN);
  }

  /** Bytes currently allocated (after alignment). */
  get bytesInUse(): number {
    return this.usedBytes;
  }

  /** Number of live allocations. */
  get blocksInUse(): number {
    return this.usedBlocks;
  }

  /**
   * Throws a BackendError naming `what` and the bytes it needs when `bytes` more can never fit in the
   * wasm32 address space, so a caller can fail before allocating (and growing memory for) any part of it.
   */
  checkFits(bytes: number, what: string): void {
    if (this.usedBytes + bytes <= MAX_BYTES) return;
    throw new BackendError(
      `${what} needs ${fmtBytes(bytes)}, but wasm32 memory holds at most 4 GiB (${fmtBytes(this.usedBytes)} already in use); ` +
        'use a smaller model or batch; for data larger than memory, stream it with model.fitDataset(nn.data.csv(...) or nn.data.generator(...))',
    );
  }

  /** Allocates `bytes` (rounded up to 64) and returns the byte offset; grows memory if needed. */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new BackendError(`heap: cannot allocate ${bytes} bytes`);
    const size = alignUp(Math.max(bytes, 1), HEAP_ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i]!;
      if (block.bytes < size) continue;
      const offset = block.offset;
      if (block.bytes === size) this.free.splice(i, 1);
      else {
        block.offset += size;
        block.bytes -= size;
      }
      return this.take(offset, size);
    }
    // No free block fits: extend the top, merging a free block that ends at the top.
    let offset = this.top;
    const last = this.free[this.free.length - 1];
    if (last && last.offset + last.bytes === this.top) {
      offset = last.offset;
      this.free.pop();
    }
    this.ensure(offset + size);
    this.top = offset + size;
    return this.take(offset, size);
  }

  /** Returns a block to the heap. Freeing 0 is a no-op; freeing anything else unknown throws. */
  release(offset: number): void {
    if (offset === 0) return;
    const index = offset / HEAP_ALIGN, slot = index & SLOT_MASK;
    const page = Number.isInteger(index) ? this.sizes[index >>> SLOT_BITS] : undefined;
    if (page === undefined || page[slot] === 0) throw new BackendError(`heap: offset ${offset} is not an allocated block (double free?)`);
    const size = page[slot]! * HEAP_ALIGN;
    page[slot] = 0;
    this.usedBlocks--;
    this.usedBytes -= size;
    // Insert in address order, then merge with the neighbours.
    let i = 0;
    while (i < this.free.length && this.free[i]!.offset < offset) i++;
    this.free.splice(i, 0, { offset, bytes: size });
    const next = this.free[i + 1];
    if (next && offset + size === next.offset) {
      this.free[i]!.bytes += next.bytes;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.offset + prev.bytes === offset) {
      prev.bytes += this.free[i]!.bytes;
      this.free.splice(i, 1);
    }
  }

  private take(offset: number, size: number): number {
    const index = offset / HEAP_ALIGN;
    const page = (this.sizes[index >>> SLOT_BITS] ??= new Uint32Array(1 << SLOT_BITS));
    page[index & SLOT_MASK] = size / HEAP_ALIGN;
    this.usedBlocks++;
    this.usedBytes += size;
    return offset;
  }

  private ensure(end: number): void {
    if (end > MAX_BYTES) {
      throw new BackendError(`heap: ${end} bytes requested, beyond the 4 GiB wasm32 address space`);
    }
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow by at least half the current size so that growing step by step stays amortized O(1).
    const wanted = Math.max(end - have, Math.floor(have / 2));
    const pages = Math.min(Math.ceil(wanted / PAGE_BYTES), Math.floor((MAX_BYTES - have) / PAGE_BYTES));
    try {
      this.memory.grow(Math.max(pages, Math.ceil((end - have) / PAGE_BYTES)));
    } catch (cause) {
      throw new BackendError(`heap: could not grow memory to ${end} bytes (${String(cause)})`);
    }
  }
}

/** 40002744896 → "40.0 GB (40002744896 bytes)". */
export function fmtBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = n, u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[u]} (${n} bytes)`;
}

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

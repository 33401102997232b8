import { describe, expect, test } from 'vitest';
import { ArrayMemory, PAGE_BYTES } from '../../src/backend/memory.js';
import { BackendError } from '../../src/errors.js';
import { HEAP_ALIGN, Heap } from '../../src/runtime/heap.js';
import { rand } from '../harness.js';

describe('Heap', () => {
  test('blocks are 64-byte aligned, never at offset 0, and never overlap', () => {
    const heap = new Heap(new ArrayMemory(1), 0);
    const live: [number, number][] = [];
    const r = rand(400, 7, 0, 1);
    for (let i = 0; i < 400; i++) {
      if (live.length > 0 && r[i]! < 0.4) {
        const [offset] = live.splice(Math.floor(r[i]! * 2.5 * live.length) % live.length, 1)[0]!;
        heap.release(offset);
        continue;
      }
      const bytes = 1 + Math.floor(r[i]! * 5000);
      const offset = heap.alloc(bytes);
      expect(offset % HEAP_ALIGN).toBe(0);
      expect(offset).toBeGreaterThan(0);
      for (const [o, b] of live) expect(offset + bytes <= o || o + b <= offset).toBe(true);
      expect(offset + bytes).toBeLessThanOrEqual(heap.memory.buffer.byteLength);
      live.push([offset, bytes]);
    }
    for (const [offset] of live) heap.release(offset);
    expect(heap.bytesInUse).toBe(0);
    expect(heap.blocksInUse).toBe(0);
  });

  test('freed space is reused: alloc/free cycles do not grow memory', () => {
    const memory = new ArrayMemory(1);
    const heap = new Heap(memory, 0);
    const warm = [heap.alloc(100_000), heap.alloc(3_000)];
    warm.forEach((o) => heap.release(o));
    const size = memory.buffer.byteLength;
    for (let i = 0; i < 1000; i++) {
      const a = heap.alloc(100_000), b = heap.alloc(3_000);
      heap.release(a);
      heap.release(b);
    }
    expect(memory.buffer.byteLength).toBe(size);
    expect(heap.bytesInUse).toBe(0);
  });

  test('neighbouring free blocks coalesce into one that fits a larger request', () => {
    const heap = new Heap(new ArrayMemory(4), 0);
    const a = heap.alloc(1024), b = heap.alloc(1024), c = heap.alloc(1024), guard = heap.alloc(64);
    heap.release(a);
    heap.release(c);
    heap.release(b); // a, b, c now form one 3 KiB block before `guard`
    expect(heap.alloc(3 * 1024)).toBe(a);
    heap.release(guard);
  });

  test('memory grows in pages when needed and keeps its contents', () => {
    const memory = new ArrayMemory(1);
    const heap = new Heap(memory, 0);
    const p = heap.alloc(16);
    new Float32Array(memory.buffer, p, 4).set([1, 2, 3, 4]);
    heap.alloc(3 * PAGE_BYTES);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(4 * PAGE_BYTES);
    expect(Array.from(new Float32Array(memory.buffer, p, 4))).toEqual([1, 2, 3, 4]);
  });

  test('bad requests and double frees throw BackendError', () => {
    const heap = new Heap(new ArrayMemory(1), 0);
    expect(() => heap.alloc(-1)).toThrow(BackendError);
    expect(() => heap.alloc(5 * 1024 ** 3)).toThrow(/4 GiB/);
    const p = heap.alloc(10);
    heap.release(p);
    expect(() => heap.release(p)).toThrow(/double free/);
    expect(() => heap.release(0)).not.toThrow();
  });

  test('only a live block start frees: not inside a block, not misaligned, not past the top', () => {
    const heap = new Heap(new ArrayMemory(1), 0);
    const big = heap.alloc(200_000); // spans several 64 KiB pages of the size table
    const after = heap.alloc(64);
    for (const bad of [big + HEAP_ALIGN, big + 70_000, big + 4, after + 1, 50 * 1024 * 1024, -64]) {
      expect(() => heap.release(bad), `offset ${bad}`).toThrow(/not an allocated block/);
    }
    expect([heap.blocksInUse, heap.bytesInUse]).toEqual([2, Math.ceil(200_000 / HEAP_ALIGN) * HEAP_ALIGN + HEAP_ALIGN]);
    heap.release(big);
    heap.release(after);
    expect([heap.blocksInUse, heap.bytesInUse]).toEqual([0, 0]);
  });

  test('thousands of blocks over many pages: counts and sizes stay exact through any free order', () => {
    const heap = new Heap(new ArrayMemory(1), 0);
    const r = rand(5000, 3, 0, 1);
    const blocks = Array.from({ length: 5000 }, (_, i) => ({ offset: heap.alloc(1 + Math.floor(r[i]! * 300)), i }));
    const total = heap.bytesInUse;
    blocks.sort((a, b) => r[a.i]! - r[b.i]! || a.i - b.i).reverse(); // a fixed order unlike allocation's
    let freed = 0;
    for (const [n, b] of blocks.entries()) {
      const before = heap.bytesInUse;
      heap.release(b.offset);
      freed += before - heap.bytesInUse;
      expect(heap.blocksInUse).toBe(5000 - n - 1);
    }
    expect([freed, heap.bytesInUse]).toEqual([total, 0]);
    expect(heap.alloc(64)).toBe(blocks.reduce((m, b) => Math.min(m, b.offset), Infinity)); // coalesced: first fit is the lowest
  });
});

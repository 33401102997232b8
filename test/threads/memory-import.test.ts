// The memory import of the shipped builds, and the one-byte patch that makes it shared.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findMemoryImport, withSharedMemory } from '../../src/backend/wasm/memory-import.js';
import { INITIAL_PAGES, MAXIMUM_PAGES, instantiateWasm, sharedMemoryAvailable, wasmDetails } from '../../src/backend/wasm/loader.js';
import { BackendError } from '../../src/errors.js';

const builds = ['simd', 'relaxed'] as const;
const bytesOf = (build: string) => new Uint8Array(readFileSync(new URL(`../../build/simdnn-${build}.wasm`, import.meta.url)));

// A hand-written module: (import "a" "f" (func)) (import "env" "memory" (memory <limits>)).
function tinyModule(limits: number[]): Uint8Array {
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const types = [0x01, 0x60, 0x00, 0x00];
  const imports = [0x02, ...name('a'), ...name('f'), 0x00, 0x00, ...name('env'), ...name('memory'), 0x02, ...limits];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, types.length, ...types, 0x02, imports.length, ...imports]);
}

describe('memory import', () => {
  it.each(builds)('the %s build imports a non-shared env.memory of INITIAL_PAGES..MAXIMUM_PAGES', (build) => {
    const memory = findMemoryImport(bytesOf(build));
    expect(memory).toMatchObject({ module: 'env', name: 'memory', shared: false, initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES });
  });

  it.each(builds)('withSharedMemory flips only the flag byte of the %s build, and back', (build) => {
    const bytes = bytesOf(build);
    const shared = withSharedMemory(bytes, true);
    const flag = findMemoryImport(bytes)!.flagOffset;
    const changed = Array.from(shared.keys()).filter((i) => shared[i] !== bytes[i]);
    expect(changed).toEqual([flag]);
    expect(findMemoryImport(shared)).toMatchObject({ shared: true, initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES });
    expect(withSharedMemory(shared, false)).toEqual(bytes);
    // (the relaxed build validates only where relaxed SIMD is on: the patch must not change that)
    expect(WebAssembly.validate(shared as BufferSource)).toBe(WebAssembly.validate(bytes as BufferSource));
    if (build === "simd") expect(WebAssembly.validate(shared as BufferSource)).toBe(true);
  });

  it('parses a memory import that follows a function import (LEB limits)', () => {
    const bytes = tinyModule([0x01, 0x02, 0x80, 0x02]); // has max, initial 2, maximum 256
    expect(findMemoryImport(bytes)).toMatchObject({ module: 'env', name: 'memory', shared: false, initial: 2, maximum: 256 });
    expect(WebAssembly.validate(withSharedMemory(bytes, true) as BufferSource)).toBe(true);
  });

  it('refuses to make a memory without a maximum shared, and non-wasm bytes', () => {
    expect(() => withSharedMemory(tinyModule([0x00, 0x01]), true)).toThrow(/needs a maximum/);
    expect(() => findMemoryImport(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(BackendError);
    expect(() => withSharedMemory(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), true)).toThrow(/expected a memory import/);
  });

  it('a module compiled from the shipped bytes (setWasmModule) gets a non-shared host memory; patched bytes a shared one', () => {
    const plain = instantiateWasm(new WebAssembly.Module(bytesOf('simd') as BufferSource));
    expect(wasmDetails(plain)?.shared).toBe(false);
    expect(plain.memory.buffer).toBeInstanceOf(ArrayBuffer);
    expect(sharedMemoryAvailable()).toBe(true); // Node
    const shared = instantiateWasm(new WebAssembly.Module(withSharedMemory(bytesOf('simd'), true) as BufferSource));
    expect(wasmDetails(shared)?.shared).toBe(true);
    expect(shared.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Both compute: 1·3 + 2·4.
    for (const b of [plain, shared]) {
      const p = b.heap.alloc(16);
      b.views.f32.set([1, 2, 3, 4], p >>> 2);
      b.k.f32_gemm_nn(1, 1, 2, p, 2, p + 8, 1, p + 12, 1, 1, 0);
      expect(b.views.f32[(p >>> 2) + 3]).toBe(11);
    }
  });
});

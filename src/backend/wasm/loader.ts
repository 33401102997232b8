// Loads the wasm kernels. The main entry registers the embedded bytes (embedded.ts), so nothing here
// touches a filesystem or the network; simdnn/slim registers none, and runtimes that forbid compiling
// bytes (Cloudflare Workers) pass a precompiled WebAssembly.Module instead.
import { BackendError } from '../../errors.js';
import { Heap } from '../../runtime/heap.js';
import type { Backend, BuildName, Kernels } from '../backend.js';
import { MemoryViews } from '../memory.js';
import { createTsKernels } from '../ts/index.js';

export type WasmBuild = Exclude<BuildName, 'ts'>;

interface RuntimeExports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  relaxed_simd(): number;
  workspace_bytes?(): number;
  set_workspace?(offset: number): void;
}

/** Base64 of each build, as scripts/build-wasm.mjs embeds them. */
export type EmbeddedWasm = Readonly<Record<WasmBuild, string>>;

let embedded: EmbeddedWasm | null = null;
const bytesCache = new Map<WasmBuild, Uint8Array>();

/** Makes the embedded builds the ones compileWasm* and supportedBuilds read (the main entry calls it). */
export function registerEmbeddedWasm(builds: EmbeddedWasm): void {
  embedded = builds;
  bytesCache.clear();
}

/** False under simdnn/slim: only a module passed to setWasmModule can run there. */
export function hasEmbeddedWasm(): boolean {
  return embedded !== null;
}

/** The embedded bytes of one build. */
export function wasmBytes(build: WasmBuild): Uint8Array {
  if (!embedded) throw new BackendError(`wasmBytes('${build}'): no wasm is embedded in this entry (simdnn/slim)`);
  let bytes = bytesCache.get(build);
  if (!bytes) {
    const text = atob(embedded[build]);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    bytesCache.set(build, bytes);
  }
  return bytes;
}

/** Builds this engine can run, best first. Relaxed SIMD is on by default from Node 22 / Chrome 114. */
export function supportedBuilds(): WasmBuild[] {
  if (typeof WebAssembly !== 'object') return [];
  const builds: WasmBuild[] = [];
  for (const build of ['relaxed', 'simd'] as const) {
    try {
      if (WebAssembly.validate(wasmBytes(build) as BufferSource)) builds.push(build);
    } catch {
      // validate throws only on a non-buffer argument; treat as unsupported.
    }
  }
  return builds;
}

/** Picks the best build this engine can run, or null when it has no wasm SIMD. */
export function bestBuild(): WasmBuild | null {
  return supportedBuilds()[0] ?? null;
}

// The smallest valid module (magic + version): any engine that can compile bytes at all compiles it,
// synchronously too (browser main threads limit only large modules).
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * True when this runtime refuses to compile any wasm from bytes (Cloudflare Workers: "Wasm code
 * generation disallowed by embedder"), so only a precompiled module passed to setWasmModule can run.
 */
export function compilingBytesForbidden(): boolean {
  if (typeof WebAssembly !== 'object') return false;
  try {
    new WebAssembly.Module(EMPTY_MODULE as BufferSource);
    return false;
  } catch {
    return true;
  }
}

/** Compiles one build asynchronously (works on browser main threads, where sync compile is limited). */
export function compileWasm(build: WasmBuild): Promise<WebAssembly.Module> {
  return WebAssembly.compile(wasmBytes(build) as BufferSource);
}

/** Compiles one build synchronously (Node, Deno, Bun, workers). */
export function compileWasmSync(build: WasmBuild): WebAssembly.Module {
  return new WebAssembly.Module(wasmBytes(build) as BufferSource);
}

/** Instantiates a compiled simdnn module and wraps it as a Backend. */
export function instantiateWasm(module: WebAssembly.Module): Backend {
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new BackendError(`wasm kernel aborted at assembly line ${line}:${column}`);
      },
    },
  });
  const exports = instance.exports as unknown as RuntimeExports & Record<string, unknown>;
  const names = Object.keys(createTsKernels(new MemoryViews({ buffer: new ArrayBuffer(0), grow: () => 0 })));
  const missing = names.filter((name) => typeof exports[name] !== 'function');
  if (!(exports.memory instanceof WebAssembly.Memory) || missing.length > 0) {
    throw new BackendError(
      `the wasm module is not a simdnn build of this version: missing ${missing.length ? missing.join(', ') : 'memory'}`,
    );
  }
  const memory = exports.memory;
  const heap = new Heap(memory, exports.heap_base());
  if (exports.workspace_bytes && exports.set_workspace) {
    exports.set_workspace(heap.alloc(exports.workspace_bytes()));
  }
  const k = Object.fromEntries(names.map((name) => [name, exports[name]])) as Kernels;
  const build: WasmBuild = exports.relaxed_simd() ? 'relaxed' : 'simd';
  return { name: 'wasm', build, memory, views: new MemoryViews(memory), heap, k };
}

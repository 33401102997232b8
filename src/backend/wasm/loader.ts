// Loads the wasm kernels. The main entry registers the embedded bytes (embedded.ts), so nothing here
// touches a filesystem or the network; simdnn/slim registers none, and runtimes that forbid compiling
// bytes (Cloudflare Workers) pass a precompiled WebAssembly.Module instead.
import { BackendError } from '../../errors.js';
import { Heap } from '../../runtime/heap.js';
import type { Backend, BuildName, Kernels } from '../backend.js';
import { MemoryViews } from '../memory.js';
import { withSharedMemory } from './memory-import.js';
import { createTsKernels } from '../ts/index.js';

export type WasmBuild = Exclude<BuildName, 'ts'>;

interface RuntimeExports {
  memory?: WebAssembly.Memory;
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

/**
 * True when this runtime can share a wasm memory between threads: SharedArrayBuffer exists and a
 * shared WebAssembly.Memory can be created (Node, Deno, Bun, crossOriginIsolated pages; not Cloudflare
 * Workers or non-isolated pages).
 */
export function sharedMemoryAvailable(): boolean {
  if (sharedProbe === null) {
    try {
      sharedProbe =
        typeof SharedArrayBuffer === 'function' &&
        new WebAssembly.Memory({ initial: 0, maximum: 1, shared: true } as WebAssembly.MemoryDescriptor).buffer instanceof SharedArrayBuffer;
    } catch {
      sharedProbe = false;
    }
  }
  return sharedProbe;
}
let sharedProbe: boolean | null = null;

/** Pages the module's memory import asks for at least, and at most (the build's asconfig.json). */
export const INITIAL_PAGES = 1;
export const MAXIMUM_PAGES = 65536;

// Modules compiled here from bytes whose memory import was patched to shared.
const sharedModules = new WeakMap<WebAssembly.Module, true>();

/** The bytes compileWasm* compile: the embedded build, with a shared memory import where threads can run. */
function compileBytes(build: WasmBuild): { bytes: Uint8Array; shared: boolean } {
  const shared = sharedMemoryAvailable();
  return { bytes: shared ? withSharedMemory(wasmBytes(build), true) : wasmBytes(build), shared };
}

function remember(module: WebAssembly.Module, shared: boolean): WebAssembly.Module {
  if (shared) sharedModules.set(module, true);
  return module;
}

/** Compiles one build asynchronously (works on browser main threads, where sync compile is limited). */
export function compileWasm(build: WasmBuild): Promise<WebAssembly.Module> {
  const { bytes, shared } = compileBytes(build);
  return WebAssembly.compile(bytes as BufferSource).then((module) => remember(module, shared));
}

/** Compiles one build synchronously (Node, Deno, Bun, workers). */
export function compileWasmSync(build: WasmBuild): WebAssembly.Module {
  const { bytes, shared } = compileBytes(build);
  return remember(new WebAssembly.Module(bytes as BufferSource), shared);
}

/** The imports of one simdnn instance over `memory`. */
export function wasmImports(memory: WebAssembly.Memory | undefined): WebAssembly.Imports {
  return {
    env: {
      ...(memory ? { memory } : {}),
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new BackendError(`wasm kernel aborted at assembly line ${line}:${column}`);
      },
    },
  };
}

/** Creates the host-owned memory a simdnn module imports. */
export function createWasmMemory(shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared } as WebAssembly.MemoryDescriptor);
}

/** What a thread pool needs to run more instances of a wasm backend on its memory. @internal */
export interface WasmDetails {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  readonly exports: Readonly<Record<string, unknown>>;
}
const details = new WeakMap<Backend, WasmDetails>();

/** The module, memory and exports behind a wasm backend, or undefined for any other backend. @internal */
export function wasmDetails(backend: Backend): WasmDetails | undefined {
  return details.get(backend);
}

/**
 * Creates a memory and an instance over it. A module compiled here knows whether its import is
 * shared; for a module from elsewhere (setWasmModule) try non-shared first, as the shipped .wasm
 * files are, then shared.
 */
function instantiateOnNewMemory(module: WebAssembly.Module): { instance: WebAssembly.Instance; memory?: WebAssembly.Memory; shared: boolean } {
  if (!WebAssembly.Module.imports(module).some((i) => i.kind === 'memory')) {
    return { instance: new WebAssembly.Instance(module, wasmImports(undefined)), shared: false }; // older builds define their memory
  }
  const first = sharedModules.has(module);
  const order = sharedMemoryAvailable() ? [first, !first] : [false];
  let failure: unknown;
  for (const shared of order) {
    const memory = createWasmMemory(shared);
    try {
      return { instance: new WebAssembly.Instance(module, wasmImports(memory)), memory, shared };
    } catch (cause) {
      if (!(cause instanceof WebAssembly.LinkError)) throw cause;
      failure = cause;
    }
  }
  throw new BackendError(`the wasm module's memory import does not accept a host memory of ${INITIAL_PAGES}..${MAXIMUM_PAGES} pages (${String(failure)})`, { cause: failure });
}

/** Instantiates a compiled simdnn module on a new host-owned memory and wraps it as a Backend. */
export function instantiateWasm(module: WebAssembly.Module): Backend {
  const { instance, memory: imported, shared } = instantiateOnNewMemory(module);
  const exports = instance.exports as unknown as RuntimeExports & Record<string, unknown>;
  const names = Object.keys(createTsKernels(new MemoryViews({ buffer: new ArrayBuffer(0), grow: () => 0 })));
  const missing = names.filter((name) => typeof exports[name] !== 'function');
  const memory = imported ?? exports.memory;
  if (!(memory instanceof WebAssembly.Memory) || missing.length > 0) {
    throw new BackendError(
      `the wasm module is not a simdnn build of this version: missing ${missing.length ? missing.join(', ') : 'memory'}`,
    );
  }
  const heap = new Heap(memory, exports.heap_base());
  if (exports.workspace_bytes && exports.set_workspace) {
    exports.set_workspace(heap.alloc(exports.workspace_bytes()));
  }
  const k = Object.fromEntries(names.map((name) => [name, exports[name]])) as Kernels;
  const build: WasmBuild = exports.relaxed_simd() ? 'relaxed' : 'simd';
  const backend: Backend = { name: 'wasm', build, memory, views: new MemoryViews(memory), heap, k };
  details.set(backend, { module, memory, shared, exports });
  return backend;
}

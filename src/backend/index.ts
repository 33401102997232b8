// Backend selection, as in tfjs: `await setBackend('wasm' | 'ts')`, `getBackend()`, `await ready()`.
// The default is wasm (relaxed-SIMD build when the engine validates it, else baseline SIMD); engines
// without wasm SIMD fall back to the TS backend with one warning.
import { BackendError, ConfigError, TrainingInProgressError } from '../errors.js';

import type { Backend, BackendName, BuildName } from './backend.js';
import { createTsBackend } from './ts/index.js';
import { bestBuild, compileWasm, compileWasmSync, compilingBytesForbidden, hasEmbeddedWasm, instantiateWasm } from './wasm/loader.js';

export type { Backend, BackendName, BuildName, Kernels } from './backend.js';

/** Names of the models whose fit() runs now (setBackend rejects while any does). @internal */
export const runningFits = new Set<{ readonly name: string }>();

const ALIASES: Record<string, BackendName> = { wasm: 'wasm', ts: 'ts', cpu: 'ts' };

let wanted: BackendName = 'wasm';
let active: Backend | null = null;
const instances = new Map<BackendName, Backend>();
let userModule: WebAssembly.Module | null = null;
let warned = false;

function resolveName(name: string): BackendName {
  const resolved = typeof name === 'string' && Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
  if (!resolved) {
    throw new ConfigError(`setBackend: unknown backend ${JSON.stringify(name)}; expected 'wasm', 'ts' or 'cpu' (alias of 'ts')`);
  }
  return resolved;
}

function warnFallback(reason: string): void {
  if (warned) return;
  warned = true;
  console.warn(`simdnn: wasm SIMD unavailable (${reason}); using the slower 'ts' backend`);
}

/** What simdnn/slim says when the wasm backend is used before setWasmModule. */
const NO_EMBEDDED_WASM =
  "simdnn/slim embeds no wasm: call nn.setWasmModule(module) before first use, with the WebAssembly.Module of the .wasm shipped at 'simdnn/simdnn-simd.wasm' (or 'simdnn/simdnn-relaxed.wasm'), or call nn.setBackend('ts'); the main entry 'simdnn' embeds both builds";

/** Creates the wasm backend, or null (after one warning) when this engine cannot run it. */
async function createWasm(sync: false): Promise<Backend | null>;
function createWasm(sync: true): Backend | null;
function createWasm(sync: boolean): Backend | null | Promise<Backend | null> {
  if (userModule) return instantiateWasm(userModule);
  if (!hasEmbeddedWasm()) throw new BackendError(NO_EMBEDDED_WASM);
  const build = bestBuild();
  if (!build) {
    warnFallback('WebAssembly.validate rejected the SIMD build');
    return null;
  }
  if (sync) {
    let module: WebAssembly.Module;
    try {
      module = compileWasmSync(build);
    } catch (cause) {
      throw compileFailure(cause, `could not compile the wasm module synchronously here; call 'await nn.ready()' first`);
    }
    return instantiateWasm(module);
  }
  // NOTE: then() also catches a compile() that throws synchronously instead of rejecting.
  return Promise.resolve(build).then(compileWasm).then(instantiateWasm, (cause: unknown) => {
    throw compileFailure(cause, 'could not compile the wasm module');
  });
}

/**
 * The error for a failed compile of the embedded bytes. Where the runtime forbids compiling bytes at
 * all (Cloudflare Workers), calling ready() cannot help: the user must pass the precompiled module.
 */
function compileFailure(cause: unknown, otherwise: string): BackendError {
  const what = compilingBytesForbidden()
    ? 'this runtime does not allow compiling WebAssembly from bytes: call nn.setWasmModule(module) with the imported simdnn-simd.wasm before first use'
    : otherwise;
  return new BackendError(`${what} (${String(cause)})`, { cause });
}

async function activate(name: BackendName): Promise<Backend> {
  let backend = instances.get(name);
  if (!backend) {
    backend = name === 'wasm' ? ((await createWasm(false)) ?? fallbackTs()) : createTsBackend();
    instances.set(name, backend);
  }
  active = backend;
  return backend;
}

function fallbackTs(): Backend {
  let ts = instances.get('ts');
  if (!ts) instances.set('ts', (ts = createTsBackend()));
  return ts;
}

/**
 * Selects the backend for everything that follows: 'wasm' (default; SIMD WebAssembly kernels) or
 * 'ts' (pure TypeScript; 'cpu' is an alias). Resolves to true, as tfjs's setBackend does. Models
 * move their weights (and optimizer state) to the new backend the next time they run.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * await nn.setBackend('ts');
 * console.log(nn.getBackend()); // 'ts'
 * await nn.setBackend('wasm');
 * ```
 */
export async function setBackend(name: 'wasm' | 'ts' | 'cpu'): Promise<boolean> {
  // A running fit steps on its store's memory on the current backend: switching would move the store
  // and silently drop every later epoch, so the switch waits for the caller to let fit finish.
  const busy = runningFits.values().next();
  if (!busy.done) {
    throw new TrainingInProgressError(`setBackend('${String(name)}'): ${busy.value.name}'s fit() is running on the ${active?.name ?? wanted} backend; wait for fit to finish or set model.stopTraining = true, then switch`);
  }
  wanted = resolveName(name);
  await activate(wanted);
  return true;
}

/**
 * Name of the backend in use: 'wasm' or 'ts' ('ts' also when 'wasm' was asked for but the engine has
 * no wasm SIMD and it fell back).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * await nn.ready();
 * console.log(nn.getBackend()); // 'wasm' on engines with wasm SIMD
 * ```
 */
export function getBackend(): BackendName {
  return (active ?? currentBackend()).name;
}

/**
 * Resolves when the selected backend is initialized (compiles the wasm module asynchronously).
 * Optional in Node; in browsers call it before the first op, since main threads may not compile a
 * large module synchronously.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * await nn.ready();
 * const y = nn.matMul([[1, 2]], [[3], [4]]); // runs on the initialized backend
 * console.log(y.dataSync()[0]); // 11
 * ```
 */
export async function ready(): Promise<void> {
  if (!active) await activate(wanted);
}

/**
 * Uses a precompiled simdnn module, for runtimes that forbid compiling wasm bytes (Cloudflare
 * Workers: import the .wasm file from the package's build and pass it here), and for simdnn/slim,
 * which embeds no wasm. Call before ready().
 * Anything other than a WebAssembly.Module is a ConfigError.
 *
 * @example
 * ```ts worker
 * // Cloudflare Workers: wrangler turns a .wasm import into a WebAssembly.Module
 * // (with `declare module '*.wasm'` in your types).
 * import * as nn from 'simdnn';
 * import wasm from 'simdnn/simdnn-simd.wasm';
 * nn.setWasmModule(wasm);
 * await nn.ready();
 * ```
 */
export function setWasmModule(module: WebAssembly.Module): void {
  if (!(module instanceof WebAssembly.Module)) {
    throw new ConfigError(`setWasmModule: expected a WebAssembly.Module, got ${typeof module}`);
  }
  userModule = module;
  instances.delete('wasm');
  if (active?.name === 'wasm') active = null;
}

/**
 * The backend kernels run on. Without a prior `await ready()`, the wasm module is compiled
 * synchronously, which every runtime allows except browser main threads for large modules.
 */
export function currentBackend(): Backend {
  if (active) return active;
  let backend = instances.get(wanted);
  if (!backend) {
    if (wanted === 'ts') backend = createTsBackend();
    else {
      backend = createWasm(true) ?? fallbackTs();
    }
    instances.set(wanted, backend);
  }
  active = backend;
  return backend;
}

/**
 * Which code the current backend runs: 'relaxed' (wasm with relaxed-SIMD FMA, chosen when the engine
 * validates it), 'simd' (baseline wasm SIMD) or 'ts'.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * await nn.ready();
 * console.log(nn.getWasmBuild()); // 'simd' on Node 20, 'relaxed' on Node ≥ 22
 * ```
 */

export function getWasmBuild(): BuildName {
  return currentBackend().build;
}

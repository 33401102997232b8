// nn.setThreads / nn.getThreads: how many threads the wasm backend's big kernels run on. The pool
// belongs to one wasm backend (its memory, module and kernel table); one thread means no pool at all,
// so the one-thread path is the plain kernel table.
import { ConfigError, TrainingInProgressError } from '../../errors.js';
import type { Backend, Kernels } from '../backend.js';
import { currentBackend, ready, runningFits } from '../index.js';
import { wasmDetails } from '../wasm/loader.js';
import { Pool } from './pool.js';
import { installConvSplits } from './conv.js';
import { installSplits } from './split.js';

interface Threaded {
  readonly backend: Backend;
  readonly pool: Pool;
  readonly uninstall: () => void;
  /** The caller's unsplit kernels (its instance's exports): what a shard running on the caller uses. */
  readonly raw: Kernels;
}

let current: Threaded | null = null;
let pending: Promise<number> = Promise.resolve(1);

/** Why this runtime cannot run more than one thread, or null when it can. */
export function threadsUnavailable(backend: Backend): string | null {
  const details = wasmDetails(backend);
  if (!details) return `the ${backend.name} backend runs on one thread`;
  if (!details.shared) return 'this runtime has no shared wasm memory (SharedArrayBuffer: not crossOriginIsolated, or Cloudflare Workers)';
  try {
    // Atomics.wait throws on a browser main thread, where the caller could not wait for its workers.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
  } catch {
    return 'Atomics.wait is not allowed on this thread (a browser main thread): run simdnn in a Worker for threads';
  }
  return null;
}

function stop(): void {
  if (!current) return;
  const { pool, uninstall } = current;
  current = null;
  uninstall();
  pool.close();
}

async function apply(n: number): Promise<number> {
  await ready();
  const backend = currentBackend();
  const reason = threadsUnavailable(backend);
  const wanted = reason === null ? n : 1;
  if (current && current.backend === backend && current.pool.workers + 1 === wanted) return wanted;
  stop();
  if (wanted === 1) return 1;
  const details = wasmDetails(backend)!;
  const exports = details.exports as { workspace_bytes?: () => number };
  const pool = await Pool.start(details, backend.heap, Object.keys(backend.k), wanted - 1, exports.workspace_bytes?.() ?? 0);
  const undo = [installSplits(backend, pool), installConvSplits(backend, pool)];
  const raw = Object.fromEntries(Object.keys(backend.k).map((name) => [name, details.exports[name]])) as unknown as Kernels;
  current = { backend, pool, uninstall: () => undo.forEach((f) => f()), raw };
  return wanted;
}

/**
 * Sets how many threads the wasm backend computes on: the caller plus `n − 1` workers over the same
 * shared memory. A fit whose layers are all per-sample cuts each batch into one shard per thread
 * (data parallel, src/model/shards.ts): results agree with one thread to rounding and are
 * bit-reproducible for a given count. Other fits, evaluate and predict split the big matrix products by
 * blocks of rows, the optimizer updates by ranges and the convolutions by samples; those blocks
 * recompute each output exactly, so they give one thread's results bit for bit. Resolves to the count now
 * in use: 1 where threads cannot run (the 'ts' backend; no SharedArrayBuffer, as on Cloudflare Workers
 * and pages that are not crossOriginIsolated; a browser main thread). `n` must be a positive integer
 * (a ConfigError otherwise); it may exceed the cores. Rejects with a TrainingInProgressError while a
 * fit runs. Workers do not keep a finished Node program alive.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const used = await nn.setThreads(2);
 * console.log(used, nn.getThreads()); // 2 2 (in Node)
 * await nn.setThreads(1); // back to the calling thread only
 * ```
 */
export function setThreads(n: number): Promise<number> {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    return Promise.reject(new ConfigError(`setThreads: expected a positive integer number of threads, got ${typeof n === 'number' ? n : typeof n}`));
  }
  const busy = runningFits.values().next();
  if (!busy.done) {
    return Promise.reject(new TrainingInProgressError(`setThreads(${n}): ${busy.value.name}'s fit() is running; wait for fit to finish or set model.stopTraining = true, then change the threads`));
  }
  pending = pending.catch(() => 1).then(() => apply(n));
  return pending;
}

/** The pool of `backend` and its unsplit kernels while it runs on more than one thread, else null. @internal */
export function poolOf(backend: Backend): { pool: Pool; raw: Kernels } | null {
  return current && current.backend === backend && !current.pool.closed ? current : null;
}

/**
 * How many threads the current backend computes on (1 until setThreads starts workers, and 1 on the
 * 'ts' backend or where shared memory is not available).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.getThreads()); // 1 by default
 * ```
 */
export function getThreads(): number {
  return current && current.backend === currentBackend() ? current.pool.workers + 1 : 1;
}

// A pool of workers that run kernels of one wasm backend on its shared memory. Each worker has its own
// instance of the same compiled module (module globals are per instance) with its own gemm workspace
// from the heap. Dispatch is synchronous: post jobs, the caller does its own share, then wait().
import { BackendError, ConfigError } from '../../errors.js';
import type { Heap } from '../../runtime/heap.js';
import type { WasmDetails } from '../wasm/loader.js';
import { ARGC, ARGS_AT, CLAIM, DONE, ENTRY_ARGC, ENTRY_ARGS, ENTRY_KERNEL, ENTRY_RESULT, KERNEL, MAX_ARGS, QUIT, SEQ, SLOT_BYTES, SLOT_I32, SPIN_MS, STATUS, TRACE, TRACE_WORDS, readMessage } from './control.js';
import { WORKER_SOURCE, type WorkerInit } from './worker-source.js';

/** The part of a Node or Web Worker the pool uses. */
interface WorkerHandle {
  post(message: WorkerInit): void;
  /** Resolves with the worker's first message, rejects on its error event. */
  first(): Promise<{ ready?: true; error?: string }>;
  terminate(): void;
}

interface NodeWorker {
  postMessage(m: unknown): void;
  once(event: string, f: (v: unknown) => void): void;
  terminate(): Promise<number>;
  unref(): void;
}
interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; name?: string }) => NodeWorker;
}
interface WebWorker {
  postMessage(m: unknown): void;
  addEventListener(event: string, f: (e: { data?: unknown; message?: string }) => void, options?: { once: boolean }): void;
  terminate(): void;
  unref?(): void; // Bun
}
interface Host {
  process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown };
  Deno?: unknown;
  Bun?: unknown;
  Worker?: new (url: string, options?: { type?: string; name?: string }) => WebWorker;
  document?: unknown;
}

async function nodeWorkerThreads(): Promise<NodeWorkerThreads | null> {
  const host = globalThis as Host;
  // NOTE: Deno too: its Web Workers cannot be unref'd (a program with a pool would never exit); Bun's can.
  if (!host.process?.versions?.node || host.Bun !== undefined) return null;
  const id = 'node:worker_threads';
  const fromProcess = host.process.getBuiltinModule?.(id);
  if (fromProcess) return fromProcess as NodeWorkerThreads;
  // NOTE: a variable specifier, so bundlers for browsers never try to resolve node:worker_threads.
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ id)) as NodeWorkerThreads;
}

/** Starts one worker running WORKER_SOURCE: node:worker_threads in Node and Deno, a module Web Worker elsewhere (browsers, Bun). */
async function spawn(index: number): Promise<WorkerHandle> {
  const node = await nodeWorkerThreads();
  if (node) {
    const w = new node.Worker(WORKER_SOURCE, { eval: true, name: `simdnn-${index}` });
    return {
      post: (m) => w.postMessage(m),
      first: () =>
        new Promise((resolve, reject) => {
          w.once('message', (m) => {
            // Referenced until it answers (Deno ends a program whose only pending work is an unref'd
            // worker's first message), then unref'd: a finished program exits without closing the pool.
            w.unref();
            resolve(m as { ready?: true; error?: string });
          });
          w.once('error', (e) => reject(e instanceof Error ? e : new Error(String(e))));
        }),
      terminate: () => void w.terminate(),
    };
  }
  const host = globalThis as Host;
  if (typeof host.Worker !== 'function') throw new ConfigError('setThreads: this runtime has neither node:worker_threads nor Worker');
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new host.Worker(url, { type: 'module', name: `simdnn-${index}` });
  return {
    post: (m) => w.postMessage(m),
    first: () =>
      new Promise((resolve, reject) => {
        w.addEventListener('message', (e) => {
          // Bun: referenced until it answers (an unref'd worker's first message does not keep a program
          // alive: `simdnn bench --threads 1,2` exited after its 1-thread rows), then unref'd like Node's.
          w.unref?.();
          resolve(e.data as { ready?: true; error?: string });
        }, { once: true });
        w.addEventListener('error', (e) => reject(new Error(e.message ?? 'worker error')), { once: true });
      }).finally(() => URL.revokeObjectURL(url)) as Promise<{ ready?: true; error?: string }>,
    terminate: () => w.terminate(),
  };
}

/** Byte offset of worker w's trace region: after every worker's slot (traceAt(n, n) is the buffer's size). */
function traceAt(workers: number, w: number): number {
  return workers * SLOT_BYTES + w * TRACE_WORDS * 8;
}

export class Pool {
  private readonly i32: Int32Array;
  /** Float64 argument views, one per worker slot. */
  readonly args: Float64Array[];
  /** Each worker's trace region (see TRACE): the calls of a trace job, written by the caller. */
  readonly traces: Float64Array[];
  private readonly posted: boolean[];
  /** The caller's own instance's kernels, by index into `names`: for the blocks it takes back. */
  private readonly local: ((...args: number[]) => unknown)[];
  /** Argument arrays by count, reused so that taking a block back allocates nothing. */
  private readonly argv: number[][] = Array.from({ length: MAX_ARGS + 1 }, (_, n) => new Array<number>(n).fill(0));
  /** Blocks the caller ran itself because their worker had not started them (see CLAIM). */
  taken = 0;
  /** The trace entry replay() is running, for the message when it throws (as the worker reports it). */
  private replayed = 0;
  /** True after close(): a kernel wrapper someone kept from before must then run on the caller alone. */
  closed = false;

  private constructor(
    private readonly control: SharedArrayBuffer,
    private readonly handles: WorkerHandle[],
    private readonly workspaces: number[],
    private readonly heap: Heap,
    readonly names: readonly string[],
    exports: Readonly<Record<string, unknown>>,
  ) {
    this.i32 = new Int32Array(control);
    this.local = names.map((name) => exports[name] as (...args: number[]) => unknown);
    this.args = handles.map((_, w) => new Float64Array(control, w * SLOT_BYTES + ARGS_AT, MAX_ARGS));
    this.traces = handles.map((_, w) => new Float64Array(control, traceAt(handles.length, w), TRACE_WORDS));
    this.posted = handles.map(() => false);
  }

  /** Number of workers (the caller is one more thread). */
  get workers(): number {
    return this.handles.length;
  }

  /**
   * Starts `workers` workers on the backend's shared memory. Each gets a gemm workspace of
   * `workspaceBytes` from the heap (0: the module has none). Rejects with a BackendError when a worker
   * cannot start or instantiate the module; the ones already started are stopped then.
   */
  static async start(details: WasmDetails, heap: Heap, names: readonly string[], workers: number, workspaceBytes: number): Promise<Pool> {
    if (!details.shared) throw new BackendError('thread pool: the wasm memory is not shared (this runtime has no SharedArrayBuffer)');
    const control = new SharedArrayBuffer(traceAt(workers, workers));
    const workspaces: number[] = [];
    const handles: WorkerHandle[] = [];
    try {
      for (let w = 0; w < workers; w++) {
        workspaces.push(workspaceBytes > 0 ? heap.alloc(workspaceBytes) : 0);
        handles.push(await spawn(w + 1));
      }
      const replies = handles.map((h) => h.first());
      handles.forEach((h, w) => h.post({ module: details.module, memory: details.memory, control, slot: w, traceAt: traceAt(workers, w), workspace: workspaces[w]!, names }));
      const answers = await Promise.all(replies);
      const failed = answers.find((a) => !a.ready);
      if (failed) throw new BackendError(`thread pool: a worker could not instantiate the wasm module (${failed.error ?? 'no reply'})`);
    } catch (cause) {
      for (const h of handles) h.terminate();
      for (const offset of workspaces) heap.release(offset);
      throw cause instanceof BackendError ? cause : new BackendError(`thread pool: could not start a worker (${String(cause)})`, { cause });
    }
    return new Pool(control, handles, workspaces, heap, names, details.exports);
  }

  /** Starts kernel `id` on worker `w` with the first `argc` values the caller wrote to args[w]. */
  post(w: number, id: number, argc: number): void {
    const base = w * SLOT_I32;
    const i32 = this.i32;
    i32[base + KERNEL] = id;
    i32[base + ARGC] = argc;
    Atomics.store(i32, base + CLAIM, 0);
    const seq = (i32[base + SEQ]! + 1) | 0;
    Atomics.store(i32, base + SEQ, seq);
    Atomics.notify(i32, base + SEQ);
    this.posted[w] = true;
  }

  /**
   * Waits for every posted job; throws a BackendError naming the first worker whose kernel threw
   * (after all have finished, so no worker still writes memory when the caller sees the error).
   */
  wait(): void {
    const i32 = this.i32;
    let failure: string | null = null;
    for (let w = 0; w < this.posted.length; w++) {
      if (!this.posted[w]) continue;
      this.posted[w] = false;
      const base = w * SLOT_I32;
      const seq = i32[base + SEQ]!;
      if (Atomics.compareExchange(i32, base + CLAIM, 0, 2) === 0) {
        // Not started by its worker: run it here (same kernel, same arguments, same result). The worker
        // acknowledges it later without running it; the next post to this slot resets the claim.
        this.taken++;
        const id = i32[base + KERNEL]!;
        try {
          if (id === TRACE) this.replay(this.traces[w]!);
          else {
            const args = this.argv[i32[base + ARGC]!]!, from = this.args[w]!;
            for (let a = 0; a < args.length; a++) args[a] = from[a]!;
            this.local[id]!.apply(null, args);
          }
        } catch (e) {
          const call = id === TRACE ? `call ${this.replayed} of the shard: ` : '';
          failure ??= `thread ${w + 1}: ${this.jobName(id)} failed: ${call}${String(e instanceof Error ? `${e.name}: ${e.message}` : e)} (its block ran on the calling thread)`;
        }
        continue;
      }
      let done = Atomics.load(i32, base + DONE);
      const until = performance.now() + SPIN_MS;
      for (let spin = 1; done !== seq; spin++) {
        if ((spin & 255) === 0 && performance.now() > until) break;
        done = Atomics.load(i32, base + DONE);
      }
      while (done !== seq) {
        Atomics.wait(i32, base + DONE, done);
        done = Atomics.load(i32, base + DONE);
      }
      if (i32[base + STATUS] !== 0 && failure === null) {
        failure = `thread ${w + 1}: ${this.jobName(i32[base + KERNEL]!)} failed: ${readMessage(this.control, w)}`;
      }
    }
    if (failure !== null) throw new BackendError(failure);
  }

  private jobName(id: number): string {
    return id === TRACE ? 'a shard of the training step' : (this.names[id] ?? 'kernel');
  }

  /** Runs a trace on the caller's own instance, as the worker would (see TRACE_WORDS for the layout). */
  private replay(trace: Float64Array): void {
    for (let c = 0, count = trace[0]!, p = 1; c < count; c++) {
      this.replayed = c;
      const args = this.argv[trace[p + ENTRY_ARGC]!]!;
      for (let a = 0; a < args.length; a++) args[a] = trace[p + ENTRY_ARGS + a]!;
      const r = this.local[trace[p + ENTRY_KERNEL]!]!.apply(null, args);
      trace[p + ENTRY_RESULT] = typeof r === 'number' ? r : 0;
      p += ENTRY_ARGS + args.length;
    }
  }

  /**
   * wait(), for a caller whose own block may have thrown `own` (undefined: it returned): the workers are
   * always waited for, and the caller's error wins over a worker's.
   */
  finish(own: unknown): void {
    try {
      this.wait();
    } catch (e) {
      if (own === undefined) throw e;
    }
    if (own !== undefined) throw own;
  }

  /** Waits until every worker has acknowledged its last job, including blocks the caller took back. */
  drain(): void {
    const i32 = this.i32;
    for (let w = 0; w < this.handles.length; w++) {
      const base = w * SLOT_I32, seq = Atomics.load(i32, base + SEQ);
      for (let done = Atomics.load(i32, base + DONE); done !== seq; done = Atomics.load(i32, base + DONE)) Atomics.wait(i32, base + DONE, done, 10);
    }
  }

  /** Ends the workers' loops, stops them and returns their workspaces to the heap. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let w = 0; w < this.handles.length; w++) this.post(w, QUIT, 0);
    for (const h of this.handles) h.terminate();
    this.posted.fill(false);
    for (const offset of this.workspaces) this.heap.release(offset);
  }
}

// Where a Tensor's values live, and the bookkeeping behind nn.tidy / nn.dispose / nn.keep / nn.memory.
// A Storage is either a JS typed array (user data, as tensor() makes) or a block on the heap of the
// backend that computed it (op results), shared by reshape()d views and reference counted. Blocks of
// tensors that are never disposed are released by a FinalizationRegistry, so values stay valid while a
// tensor is reachable and the heap is reclaimed after it is not.
import type { Backend } from '../backend/backend.js';

export type DType = 'float32' | 'int32';

export class Storage {
  /** Tensors (not disposed, not collected) that read this storage. */
  refs = 0;
  constructor(
    /** JS-side values, or null for a heap block. */
    readonly js: Float32Array | Int32Array | null,
    /** The backend whose heap holds the block (null for JS storage). */
    readonly backend: Backend | null,
    /** Byte offset of the block (0 for JS storage). */
    readonly offset: number,
    /** Bytes of values (4 per element). */
    readonly bytes: number,
  ) {}

  get onHeap(): boolean {
    return this.backend !== null;
  }
}

interface Counts {
  tensors: number;
  buffers: number;
  bytes: number;
  heapBuffers: number;
  heapBytes: number;
}
const counts: Counts = { tensors: 0, buffers: 0, bytes: 0, heapBuffers: 0, heapBytes: 0 };

/** Tensor-like objects the engine tracks; Tensor implements this. */
export interface Tracked {
  readonly storageRef: Storage | null;
  /** Drops the storage reference; called by dispose and tidy. */
  dispose(): void;
}

function addRef(s: Storage): void {
  if (s.refs++ === 0) {
    counts.buffers++;
    counts.bytes += s.bytes;
    if (s.onHeap) {
      counts.heapBuffers++;
      counts.heapBytes += s.bytes;
    }
  }
}

function dropRef(s: Storage): void {
  if (--s.refs > 0) return;
  counts.buffers--;
  counts.bytes -= s.bytes;
  if (s.backend) {
    counts.heapBuffers--;
    counts.heapBytes -= s.bytes;
    s.backend.heap.release(s.offset);
  }
}

// NOTE: the held value is the Storage, never the tensor (that would keep the tensor alive forever).
const registry = new FinalizationRegistry<Storage>((s) => {
  counts.tensors--;
  dropRef(s);
});

/** A tidy scope: the tensors made while it is the innermost one. */
interface Scope {
  name: string;
  tracked: Tracked[];
}
const scopes: Scope[] = [];
const kept = new WeakSet<Tracked>();

let quiet = 0;

/**
 * Runs `fn` with tracking off: the JS-side tensors it makes are not counted and belong to no scope
 * (ops use it for the temporaries they make from numbers and arrays). @internal
 */
export function untracked<T>(fn: () => T): T {
  quiet++;
  try {
    return fn();
  } finally {
    quiet--;
  }
}

/** Records a new tensor over `s` (counts, GC release, innermost tidy scope); false when tracking is off. @internal */
export function track(t: Tracked, s: Storage): boolean {
  if (quiet > 0 && !s.onHeap) return false;
  counts.tensors++;
  addRef(s);
  // NOTE: only heap blocks need the GC's help; JS arrays are collected anyway, and a registry entry per
  // tensor (≈ 380 bytes until the cleanup task runs) would pile up in synchronous predict loops.
  if (s.onHeap) registry.register(t, s, t);
  scopes[scopes.length - 1]?.tracked.push(t);
  return true;
}

/** Releases what `track` recorded; the caller makes sure it runs once per tensor. @internal */
export function untrack(t: Tracked, s: Storage): void {
  if (s.onHeap) registry.unregister(t);
  counts.tensors--;
  dropRef(s);
}

/** Opens a tidy scope. @internal */
export function startScope(name: string): void {
  scopes.push({ name, tracked: [] });
}

/**
 * Closes the innermost scope: disposes its tensors except `result`s and kept ones; results move to
 * the parent scope (so an outer tidy still owns them). @internal
 */
export function endScope(result: ReadonlySet<Tracked>): void {
  const scope = scopes.pop();
  if (!scope) return;
  const parent = scopes[scopes.length - 1];
  for (const t of scope.tracked) {
    if (result.has(t)) parent?.tracked.push(t);
    else if (!kept.has(t)) t.dispose();
  }
}

/** Marks `t` so no tidy scope disposes it. @internal */
export function markKept(t: Tracked): void {
  kept.add(t);
}

/** Depth of tidy scopes (0 outside any tidy). @internal */
export function scopeDepth(): number {
  return scopes.length;
}

/** Snapshot of the counters. @internal */
export function snapshot(): Readonly<Counts> {
  return { ...counts };
}

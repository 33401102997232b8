// Tensor storage of the 'simdnn' tfjs backend: every numeric tensor is one block of simdnn's wasm heap,
// so native kernels run on its offset with no copy. Strings stay in JS (they are variable-length byte
// arrays no kernel reads), and complex64 is a pair of float32 tensors, as tfjs-backend-cpu stores it.
import type { BackendValues, DataId, DataType, TensorInfo } from '@tensorflow/tfjs-core';

import { HEAP_ALIGN, type Heap } from '../../runtime/heap.js';

/** What the heap holds per dtype. NOTE: bool is one byte per element, as tfjs's Uint8Array. */
type NumericArray = Float32Array | Int32Array | Uint8Array;
const ARRAY: Record<string, { new (buffer: ArrayBuffer, offset: number, length: number): NumericArray; BYTES_PER_ELEMENT: number }> = {
  float32: Float32Array,
  int32: Int32Array,
  bool: Uint8Array,
};

export interface Entry {
  dtype: DataType;
  /** Tensors referring to this data (tfjs's refCount: Reshape/Identity share one dataId). */
  refCount: number;
  /** Heap byte offset (0 for strings and complex64, which own no block). */
  offset: number;
  /** Elements. */
  size: number;
  strings?: Uint8Array[];
  /** complex64 only: its two float32 parts, owned by this entry (freed with it). */
  complex?: { real: TensorInfo; imag: TensorInfo };
}

export class HeapStorage {
  private readonly entries = new Map<DataId, Entry>();
  private bytes = 0;

  /**
   * `moveHere(dataId)` brings data another backend owns into this storage (tfjs's engine.moveData, which
   * calls `set` back) and returns whether it did: tf.setBackend leaves live tensors where they are, and
   * tfjs backends move them on first use, as tfjs-core's DataStorage does.
   */
  constructor(readonly heap: Heap, private readonly moveHere: (dataId: DataId) => boolean = () => false) {}

  /** Whether this storage holds `dataId` now (no move). */
  has(dataId: DataId): boolean {
    return this.entries.has(dataId);
  }

  get(dataId: DataId, where = 'simdnn'): Entry {
    let entry = this.entries.get(dataId);
    if (!entry && this.moveHere(dataId)) entry = this.entries.get(dataId);
    if (!entry) throw new Error(`${where}: tensor data ${describeId(dataId)} is not on the 'simdnn' backend (disposed, or owned by another backend)`);
    return entry;
  }

  /** Number of entries, complex parts included (as tfjs-backend-cpu counts them). */
  get count(): number {
    return this.entries.size;
  }

  /** Heap bytes owned by tensors of this backend (64-byte aligned blocks). */
  get bytesInUse(): number {
    return this.bytes;
  }

  /**
   * Stores `values` (or zeros, when null) under `dataId`. complex64 values are interleaved
   * [re, im, re, im, …], as tfjs's engine passes them when it moves data between backends.
   */
  set(dataId: DataId, values: BackendValues | number[] | null | undefined, size: number, dtype: DataType, refCount = 1): Entry {
    if (this.entries.has(dataId)) this.free(dataId);
    let entry: Entry;
    if (dtype === 'string') {
      const strings = (values ?? []) as unknown as Array<Uint8Array | string>;
      entry = { dtype, refCount, offset: 0, size, strings: strings.map((s) => (typeof s === 'string' ? new TextEncoder().encode(s) : s)) };
    } else if (dtype === 'complex64') {
      const real = { dataId: {}, shape: [size], dtype: 'float32' as const };
      const imag = { dataId: {}, shape: [size], dtype: 'float32' as const };
      const re = new Float32Array(size), im = new Float32Array(size);
      const v = values as ArrayLike<number> | null | undefined;
      if (v) for (let i = 0; i < size; i++) (re[i] = v[2 * i]!), (im[i] = v[2 * i + 1]!);
      this.set(real.dataId, re, size, 'float32');
      this.set(imag.dataId, im, size, 'float32');
      entry = { dtype, refCount, offset: 0, size, complex: { real, imag } };
    } else {
      const Ctor = arrayOf(dtype);
      const offset = this.heap.alloc(size * Ctor.BYTES_PER_ELEMENT);
      this.bytes += blockBytes(size * Ctor.BYTES_PER_ELEMENT);
      const view = new Ctor(this.heap.memory.buffer, offset, size);
      if (values) view.set(values as ArrayLike<number>);
      else view.fill(0); // a reused block holds stale bytes
      entry = { dtype, refCount, offset, size };
    }
    this.entries.set(dataId, entry);
    return entry;
  }

  /** A heap block for `size` elements of `dtype`, left as the heap had it (the caller writes it all). */
  allocate(dataId: DataId, size: number, dtype: 'float32' | 'int32' | 'bool'): Entry {
    const bytes = size * arrayOf(dtype).BYTES_PER_ELEMENT;
    const entry: Entry = { dtype, refCount: 1, offset: this.heap.alloc(bytes), size };
    this.bytes += blockBytes(bytes);
    this.entries.set(dataId, entry);
    return entry;
  }

  /** Stores an entry built elsewhere (a complex tensor from its parts). */
  setEntry(dataId: DataId, entry: Entry): void {
    this.entries.set(dataId, entry);
  }

  /** A view of the heap block (invalid after the next allocation, which may grow memory). */
  view(dataId: DataId): NumericArray {
    const e = this.get(dataId);
    return new (arrayOf(e.dtype))(this.heap.memory.buffer, e.offset, e.size);
  }

  /** A copy of the values, as tfjs's readSync returns them. */
  read(dataId: DataId): BackendValues {
    const e = this.get(dataId);
    if (e.strings) return e.strings.slice();
    if (e.complex) {
      const re = this.view(e.complex.real.dataId), im = this.view(e.complex.imag.dataId);
      const out = new Float32Array(2 * e.size);
      for (let i = 0; i < e.size; i++) (out[2 * i] = re[i]!), (out[2 * i + 1] = im[i]!);
      return out;
    }
    return this.view(dataId).slice();
  }

  /** Frees the entry (and a complex tensor's parts) whatever its refCount. */
  free(dataId: DataId): void {
    const e = this.entries.get(dataId);
    if (!e) return;
    this.entries.delete(dataId);
    if (e.complex) {
      this.free(e.complex.real.dataId);
      this.free(e.complex.imag.dataId);
    }
    if (e.offset !== 0) {
      this.bytes -= blockBytes(e.size * arrayOf(e.dtype).BYTES_PER_ELEMENT);
      this.heap.release(e.offset);
    }
  }

  freeAll(): void {
    for (const id of [...this.entries.keys()]) this.free(id);
  }
}

/** The bytes Heap.alloc reserves for a request (rounded up to its 64-byte blocks). */
function blockBytes(bytes: number): number {
  return Math.ceil(Math.max(bytes, 1) / HEAP_ALIGN) * HEAP_ALIGN;
}

function arrayOf(dtype: DataType) {
  const Ctor = ARRAY[dtype];
  if (!Ctor) throw new Error(`simdnn: no heap layout for dtype '${dtype}'; expected float32, int32, bool, string or complex64`);
  return Ctor;
}

function describeId(dataId: DataId): string {
  const id = (dataId as { id?: unknown }).id;
  return id === undefined ? '(unnamed)' : `#${String(id)}`;
}

// The 'simdnn' tfjs KernelBackend: tensor data in simdnn's wasm heap (storage.ts), kernels from the one
// list in kernels.ts (native ones on heap offsets, the rest delegated to tfjs-backend-cpu).
import { KernelBackend, engine, kernel_impls, util } from '@tensorflow/tfjs-core';
import type { BackendTimingInfo, BackendValues, DataId, DataType, Tensor, TensorInfo } from '@tensorflow/tfjs-core';

import type { Backend } from '../../backend/index.js';
import { HeapStorage } from './storage.js';

/** Bytes of the kernel-parameter block: 64 i32. */
export const PARAM_BYTES = 256;

export class SimdnnBackend extends KernelBackend {
  readonly storage: HeapStorage;
  /**
   * @internal Byte offset of a 256-byte heap block for kernel parameters (shapes, strides; heapI32 in
   * native.ts), −1 after dispose. Taken at construction so that the heap's baseline includes it.
   */
  paramBlock: number;

  constructor(readonly simdnn: Backend) {
    super();
    this.storage = new HeapStorage(simdnn.heap, (dataId) => this.moveHere(dataId));
    this.paramBlock = simdnn.heap.alloc(PARAM_BYTES);
  }

  /** Moves data another tfjs backend owns here (see HeapStorage); false for data no backend owns. */
  private moveHere(dataId: DataId): boolean {
    const owner = engine().state.tensorInfo.get(dataId)?.backend;
    if (!owner || owner === this) return false;
    engine().moveData(this, dataId);
    return true;
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = {};
    this.storage.set(dataId, values, util.sizeFromShape(shape), dtype);
    return dataId;
  }

  /** The engine moving a tensor here from another backend (tf.setBackend with live tensors). */
  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    this.storage.set(dataId, values, util.sizeFromShape(shape), dtype, refCount);
  }

  /** A new tensor of `shape` (zeros, or a copy of `values`) for kernels' outputs. */
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues | number[]): TensorInfo {
    const dataId = {};
    this.storage.set(dataId, values, util.sizeFromShape(shape), dtype);
    return { dataId, shape, dtype };
  }

  /** Like makeTensorInfo, without zeroing: for outputs a kernel writes in full. */
  alloc(shape: number[], dtype: 'float32' | 'int32' | 'bool'): TensorInfo {
    const dataId = {};
    this.storage.allocate(dataId, util.sizeFromShape(shape), dtype);
    return { dataId, shape, dtype };
  }

  override readSync(dataId: DataId): BackendValues {
    return this.storage.read(dataId);
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    return this.readSync(dataId);
  }

  override refCount(dataId: DataId): number {
    return this.storage.has(dataId) ? this.storage.get(dataId).refCount : 0;
  }

  override incRef(dataId: DataId): void {
    this.storage.get(dataId, 'incRef').refCount++;
  }

  /**
   * Drops one reference; frees the heap block when none is left (or with `force`). Returns whether
   * the data is gone, which tells the engine to forget the dataId.
   */
  override disposeData(dataId: DataId, force = false): boolean {
    if (!this.storage.has(dataId)) return true;
    const entry = this.storage.get(dataId);
    entry.refCount--;
    if (!force && entry.refCount > 0) return false;
    this.storage.free(dataId);
    return true;
  }

  disposeIntermediateTensorInfo(info: TensorInfo): void {
    this.disposeData(info.dataId);
  }

  override numDataIds(): number {
    return this.storage.count;
  }

  override memory() {
    // Exact: every byte is a heap block this backend allocated and frees on dispose (no GC involved).
    return { unreliable: false, numBytesInHeap: this.storage.bytesInUse, heapBytesInUse: this.storage.heap.bytesInUse };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<BackendTimingInfo> {
    const start = util.now();
    f();
    return { kernelMs: util.now() - start };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  /** tf.whereAsync and booleanMask ask the backend for the indices of true elements. */
  where(condition: Tensor): Tensor {
    return kernel_impls.whereImpl(condition.shape, this.readSync(condition.dataId) as Uint8Array);
  }

  /** ENGINE.reset() disposes every backend: give all heap blocks back. */
  override dispose(): void {
    this.storage.freeAll();
    if (this.paramBlock >= 0) this.simdnn.heap.release(this.paramBlock);
    this.paramBlock = -1;
  }
}

// Delegation: any kernel simdnn has no native code for runs tfjs-backend-cpu's own implementation on a
// shadow MathBackendCPU. Inputs are copied out of the heap under the same dataIds, the cpu kernel runs
// with the shadow as its backend (so kernels it calls directly stay there too), and its outputs are
// copied into the heap; every shadow entry is dropped afterwards. Correct first: one copy in, one out.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { DataId, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import type { SimdnnBackend } from './backend.js';

/** tfjs-backend-cpu's data entry (backend_cpu.ts TensorData). */
interface CpuData {
  values?: unknown;
  dtype: string;
  refCount: number;
  complexTensorInfos?: { real: TensorInfo; imag: TensorInfo };
}
interface CpuStorage {
  get(dataId: DataId): CpuData;
  set(dataId: DataId, value: CpuData): void;
  has(dataId: DataId): boolean;
  delete(dataId: DataId): boolean;
}

let shadow: MathBackendCPU | null = null;

/** Calls per kernel name that ran on the cpu delegate (tests check native paths stay native). */
const counts = new Map<string, number>();

/** How many calls of each kernel ran on tfjs-backend-cpu since the process started. */
export function delegationCounts(): ReadonlyMap<string, number> {
  return counts;
}

function cpuShadow(): MathBackendCPU {
  if (shadow) return shadow;
  const cpu = new MathBackendCPU();
  // NOTE: its one-time "install tfjs-node" hint is for users of 'cpu', not of 'simdnn'.
  (cpu as unknown as { firstUse: boolean }).firstUse = false;
  // Abs and ComplexAbs return makeOutput()'s Tensor, which the engine would track on the shadow;
  // a TensorInfo makes the engine wrap it for 'simdnn' like every other output.
  (cpu as unknown as { makeOutput: unknown }).makeOutput = (values: never, shape: number[], dtype: never) =>
    cpu.makeTensorInfo(shape, dtype, values);
  return (shadow = cpu);
}

function cpuData(cpu: MathBackendCPU): CpuStorage {
  return (cpu as unknown as { data: CpuStorage }).data;
}

/** The 'simdnn' twin of a 'cpu' KernelConfig. */
export function delegateToCpu(config: KernelConfig): KernelConfig {
  const run = config.kernelFunc;
  return { kernelName: config.kernelName, backendName: 'simdnn', kernelFunc: (args) => runOnCpu(config.kernelName, run, args) };
}

function runOnCpu(kernelName: string, run: KernelFunc, args: Parameters<KernelFunc>[0]): TensorInfo | TensorInfo[] {
  const backend = args.backend as SimdnnBackend;
  counts.set(kernelName, (counts.get(kernelName) ?? 0) + 1);
  const cpu = cpuShadow();
  const data = cpuData(cpu);
  const staged: DataId[] = [];
  const stage = (dataId: DataId, shape: number[]): void => {
    if (data.has(dataId)) return;
    const entry = backend.storage.get(dataId, kernelName);
    staged.push(dataId);
    if (entry.complex) {
      const { real, imag } = entry.complex;
      stage(real.dataId, shape);
      stage(imag.dataId, shape);
      // NOTE: the parts take the tensor's shape: Reshape shares a complex dataId between shapes.
      const parts = { real: { ...real, shape }, imag: { ...imag, shape } };
      data.set(dataId, { dtype: 'complex64', refCount: 1, complexTensorInfos: parts });
    } else data.set(dataId, { values: backend.storage.read(dataId), dtype: entry.dtype, refCount: 1 });
  };
  // NOTE: ragged kernels take arrays of tensors (paramsNestedSplits) as one input.
  for (const input of Object.values(args.inputs) as Array<TensorInfo | TensorInfo[] | undefined>) {
    for (const t of Array.isArray(input) ? input : input ? [input] : []) stage(t.dataId, t.shape);
  }

  const adopted: DataId[] = [];
  try {
    const out = run({ ...args, backend: cpu } as Parameters<KernelFunc>[0]) as TensorInfo | TensorInfo[];
    const outs = (Array.isArray(out) ? out : [out]).map((info) => adopt(backend, data, info, adopted));
    return Array.isArray(out) ? outs : outs[0]!;
  } finally {
    for (const id of staged) data.delete(id);
    for (const id of adopted) data.delete(id);
    // A cpu kernel that leaks an intermediate would grow the shadow forever: start a fresh one.
    if (cpu.numDataIds() !== 0) shadow = null;
  }
}

/** Moves one cpu output into the heap under its dataId (or counts one more reference to an alias). */
function adopt(backend: SimdnnBackend, data: CpuStorage, info: TensorInfo, adopted: DataId[]): TensorInfo {
  const { dataId } = info;
  if (backend.storage.has(dataId)) {
    // The kernel returned an input (Reshape, Identity…) or the same output twice.
    const entry = backend.storage.get(dataId);
    if (entry.dtype === info.dtype) {
      backend.incRef(dataId);
      return { dataId, shape: info.shape, dtype: info.dtype };
    }
    // NOTE: cpu's Cast returns its input's dataId relabelled (int32 → float32, bool → int32): its JS
    // arrays hold numbers either way, but heap bytes must be converted.
    return backend.makeTensorInfo(info.shape, info.dtype, backend.storage.read(dataId) as Float32Array);
  }
  const d = data.get(dataId);
  adopted.push(dataId);
  const size = info.shape.reduce((a, b) => a * b, 1);
  if (d.complexTensorInfos) {
    const part = (p: TensorInfo): TensorInfo => {
      adopted.push(p.dataId);
      // A fresh id, so parts never alias an input's parts (they are freed with their complex tensor).
      return backend.makeTensorInfo(p.shape, 'float32', data.get(p.dataId).values as Float32Array);
    };
    const { real, imag } = d.complexTensorInfos;
    backend.storage.setEntry(dataId, { dtype: 'complex64', refCount: 1, offset: 0, size, complex: { real: part(real), imag: part(imag) } });
  } else {
    backend.storage.set(dataId, d.values as Float32Array, size, info.dtype);
  }
  return { dataId, shape: info.shape, dtype: info.dtype };
}

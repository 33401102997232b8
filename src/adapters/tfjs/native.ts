// How a native kernel is declared: a function over heap offsets that returns its output, or null for
// inputs it does not handle (a dtype, a broadcast, an activation), which then run on the cpu delegate.
// So an unsupported case costs a copy, never a wrong number. A dtype neither runs (complex64, string
// into a float kernel) is a ValueError naming the kernel, the input and the dtype.
import { getKernel, type KernelConfig, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';

import { Act } from '../../backend/act.js';
import { ValueError } from '../../errors.js';
import { KERNEL_MAX_RANK, collapse } from '../../ops/core.js';
import { PARAM_BYTES, type SimdnnBackend } from './backend.js';
import { delegateToCpu } from './delegate.js';

/** tfjs fused activations simdnn's epilogues compute (others delegate): name → [act.ts code, clamp at 6]. */
export const FUSED: Readonly<Record<string, [number, boolean]>> = {
  linear: [Act.linear, false],
  relu: [Act.relu, false],
  relu6: [Act.linear, true],
  leakyrelu: [Act.leakyRelu, false],
  sigmoid: [Act.sigmoid, false],
};

export interface NativeArgs {
  inputs: NamedTensorInfoMap;
  attrs: NamedAttrMap;
  backend: SimdnnBackend;
}
export type NativeFunc = (args: NativeArgs) => TensorInfo | TensorInfo[] | null;

/**
 * A 'simdnn' KernelConfig running `run`, or tfjs-backend-cpu's kernel of the same name when it returns null.
 * Math kernels refuse string inputs up front (tfjs-cpu would return unreadable bytes); kernels that only
 * move data (Reshape, Gather, Fill…) pass `{ strings: true }` and hand strings to tfjs-cpu.
 */
export function nativeKernel(kernelName: string, run: NativeFunc, options: { strings?: boolean } = {}): KernelConfig {
  let fallback: KernelFunc | null = null;
  const kernelFunc: KernelFunc = (args) => {
    if (!options.strings) {
      // NOTE: a plain loop, not Object.entries: this runs on every kernel call.
      for (const name in args.inputs) {
        const t = args.inputs[name] as TensorInfo | undefined;
        if (t && t.dtype === 'string') throw new ValueError(`${kernelName} on 'simdnn': input '${name}' is string; expected a numeric tensor (float32, int32 or bool)`);
      }
    }
    const out = run(args as unknown as NativeArgs);
    if (out) return out;
    if (!fallback) {
      const cpu = getKernel(kernelName, 'cpu');
      if (!cpu) throw new Error(`simdnn: ${kernelName} has no native code for these inputs and tfjs-backend-cpu has no ${kernelName} kernel to delegate to`);
      fallback = delegateToCpu(cpu).kernelFunc;
    }
    try {
      return fallback(args);
    } catch (e) {
      const odd = Object.entries(args.inputs).find(([, t]) => t && !Array.isArray(t) && (t.dtype === 'complex64' || t.dtype === 'string'));
      if (!odd) throw e;
      throw new ValueError(
        `${kernelName} on 'simdnn': input '${odd[0]}' is ${odd[1]!.dtype}; expected float32 (native) or a dtype ` +
          `tfjs-backend-cpu's ${kernelName} accepts, and it failed with: ${(e as Error).message}`,
      );
    }
  };
  return { kernelName, backendName: 'simdnn', kernelFunc };
}

/** True when every tensor is float32 (the dtype of simdnn's kernels). */
export function allFloat32(...ts: Array<TensorInfo | undefined>): boolean {
  return ts.every((t) => t === undefined || t.dtype === 'float32');
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Writes `values` (shapes, strides: kernel parameters, at most 64 in all) into the backend's one reusable
 * heap block and returns its byte offset; `at` is the first slot. Valid until the next call: kernels read
 * their parameters before returning, and JS runs one kernel at a time.
 */
export function heapI32(backend: SimdnnBackend, values: readonly number[], at = 0): number {
  const slots = PARAM_BYTES / 4;
  if (at + values.length > slots) throw new ValueError(`simdnn: expected at most ${slots} kernel parameters, got ${at + values.length}`);
  if (backend.paramBlock < 0) backend.paramBlock = backend.simdnn.heap.alloc(PARAM_BYTES); // used after dispose
  new Int32Array(backend.simdnn.heap.memory.buffer, backend.paramBlock + at * 4, values.length).set(values);
  return backend.paramBlock + at * 4;
}

/**
 * y (contiguous, `shape`) = the 4-byte elements of x read with element `strides`, one x32_strided_copy
 * (dimensions merged first, as the op wing does). Returns false, writing nothing, when more than 8
 * dimensions remain after merging (the kernel's limit).
 */
export function stridedCopy(backend: SimdnnBackend, shape: readonly number[], strides: readonly number[], x: number, y: number): boolean {
  const c = collapse(shape, [[...strides]]);
  if (c.shape.length > KERNEL_MAX_RANK) return false;
  backend.simdnn.k.x32_strided_copy(c.shape.length, heapI32(backend, c.shape, 0), heapI32(backend, c.strides[0]!, 8), x, y);
  return true;
}

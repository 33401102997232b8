// How a native kernel is declared: a function over heap offsets that returns its output, or null for
// inputs it does not handle (a dtype, a broadcast, an activation), which then run on the cpu delegate.
// So an unsupported case costs a copy, never a wrong number.
import { getKernel, type KernelConfig, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';

import type { SimdnnBackend } from './backend.js';
import { delegateToCpu } from './delegate.js';

export interface NativeArgs {
  inputs: NamedTensorInfoMap;
  attrs: NamedAttrMap;
  backend: SimdnnBackend;
}
export type NativeFunc = (args: NativeArgs) => TensorInfo | TensorInfo[] | null;

/** A 'simdnn' KernelConfig running `run`, or tfjs-backend-cpu's kernel of the same name when it returns null. */
export function nativeKernel(kernelName: string, run: NativeFunc): KernelConfig {
  let fallback: KernelFunc | null = null;
  const kernelFunc: KernelFunc = (args) => {
    const out = run(args as unknown as NativeArgs);
    if (out) return out;
    if (!fallback) {
      const cpu = getKernel(kernelName, 'cpu');
      if (!cpu) throw new Error(`simdnn: ${kernelName} has no native code for these inputs and tfjs-backend-cpu has no ${kernelName} kernel to delegate to`);
      fallback = delegateToCpu(cpu).kernelFunc;
    }
    return fallback(args);
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

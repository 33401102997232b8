// The one list of the 'simdnn' tfjs backend's kernels: NATIVE runs simdnn's own kernels on heap
// offsets; every other kernel tfjs-backend-cpu registers is delegated to it (delegate.ts).
import { getKernelsForBackend, type KernelConfig } from '@tensorflow/tfjs-core';

import { delegateToCpu } from './delegate.js';
import { BINARY } from './kernels/binary.js';
import { batchMatMulKernel, fusedMatMulKernel } from './kernels/matmul.js';
import { COMPARE } from './kernels/compare.js';
import { CONV } from './kernels/conv.js';
import { gatherV2Kernel } from './kernels/gather.js';
import { POOL } from './kernels/pool.js';
import { sliceKernel } from './kernels/slice.js';
import { argMaxKernel, argMinKernel, maxKernel, meanKernel, minKernel, prodKernel, softmaxKernel, sumKernel } from './kernels/reduce.js';
import { castKernel, fillKernel, identityKernel, onesLikeKernel, reshapeKernel, transposeKernel, zerosLikeKernel } from './kernels/shape.js';
import { UNARY } from './kernels/unary.js';

/**
 * Kernels with native simdnn code (files under ./kernels/): the math on float32 (data movement, Cast,
 * comparisons, Max/Min also on int32 and bool where tfjs has them). Another dtype, or a case a kernel
 * file's comment says it leaves out, runs tfjs-backend-cpu's kernel (native.ts).
 */
export const NATIVE: KernelConfig[] = [
  reshapeKernel,
  identityKernel,
  castKernel,
  fillKernel,
  zerosLikeKernel,
  onesLikeKernel,
  gatherV2Kernel,
  sliceKernel,
  transposeKernel,
  batchMatMulKernel,
  fusedMatMulKernel,
  ...BINARY,
  ...UNARY,
  ...COMPARE,
  sumKernel,
  meanKernel,
  prodKernel,
  argMaxKernel,
  argMinKernel,
  maxKernel,
  minKernel,
  softmaxKernel,
  ...CONV,
  ...POOL,
];

/** The configs to register for 'simdnn': NATIVE, then a cpu delegate for every other cpu kernel. */
export function simdnnKernels(): KernelConfig[] {
  const native = new Set(NATIVE.map((k) => k.kernelName));
  const delegated = getKernelsForBackend('cpu')
    .filter((k) => !native.has(k.kernelName))
    .map(delegateToCpu);
  return [...NATIVE, ...delegated];
}

/** Which kernels run natively and which delegate to tfjs-backend-cpu (for docs and tests). */
export function kernelTable(): { native: string[]; delegated: string[] } {
  const native = NATIVE.map((k) => k.kernelName).sort();
  const set = new Set(native);
  const delegated = getKernelsForBackend('cpu').map((k) => k.kernelName).filter((n) => !set.has(n)).sort();
  return { native, delegated };
}

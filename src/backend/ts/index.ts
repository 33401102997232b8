// The TS backend: every kernel as the obvious loop. It is the living spec (the wasm kernels are
// tested against it), the fallback where wasm SIMD is missing, and the baseline of every benchmark.
import { Heap } from '../../runtime/heap.js';
import type { Backend } from '../backend.js';
import { ArrayMemory, MemoryViews, type Round } from '../memory.js';
import { vectorKernels } from './vector.js';
import { gemmKernels } from './gemm.js';
import { activationKernels } from './activations.js';
import { lossesKernels } from './losses.js';
import { reductionsKernels } from './reductions.js';
import { batchnormKernels } from './batchnorm.js';
import { dataKernels } from './data.js';
import { dropoutKernels } from './dropout.js';
import { optimizersKernels } from './optimizers.js';
import { convKernels } from './conv.js';
import { poolKernels } from './pool.js';
import { binaryKernels } from './binary.js';
import { unaryKernels } from './unary.js';
import { layoutKernels } from './layout.js';
import { axisKernels } from './axis.js';
import { convertKernels } from './convert.js';

/**
 * All kernels of the TS backend over one memory. Its type is the kernel interface of every backend.
 * `round` is how a kernel rounds scalar parameters and intermediate sums the wasm kernels form in f32:
 * Math.fround here, the identity in the f64 backend (f64.ts) used for gradient checks.
 */
export function createTsKernels(views: MemoryViews, round: Round = Math.fround) {
  return {
    ...vectorKernels(views, round),
    ...gemmKernels(views, round),
    ...activationKernels(views, round),
    ...lossesKernels(views),
    ...reductionsKernels(views, round),
    ...batchnormKernels(views, round),
    ...dataKernels(views),
    ...dropoutKernels(views, round),
    ...optimizersKernels(views, round),
    ...convKernels(views, round),
    ...poolKernels(views, round),
    ...binaryKernels(views, round),
    ...layoutKernels(views),
    ...axisKernels(views),
    ...convertKernels(views, round),
    ...unaryKernels(views, round),
  };
}

/** A fresh TS backend with its own memory and heap. */
export function createTsBackend(): Backend {
  const memory = new ArrayMemory(1);
  const views = new MemoryViews(memory);
  return { name: 'ts', build: 'ts', memory, views, heap: new Heap(memory, 0), k: createTsKernels(views) };
}

// Reductions over any axes on the op wing's kernels (assembly/axis.ts): x is viewed as [outer, r, inner]
// with the reduced axes as r, after one x32_strided_copy moving them to the end when they are not
// adjacent (as tfjs-backend-cpu transposes). Sum, Mean, Prod, Max and Min of float32 are one
// f32_reduce_axis (f32 accumulation; Mean is the sum · 1/r where tfjs-cpu divides first: rounding only);
// Max/Min of int32 run one JS pass over the arranged view. ArgMax/ArgMin of float32 on any axis are one
// f32_argreduce_axis. NaN: Max/Min let a NaN win (f32x4.max, as tfjs-cpu's isNaN test); ArgMax/ArgMin
// compare strictly from the first element, so a NaN never wins and a leading NaN keeps index 0 (tfjs-cpu).
// Empty inputs, an empty axis list, other dtypes, and more than 8 dimensions left after merging delegate.
import { ArgMax, ArgMin, Max, Mean, Min, Prod, Softmax, Sum, backend_util, util, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

import { Red } from '../../../backend/ts/axis.js';
import type { SimdnnBackend } from '../backend.js';
import { nativeKernel, sizeOf, stridedCopy } from '../native.js';

interface Arranged {
  /** Byte offset of the [outer, r, inner] values (x's block, or `temp`'s). */
  offset: number;
  outer: number;
  r: number;
  inner: number;
  /** The transposed copy to dispose after the kernel, when the axes were not adjacent. */
  temp: TensorInfo | null;
}

/** x (4-byte dtype) as [outer, r, inner] for sorted, distinct `axes`, or null (more than 8 merged dims). */
function arrange(backend: SimdnnBackend, x: TensorInfo, axes: number[]): Arranged | null {
  const shape = x.shape, first = axes[0]!, last = axes[axes.length - 1]!;
  const r = axes.reduce((p, a) => p * shape[a]!, 1), X = backend.storage.get(x.dataId).offset;
  if (last - first + 1 === axes.length) {
    return { offset: X, outer: sizeOf(shape.slice(0, first)), r, inner: sizeOf(shape.slice(last + 1)), temp: null };
  }
  const perm = [...shape.keys()].filter((d) => !axes.includes(d)).concat(axes);
  const strides = [...util.computeStrides(shape), 1];
  const temp = backend.alloc(perm.map((p) => shape[p]!), x.dtype as 'float32' | 'int32');
  const T = backend.storage.get(temp.dataId).offset;
  if (!stridedCopy(backend, temp.shape, perm.map((p) => strides[p]!), X, T)) {
    backend.disposeData(temp.dataId);
    return null;
  }
  return { offset: T, outer: sizeOf(shape) / r, r, inner: 1, temp };
}

/** The sorted distinct axes of `attr`, or null when there are none or x is empty (those delegate). */
function axesOf(x: TensorInfo, attr: unknown): number[] | null {
  if (sizeOf(x.shape) === 0) return null;
  const axes = [...new Set(util.parseAxisParam(attr as number | number[], x.shape))].sort((p, q) => p - q);
  return axes.length === 0 ? null : axes;
}

function outShapeOf(x: TensorInfo, axes: number[], attrs: NamedAttrMap): number[] {
  const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  return attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
}

/**
 * A reduction over `axisAttr`: float32 on f32_reduce_axis with `code`; int32 (Max/Min only, `wins` given)
 * one JS pass with tfjs-cpu's compare (a NaN cannot occur in int32).
 */
function reduction(kernelName: string, axisAttr: string, code: number, wins?: (v: number, best: number) => boolean): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, attrs, backend }) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32' && !(wins && x.dtype === 'int32')) return null;
    const axes = axesOf(x, attrs[axisAttr]);
    if (!axes) return null;
    const v = arrange(backend, x, axes);
    if (!v) return null;
    const out = backend.alloc(outShapeOf(x, axes, attrs), x.dtype as 'float32' | 'int32');
    if (x.dtype === 'float32') backend.simdnn.k.f32_reduce_axis(v.outer, v.r, v.inner, v.offset, backend.storage.get(out.dataId).offset, code);
    else {
      const n = sizeOf(x.shape), { outer, r, inner } = v;
      const src = new Int32Array(backend.simdnn.heap.memory.buffer, v.offset, n), y = backend.storage.view(out.dataId);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let at = o * r * inner + i, best = src[at]!;
          for (let k = 1; k < r; k++) {
            at += inner;
            if (wins!(src[at]!, best)) best = src[at]!;
          }
          y[o * inner + i] = best;
        }
      }
    }
    if (v.temp) backend.disposeData(v.temp.dataId);
    return out;
  });
}

export const sumKernel = reduction(Sum, 'axis', Red.sum);
export const meanKernel = reduction(Mean, 'axis', Red.mean);
export const prodKernel = reduction(Prod, 'axis', Red.prod);
export const maxKernel = reduction(Max, 'reductionIndices', Red.max, (v, best) => v > best);
export const minKernel = reduction(Min, 'axis', Red.min, (v, best) => v < best);

/** ArgMax (op 0) / ArgMin (op 1) of float32 along one axis: one f32_argreduce_axis into an int32 output. */
function argReduction(kernelName: string, op: number): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, attrs, backend }) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || x.shape.length === 0) return null;
    const axes = axesOf(x, attrs.axis);
    if (!axes) return null;
    const v = arrange(backend, x, axes)!; // one axis: always adjacent, no copy
    const out = backend.alloc(outShapeOf(x, axes, {}), 'int32');
    backend.simdnn.k.f32_argreduce_axis(v.outer, v.r, v.inner, v.offset, backend.storage.get(out.dataId).offset, op);
    return out;
  });
}

export const argMaxKernel = argReduction(ArgMax, 0);
export const argMinKernel = argReduction(ArgMin, 1);

/** Softmax along the last axis: f32_softmax over the rows (max-subtracted, as tfjs-backend-cpu). */
export const softmaxKernel = nativeKernel(Softmax, ({ inputs, attrs, backend }) => {
  const x = inputs.logits as TensorInfo;
  const rank = x.shape.length;
  const dim = Number(attrs.dim ?? -1);
  if (x.dtype !== 'float32' || rank === 0 || (dim !== -1 && dim !== rank - 1)) return null;
  const n = x.shape[rank - 1]!, m = sizeOf(x.shape) / Math.max(n, 1);
  const out = backend.alloc(x.shape, 'float32');
  if (m > 0 && n > 0) backend.simdnn.k.f32_softmax(m, n, backend.storage.get(x.dataId).offset, backend.storage.get(out.dataId).offset);
  return out;
});


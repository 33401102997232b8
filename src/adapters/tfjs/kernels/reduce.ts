// Sum over float32 axes on simdnn's reductions: the trailing axes are one f32_sum per output element
// (f64-blocked accumulation), the leading axes one f32_colsum (the bias gradient: sum over the batch).
// Axes in the middle would need a transpose first: those delegate. Mean is that sum divided by the
// reduced count (tfjs-cpu divides first, then sums: the two differ by float rounding only).
import { ArgMax, Max, Mean, Min, Softmax, Sum, backend_util, util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

import type { SimdnnBackend } from '../backend.js';
import { nativeKernel, sizeOf } from '../native.js';
import type { KernelConfig } from '@tensorflow/tfjs-core';

/** Σ over `attrs.axis` of a float32 x, or null (other dtypes, middle axes, empty). */
function sumAxes(backend: SimdnnBackend, x: TensorInfo, attrs: NamedAttrMap): TensorInfo | null {
  if (x.dtype !== 'float32') return null; // int32/bool sum to int32 on the cpu kernel
  const rank = x.shape.length;
  const axes = [...new Set(util.parseAxisParam(attrs.axis as number | number[], x.shape))].sort((p, q) => p - q);
  if (axes.length === 0 || sizeOf(x.shape) === 0) return null;
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  const leading = axes.every((a, i) => a === i);
  if (!trailing && !leading) return null;
  const [outShape, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const shape = attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
  const out = backend.alloc(shape, 'float32');
  const inner = sizeOf(reduceShape), outer = sizeOf(outShape);
  const k = backend.simdnn.k, X = backend.storage.get(x.dataId).offset, Y = backend.storage.get(out.dataId).offset;
  if (trailing) {
    const y = backend.storage.view(out.dataId) as Float32Array;
    for (let i = 0; i < outer; i++) y[i] = k.f32_sum(inner, X + i * inner * 4);
  } else {
    k.f32_colsum(inner, outer, X, Y, 0);
  }
  return out;
}

export const sumKernel = nativeKernel(Sum, ({ inputs, attrs, backend }) => sumAxes(backend, inputs.x as TensorInfo, attrs));

export const meanKernel = nativeKernel(Mean, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  const out = sumAxes(backend, x, attrs);
  if (!out) return null;
  const count = sizeOf(x.shape) / Math.max(sizeOf(out.shape), 1);
  const y = backend.storage.view(out.dataId) as Float32Array;
  for (let i = 0; i < y.length; i++) y[i] = y[i]! / count;
  return out;
});

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

/**
 * ArgMax along the last axis on f32_argmax_rows (the accuracy metric's argMax(-1)). NOTE: with a NaN in
 * a row the kernel returns the first NaN's index and tfjs-cpu ignores later NaNs, so inputs that are not
 * all finite (one f32_find_nonfinite pass) delegate, as do other axes.
 */
export const argMaxKernel = nativeKernel(ArgMax, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  const rank = x.shape.length;
  if (x.dtype !== 'float32' || rank === 0) return null;
  const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const n = x.shape[rank - 1]!, total = sizeOf(x.shape);
  if (axis !== rank - 1 || n === 0 || total === 0) return null;
  const k = backend.simdnn.k, X = backend.storage.get(x.dataId).offset;
  if (k.f32_find_nonfinite(total, X) >= 0) return null;
  const out = backend.alloc(x.shape.slice(0, -1), 'int32');
  k.f32_argmax_rows(total / n, n, X, backend.storage.get(out.dataId).offset);
  return out;
});

/**
 * Max / Min of float32 or int32 over one contiguous block of axes (leading, trailing or middle: x viewed as
 * [outer, reduced, inner]), one pass over the heap view in JS. NOTE: as tfjs-cpu, a NaN anywhere in the
 * reduced values is the result (NaN "wins"). Non-contiguous axes delegate.
 */
function extremum(kernelName: string, axisAttr: 'reductionIndices' | 'axis', wins: (v: number, best: number) => boolean): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, attrs, backend }) => {
    const x = inputs.x as TensorInfo;
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || sizeOf(x.shape) === 0) return null;
    const axes = [...new Set(util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape))].sort((p, q) => p - q);
    if (axes.length === 0 || axes.some((a, i) => a !== axes[0]! + i)) return null;
    const a0 = axes[0]!, a1 = axes[axes.length - 1]!;
    const outer = sizeOf(x.shape.slice(0, a0)), red = sizeOf(x.shape.slice(a0, a1 + 1)), inner = sizeOf(x.shape.slice(a1 + 1));
    const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
    const out = backend.alloc(attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape, x.dtype);
    const v = backend.storage.view(x.dataId), y = backend.storage.view(out.dataId);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let at = o * red * inner + i, best = v[at]!;
        for (let r = 1; r < red; r++) {
          at += inner;
          const val = v[at]!;
          if (Number.isNaN(val) || wins(val, best)) best = val;
        }
        y[o * inner + i] = best;
      }
    }
    return out;
  });
}

export const maxKernel = extremum(Max, 'reductionIndices', (v, best) => v > best);
export const minKernel = extremum(Min, 'axis', (v, best) => v < best);

// MaxPool, MaxPoolGrad, AvgPool and AvgPoolGrad on simdnn's pooling kernels (assembly/pool.ts), NHWC,
// with tfjs-core's computePool2DInfo for the geometry ('same', 'valid', explicit pads, dimRoundingMode).
// MaxPoolGrad re-runs the forward pass on its input to find each window's winner (as tfjs-cpu does; the
// first of equal maxima wins, NaN never does), then routes dy to it. Delegated to tfjs-backend-cpu:
// dtypes other than float32, and AvgPoolGrad whenever a window is cut by padding or the input's edge
// (tfjs-cpu divides by kh·kw there while its forward divides by the in-bounds count; simdnn's
// f32_avgpool2d_bwd is the exact gradient of the forward, so only unclipped windows agree).
import { AvgPool, AvgPoolGrad, MaxPool, MaxPoolGrad, backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

import type { SimdnnBackend } from '../backend.js';
import { nativeKernel, sizeOf } from '../native.js';

type PoolInfo = backend_util.Conv2DInfo;

function info(xShape: number[], attrs: NamedAttrMap): PoolInfo {
  return backend_util.computePool2DInfo(
    xShape as [number, number, number, number], attrs.filterSize as [number, number], attrs.strides as [number, number], 1,
    attrs.pad as 'same', attrs.dimRoundingMode as 'round' | undefined,
  );
}

/** The window arguments of assembly/pool.ts, in its order: n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl. */
function window(p: PoolInfo): [number, number, number, number, number, number, number, number, number, number, number, number] {
  return [
    p.batchSize, p.inHeight, p.inWidth, p.inChannels, p.outHeight, p.outWidth,
    p.filterHeight, p.filterWidth, p.strideHeight, p.strideWidth, p.padInfo.top, p.padInfo.left,
  ];
}

/** Every window lies inside the input: no padding taps, nothing cut at the bottom or right. */
function unclipped(p: PoolInfo): boolean {
  return p.padInfo.top === 0 && p.padInfo.left === 0 &&
    (p.outHeight - 1) * p.strideHeight + p.filterHeight <= p.inHeight && (p.outWidth - 1) * p.strideWidth + p.filterWidth <= p.inWidth;
}

/**
 * NOTE: tfjs-cpu returns x itself for a 1×1 window whose output shape equals the input's, whatever the
 * strides and padding say (tfjs-core's suite checks it): so do we.
 */
function identityPool(backend: SimdnnBackend, x: TensorInfo, p: PoolInfo): TensorInfo | null {
  if (p.filterHeight !== 1 || p.filterWidth !== 1 || p.outShape.some((d, i) => d !== x.shape[i])) return null;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function pool4d(x: TensorInfo | undefined): x is TensorInfo {
  return !!x && x.dtype === 'float32' && x.shape.length === 4;
}

/** y = max pool of x; with `argmax` also the flat index into x of each output's winner (−1: none). */
function maxPool(backend: SimdnnBackend, x: TensorInfo, p: PoolInfo, argmax: number): TensorInfo {
  const out = backend.alloc(p.outShape, 'float32');
  if (sizeOf(p.outShape) === 0) return out;
  const st = backend.storage;
  backend.simdnn.k.f32_maxpool2d_fwd(...window(p), st.get(x.dataId).offset, st.get(out.dataId).offset, argmax);
  return out;
}

export const maxPoolKernel = nativeKernel(MaxPool, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  if (!pool4d(x)) return null;
  const p = info(x.shape, attrs);
  return identityPool(backend, x, p) ?? maxPool(backend, x, p, 0);
});

export const maxPoolGradKernel = nativeKernel(MaxPoolGrad, ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as Record<string, TensorInfo>;
  if (!pool4d(dy) || !pool4d(input)) return null;
  const p = info(input.shape, attrs);
  if (p.outShape.some((d, i) => d !== dy.shape[i])) return null;
  const out = backend.alloc(input.shape, 'float32');
  const nx = sizeOf(input.shape), ny = sizeOf(dy.shape);
  const { heap, k } = backend.simdnn, st = backend.storage;
  if (nx === 0) return out;
  if (ny === 0) {
    k.f32_vfill(nx, st.get(out.dataId).offset, 0);
    return out;
  }
  const argmax = heap.alloc(ny * 4);
  try {
    const y = maxPool(backend, input, p, argmax); // the winners; its values are not needed
    backend.disposeData(y.dataId);
    k.f32_maxpool2d_bwd(nx, ny, st.get(dy.dataId).offset, argmax, st.get(out.dataId).offset);
  } finally {
    heap.release(argmax);
  }
  return out;
});

export const avgPoolKernel = nativeKernel(AvgPool, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  if (!pool4d(x)) return null;
  const p = info(x.shape, attrs);
  const same = identityPool(backend, x, p);
  if (same) return same;
  const out = backend.alloc(p.outShape, 'float32');
  if (sizeOf(p.outShape) === 0) return out;
  const st = backend.storage;
  backend.simdnn.k.f32_avgpool2d_fwd(...window(p), st.get(x.dataId).offset, st.get(out.dataId).offset);
  return out;
});

export const avgPoolGradKernel = nativeKernel(AvgPoolGrad, ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as Record<string, TensorInfo>;
  if (!pool4d(dy) || !pool4d(input)) return null;
  const p = info(input.shape, attrs);
  if (!unclipped(p) || p.outShape.some((d, i) => d !== dy.shape[i])) return null;
  const out = backend.alloc(input.shape, 'float32');
  if (sizeOf(input.shape) === 0) return out;
  const st = backend.storage;
  backend.simdnn.k.f32_avgpool2d_bwd(...window(p), st.get(dy.dataId).offset, st.get(out.dataId).offset);
  return out;
});

export const POOL = [maxPoolKernel, maxPoolGradKernel, avgPoolKernel, avgPoolGradKernel];

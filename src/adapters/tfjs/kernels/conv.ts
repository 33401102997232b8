// Conv2D, FusedConv2D (bias + activation), Conv2DBackpropInput and Conv2DBackpropFilter on simdnn's
// im2col + packed gemm kernels (assembly/conv.ts), straight on the heap blocks, with one scratch block
// (f32_conv2d_scratch_bytes) per call. Shapes and padding come from tfjs-core's computeConv2DInfo, so
// 'same', 'valid', explicit pad arrays, dimRoundingMode, strides and dilations all mean what tfjs says:
// the kernels take any top/left padding and output size (taps outside the input read zero).
// Delegated to tfjs-backend-cpu: NCHW (dataFormat 'NCHW'), dtypes other than float32, a bias that is not
// one value per output channel (a scalar bias broadcasts on cpu), and the prelu / elu activations.
import {
  Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput, FusedConv2D, backend_util,
  type NamedAttrMap, type TensorInfo,
} from '@tensorflow/tfjs-core';

import type { SimdnnBackend } from '../backend.js';
import { FUSED, allFloat32, nativeKernel, sizeOf } from '../native.js';

type ConvInfo = backend_util.Conv2DInfo;

/** tfjs's conv geometry for NHWC, or null for NCHW (delegated). */
function info(xShape: number[], filterShape: number[], attrs: NamedAttrMap, dilations: number | [number, number]): ConvInfo | null {
  const format = String(attrs.dataFormat ?? 'NHWC');
  if (format !== 'NHWC' && format !== 'channelsLast') return null;
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides as [number, number], dilations, attrs.pad as 'same', attrs.dimRoundingMode as 'round' | undefined, false, 'channelsLast',
  );
}

/** The geometry arguments every assembly/conv.ts kernel takes first, in its order. */
function geometry(c: ConvInfo): [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number] {
  return [
    c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels, c.filterHeight, c.filterWidth,
    c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth, c.padInfo.top, c.padInfo.left,
  ];
}

/** Runs `f` with a scratch block sized for convolution `c`, released afterwards. */
function withScratch(backend: SimdnnBackend, c: ConvInfo, f: (scratch: number) => void): void {
  const { simdnn } = backend;
  const m = c.batchSize * c.outHeight * c.outWidth, k = c.filterHeight * c.filterWidth * c.inChannels;
  const scratch = simdnn.heap.alloc(Math.max(simdnn.k.f32_conv2d_scratch_bytes(m, k), 4));
  try {
    f(scratch);
  } finally {
    simdnn.heap.release(scratch);
  }
}

/** y = act(conv(x, filter) + bias), or null when not native. */
function forward(backend: SimdnnBackend, inputs: Record<string, TensorInfo | undefined>, attrs: NamedAttrMap, activation: string): TensorInfo | null {
  const { x, filter, bias, preluActivationWeights } = inputs;
  const fused = FUSED[activation];
  if (!x || !filter || !fused || preluActivationWeights || !allFloat32(x, filter, bias)) return null;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return null;
  const c = info(x.shape, filter.shape, attrs, attrs.dilations as [number, number]);
  if (!c || c.inChannels !== filter.shape[2]) return null; // the cpu kernel throws tfjs's own message
  if (bias && (sizeOf(bias.shape) !== c.outChannels || bias.shape.at(-1) !== c.outChannels)) return null;
  const out = backend.alloc(c.outShape, 'float32');
  if (sizeOf(c.outShape) === 0) return out;
  const st = backend.storage, k = backend.simdnn.k;
  if (sizeOf(x.shape) === 0 || sizeOf(filter.shape) === 0) { // k = 0: act(bias), the conv sum is empty
    const y = st.get(out.dataId).offset, rows = sizeOf(c.outShape) / c.outChannels;
    k.f32_vfill(rows * c.outChannels, y, 0);
    k.f32_bias_act(rows, c.outChannels, y, c.outChannels, bias ? st.get(bias.dataId).offset : 0, fused[0], Number(attrs.leakyreluAlpha ?? 0.2));
    if (fused[1]) k.f32_vclamp(rows * c.outChannels, y, y, 0, 6);
    return out;
  }
  const [code, clamp6] = fused;
  const X = st.get(x.dataId).offset, F = st.get(filter.dataId).offset, Y = st.get(out.dataId).offset;
  const B = bias ? st.get(bias.dataId).offset : 0;
  withScratch(backend, c, (scratch) => k.f32_conv2d_fwd(...geometry(c), X, F, B, Y, scratch, code, Number(attrs.leakyreluAlpha ?? 0.2)));
  if (clamp6) k.f32_vclamp(sizeOf(c.outShape), Y, Y, 0, 6);
  return out;
}

export const conv2DKernel = nativeKernel(Conv2D, ({ inputs, attrs, backend }) => forward(backend, inputs, attrs, 'linear'));

export const fusedConv2DKernel = nativeKernel(FusedConv2D, ({ inputs, attrs, backend }) =>
  forward(backend, inputs, attrs, String(attrs.activation ?? 'linear')),
);

/** dx = conv2d's input gradient: dy (NHWC) through the filter, back onto inputShape. */
export const conv2DBackpropInputKernel = nativeKernel(Conv2DBackpropInput, ({ inputs, attrs, backend }) => {
  const dy = inputs.dy as TensorInfo, filter = inputs.filter as TensorInfo;
  const inputShape = attrs.inputShape as number[];
  if (!allFloat32(dy, filter) || dy.shape.length !== 4 || filter.shape.length !== 4 || inputShape.length !== 4) return null;
  const c = info(inputShape, filter.shape, attrs, 1);
  if (!c || c.outHeight !== dy.shape[1] || c.outWidth !== dy.shape[2] || c.outChannels !== dy.shape[3]) return null;
  const out = backend.alloc(c.inShape, 'float32');
  const st = backend.storage, k = backend.simdnn.k, DX = st.get(out.dataId).offset;
  if (sizeOf(c.inShape) === 0) return out;
  if (sizeOf(dy.shape) === 0 || sizeOf(filter.shape) === 0) {
    k.f32_vfill(sizeOf(c.inShape), DX, 0);
    return out;
  }
  const DY = st.get(dy.dataId).offset, F = st.get(filter.dataId).offset;
  withScratch(backend, c, (scratch) => k.f32_conv2d_bwd_input(...geometry(c), DY, F, DX, scratch));
  return out;
});

/** dfilter = Σ over batch and output pixels of input patch ⊗ dy. */
export const conv2DBackpropFilterKernel = nativeKernel(Conv2DBackpropFilter, ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo, dy = inputs.dy as TensorInfo;
  const filterShape = attrs.filterShape as number[];
  if (!allFloat32(x, dy) || x.shape.length !== 4 || dy.shape.length !== 4 || filterShape.length !== 4) return null;
  const c = info(x.shape, filterShape, attrs, 1);
  if (!c || c.outHeight !== dy.shape[1] || c.outWidth !== dy.shape[2] || c.outChannels !== dy.shape[3]) return null;
  const out = backend.alloc(filterShape, 'float32');
  const st = backend.storage, k = backend.simdnn.k, DF = st.get(out.dataId).offset;
  if (sizeOf(filterShape) === 0) return out;
  if (sizeOf(dy.shape) === 0 || sizeOf(x.shape) === 0) {
    k.f32_vfill(sizeOf(filterShape), DF, 0);
    return out;
  }
  const X = st.get(x.dataId).offset, DY = st.get(dy.dataId).offset;
  withScratch(backend, c, (scratch) => k.f32_conv2d_bwd_filter(...geometry(c), X, DY, DF, scratch, 0));
  return out;
});

export const CONV = [conv2DKernel, fusedConv2DKernel, conv2DBackpropInputKernel, conv2DBackpropFilterKernel];

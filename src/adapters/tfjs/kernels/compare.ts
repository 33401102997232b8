// Comparisons (Greater, GreaterEqual, Less, LessEqual, Equal, NotEqual) of float32 into bool, LogicalAnd
// / LogicalOr of bools, and Select(condition, t, e) of float32: the masks of the losses' clipping
// gradients and of ReLU-like branches. One pass over the heap views in JS (bool results are bytes, which
// no f32 kernel writes); each side either full-size or one element. Other broadcasts, dtypes and
// Select's rank-1 condition over rows delegate to tfjs-backend-cpu.
import {
  Equal, Greater, GreaterEqual, Less, LessEqual, LogicalAnd, LogicalOr, NotEqual, Select,
  type KernelConfig, type TensorInfo,
} from '@tensorflow/tfjs-core';

import { nativeKernel, sizeOf } from '../native.js';

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The output shape when each side is the full shape or a single element (then the other's shape). */
function simpleShape(a: TensorInfo, b: TensorInfo): number[] | null {
  if (same(a.shape, b.shape)) return a.shape;
  if (sizeOf(b.shape) === 1 && b.shape.length <= a.shape.length) return a.shape;
  if (sizeOf(a.shape) === 1 && a.shape.length <= b.shape.length) return b.shape;
  return null;
}

function boolOp(kernelName: string, dtype: 'float32' | 'bool', f: (x: number, y: number) => boolean): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, backend }) => {
    const a = inputs.a as TensorInfo, b = inputs.b as TensorInfo;
    if (a.dtype !== dtype || b.dtype !== dtype) return null;
    const shape = simpleShape(a, b);
    if (!shape) return null;
    const out = backend.alloc(shape, 'bool');
    const n = sizeOf(shape);
    const st = backend.storage, x = st.view(a.dataId), y = st.view(b.dataId), z = st.view(out.dataId);
    const sa = x.length === n ? 1 : 0, sb = y.length === n ? 1 : 0;
    for (let i = 0; i < n; i++) z[i] = f(x[i * sa]!, y[i * sb]!) ? 1 : 0;
    return out;
  }, { strings: true }); // tfjs compares strings too (on cpu)
}

export const selectKernel = nativeKernel(Select, ({ inputs, backend }) => {
  const { condition, t, e } = inputs as Record<string, TensorInfo>;
  if (condition.dtype !== 'bool' || t.dtype !== 'float32' || e.dtype !== 'float32') return null;
  if (!same(condition.shape, t.shape) || !same(t.shape, e.shape)) return null;
  const out = backend.alloc(t.shape, 'float32');
  const st = backend.storage, c = st.view(condition.dataId), tv = st.view(t.dataId), ev = st.view(e.dataId), y = st.view(out.dataId);
  for (let i = 0; i < y.length; i++) y[i] = c[i] === 1 ? tv[i]! : ev[i]!;
  return out;
});

export const COMPARE: KernelConfig[] = [
  boolOp(Greater, 'float32', (x, y) => x > y),
  boolOp(GreaterEqual, 'float32', (x, y) => x >= y),
  boolOp(Less, 'float32', (x, y) => x < y),
  boolOp(LessEqual, 'float32', (x, y) => x <= y),
  boolOp(Equal, 'float32', (x, y) => x === y),
  boolOp(NotEqual, 'float32', (x, y) => x !== y),
  boolOp(LogicalAnd, 'bool', (x, y) => x !== 0 && y !== 0),
  boolOp(LogicalOr, 'bool', (x, y) => x !== 0 || y !== 0),
  selectKernel,
];

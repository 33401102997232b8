// Elementwise unary float32 kernels on simdnn's activation family and f32_vunary (assembly/unary.ts):
// one call over the whole block. ClipByValue is f32_vclamp (NaN stays NaN, as tfjs-cpu).
import {
  Abs, ClipByValue, Exp, LeakyRelu, Log, Neg, Reciprocal, Relu, Relu6, Rsqrt, Sigmoid, Sqrt, Square, Step, Tanh,
  type KernelConfig, type TensorInfo,
} from '@tensorflow/tfjs-core';

import { Act } from '../../../backend/act.js';
import type { Kernels } from '../../../backend/index.js';
import { Un } from '../../../backend/ts/unary.js';
import { nativeKernel, sizeOf, type NativeArgs } from '../native.js';

/** y = f(x) over n elements at byte offsets; null when these attrs are not native (→ cpu). */
type Apply = (k: Kernels, n: number, x: number, y: number, attrs: NativeArgs['attrs']) => boolean;

function unary(kernelName: string, apply: Apply): KernelConfig {
  return nativeKernel(kernelName, ({ inputs, attrs, backend }) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32') return null;
    const out = backend.alloc(x.shape, 'float32');
    const n = sizeOf(x.shape);
    if (n > 0 && !apply(backend.simdnn.k, n, backend.storage.get(x.dataId).offset, backend.storage.get(out.dataId).offset, attrs)) {
      backend.disposeData(out.dataId);
      return null;
    }
    return out;
  });
}

const act = (code: number) => ((k, n, x, y) => (k.f32_vact(n, x, y, code, 0), true)) satisfies Apply;

const un = (op: number) => ((k, n, x, y) => (k.f32_vunary(n, x, y, op), true)) satisfies Apply;

export const UNARY: KernelConfig[] = [
  unary(Relu, act(Act.relu)),
  unary(Sigmoid, act(Act.sigmoid)),
  unary(Tanh, act(Act.tanh)),
  unary(LeakyRelu, (k, n, x, y, attrs) => (k.f32_vact(n, x, y, Act.leakyRelu, Number(attrs.alpha)), true)),
  // NOTE: tfjs's Step(alpha) is 1 for x > 0, else alpha; simdnn's step is the alpha = 0 case.
  unary(Step, (k, n, x, y, attrs) => Number(attrs.alpha ?? 0) === 0 && (k.f32_vact(n, x, y, Act.step, 0), true)),
  unary(Relu6, (k, n, x, y) => (k.f32_vclamp(n, x, y, 0, 6), true)),
  unary(Exp, (k, n, x, y) => (k.f32_vexp(n, x, y), true)),
  unary(Sqrt, un(Un.sqrt)),
  unary(Rsqrt, un(Un.rsqrt)),
  unary(Square, un(Un.square)),
  unary(Neg, un(Un.neg)),
  unary(Abs, un(Un.abs)),
  unary(Log, un(Un.log)),
  unary(Reciprocal, un(Un.reciprocal)),
  unary(ClipByValue, (k, n, x, y, attrs) => (k.f32_vclamp(n, x, y, Number(attrs.clipValueMin), Number(attrs.clipValueMax)), true)),
];

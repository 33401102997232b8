// Fused optimizer steps for tfjs apps on 'simdnn'. tfjs-core's AdamOptimizer.applyGradients runs ~14 ops
// per variable (each a kernel dispatch, a heap block and a dispose) plus the engine's bookkeeping: a
// third of a tfjs-layers MLP training step on this backend. Here the same update is one f32_adam_tfjs
// call per variable, in place on the variables' heap blocks, with one f32 rounding per tfjs op in tfjs's
// order, so the weights, moments and step counter end bit-identical to the op-by-op step.
//
// NOTE: tfjs has no hook for a backend to supply an optimizer, so importing simdnn/tfjs wraps
// AdamOptimizer.prototype.applyGradients (of the app's one tfjs-core). The wrapper takes the fused path
// only when the active backend is 'simdnn', the flag SIMDNN_FUSED_OPTIMIZERS is on (default) and every
// tensor it would touch can be updated in place (float32, on this backend, matching shapes, no other
// tensor sharing the data); otherwise, before changing anything, it runs tfjs's own method.
import { AdamOptimizer, engine, env, tidy, util, zerosLike } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';

import { SimdnnBackend } from './backend.js';

/**
 * tfjs env flag (default true): false runs tfjs's own op-by-op optimizer steps on 'simdnn', for
 * comparisons and debugging. Both give the same bits; the fused step is one kernel call per variable.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { FUSED_OPTIMIZERS_FLAG } from 'simdnn/tfjs';
 * await tf.setBackend('simdnn');
 * tf.env().set(FUSED_OPTIMIZERS_FLAG, false); // tf.train.adam now steps op by op, as on other backends
 * ```
 */
export const FUSED_OPTIMIZERS_FLAG = 'SIMDNN_FUSED_OPTIMIZERS';

/** The AdamOptimizer fields this module reads and writes (protected or private in tfjs's typings). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: Variable } | undefined>;
  incrementIterations(): void;
}

type Gradients = NamedTensorMap | Array<{ name: string; tensor: Tensor }>;

/** Wraps tfjs-core's optimizers once (a second import of this module finds them wrapped). */
export function installFusedOptimizers(): void {
  if (!isRegistered()) env().registerFlag(FUSED_OPTIMIZERS_FLAG, () => true);
  const proto = AdamOptimizer.prototype as unknown as { applyGradients: (g: Gradients) => void; [FUSED]?: true };
  if (proto[FUSED]) return;
  const original = proto.applyGradients;
  proto.applyGradients = function (this: AdamState, gradients: Gradients) {
    const backend = engine().backend;
    if (!(backend instanceof SimdnnBackend) || !env().getBool(FUSED_OPTIMIZERS_FLAG) || !fusedAdam(this, backend, gradients)) {
      original.call(this, gradients);
    }
  };
  proto[FUSED] = true;
}

const FUSED = Symbol.for('simdnn.fusedOptimizer');

function isRegistered(): boolean {
  try {
    env().get(FUSED_OPTIMIZERS_FLAG);
    return true;
  } catch {
    return false;
  }
}

/** The variables and gradients of one applyGradients call, in tfjs's order (gradient null: skipped). */
function pairs(gradients: Gradients): Array<{ value: Variable | undefined; gradient: Tensor | null | undefined }> {
  const names = Array.isArray(gradients) ? gradients.map((g) => g.name) : Object.keys(gradients);
  return names.map((name, i) => ({
    value: engine().registeredVariables[name],
    gradient: Array.isArray(gradients) ? gradients[i]!.tensor : gradients[name],
  }));
}

/** True when `t` is float32 data on `backend` that only `t` refers to, so it may be written in place. */
function ownedFloat32(backend: SimdnnBackend, t: Tensor | undefined): boolean {
  return t !== undefined && t.dtype === 'float32' && backend.storage.has(t.dataId) && backend.storage.get(t.dataId).refCount === 1;
}

function readable(backend: SimdnnBackend, t: Tensor | null | undefined, shape: number[]): boolean {
  return !!t && t.dtype === 'float32' && backend.storage.has(t.dataId) && util.arraysEqual(t.shape, shape);
}

/**
 * tfjs-core 4.22 AdamOptimizer.applyGradients as one kernel call per variable. Returns false, having
 * changed nothing, when some tensor cannot take the fused path.
 */
function fusedAdam(opt: AdamState, backend: SimdnnBackend, gradients: Gradients): boolean {
  const list = pairs(gradients);
  if (!ownedFloat32(backend, opt.accBeta1) || !ownedFloat32(backend, opt.accBeta2)) return false;
  for (let i = 0; i < list.length; i++) {
    const { value, gradient } = list[i]!;
    if (!value) return false; // tfjs's own method reports the unknown variable
    if (gradient == null) continue;
    if (!ownedFloat32(backend, value) || !readable(backend, gradient, value.shape)) return false;
    for (const moment of [opt.accumulatedFirstMoment[i], opt.accumulatedSecondMoment[i]]) {
      if (moment && (!ownedFloat32(backend, moment.variable) || !util.arraysEqual(moment.variable.shape, value.shape))) return false;
    }
  }
  // As tfjs: every variable gets its moments on the first step, even one whose gradient is null.
  for (let i = 0; i < list.length; i++) {
    const value = list[i]!.value!;
    opt.accumulatedFirstMoment[i] ??= { originalName: `${value.name}/m`, variable: tidy(() => zerosLike(value).variable(false)) };
    opt.accumulatedSecondMoment[i] ??= { originalName: `${value.name}/v`, variable: tidy(() => zerosLike(value).variable(false)) };
  }
  const f = Math.fround, st = backend.storage, k = backend.simdnn.k;
  const acc1 = st.view(opt.accBeta1.dataId) as Float32Array, acc2 = st.view(opt.accBeta2.dataId) as Float32Array;
  // The scalars as tfjs's ops see them: JS numbers become float32 tensors; 1 − accβ is a float32 Sub.
  const beta1 = f(opt.beta1), beta2 = f(opt.beta2), c1 = f(1 - opt.beta1), c2 = f(1 - opt.beta2);
  const d1 = f(1 - acc1[0]!), d2 = f(1 - acc2[0]!), eps = f(opt.epsilon), nlr = f(-opt.learningRate);
  for (let i = 0; i < list.length; i++) {
    const { value, gradient } = list[i]!;
    if (gradient == null) continue;
    const m = opt.accumulatedFirstMoment[i]!.variable, v = opt.accumulatedSecondMoment[i]!.variable;
    const at = (t: Tensor) => st.get(t.dataId).offset;
    k.f32_adam_tfjs(value!.size, at(value!), at(gradient), at(m), at(v), beta1, c1, beta2, c2, d1, d2, eps, nlr);
  }
  // As tfjs's accβ.assign(mul(accβ, β)), in place (the views were taken after the moments' allocation).
  acc1[0] = f(acc1[0]! * beta1);
  acc2[0] = f(acc2[0]! * beta2);
  opt.incrementIterations();
  return true;
}

// Reference twins of assembly/activations.ts.
// PLACEHOLDER: to be completed by the activations family (derivatives, softmax).
import { Act } from '../act.js';
import type { MemoryViews } from '../memory.js';

/** act(v) for one element: the scalar definition every activation kernel follows. */
export function activate(v: number, act: number, alpha: number): number {
  switch (act) {
    case Act.relu: return v > 0 ? v : 0;
    case Act.leakyRelu: return v > 0 ? v : alpha * v;
    case Act.sigmoid: return 1 / (1 + Math.exp(-v));
    case Act.tanh: return Math.tanh(v);
    case Act.step: return v > 0 ? 1 : 0;
    default: return v;
  }
}

export function activationKernels(v: MemoryViews) {
  return {
    /** y[i] = act(x[i]), i < n. y may equal x. */
    f32_vact(n: number, x: number, y: number, act: number, alpha: number): void {
      const f = v.f32, X = x >> 2, Y = y >> 2;
      alpha = Math.fround(alpha);
      for (let i = 0; i < n; i++) f[Y + i] = activate(f[X + i]!, act, alpha);
    },
    /** y[i,j] = act(y[i,j] + bias[j]) for an m×n block with row stride ldy (elements); bias 0 = none. */
    f32_bias_act(m: number, n: number, y: number, ldy: number, bias: number, act: number, alpha: number): void {
      const f = v.f32, Y = y >> 2, B = bias >> 2;
      alpha = Math.fround(alpha);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const at = Y + i * ldy + j;
          f[at] = activate(f[at]! + (bias ? f[B + j]! : 0), act, alpha);
        }
      }
    },
  };
}

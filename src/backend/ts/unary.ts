// Reference twin of assembly/unary.ts: y[i] = op(x[i]) with Math.*, rounded on store.
import type { MemoryViews } from '../memory.js';

/** Op codes of f32_vunary (assembly/unary.ts UN_*). */
export const Un = { neg: 0, abs: 1, sqrt: 2, square: 3, log: 4, floor: 5 } as const;

const OPS: Array<(x: number) => number> = [(x) => -x, Math.abs, Math.sqrt, (x) => x * x, Math.log, Math.floor];

export function unaryKernels(v: MemoryViews) {
  return {
    /** y[i] = op(x[i]), i < n; op: Un code. y may equal x. */
    f32_vunary(n: number, x: number, y: number, op: number): void {
      const fn = OPS[op] ?? Math.log;
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      for (let i = 0; i < n; i++) f[Y + i] = fn(f[X + i]!);
    },
  };
}

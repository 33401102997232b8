// Reference twin of assembly/unary.ts: y[i] = f(x[i]), the obvious loop, rounded on store.
import type { MemoryViews, Round } from '../memory.js';

/** Op codes of f32_vunary (assembly/unary.ts UN_*). */
export const Un = { sqrt: 0, rsqrt: 1, square: 2, neg: 3, abs: 4, log: 5, reciprocal: 6, floor: 7 } as const;
export type UnCode = (typeof Un)[keyof typeof Un];

const OPS: Array<(x: number, round: Round) => number> = [
  (x) => Math.sqrt(x),
  (x, round) => 1 / round(Math.sqrt(x)), // the wasm kernel rounds the root to f32 before dividing
  (x) => x * x,
  (x) => -x,
  (x) => Math.abs(x),
  (x) => Math.log(x),
  (x) => 1 / x,
  (x) => Math.floor(x),
];

export function unaryKernels(v: MemoryViews, round: Round = Math.fround) {
  return {
    /** y[i] = f(x[i]), i < n; op: Un code (other codes: reciprocal). y may equal x. */
    f32_vunary(n: number, x: number, y: number, op: number): void {
      const fn = OPS[op] ?? OPS[Un.reciprocal]!;
      const f = v.f32, X = x >>> 2, Y = y >>> 2;
      for (let i = 0; i < n; i++) f[Y + i] = fn(f[X + i]!, round);
    },
  };
}

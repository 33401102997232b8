// Reference twin of assembly/dropout.ts: inverted dropout with the same counter-based hash, so the
// mask is bit-identical to the wasm kernel (Math.imul and >>> are exactly wasm's i32.mul and shr_u).
import type { MemoryViews, Round } from '../memory.js';

const WEYL = 0x9e3779b9;
const M1 = 0x7feb352d;
const M2 = 0x846ca68b;

/**
 * H(seed, counter) = lowbias32(seed ^ counter·0x9E3779B9 mod 2^32) as an unsigned 32-bit integer.
 * lowbias32: Chris Wellons, "Prospecting for Hash Functions" (2018), github.com/skeeto/hash-prospector.
 */
export function dropoutHash(seed: number, counter: number): number {
  let h = (seed ^ Math.imul(counter >>> 0, WEYL)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, M1);
  h ^= h >>> 15;
  h = Math.imul(h, M2);
  h ^= h >>> 16;
  return h >>> 0;
}

export function dropoutKernels(v: MemoryViews, round: Round = Math.fround) {
  return {
    /**
     * Inverted dropout, i < n: u = (H(seed, offset + i) >>> 8)·2^−24 ∈ [0, 1); mask[i] = u ≥ rate ?
     * 1/(1−rate) : 0 (rounded by the backend: to f32, or not in f64); y[i] = x[i]·mask[i]. y may equal x; mask must not alias.
     */
    f32_dropout_fwd(n: number, x: number, y: number, mask: number, rate: number, seed: number, offset: number): void {
      const f = v.f32, X = x >>> 2, Y = y >>> 2, M = mask >>> 2;
      const r = round(rate);
      // f64 division of two f32 values rounded once to f32 equals the f32 division (53 ≥ 2·24 + 2).
      const scale = round(1 / round(1 - r));
      for (let i = 0; i < n; i++) {
        const u = (dropoutHash(seed, offset + i) >>> 8) * 2 ** -24; // exact: 24 bits
        const m = u >= r ? scale : 0;
        f[M + i] = m;
        f[Y + i] = f[X + i]! * m;
      }
    },
  };
}

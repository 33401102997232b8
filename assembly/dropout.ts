// Kernel family: inverted dropout with a seeded, counter-based mask. The mask of element i depends
// only on (seed, offset + i), so it is reproducible, splittable across calls (a chunk at offset o gets
// the same mask as elements o.. of one big call) and bit-identical to the TS twin. The backward is
// dx = dy ⊙ mask with f32_vmul (vector family); no kernel here.
//
// Hash: H(seed, c) = lowbias32(seed ^ (c·0x9E3779B9 mod 2^32)), where lowbias32 is Chris Wellons'
// 32-bit integer finalizer from "Prospecting for Hash Functions" (nullprogram.com, 2018;
// github.com/skeeto/hash-prospector): x ^= x>>16; x *= 0x7feb352d; x ^= x>>15; x *= 0x846ca68b;
// x ^= x>>16 (measured avalanche bias ≈ 0.17, below murmur3 fmix32 in the same article). 0x9E3779B9 is
// 2^32/φ (Weyl sequence, as in Knuth's multiplicative hashing), so neighbouring counters differ in
// many bits before mixing. u = (h >>> 8)·2^−24 takes the top 24 bits: exactly representable in f32.
import { at } from './simd';

const WEYL: u32 = 0x9e3779b9;
const M1: u32 = 0x7feb352d;
const M2: u32 = 0x846ca68b;
const INV_2_24: f32 = 5.9604644775390625e-8; // 2^−24

/**
 * Inverted dropout, i < n: u = (H(seed, offset + i) >>> 8)·2^−24 ∈ [0, 1); mask[i] = u ≥ rate ?
 * 1/(1−rate) : 0 (1/(1−rate) rounded in f32); y[i] = x[i]·mask[i]. rate ∈ [0, 1); rate 0 keeps all
 * with mask 1. y may equal x; mask must not alias x or y. Counters wrap mod 2^32. No alignment needed.
 */
export function f32_dropout_fwd(n: i32, x: usize, y: usize, mask: usize, rate: f32, seed: u32, offset: u32): void {
  const scale: f32 = <f32>1 / (<f32>1 - rate);
  const sv = f32x4.splat(scale), rv = f32x4.splat(rate), unit = f32x4.splat(INV_2_24);
  const seedv = i32x4.splat(seed), m1 = i32x4.splat(M1), m2 = i32x4.splat(M2);
  // k = counter·WEYL for the 4 lanes; advancing 4 counters adds 4·WEYL (same value mod 2^32).
  let k = i32x4.mul(i32x4.add(i32x4.splat(offset), i32x4(0, 1, 2, 3)), i32x4.splat(WEYL));
  const step = i32x4.splat(WEYL << 2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let h = v128.xor(seedv, k);
    h = v128.xor(h, i32x4.shr_u(h, 16));
    h = i32x4.mul(h, m1);
    h = v128.xor(h, i32x4.shr_u(h, 15));
    h = i32x4.mul(h, m2);
    h = v128.xor(h, i32x4.shr_u(h, 16));
    const u = f32x4.mul(f32x4.convert_i32x4_u(i32x4.shr_u(h, 8)), unit);
    const mi = v128.and(f32x4.ge(u, rv), sv); // all-ones lanes keep `scale`, others become +0
    v128.store(at(mask, i), mi);
    v128.store(at(y, i), f32x4.mul(v128.load(at(x, i)), mi));
    k = i32x4.add(k, step);
  }
  for (; i < n; i++) {
    let h: u32 = seed ^ ((offset + <u32>i) * WEYL);
    h ^= h >> 16;
    h *= M1;
    h ^= h >> 15;
    h *= M2;
    h ^= h >> 16;
    const u = <f32>(h >> 8) * INV_2_24;
    const mi: f32 = u >= rate ? scale : 0;
    store<f32>(at(mask, i), mi);
    store<f32>(at(y, i), load<f32>(at(x, i)) * mi);
  }
}

import { describe, expect, test } from 'vitest';
import { dropoutHash } from '../../src/backend/ts/dropout.js';
import { WASM_BUILDS, expectClose, pair, rand } from '../harness.js';

// Lengths around the SIMD width (4): tail only, exact width, width ± 1, a prime, and 1000.
const SIZES = [1, 3, 4, 5, 17, 1000];
const RATES = [0, 0.3, 0.5, 0.9];

/** lowbias32(seed ^ c·0x9E3779B9) in BigInt arithmetic mod 2^32: an independent check of the twin's Math.imul. */
function hashBig(seed: number, counter: number): number {
  const M = (1n << 32n) - 1n;
  let x = (BigInt(seed >>> 0) ^ ((BigInt(counter >>> 0) * 0x9e3779b9n) & M)) & M;
  x ^= x >> 16n;
  x = (x * 0x7feb352dn) & M;
  x ^= x >> 15n;
  x = (x * 0x846ca68bn) & M;
  x ^= x >> 16n;
  return Number(x);
}

/** Bitwise equality of two f32 arrays (distinguishes −0 and +0, unlike a tolerance of 0). */
function expectBits(actual: Float32Array, expected: Float32Array, context: string): void {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  expect(a.length, `${context}: length`).toBe(e.length);
  const bad = a.findIndex((x, i) => x !== e[i]);
  if (bad >= 0) throw new Error(`${context}: bits differ at index ${bad}: expected ${expected[bad]}, got ${actual[bad]}`);
}

describe('dropout hash (ts twin) vs hand-checked reference', () => {
  test('dropoutHash equals the BigInt lowbias32 on edge seeds and counters', () => {
    // H(0, 0): x = 0 and every step maps 0 to 0.
    expect(dropoutHash(0, 0)).toBe(0);
    for (const seed of [0, 1, 42, 0x7fffffff, 0x80000000, 0xffffffff]) {
      for (const c of [0, 1, 2, 3, 4, 1000, 0x7fffffff, 0xfffffffe, 0xffffffff]) {
        expect(dropoutHash(seed, c), `seed ${seed} counter ${c}`).toBe(hashBig(seed, c));
      }
    }
  });
});

describe.each(WASM_BUILDS)('dropout, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(SIZES)('mask and y are bit-identical, n=%i', (n) => {
    const x = rand(n, 3, -2, 2);
    for (const rate of RATES) {
      for (const [seed, offset] of [[7, 0], [0xdeadbeef, 13], [1, 0xfffffffe]] as const) {
        const [w, t] = both({ x }, { y: n, mask: n }, (k, p) => k.f32_dropout_fwd(n, p.x!, p.y!, p.mask!, rate, seed, offset));
        const ctx = `n=${n} rate=${rate} seed=${seed} offset=${offset}`;
        expectBits(w.out.mask!, t.out.mask!, `mask ${ctx}`);
        expectBits(w.out.y!, t.out.y!, `y ${ctx}`);
        // The twin itself: mask ∈ {0, 1/(1−rate)} from the hash, y = x·mask.
        const scale = Math.fround(1 / Math.fround(1 - Math.fround(rate)));
        for (let i = 0; i < n; i++) {
          const keep = (hashBig(seed, offset + i) >>> 8) / 2 ** 24 >= Math.fround(rate);
          expect(t.out.mask![i], `mask[${i}] ${ctx}`).toBe(keep ? scale : 0);
          expect(t.out.y![i], `y[${i}] ${ctx}`).toBe(Math.fround(x[i]! * (keep ? scale : 0)));
        }
      }
    }
  });

  test('y may equal x (in place)', () => {
    const n = 19, x = rand(n, 4);
    const [w, t] = both({ x }, { mask: n }, (k, p) => k.f32_dropout_fwd(n, p.x!, p.x!, p.mask!, 0.4, 99, 5));
    expectBits(w.out.x!, t.out.x!, 'in-place y');
    expectBits(w.out.mask!, t.out.mask!, 'in-place mask');
    expectClose(t.out.x!, Array.from(x, (v, i) => Math.fround(v * t.out.mask![i]!)), { atol: 0 }, 'in place: y = x·mask');
  });

  test('rate 0 keeps everything with mask 1 (y = x exactly)', () => {
    const n = 1001, x = rand(n, 5);
    const [w] = both({ x }, { y: n, mask: n }, (k, p) => k.f32_dropout_fwd(n, p.x!, p.y!, p.mask!, 0, 123, 0));
    expect(w.out.mask!.every((m) => m === 1)).toBe(true);
    expectBits(w.out.y!, x, 'rate 0: y');
  });

  test.each([0.1, 0.5, 0.8])('kept fraction over 1e5 elements is within 1%% of 1 − rate (rate %f)', (rate) => {
    const n = 100_000;
    const [w] = both({ x: new Float32Array(n).fill(1) }, { y: n, mask: n }, (k, p) =>
      k.f32_dropout_fwd(n, p.x!, p.y!, p.mask!, rate, 2024, 0),
    );
    const kept = w.out.mask!.reduce((s, m) => s + (m !== 0 ? 1 : 0), 0) / n;
    // Binomial σ = √(r(1−r)/n) ≤ 0.0016, so 0.01 is > 6σ.
    expect(Math.abs(kept - (1 - rate)), `kept ${kept}, rate ${rate}`).toBeLessThan(0.01);
    // Inverted dropout preserves the mean: E[y] = 1 within ~6σ of the scaled binomial.
    const mean = w.out.y!.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(mean - 1), `mean ${mean}`).toBeLessThan(0.01 / (1 - rate));
  });

  test('different seeds or offsets give different masks; a chunk at offset o repeats elements o.. of one call', () => {
    const n = 4096, rate = 0.5, x = new Float32Array(n).fill(1);
    const mask = (seed: number, offset: number, len = n) =>
      both({ x }, { y: n, mask: n }, (k, p) => k.f32_dropout_fwd(len, p.x!, p.y!, p.mask!, rate, seed, offset))[0].out.mask!.slice(0, len);
    const base = mask(1, 0);
    const differ = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + (v !== b[i] ? 1 : 0), 0) / a.length;
    // Independent masks disagree on 2·r·(1−r) = 50% of elements.
    for (const [seed, offset] of [[2, 0], [0x80000001, 0], [1, 1], [1, 4096]]) {
      const d = differ(base, mask(seed, offset));
      expect(d, `seed ${seed} offset ${offset}: fraction differing from seed 1 offset 0`).toBeGreaterThan(0.45);
      expect(d).toBeLessThan(0.55);
    }
    expectBits(mask(1, 7, n - 7), base.slice(7), 'offset 7 chunk vs elements 7.. of offset 0');
  });

  test('backward with f32_vmul: dx = dy ⊙ mask', () => {
    const n = 23, x = rand(n, 6), dy = rand(n, 7);
    const [w] = both({ x, dy }, { y: n, mask: n, dx: n }, (k, p) => {
      k.f32_dropout_fwd(n, p.x!, p.y!, p.mask!, 0.25, 5, 0);
      k.f32_vmul(n, p.dy!, p.mask!, p.dx!);
    });
    expectClose(w.out.dx!, Array.from(dy, (v, i) => Math.fround(v * w.out.mask![i]!)), { atol: 0 }, 'dx n=23');
    expect(w.out.dx!.some((v) => v === 0)).toBe(true);
  });
});

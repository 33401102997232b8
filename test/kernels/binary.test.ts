import { describe, expect, test } from 'vitest';
import { WASM_BUILDS, expectClose, pair, rand } from '../harness.js';
import { Bin } from '../../src/backend/ts/binary.js';

// Lengths around the SIMD width (4), a prime, and one long run: the vector loop and the scalar tail.
const SIZES = [1, 3, 4, 5, 8, 13, 1027];
const OPS = Object.entries(Bin);
const STRIDES: Array<[number, number]> = [[1, 1], [1, 0], [0, 1], [0, 0]];

describe.each(WASM_BUILDS)('binary kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(SIZES)('f32_vbinary, every op and stride pair, n=%i', (n) => {
    const a = rand(n, 1), b = rand(n, 2).map((v) => v + 0.5); // b ≠ 0 for div
    for (const [name, op] of OPS) {
      for (const [sa, sb] of STRIDES) {
        const [w, t] = both({ a, b }, { y: n }, (k, p) => k.f32_vbinary(n, p.a!, sa, p.b!, sb, p.y!, op));
        // pow is Mathf.pow (f32) in wasm and Math.pow (f64, rounded) in the twin: 1 ulp apart at most.
        expectClose(w.out.y!, t.out.y!, op === Bin.pow ? { rtol: 1.2e-7 } : { atol: 0 }, `${name} sa=${sa} sb=${sb} n=${n}`);
      }
    }
  });

  test('against the formula: a − b with b broadcast, (a − b)² elementwise', () => {
    const a = new Float32Array([1, 2, 3, 4, 5]), b = new Float32Array([0.5, 1, 1, 1, 1]);
    const [, t] = both({ a, b }, { sub: 5, sq: 5 }, (k, p) => {
      k.f32_vbinary(5, p.a!, 1, p.b!, 0, p.sub!, Bin.sub);
      k.f32_vbinary(5, p.a!, 1, p.b!, 1, p.sq!, Bin.sqdiff);
    });
    expect(Array.from(t.out.sub!)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
    expect(Array.from(t.out.sq!)).toEqual([0.25, 1, 4, 9, 16]);
  });

  test('max and min propagate NaN in the vector loop and the tail, as tfjs does', () => {
    const a = new Float32Array([NaN, 1, 2, 3, NaN]), b = new Float32Array([0, NaN, 5, -1, 0]);
    for (const op of [Bin.max, Bin.min]) {
      const [w, t] = both({ a, b }, { y: 5 }, (k, p) => k.f32_vbinary(5, p.a!, 1, p.b!, 1, p.y!, op));
      for (const out of [w.out.y!, t.out.y!]) {
        expect(Number.isNaN(out[0]!) && Number.isNaN(out[1]!) && Number.isNaN(out[4]!)).toBe(true);
        expect(out[2]).toBe(op === Bin.max ? 5 : 2);
      }
    }
  });
});

// f32_vbinary_nd on the rank-2 shapes the tfjs adapter sends (a bias row down every row, a per-row
// scalar, either side; rank 2–4 mixes are in test/ops/kernels.test.ts).
describe.each(WASM_BUILDS)('f32_vbinary_nd as the tfjs adapter calls it, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each([[1, 1], [3, 5], [7, 4], [5, 13]])('every op, row and in-row strides, m=%i n=%i', (m, n) => {
    const a = rand(m * n, 5), b = rand(m * n, 6).map((v) => v + 2);
    for (const [name, op] of Object.entries(Bin)) {
      for (const [ra, sa, rb, sb] of [[n, 1, 0, 1], [0, 1, n, 1], [n, 1, 1, 0], [1, 0, n, 1], [n, 1, n, 1], [0, 0, 1, 0]]) {
        const [w, t] = both(
          { a, b, shape: Int32Array.of(m, n), as: Int32Array.of(ra!, sa!), bs: Int32Array.of(rb!, sb!) },
          { y: m * n },
          (k, p) => k.f32_vbinary_nd(2, p.shape!, p.as!, p.bs!, p.a!, p.b!, p.y!, op),
        );
        expectClose(w.out.y!, t.out.y!, op === Bin.pow ? { rtol: 1.2e-7 } : { atol: 0 }, `${name} m=${m} n=${n} ra=${ra} sa=${sa} rb=${rb} sb=${sb}`);
      }
    }
  });

  test('against the formula: a bias row added to every row, and a per-row scalar divided', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]), b = new Float32Array([10, 20, 30]), s = new Float32Array([1, 2]);
    const shape = Int32Array.of(2, 3), as = Int32Array.of(3, 1);
    for (const [w, t] of [both({ a, b, s, shape, as, bs: Int32Array.of(0, 1), ss: Int32Array.of(1, 0) }, { add: 6, div: 6 }, (k, p) => {
      k.f32_vbinary_nd(2, p.shape!, p.as!, p.bs!, p.a!, p.b!, p.add!, Bin.add);
      k.f32_vbinary_nd(2, p.shape!, p.as!, p.ss!, p.a!, p.s!, p.div!, Bin.div);
    })]) {
      for (const r of [w!, t!]) {
        expect(Array.from(r.out.add!)).toEqual([11, 22, 33, 14, 25, 36]);
        expect(Array.from(r.out.div!)).toEqual([1, 2, 3, 2, 2.5, 3]);
      }
    }
  });
});

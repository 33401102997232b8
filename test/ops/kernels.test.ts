// The op wing's kernels, wasm against their TS twins on sizes around the SIMD width (4), primes and one
// long run: f32_vunary, f32_vbinary_nd, f32_reduce_axis, f32_argreduce_axis, x32_strided_copy,
// x32_copy2d, x32_gather, f32_to_i32, i32_to_f32, f32_one_hot.
import { describe, expect, test } from 'vitest';
import { Red } from '../../src/backend/ts/axis.js';
import { Bin } from '../../src/backend/ts/binary.js';
import { Un } from '../../src/backend/ts/unary.js';
import { WASM_BUILDS, expectClose, pair, rand } from '../harness.js';

const SIZES = [1, 3, 4, 5, 8, 13, 1027];
const ints = (out: Float32Array): Int32Array => new Int32Array(out.buffer, out.byteOffset, out.length);

describe.each(WASM_BUILDS)('op-wing kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(SIZES)('f32_vunary, every op, n=%i', (n) => {
    const x = rand(n, 1, -3, 3), pos = rand(n, 2, 0.01, 5);
    for (const [name, op] of Object.entries(Un)) {
      const input = name === 'log' || name === 'sqrt' ? pos : x;
      const [w, t] = both({ x: input }, { y: n }, (k, p) => k.f32_vunary(n, p.x!, p.y!, op));
      expectClose(w.out.y!, t.out.y!, name === 'log' ? { rtol: 1.2e-7, atol: 1e-7 } : { atol: 0 }, `${name} n=${n}`);
    }
  });

  test('f32_vbinary_nd: rank 2–4 with broadcast strides, every op', () => {
    const cases: Array<[number[], number[], number[]]> = [
      [[3, 5], [5, 1], [0, 1]], // a is [3,5], b is one row [5] broadcast down
      [[4, 7], [1, 0], [7, 1]], // a is a column [4,1]
      [[2, 3, 9], [27, 9, 1], [0, 1, 0]], // b is [3,1]·(stride 1 along the middle)
      [[2, 2, 3, 5], [0, 15, 5, 1], [10, 0, 5, 1]],
    ];
    for (const [shape, as, bs] of cases) {
      const size = shape.reduce((p, d) => p * d, 1);
      const a = rand(size * 2, 3, 0.5, 2), b = rand(size * 2, 4, 0.5, 2);
      for (const [name, op] of Object.entries(Bin)) {
        const [w, t] = both(
          { a, b, shape: Int32Array.from(shape), as: Int32Array.from(as), bs: Int32Array.from(bs) },
          { y: size },
          (k, p) => k.f32_vbinary_nd(shape.length, p.shape!, p.as!, p.bs!, p.a!, p.b!, p.y!, op),
        );
        expectClose(w.out.y!, t.out.y!, op === Bin.pow ? { rtol: 1.2e-7 } : { atol: 0 }, `${name} shape ${shape} a ${as} b ${bs}`);
      }
    }
  });

  test('f32_reduce_axis: every op over [outer, r, inner] edges', () => {
    for (const outer of [1, 3]) {
      for (const r of [1, 2, 7, 8, 13]) {
        for (const inner of [1, 3, 4, 9]) {
          const x = rand(outer * r * inner, outer + r + inner, 0.5, 1.5);
          for (const [name, op] of Object.entries(Red)) {
            const [w, t] = both({ x }, { y: outer * inner }, (k, p) => k.f32_reduce_axis(outer, r, inner, p.x!, p.y!, op));
            expectClose(w.out.y!, t.out.y!, { rtol: 1e-6 }, `${name} outer=${outer} r=${r} inner=${inner}`);
          }
        }
      }
    }
  });

  test('f32_argreduce_axis: argmax/argmin with ties and NaN, inner across the SIMD lanes', () => {
    for (const [outer, r, inner] of [[1, 9, 1], [2, 5, 4], [3, 6, 7], [1, 1, 5]] as const) {
      const n = outer * r * inner;
      const x = Float32Array.from(rand(n, r, 0, 3), (v, i) => (i % 11 === 5 ? NaN : Math.floor(v)));
      for (const op of [0, 1]) {
        const [w, t] = both({ x }, { y: outer * inner }, (k, p) => k.f32_argreduce_axis(outer, r, inner, p.x!, p.y!, op));
        expect(Array.from(ints(w.out.y!)), `op ${op} ${outer}×${r}×${inner}`).toEqual(Array.from(ints(t.out.y!)));
      }
    }
  });

  test('f32_argreduce_axis on contiguous rows (inner 1, r ≥ 8: the SIMD row path): NaN anywhere, ±Infinity, ties across lanes', () => {
    const rows: number[][] = [];
    for (const r of [8, 9, 11, 16, 37]) {
      const base = Array.from(rand(r, r, -3, 3), (v) => Math.floor(v)); // many ties
      rows.push(base, base.map((v, i) => (i === 0 ? NaN : v)), base.map((v, i) => (i % 4 === 1 || i === r - 1 ? NaN : v)));
      rows.push(base.map((v, i) => (i < 4 ? NaN : v)).map((v, i) => (i === 0 ? 1 : v))); // lanes 1–3 start on NaN
      rows.push(Array(r).fill(-Infinity), Array(r).fill(Infinity), base.map((v, i) => (i % 3 ? NaN : -Infinity)));
      rows.push(base.map((v, i) => (i === 0 ? -Infinity : i < 4 ? NaN : -Infinity)));
    }
    for (const row of rows) {
      const r = row.length, x = Float32Array.from([...row, ...row.slice().reverse()]);
      for (const op of [0, 1]) {
        const [w, t] = both({ x }, { y: 2 }, (k, p) => k.f32_argreduce_axis(2, r, 1, p.x!, p.y!, op));
        // tfjs-cpu's rule, sequentially: best = x[0], then k wins when strictly better.
        const want = [row, row.slice().reverse()].map((v) => v.reduce((b, e, k) => ((op ? e < v[b]! : e > v[b]!) ? k : b), 0));
        expect(Array.from(ints(t.out.y!)), `ts op ${op} row ${row}`).toEqual(want);
        expect(Array.from(ints(w.out.y!)), `wasm op ${op} row ${row}`).toEqual(want);
      }
    }
  });

  test('x32_strided_copy, x32_copy2d and x32_gather move words bit for bit (NaN payloads, int32)', () => {
    const x = Int32Array.from({ length: 120 }, (_, i) => (i % 7 === 0 ? 0x7fa00001 + i : -i * 1000003));
    const [w1, t1] = both({ x, shape: Int32Array.from([4, 5, 6]), st: Int32Array.from([1, 24, 4]) }, { y: 120 }, (k, p) => k.x32_strided_copy(3, p.shape!, p.st!, p.x!, p.y!));
    expect(Array.from(ints(w1.out.y!))).toEqual(Array.from(ints(t1.out.y!)));
    expect(ints(w1.out.y!)[1]).toBe(x[4]); // y[0,0,1] = x[0·1 + 0·24 + 1·4]
    expect(ints(w1.out.y!)[6]).toBe(x[24]); // y[0,1,0]
    const [w2, t2] = both({ x }, { y: 60 }, (k, p) => k.x32_copy2d(6, 10, p.x! + 8, 20, p.y!, 10));
    expect(Array.from(ints(w2.out.y!))).toEqual(Array.from(ints(t2.out.y!)));
    expect(ints(w2.out.y!)[10]).toBe(x[22]);
    const [w3, t3] = both({ x, idx: Int32Array.from([3, 0, 3, 1]) }, { y: 2 * 4 * 15 }, (k, p) => k.x32_gather(2, 4, 15, p.x!, p.idx!, 4, p.y!));
    expect(w3.ret).toBe(-1);
    expect(Array.from(ints(w3.out.y!))).toEqual(Array.from(ints(t3.out.y!)));
    const [w4, t4] = both({ x, idx: Int32Array.from([1, 4, -1]) }, { y: 45 }, (k, p) => k.x32_gather(1, 4, 30, p.x!, p.idx!, 3, p.y!));
    expect([w4.ret, t4.ret]).toEqual([1, 1]);
  });

  test('f32_to_i32 beyond ±2³¹: mode 0 saturates, mode 1 wraps as Int32Array.from (Infinity, 2⁶³ and up → 0)', () => {
    const x = Float32Array.of(3e9, -3e9, Infinity, -Infinity, 2 ** 40 + 2 ** 20, 1.5, -2.5, NaN, 2 ** 63, -(2 ** 62), 2 ** 31, -(2 ** 31), 5e20);
    for (const mode of [0, 1]) {
      const [w, t] = both({ x }, { y: x.length }, (k, p) => k.f32_to_i32(x.length, p.x!, p.y!, mode));
      const want = mode ? Array.from(Int32Array.from(x)) : Array.from(x, (v) => (Number.isNaN(v) ? 0 : Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(v)))));
      expect(Array.from(ints(w.out.y!)), `wasm mode ${mode}`).toEqual(want);
      expect(Array.from(ints(t.out.y!)), `ts mode ${mode}`).toEqual(want);
    }
  });

  test.each(SIZES)('f32_to_i32, i32_to_f32 and f32_one_hot, n=%i', (n) => {
    const x = Float32Array.from(rand(n, 5, -1e10, 1e10), (v, i) => (i % 5 === 0 ? NaN : i % 3 ? v / 1e9 : v));
    for (const mode of [0, 1]) {
      const [w, t] = both({ x }, { y: n }, (k, p) => k.f32_to_i32(n, p.x!, p.y!, mode));
      expect(Array.from(ints(w.out.y!)), `mode ${mode}`).toEqual(Array.from(ints(t.out.y!)));
    }
    const i = Int32Array.from({ length: n }, (_, j) => (j * 2654435761) | 0);
    const [w2, t2] = both({ i }, { y: n }, (k, p) => k.i32_to_f32(n, p.i!, p.y!));
    expectClose(w2.out.y!, t2.out.y!, { atol: 0 }, `i32_to_f32 n=${n}`);
    const idx = Int32Array.from({ length: n }, (_, j) => (j % 7) - 1); // −1 and 5 are out of range for depth 5
    const [w3, t3] = both({ idx }, { y: n * 5 }, (k, p) => k.f32_one_hot(n, 5, p.idx!, p.y!, 2.5, -1));
    expectClose(w3.out.y!, t3.out.y!, { atol: 0 }, `one_hot n=${n}`);
  });
});

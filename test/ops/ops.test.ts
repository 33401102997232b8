// Every op on both backends against the plain-JS reference of ./reference.ts: unary, axis reductions
// (seeded random shapes and axis sets, keepDims, negative axes), arg-reductions, layout ops, creation,
// cast and matMul on heap-resident inputs; plus dtypes and typed errors.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { expectClose } from '../harness.js';
import { argRef, concatRef, gatherRef, reduceRef, rng, size, sliceRef, transposeRef, values, type Arr } from './reference.js';

const BACKENDS = ['wasm', 'ts'] as const;

function randomShape(r: ReturnType<typeof rng>, maxRank = 4): number[] {
  return Array.from({ length: r.int(1, maxRank) }, () => r.int(1, 5));
}

function check(got: nn.Tensor, want: Arr, tol: { atol?: number; rtol?: number }, where: string): void {
  expect(got.shape, where).toEqual(want.shape);
  expectClose(got.dataSync(), want.v, tol, where);
}

describe.each(BACKENDS)('ops on %s', (backend) => {
  test('unary ops match Math.* elementwise (vector loop and tail: n = 1027)', async () => {
    await nn.setBackend(backend);
    const r = rng(3), x = values(1027, r, -4, 4), pos = values(1027, r, 0.01, 9);
    const cases: Array<[string, (t: nn.Tensor) => nn.Tensor, (v: number) => number, number[], number]> = [
      ['neg', nn.neg, (v) => -v, x, 0],
      ['abs', nn.abs, Math.abs, x, 0],
      ['exp', nn.exp, Math.exp, x, 2.5e-7],
      ['log', nn.log, Math.log, pos, 2.5e-7],
      ['sqrt', nn.sqrt, Math.sqrt, pos, 1.2e-7],
      ['square', nn.square, (v) => v * v, x, 1.2e-7],
      ['relu', nn.relu, (v) => Math.max(v, 0), x, 0],
      ['sigmoid', nn.sigmoid, (v) => 1 / (1 + Math.exp(-v)), x, 5e-7],
      ['tanh', nn.tanh, Math.tanh, x, 5e-7],
    ];
    for (const [name, op, ref, input, rtol] of cases) {
      const t = nn.tensor(input, [1027]);
      check(op(t), { v: input.map(ref), shape: [1027] }, { rtol, atol: 1e-7 }, name);
      // The chained method is the same op.
      const viaMethod = (t as unknown as Record<string, () => nn.Tensor>)[name]!.call(t);
      expectClose(viaMethod.dataSync(), op(t).dataSync(), { atol: 0 }, `t.${name}()`);
    }
  });

  test('sum/mean/max/min/prod over 150 seeded shapes and axis sets (keepDims, negative axes)', async () => {
    await nn.setBackend(backend);
    const r = rng(7);
    for (let c = 0; c < 150; c++) {
      const shape = randomShape(r, 5), rank = shape.length;
      const x: Arr = { v: values(size(shape), r, 0.5, 1.5), shape };
      const t = c % 2 ? nn.tensor(x.v, shape) : nn.tensor(x.v, shape).add(0); // JS and heap-resident inputs
      const axes = [...Array(rank).keys()].filter(() => r.next() < 0.5);
      const asGiven = axes.map((a) => (r.next() < 0.5 ? a - rank : a)); // some negative
      const keepDims = r.next() < 0.5;
      const arg = axes.length === 0 && r.next() < 0.5 ? undefined : asGiven; // undefined: all axes
      const all = arg === undefined ? [...Array(rank).keys()] : axes;
      const where = `shape ${JSON.stringify(shape)} axes ${JSON.stringify(arg)} keepDims ${keepDims}`;
      const refs: Array<[string, nn.Tensor, Arr]> = [
        ['sum', nn.sum(t, arg, keepDims), reduceRef(x, all, keepDims, 0, (a, e) => a + e)],
        ['mean', nn.mean(t, arg, keepDims), reduceRef(x, all, keepDims, 0, (a, e) => a + e, (a, n) => a / n)],
        ['max', nn.max(t, arg, keepDims), reduceRef(x, all, keepDims, -Infinity, Math.max)],
        ['min', nn.min(t, arg, keepDims), reduceRef(x, all, keepDims, Infinity, Math.min)],
        ['prod', nn.prod(t, arg, keepDims), reduceRef(x, all, keepDims, 1, (a, e) => a * e)],
      ];
      for (const [name, got, want] of refs) check(got, want, { rtol: 2e-6, atol: 1e-6 }, `${name} ${where}`);
      expectClose(t.sum(arg, keepDims).dataSync(), refs[0]![1].dataSync(), { atol: 0 }, `t.sum ${where}`);
    }
  });

  test('reductions: sums of 10⁵ values, NaN through max/min, int32 sums stay int32, empty axes', async () => {
    await nn.setBackend(backend);
    const big = values(100_000, rng(9), 0, 1);
    const exact = big.reduce((a, v) => a + v, 0);
    expectClose(nn.sum(big).dataSync(), [exact], { rtol: 1e-5 }, 'sum of 1e5');
    expectClose(nn.mean(nn.tensor(big, [1000, 100]), 0).dataSync(), reduceRef({ v: big, shape: [1000, 100] }, [0], false, 0, (a, e) => a + e, (a, n) => a / n).v, { rtol: 1e-5 }, 'column means');
    const withNan = nn.tensor2d([[1, NaN, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(Array.from(nn.max(withNan, 1).dataSync())).toEqual([NaN, 9]);
    expect(Array.from(nn.min(withNan, 0).dataSync()).map(Number.isNaN)).toEqual([false, true, false, false, false, false, false, false, false]);
    const ints = nn.tensor2d([[1, 2], [3, 4]], undefined, 'int32');
    expect(nn.sum(ints, 0).dtype).toBe('int32');
    expect(Array.from(nn.sum(ints, 0).dataSync<'int32'>())).toEqual([4, 6]);
    expect(nn.mean(ints).dtype).toBe('float32');
    expect(nn.sum(nn.zeros([0, 3]), 0).arraySync()).toEqual([0, 0, 0]);
    expect(nn.prod(nn.zeros([2, 0]), 1).arraySync()).toEqual([1, 1]);
  });

  test('argMax/argMin along every axis of seeded shapes, as int32 (first of ties)', async () => {
    await nn.setBackend(backend);
    const r = rng(11);
    for (let c = 0; c < 60; c++) {
      const shape = randomShape(r, 4);
      // Few distinct values, so ties are common and the first index must win.
      const x: Arr = { v: Array.from({ length: size(shape) }, () => r.int(0, 3)), shape };
      const t = nn.tensor(x.v, shape);
      for (let axis = -shape.length; axis < shape.length; axis++) {
        const a = axis < 0 ? axis + shape.length : axis;
        const mx = nn.argMax(t, axis), mn = t.argMin(axis);
        expect(mx.dtype).toBe('int32');
        check(mx, argRef(x, a, (e, b) => e > b), { atol: 0 }, `argMax ${JSON.stringify(shape)} axis ${axis}`);
        check(mn, argRef(x, a, (e, b) => e < b), { atol: 0 }, `argMin ${JSON.stringify(shape)} axis ${axis}`);
      }
    }
    // SIMD lanes (inner ≥ 4) and the default axis 0.
    const wide = nn.tensor2d([[0, 5, 2, 9, 1], [3, 1, 7, 2, 8]]);
    expect(nn.argMax(wide).arraySync()).toEqual([1, 0, 1, 0, 1]);
    expect(wide.argMax(-1).arraySync()).toEqual([3, 4]);
  });

  test('moments equals mean and mean((x − mean)²), with |mean| ≫ std', async () => {
    await nn.setBackend(backend);
    const r = rng(5), v = values(64 * 3, r, 999, 1001), x: Arr = { v, shape: [64, 3] };
    const { mean, variance } = nn.moments(nn.tensor(v, [64, 3]), 0);
    const mu = reduceRef(x, [0], false, 0, (a, e) => a + e, (a, n) => a / n);
    const va = [0, 1, 2].map((j) => v.filter((_, i) => i % 3 === j).reduce((a, e) => a + (e - mu.v[j]!) ** 2, 0) / 64);
    check(mean, mu, { rtol: 1e-6 }, 'moments mean');
    check(variance, { v: va, shape: [3] }, { rtol: 1e-3, atol: 1e-4 }, 'moments variance');
    const kept = nn.moments(nn.tensor(v, [64, 3]), [0, 1], true);
    expect(kept.mean.shape).toEqual([1, 1]);
    expect(kept.variance.shape).toEqual([1, 1]);
  });

  test('transpose with every permutation of rank-4 shapes and the default reversal', async () => {
    await nn.setBackend(backend);
    const r = rng(13);
    const perms = (n: number): number[][] => (n === 1 ? [[0]] : perms(n - 1).flatMap((p) => [...Array(n).keys()].map((i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));
    for (const shape of [[2, 3, 4, 5], [1, 4, 1, 3], [3, 1, 2, 2]]) {
      const x: Arr = { v: values(size(shape), r), shape };
      const t = nn.tensor(x.v, shape).mul(1);
      for (const p of perms(4)) check(nn.transpose(t, p), transposeRef(x, p), { atol: 0 }, `transpose ${JSON.stringify(shape)} ${p}`);
      check(t.transpose(), transposeRef(x, [3, 2, 1, 0]), { atol: 0 }, 'default perm');
    }
    const m = values(37 * 53, r);
    check(nn.transpose(nn.tensor(m, [37, 53])), transposeRef({ v: m, shape: [37, 53] }, [1, 0]), { atol: 0 }, '37×53');
  });

  test('slice, concat, stack, split and gather against index loops (float32 and int32)', async () => {
    await nn.setBackend(backend);
    const r = rng(17);
    for (let c = 0; c < 40; c++) {
      const shape = randomShape(r, 4), rank = shape.length;
      const x: Arr = { v: values(size(shape), r), shape };
      const t = c % 2 ? nn.tensor(x.v, shape) : nn.tensor(x.v, shape).add(0);
      const begin = shape.map((d) => r.int(0, d - 1)), sz = shape.map((d, i) => r.int(0, d - begin[i]!));
      check(nn.slice(t, begin, sz), sliceRef(x, begin, sz), { atol: 0 }, `slice ${JSON.stringify(shape)} ${begin} ${sz}`);
      const axis = r.int(0, rank - 1);
      const other: Arr = { v: values(size(shape), r), shape };
      const parts = [x, other];
      check(nn.concat([t, nn.tensor(other.v, shape)], axis - (c % 2 ? rank : 0)), concatRef(parts, axis), { atol: 0 }, `concat axis ${axis}`);
      const stacked = nn.stack([t, nn.tensor(other.v, shape)], axis);
      const expanded = parts.map((p) => ({ v: p.v, shape: [...shape.slice(0, axis), 1, ...shape.slice(axis)] }));
      check(stacked, concatRef(expanded, axis), { atol: 0 }, `stack axis ${axis}`);
      const n = shape[axis]!, first = r.int(0, n);
      const pieces = nn.split(t, [first, -1], axis);
      const b0 = shape.map(() => 0), s0 = [...shape], b1 = [...b0], s1 = [...shape];
      s0[axis] = first;
      b1[axis] = first;
      s1[axis] = n - first;
      check(pieces[0]!, sliceRef(x, b0, s0), { atol: 0 }, `split[0] axis ${axis}`);
      check(pieces[1]!, sliceRef(x, b1, s1), { atol: 0 }, `split[1] axis ${axis}`);
      const idx = Array.from({ length: r.int(1, 6) }, () => r.int(0, n - 1));
      check(nn.gather(t, idx, axis), gatherRef(x, idx, axis), { atol: 0 }, `gather axis ${axis} ${idx}`);
    }
    const ints = nn.tensor2d([[1, -2], [2147483647, -2147483648]], undefined, 'int32');
    const moved = nn.concat([ints, nn.transpose(ints)], 1);
    expect(moved.dtype).toBe('int32');
    expect(moved.arraySync()).toEqual([[1, -2, 1, 2147483647], [2147483647, -2147483648, -2, -2147483648]]);
    expect(nn.gather(ints, nn.tensor1d([1], 'int32')).arraySync()).toEqual([[2147483647, -2147483648]]);
    expect(nn.split(nn.tensor1d([1, 2, 3, 4, 5, 6]), 3).map((p) => p.arraySync())).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  test('reshape, expandDims, squeeze and clone share storage; disposing one leaves the others valid', async () => {
    await nn.setBackend(backend);
    const t = nn.tensor1d([1, 2, 3, 4, 5, 6]).add(0);
    const before = nn.memory();
    const r2 = t.reshape([2, -1]), e = nn.expandDims(r2, 1), s = nn.squeeze(e), c = nn.clone(s);
    const after = nn.memory();
    expect(after.numTensors - before.numTensors).toBe(4);
    expect(after.numDataBuffers).toBe(before.numDataBuffers); // no new storage: no copy
    expect(e.shape).toEqual([2, 1, 3]);
    t.dispose();
    r2.dispose();
    expect(c.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.flatten).toBeDefined();
    expect(() => nn.reshape(c, [4, -1])).toThrow(/cannot reshape a tensor of shape \[2,3\] \(6 values\) into \[4,-1\]/);
    expect(() => nn.squeeze(c, [0])).toThrow(nn.ShapeError);
  });

  test('zeros/ones/fill/zerosLike/onesLike, oneHot and cast', async () => {
    await nn.setBackend(backend);
    expect(nn.zeros([2, 2]).arraySync()).toEqual([[0, 0], [0, 0]]);
    expect(nn.ones([3], 'int32').dataSync()).toBeInstanceOf(Int32Array);
    expect(nn.fill([2], -3.5).arraySync()).toEqual([-3.5, -3.5]);
    expect(nn.onesLike(nn.tensor1d([5, 5], 'int32')).dtype).toBe('int32');
    const oh = nn.oneHot(nn.tensor1d([0, 3, 1, -1, 4], 'int32'), 4);
    expect(oh.dtype).toBe('int32');
    expect(oh.arraySync()).toEqual([[1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    expect(nn.oneHot([[1], [0]], 2, 5, -1, 'float32').arraySync()).toEqual([[[-1, 5]], [[5, -1]]]);
    const c = nn.cast([1.9, -1.9, NaN, 0.5, 3e9, -3e9], 'int32');
    expect(Array.from(c.dataSync<'int32'>())).toEqual([1, -1, 0, 0, 2147483647, -2147483648]);
    expect(nn.cast(c, 'float32').dtype).toBe('float32');
    expect(nn.cast(nn.tensor1d([7], 'int32'), 'float32').dataSync()).toEqual(new Float32Array([7]));
  });

  test('matMul reads heap-resident operands in place and chains; transposes agree with the reference', async () => {
    await nn.setBackend(backend);
    const r = rng(19);
    const [m, k, n] = [13, 17, 11];
    const a: Arr = { v: values(m * k, r), shape: [m, k] }, b: Arr = { v: values(k * n, r), shape: [k, n] };
    const want = Array.from({ length: m * n }, (_, i) => {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.v[Math.floor(i / n) * k + p]! * b.v[p * n + (i % n)]!;
      return s;
    });
    const A = nn.tensor(a.v, a.shape).add(0), B = nn.tensor(b.v, b.shape).add(0);
    check(nn.matMul(A, B), { v: want, shape: [m, n] }, { atol: 1e-5 }, 'heap × heap');
    check(nn.matMul(A.transpose(), B, true), { v: want, shape: [m, n] }, { atol: 1e-5 }, 'Aᵀ');
    check(nn.matMul(A, B.transpose(), false, true), { v: want, shape: [m, n] }, { atol: 1e-5 }, 'Bᵀ');
    check(A.transpose().matMul(B.transpose(), true, true), { v: want, shape: [m, n] }, { atol: 1e-5 }, 'Aᵀ Bᵀ');
    const chained = nn.matMul(nn.matMul(A, B), nn.ones([n, 1]));
    expectClose(chained.dataSync(), Array.from({ length: m }, (_, i) => want.slice(i * n, i * n + n).reduce((s, v) => s + v, 0)), { atol: 1e-4 }, 'chain');
  });

  test('typed errors name the op and what was expected', async () => {
    await nn.setBackend(backend);
    const t = nn.tensor2d([[1, 2], [3, 4]]);
    expect(() => nn.sum(t, 2)).toThrow(/sum: axis 2 is out of range for a rank-2 tensor; expected an integer in \[-2, 1\]/);
    expect(() => nn.sum(t, [0, -2])).toThrow(/repeat an axis/);
    expect(() => nn.transpose(t, [0, 0])).toThrow(nn.ValueError);
    expect(() => nn.slice(t, [1, 1], [2, 1])).toThrow(/slice: begin \[1,1\] size \[2,1\] is outside shape \[2,2\]/);
    expect(() => nn.concat([t, nn.zeros([2, 3])], 0)).toThrow(/concat: tensors\[1\] has shape \[2,3\]/);
    expect(() => nn.gather(t, [0, 2])).toThrow(/gather: indices\[1\] = 2 is outside \[0, 1\]/);
    expect(() => nn.split(t, 3, 1)).toThrow(nn.ShapeError);
    expect(() => nn.oneHot([1], 0)).toThrow(/depth must be an integer ≥ 1/);
    expect(() => nn.cast(t, 'bool' as never)).toThrow(nn.ConfigError);
    expect(() => nn.add(t, 'x' as never)).toThrow(/add: argument 'b' is not a tensor/);
    expect(() => nn.argMax(nn.zeros([0, 2]), 0)).toThrow(/argMax: axis 0 of shape \[0,2\] is empty/);
    const gone = t.add(1);
    gone.dispose();
    expect(() => nn.mul(gone, 2)).toThrow(/mul: the tensor of shape \[2,2\] is disposed/);
    expect(() => gone.sum()).toThrow(/sum: the tensor/);
    expect(() => nn.concat([t, gone])).toThrow(nn.ValueError);
  });
});

// Property tests of broadcasting: seeded random shape pairs (size-1 and missing dimensions, up to rank
// 6), every binary op, on both backends, against the plain-JS reference of ./reference.ts.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { broadcastShapes } from '../../src/ops/core.js';
import { expectClose } from '../harness.js';
import { broadcastRef, rng, size, values, type Arr } from './reference.js';

const OPS: Array<[string, (a: nn.Tensor, b: nn.Tensor) => nn.Tensor, (x: number, y: number) => number]> = [
  ['add', nn.add, (x, y) => x + y],
  ['sub', nn.sub, (x, y) => x - y],
  ['mul', nn.mul, (x, y) => x * y],
  ['div', nn.div, (x, y) => x / y],
  ['pow', nn.pow, (x, y) => Math.pow(x, y)],
  ['maximum', nn.maximum, (x, y) => Math.max(x, y)],
  ['minimum', nn.minimum, (x, y) => Math.min(x, y)],
  ['squaredDifference', nn.squaredDifference, (x, y) => (x - y) ** 2],
];

/** A random broadcastable pair: an output shape, then each side drops leading dims and sets some to 1. */
function pair(r: ReturnType<typeof rng>): [number[], number[]] {
  const rank = r.int(0, 6);
  const out = Array.from({ length: rank }, () => r.int(1, rank > 4 ? 3 : 5));
  const side = (): number[] => out.slice(r.int(0, rank)).map((d) => (r.next() < 0.35 ? 1 : d));
  return [side(), side()];
}

describe.each(['wasm', 'ts'] as const)('broadcasting on %s', (backend) => {
  test('300 seeded shape pairs × 8 ops match the plain-JS reference (JS and heap-resident inputs)', async () => {
    await nn.setBackend(backend);
    const r = rng(16);
    for (let c = 0; c < 300; c++) {
      const [sa, sb] = pair(r);
      // Positive bases for pow and nonzero divisors keep every reference value finite.
      const a: Arr = { v: values(size(sa), r, 0.25, 2), shape: sa }, b: Arr = { v: values(size(sb), r, 0.5, 2), shape: sb };
      const ta = nn.tensor(a.v, sa), tb = nn.tensor(b.v, sb);
      const onHeap = c % 2 === 1; // every other case reads op results (heap blocks) in place
      const xa = onHeap ? ta.add(0) : ta, xb = onHeap ? tb.mul(1) : tb;
      for (const [name, op, ref] of OPS) {
        const want = broadcastRef(a, b, ref);
        const got = op(xa, xb);
        const where = `${name} ${JSON.stringify(sa)} ∘ ${JSON.stringify(sb)} (case ${c}, ${onHeap ? 'heap' : 'js'} inputs)`;
        expect(got.shape, where).toEqual(want.shape);
        expectClose(got.dataSync(), want.v, { rtol: 2e-6, atol: 1e-6 }, where);
        got.dispose();
      }
      nn.dispose([xa, xb, ta, tb]);
    }
  });

  test('a scalar, a tensor of rank 0 and nested arrays broadcast like tensors', async () => {
    await nn.setBackend(backend);
    const x = nn.tensor2d([[1, 2, 3], [4, 5, 6]]);
    expect(nn.sub(x, 1).arraySync()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(nn.sub(1, x).arraySync()).toEqual([[0, -1, -2], [-3, -4, -5]]);
    expect(nn.mul(x, nn.scalar(2)).arraySync()).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(nn.add(x, [[10], [20]]).arraySync()).toEqual([[11, 12, 13], [24, 25, 26]]);
    expect(nn.add([[1], [2]], [10, 20, 30]).arraySync()).toEqual([[11, 21, 31], [12, 22, 32]]);
  });

  test('int32 ∘ int32 stays int32 (div floors, as tfjs); a float side gives float32', async () => {
    await nn.setBackend(backend);
    const i = nn.tensor1d([7, -7, 3], 'int32'), j = nn.tensor1d([2, 2, 3], 'int32');
    expect(nn.add(i, j).dtype).toBe('int32');
    expect(Array.from(nn.div(i, j).dataSync<'int32'>())).toEqual([3, -4, 1]);
    expect(nn.add(i, j).dataSync()).toBeInstanceOf(Int32Array);
    const f = nn.add(i, 0.5);
    expect(f.dtype).toBe('float32');
    expect(Array.from(f.dataSync())).toEqual([7.5, -6.5, 3.5]);
  });

  test('shapes that cannot broadcast are a ShapeError naming both shapes', async () => {
    await nn.setBackend(backend);
    expect(() => nn.add(nn.zeros([2, 3]), nn.zeros([4]))).toThrow(nn.ShapeError);
    expect(() => nn.mul(nn.zeros([2, 3]), nn.zeros([3, 3]))).toThrow(/mul: shapes \[2,3\] and \[3,3\] cannot be broadcast: dimension -2 is 2 vs 3/);
  });
});

test('broadcastShapes follows tfjs rules (align right, 1 stretches)', () => {
  expect(broadcastShapes([5, 1, 3], [4, 1], 'op')).toEqual([5, 4, 3]);
  expect(broadcastShapes([], [2, 2], 'op')).toEqual([2, 2]);
  expect(broadcastShapes([0, 1], [1, 3], 'op')).toEqual([0, 3]);
  expect(() => broadcastShapes([2], [3], 'op')).toThrow(/\[2\] and \[3\]/);
});

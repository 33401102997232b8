// The native kernels of the 'simdnn' tfjs backend agree with tfjs-backend-cpu on the cases they run
// natively and on the ones they hand back to it (other dtypes, broadcasts, activations).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { describe, expect, test } from 'vitest';

import '../../src/adapters/tfjs/index.js';
import { kernelTable } from '../../src/adapters/tfjs/index.js';
import { delegationCounts } from '../../src/adapters/tfjs/delegate.js';
import { ValueError } from '../../src/errors.js';

/** Runs `f` on 'cpu' and on 'simdnn' and returns both results as arrays. */
async function both(f: () => tf.Tensor): Promise<[number[], number[], string, string]> {
  await tf.setBackend('cpu');
  const c = f();
  const cv = Array.from(await c.data() as Float32Array), cd = c.dtype;
  c.dispose();
  await tf.setBackend('simdnn');
  const s = f();
  const sv = Array.from(await s.data() as Float32Array), sd = s.dtype;
  s.dispose();
  return [cv, sv, cd, sd];
}

/** Like both(), and asserts none of `kernels` ran on the cpu delegate during the 'simdnn' run. */
async function bothNative(kernels: string[], f: () => tf.Tensor): Promise<[number[], number[], string, string]> {
  const before = kernels.map((k) => delegationCounts().get(k) ?? 0);
  const out = await both(f);
  const after = kernels.map((k) => delegationCounts().get(k) ?? 0);
  expect(Object.fromEntries(kernels.map((k, i) => [k, after[i]! - before[i]!])), 'calls delegated to cpu').toEqual(Object.fromEntries(kernels.map((k) => [k, 0])));
  return out;
}

function rnd(shape: number[], seed: number): tf.Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1), shape);
}

function expectClose(got: number[], want: number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `${what}[${i}]: expected ${want[i]}, got ${got[i]}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[i]!)));
  }
}

describe("'simdnn' native kernels", () => {
  test('the one list: native and delegated kernels are disjoint and cover every cpu kernel', () => {
    const { native, delegated } = kernelTable();
    for (const k of ['BatchMatMul', '_FusedMatMul', 'Add', 'Multiply', 'Relu', 'Sum', 'Softmax', 'Reshape']) expect(native).toContain(k);
    expect(native.filter((k) => delegated.includes(k))).toEqual([]);
    const cpu = tf.getKernelsForBackend('cpu').map((k) => k.kernelName);
    expect([...native, ...delegated].sort()).toEqual([...new Set([...cpu, ...native])].sort());
  });

  test.each([[false, false], [false, true], [true, false], [true, true]])('batched matMul, transposeA=%s transposeB=%s, broadcast batch', async (ta, tb) => {
    const [c, s] = await both(() => tf.tidy(() => {
      const a = rnd(ta ? [3, 7, 5] : [3, 5, 7], 1), b = rnd(tb ? [1, 9, 7] : [1, 7, 9], 2);
      return tf.matMul(a, b, ta, tb);
    }));
    expectClose(s, c, `matMul ta=${ta} tb=${tb}`);
  });

  test('fused matMul with bias and relu / relu6 / sigmoid, and prelu (delegated)', async () => {
    for (const activation of ['relu', 'relu6', 'sigmoid', 'leakyrelu', 'prelu', 'elu'] as const) {
      const [c, s] = await both(() => tf.tidy(() => tf.fused.matMul({
        a: tf.mul(rnd([6, 5], 3), 4), b: rnd([5, 4], 4), bias: rnd([4], 5), activation,
        preluActivationWeights: activation === 'prelu' ? rnd([4], 6) : undefined,
      })));
      expectClose(s, c, `fused ${activation}`);
    }
  });

  test('binary ops broadcast like tfjs, and int32 falls back to cpu with int32 results', async () => {
    const shapes: Array<[number[], number[]]> = [[[2, 3, 4], [4]], [[2, 3, 4], [2, 1, 4]], [[3, 1], [1, 5]], [[], [2, 2]], [[2, 3, 4], [3, 1]]];
    for (const [sa, sb] of shapes) {
      for (const op of [tf.add, tf.sub, tf.mul, tf.div, tf.maximum, tf.minimum, tf.squaredDifference]) {
        const [c, s] = await both(() => tf.tidy(() => op(rnd(sa, 7), tf.add(rnd(sb, 8), 2))));
        expectClose(s, c, `${op.name} ${sa} ${sb}`);
      }
    }
    const [c, s, cd, sd] = await both(() => tf.add(tf.tensor([1, 2, 3], [3], 'int32'), tf.tensor([10], [1], 'int32')));
    expect([s, sd]).toEqual([c, cd]);
    expect(s).toEqual([11, 12, 13]);
  });

  test('Sum, Mean and Prod over every axis set of rank 3 and 4 (adjacent or not), keepDims, natively; NaN propagates', async () => {
    const sets = (r: number): number[][] => Array.from({ length: (1 << r) - 1 }, (_, m) => [...Array(r).keys()].filter((d) => ((m + 1) >> d) & 1));
    for (const shape of [[4, 5, 6], [3, 1, 5, 7]]) {
      for (const axes of sets(shape.length)) {
        for (const keepDims of [false, true]) {
          for (const [name, op] of [['Sum', tf.sum], ['Mean', tf.mean], ['Prod', tf.prod]] as const) {
            const [c, s, cd, sd] = await bothNative([name], () => tf.tidy(() => op(tf.add(rnd(shape, 9), name === 'Prod' ? 1.2 : 0), axes, keepDims)));
            expect(sd, `${name} dtype`).toBe(cd);
            expectClose(s, c, `${name} ${shape} axes ${axes} keepDims ${keepDims}`);
          }
        }
      }
    }
    for (const [name, op] of [['Sum', tf.sum], ['Mean', tf.mean], ['Prod', tf.prod]] as const) {
      const [c, s] = await bothNative([name], () => tf.tidy(() => op(tf.tensor([[1, NaN, 3], [4, 5, 6], [7, 8, Infinity]]), 0)));
      expect(s, `${name} with NaN and Infinity`).toEqual(c);
    }
    // A negative axis, and a shape of 9 non-merging dimensions (more than the kernel's 8) for a transposing set.
    const [c9, s9] = await both(() => tf.tidy(() => tf.sum(rnd([2, 2, 2, 2, 2, 2, 2, 2, 2], 12), [0, 2, 4, 6, 8])));
    expectClose(s9, c9, 'sum of rank 9 over alternate axes');
    const [cn, sn] = await bothNative(['Sum'], () => tf.tidy(() => tf.sum(rnd([4, 5, 6], 13), -2)));
    expectClose(sn, cn, 'sum axis -2');
    const [c, s] = await both(() => tf.tidy(() => tf.softmax(tf.mul(rnd([3, 10], 10), 5))));
    expectClose(s, c, 'softmax');
    for (const op of [tf.relu, tf.sigmoid, tf.tanh, tf.exp, tf.relu6, tf.step]) {
      const [cu, su] = await both(() => tf.tidy(() => op(tf.mul(rnd([37], 11), 3))));
      expectClose(su, cu, op.name);
    }
  });

  test('unary math (Sqrt, Rsqrt, Square, Neg, Abs, Log, Reciprocal, ClipByValue) natively, odd length', async () => {
    const ops: Array<[string, (x: tf.Tensor) => tf.Tensor, boolean]> = [
      ['Sqrt', tf.sqrt, true], ['Rsqrt', tf.rsqrt, true], ['Log', tf.log, true], ['Square', tf.square, false],
      ['Neg', tf.neg, false], ['Abs', tf.abs, false], ['Reciprocal', tf.reciprocal, false],
      ['ClipByValue', (x) => tf.clipByValue(x, -0.5, 0.25), false],
    ];
    for (const [name, op, positive] of ops) {
      const [c, s] = await bothNative([name], () => tf.tidy(() => op(positive ? tf.add(tf.abs(rnd([3, 13], 12)), 0.01) : rnd([3, 13], 12))));
      expectClose(s, c, name);
    }
    // NaN, 0 and negatives follow tfjs-cpu (NaN, ±Infinity), also through clipByValue.
    const [c, s] = await both(() => tf.tidy(() => tf.stack([
      tf.sqrt(tf.tensor([-1, 0, NaN])), tf.log(tf.tensor([0, -1, NaN])), tf.reciprocal(tf.tensor([0, -0, NaN])),
      tf.clipByValue(tf.tensor([NaN, -5, 5]), -1, 1),
    ])));
    expect(s).toEqual(c);
  });

  test('Cast between float32, int32 and bool, Fill, ZerosLike and OnesLike natively, with cpu dtypes and values', async () => {
    // 13 values (three SIMD groups and a tail); beyond ±2³¹ int32 wraps as Int32Array.from on both sides.
    const values = [1.7, -1.7, 0, -0, NaN, 3e9, -2.5, 0.4, Infinity, -3e9, 5e20, 2 ** 40 + 2 ** 20, -16777216];
    for (const [from, to] of [['float32', 'int32'], ['float32', 'bool'], ['int32', 'float32'], ['int32', 'bool'], ['bool', 'float32'], ['bool', 'int32'], ['float32', 'float32']] as const) {
      const [c, s, cd, sd] = await bothNative(['Cast'], () => tf.tidy(() => tf.cast(tf.tensor(values, [13], from), to)));
      expect([s, sd], `cast ${from} → ${to}`).toEqual([c, cd]);
    }
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      for (const f of [() => tf.fill([3, 5], dtype === 'bool' ? 1 : 2.5, dtype), () => tf.zerosLike(tf.ones([7], dtype)), () => tf.onesLike(tf.zeros([2, 3], dtype))]) {
        const [c, s, cd, sd] = await bothNative(['Fill', 'ZerosLike', 'OnesLike'], () => tf.tidy(f));
        expect([s, sd], `${dtype} ${f}`).toEqual([c, cd]);
      }
    }
  });

  test('GatherV2 along axis 0 and 1 of float32 and int32, and an out-of-range index gets tfjs-cpu\'s error', async () => {
    for (const [shape, axis] of [[[6, 5], 0], [[4, 7, 3], 1], [[3, 5], 1], [[5, 3, 2], -1]] as const) {
      const idx = [3, 0, 2, 2, 1];
      const [c, s] = await bothNative(['GatherV2'], () => tf.tidy(() => tf.gather(rnd([...shape], 13), tf.tensor(idx.map((i) => i % shape.at(axis)!), [5], 'int32'), axis)));
      expectClose(s, c, `gather ${shape} axis ${axis}`);
    }
    const [c, s, cd, sd] = await bothNative(['GatherV2'], () => tf.gather(tf.tensor([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), tf.tensor([[2, 0], [1, 1]], [2, 2], 'int32')));
    expect([s, sd]).toEqual([c, cd]);
    await tf.setBackend('simdnn');
    expect(() => tf.gather(tf.ones([3, 2]), tf.tensor([3], [1], 'int32'))).toThrow('GatherV2: the index value 3 is not in [0, 2]');
  });

  test('Slice of float32, int32 and bool: rows, inner windows, whole tensors and empty slices', async () => {
    const cases: Array<[number[], number[], number[]]> = [
      [[10, 7], [3, 0], [4, 7]], [[10, 7], [2, 1], [5, 3]], [[4, 5, 6], [1, 2, 3], [2, 3, 3]], [[4, 5, 6], [0, 0, 0], [4, 5, 6]],
      [[4, 5, 6], [1, 0, 0], [2, 5, 6]], [[4, 5, 6], [0, 4, 0], [4, 1, 6]], [[9], [4], [3]], [[3, 4], [1, 1], [0, 2]], [[2, 3, 4, 5], [1, 1, 1, 1], [1, 2, 2, 3]],
    ];
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      for (const [shape, begin, size] of cases) {
        const [c, s, cd, sd] = await bothNative(['Slice'], () => tf.tidy(() => tf.slice(tf.cast(tf.mul(rnd(shape, 30), 5), dtype), begin, size)));
        expect([s, sd], `${dtype} slice ${shape} from ${begin} size ${size}`).toEqual([c, cd]);
      }
    }
  });

  test('comparisons into bool, logical and/or, and select natively; NaN compares false as on cpu', async () => {
    const a = () => tf.tensor([1, NaN, -2, 3, 0.5, 7, -0, 2], [2, 4]), b = () => tf.tensor([1, 1, NaN, 4, 0.5, -7, 0, 9], [2, 4]);
    for (const op of [tf.greater, tf.greaterEqual, tf.less, tf.lessEqual, tf.equal, tf.notEqual]) {
      for (const [x, y] of [[a, b], [a, () => tf.scalar(1)], [() => tf.scalar(0.5), b]] as const) {
        const [c, s, cd, sd] = await bothNative([op.name.replace(/_$/, '')], () => tf.tidy(() => op(x(), y())));
        expect([s, sd], op.name).toEqual([c, cd]);
      }
    }
    for (const op of [tf.logicalAnd, tf.logicalOr]) {
      const [c, s, cd, sd] = await bothNative(['LogicalAnd', 'LogicalOr'], () => tf.tidy(() => op(tf.greater(a(), 0), tf.less(b(), 2))));
      expect([s, sd]).toEqual([c, cd]);
    }
    const [c, s] = await bothNative(['Select'], () => tf.tidy(() => tf.where(tf.greater(a(), 0), a(), b())));
    expect(s).toEqual(c);
    // A rank-1 condition selecting rows is tfjs-cpu's special case: delegated, same result.
    const [cr, sr] = await both(() => tf.tidy(() => tf.engine().runKernel('Select', { condition: tf.tensor([1, 0], [2], 'bool'), t: a(), e: b() }) as tf.Tensor));
    expect(sr).toEqual(cr);
  });

  test('ArgMax and ArgMin along every axis natively (ties: first); NaN never wins, a leading NaN keeps 0, as on cpu', async () => {
    for (const [name, op] of [['ArgMax', tf.argMax], ['ArgMin', tf.argMin]] as const) {
      for (const shape of [[6, 10], [3, 4, 7], [5], [2, 3], [3, 9, 5]]) {
        for (let axis = -1; axis < shape.length; axis++) {
          const [c, s, cd, sd] = await bothNative([name], () => tf.tidy(() => op(tf.round(tf.mul(rnd(shape, 31), 3)), axis)));
          expect([s, sd], `${name} ${shape} axis ${axis}`).toEqual([c, cd]);
        }
      }
      const vals = [NaN, 1, 2, 5, NaN, 3, 1, Infinity, 2, 5, -Infinity, 3, 2, NaN, NaN, -1, 7, 0];
      for (const [shape, axis] of [[[3, 6], -1], [[3, 6], 0], [[3, 2, 3], 1], [[18], 0]] as const) {
        const [c, s] = await bothNative([name], () => tf.tidy(() => op(tf.tensor(vals, shape as unknown as number[]), axis)));
        expect(s, `${name} with NaN, shape ${shape} axis ${axis}`).toEqual(c);
      }
    }
  });

  test('GatherV2 and Slice whose output grows the wasm memory still copy every row (no stale heap view)', async () => {
    await tf.setBackend('simdnn');
    const { heap } = (tf.backend() as unknown as { storage: { heap: { memory: { buffer: ArrayBuffer } } } }).storage;
    const cols = 65536, rows = Math.ceil((heap.memory.buffer.byteLength + (1 << 20)) / (cols * 4)); // more than the whole memory
    const x = tf.tidy(() => tf.add(tf.mul(tf.reshape(tf.range(0, 2), [2, 1]), 10), tf.zeros([2, cols])));
    const idx = tf.tensor(Array.from({ length: rows }, (_, i) => i % 2), [rows], 'int32');
    const before = heap.memory.buffer.byteLength;
    const g = tf.gather(x, idx);
    expect(heap.memory.buffer.byteLength).toBeGreaterThan(before);
    const v = (await g.data()) as Float32Array;
    for (const r of [0, 1, rows - 2, rows - 1]) for (const c of [0, cols - 1]) expect(v[r * cols + c], `row ${r} col ${c}`).toBe((r % 2) * 10);
    const before2 = heap.memory.buffer.byteLength;
    const s = tf.slice(g, [1, 0], [rows - 1, cols]); // as big as the memory was before the gather: grows it again
    expect(heap.memory.buffer.byteLength).toBeGreaterThan(before2);
    const sv = (await s.data()) as Float32Array;
    for (const r of [0, 1, rows - 2]) for (const c of [0, cols - 1]) expect(sv[r * cols + c], `slice row ${r} col ${c}`).toBe(((r + 1) % 2) * 10);
    tf.dispose([x, idx, g, s]);
  });

  test('Max and Min over leading, trailing and middle axis blocks of float32 and int32 natively; NaN wins as on cpu', async () => {
    for (const op of [tf.max, tf.min]) {
      const name = op === tf.max ? 'Max' : 'Min';
      for (const [axis, keepDims] of [[0, false], [-1, true], [[1, 2], false], [1, false], [undefined, false], [[0, 1], true]] as const) {
        for (const dtype of ['float32', 'int32'] as const) {
          const [c, s, cd, sd] = await bothNative([name], () => tf.tidy(() => op(tf.cast(tf.mul(rnd([4, 5, 6], 32), 9), dtype), axis as number | number[] | undefined, keepDims)));
          expect([s, sd], `${name} axis ${axis} ${dtype}`).toEqual([c, cd]);
        }
      }
      const [c, s] = await bothNative([name], () => tf.tidy(() => op(tf.tensor([[1, NaN, 3], [4, 5, 6], [NaN, -1, 2]]), -1)));
      expect(s, `${name} with NaN`).toEqual(c);
      // Axes 0 and 2 of a rank-3 tensor are not one block: transposed first, still native.
      for (const dtype of ['float32', 'int32'] as const) {
        const [cd2, sd2, cdt, sdt] = await bothNative([name], () => tf.tidy(() => op(tf.cast(tf.mul(rnd([3, 4, 5], 33), 9), dtype), [0, 2], true)));
        expect([sd2, sdt], `${name} axes [0, 2] ${dtype}`).toEqual([cd2, cdt]);
      }
      const [cn, sn] = await bothNative([name], () => tf.tidy(() => op(tf.tensor([[NaN, 1], [2, 3], [4, NaN]]), 0)));
      expect(sn, `${name} with NaN down a column`).toEqual(cn);
    }
  });

  test('Transpose by every permutation of rank 2–4 (float32, int32, bool) natively', async () => {
    const perms = (r: number): number[][] => (r === 1 ? [[0]] : perms(r - 1).flatMap((p) => Array.from({ length: r }, (_, i) => [...p.slice(0, i), r - 1, ...p.slice(i)])));
    for (const shape of [[3, 5], [2, 3, 4], [2, 1, 3, 5]]) {
      for (const perm of perms(shape.length)) {
        for (const dtype of ['float32', 'int32', 'bool'] as const) {
          const [c, s, cd, sd] = await bothNative(['Transpose'], () => tf.tidy(() => tf.transpose(tf.cast(tf.mul(rnd(shape, 34), 4), dtype), perm)));
          expect([s, sd], `transpose ${shape} by ${perm} (${dtype})`).toEqual([c, cd]);
        }
      }
    }
  });

  test('Mean over all axes (axis undefined) natively; int32 Sum and Mean still run on cpu with its dtypes', async () => {
    const [c, s] = await bothNative(['Mean'], () => tf.tidy(() => tf.mean(rnd([4, 5, 6], 14), undefined, true)));
    expectClose(s, c, 'mean of all');
    for (const op of [tf.sum, tf.mean]) {
      const [ci, si, cd, sd] = await both(() => tf.tidy(() => op(tf.tensor([[1, 2, 3], [4, 5, 7]], [2, 3], 'int32'), 1)));
      expect([si, sd], `${op.name} of int32`).toEqual([ci, cd]);
    }
  });

  // Conv geometries: odd sizes, channel counts 1, 3, 4k±1, strides, 'same'/'valid', explicit pads,
  // dilations and a 1×1 pointwise case.
  const CONVS: Array<{ x: number[]; f: number[]; strides: number | [number, number]; pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]]; dilations?: number | [number, number] }> = [
    { x: [2, 9, 7, 1], f: [5, 5, 1, 8], strides: 1, pad: 'valid' },
    { x: [3, 8, 8, 3], f: [3, 3, 3, 5], strides: 2, pad: 'same' },
    { x: [1, 11, 6, 7], f: [3, 2, 7, 9], strides: [2, 1], pad: 'valid' },
    { x: [2, 7, 9, 4], f: [3, 3, 4, 3], strides: 1, pad: 'same', dilations: 2 },
    { x: [1, 6, 5, 5], f: [2, 3, 5, 4], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
    { x: [2, 4, 5, 6], f: [1, 1, 6, 3], strides: 1, pad: 'valid' },
  ];

  test.each(CONVS.map((c, i) => [i, c] as const))('conv2d #%i forward, fused bias + relu / relu6 / sigmoid, and both gradients natively', async (_, g) => {
    const names = ['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'];
    const conv = (x: tf.Tensor4D, f: tf.Tensor4D) => tf.conv2d(x, f, g.strides, g.pad, 'NHWC', g.dilations ?? 1);
    const [c, s] = await bothNative(names, () => tf.tidy(() => conv(rnd(g.x, 15) as tf.Tensor4D, rnd(g.f, 16) as tf.Tensor4D)));
    expectClose(s, c, 'conv2d');
    for (const activation of ['relu', 'relu6', 'sigmoid', 'linear'] as const) {
      const [cf, sf] = await bothNative(names, () => tf.tidy(() => tf.fused.conv2d({
        x: tf.mul(rnd(g.x, 17), 3) as tf.Tensor4D, filter: rnd(g.f, 18) as tf.Tensor4D, strides: g.strides, pad: g.pad,
        dilations: g.dilations ?? 1, bias: rnd([g.f[3]!], 19), activation,
      })));
      expectClose(sf, cf, `fused conv2d ${activation}`);
    }
    if ((g.dilations ?? 1) !== 1) return; // tfjs-core's conv2d gradient rejects dilation rates > 1 on every backend
    for (const wrt of [0, 1]) {
      const [cg, sg] = await bothNative(names, () => tf.tidy(() => {
        const x = rnd(g.x, 20) as tf.Tensor4D, f = rnd(g.f, 21) as tf.Tensor4D;
        const probe = tf.tidy(() => rnd(conv(x, f).shape, 22));
        const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), probe));
        return tf.grads(loss)([x, f])[wrt]!;
      }));
      expectClose(sg, cg, `conv2d gradient wrt ${wrt ? 'filter' : 'input'}`);
    }
  });

  test('conv2d in NCHW, a scalar bias and prelu are delegated and still agree', async () => {
    const [c, s] = await both(() => tf.tidy(() => tf.fused.conv2d({
      x: rnd([1, 5, 5, 3], 23) as tf.Tensor4D, filter: rnd([3, 3, 3, 2], 24) as tf.Tensor4D, strides: 1, pad: 'same',
      bias: tf.scalar(0.3), activation: 'prelu', preluActivationWeights: tf.scalar(0.1),
    })));
    expectClose(s, c, 'fused conv2d scalar bias + prelu');
    await tf.setBackend('cpu');
    // NOTE: tfjs-cpu's conv2d accepts NCHW; its fused conv2d does not (so only plain conv2d here).
    const cn = await tf.tidy(() => tf.conv2d(rnd([1, 3, 6, 5], 25) as tf.Tensor4D, rnd([2, 2, 3, 4], 26) as tf.Tensor4D, 1, 'valid', 'NCHW')).data();
    await tf.setBackend('simdnn');
    const before = delegationCounts().get('Conv2D') ?? 0;
    const sn = await tf.tidy(() => tf.conv2d(rnd([1, 3, 6, 5], 25) as tf.Tensor4D, rnd([2, 2, 3, 4], 26) as tf.Tensor4D, 1, 'valid', 'NCHW')).data();
    expect(delegationCounts().get('Conv2D')).toBe(before + 1);
    expectClose(Array.from(sn), Array.from(cn), 'conv2d NCHW');
  });

  const POOLS: Array<{ x: number[]; size: number | [number, number]; strides: number | [number, number]; pad: 'same' | 'valid' }> = [
    { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid' },
    { x: [1, 7, 9, 5], size: 3, strides: 2, pad: 'same' },
    { x: [3, 5, 6, 1], size: [2, 3], strides: [1, 2], pad: 'valid' },
    { x: [1, 9, 7, 8], size: 3, strides: 1, pad: 'same' },
  ];

  test.each(POOLS.map((p, i) => [i, p] as const))('maxPool / avgPool #%i forward and gradient', async (_, p) => {
    for (const kind of ['max', 'avg'] as const) {
      const pool = (x: tf.Tensor4D) => (kind === 'max' ? tf.maxPool : tf.avgPool)(x, p.size, p.strides, p.pad);
      // AvgPoolGrad delegates for windows cut by padding ('same' here), see kernels/pool.ts.
      const names = kind === 'max' ? ['MaxPool', 'MaxPoolGrad'] : p.pad === 'valid' ? ['AvgPool', 'AvgPoolGrad'] : ['AvgPool'];
      const [c, s] = await bothNative(names, () => tf.tidy(() => pool(rnd(p.x, 27) as tf.Tensor4D)));
      expectClose(s, c, `${kind}Pool`);
      const [cg, sg] = await bothNative(names, () => tf.tidy(() => {
        const x = rnd(p.x, 28) as tf.Tensor4D;
        const probe = tf.tidy(() => rnd(pool(x).shape, 29));
        return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor4D), probe)))(x);
      }));
      expectClose(sg, cg, `${kind}Pool gradient`);
    }
  });

  test('maxPool ties, NaN and −Infinity route the gradient as tfjs-cpu does', async () => {
    const [c, s] = await bothNative(['MaxPool', 'MaxPoolGrad'], () => tf.tidy(() => {
      const x = tf.tensor4d([1, 1, 1, 0, NaN, 2, -Infinity, -Infinity, 3, 3, 5, 5, 0, 0, 0, 0], [1, 4, 4, 1]);
      return tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(x);
    }));
    expect(s).toEqual(c);
  });

  test('a complex64 or string input to a native kernel is a ValueError naming the kernel and the dtype', async () => {
    await tf.setBackend('simdnn');
    const complex = tf.complex([1, 2], [3, 4]), text = tf.tensor(['a', 'b']);
    for (const [kernel, inputs, dtype] of [['Sqrt', { x: complex }, 'complex64'], ['Sqrt', { x: text }, 'string'], ['BatchMatMul', { a: complex, b: complex }, 'complex64'], ['MaxPool', { x: complex }, 'complex64'], ['Add', { a: text, b: text }, 'string']] as const) {
      let err: unknown;
      try {
        tf.engine().runKernel(kernel, inputs as unknown as tf.NamedTensorMap, { filterSize: 1, strides: 1, pad: 'valid' });
      } catch (e) {
        err = e;
      }
      expect(err, kernel).toBeInstanceOf(ValueError);
      expect((err as Error).message).toContain(`${kernel} on 'simdnn'`);
      expect((err as Error).message).toContain(`is ${dtype}`);
    }
    // Kernels that only move data take strings (reshape); where tfjs-cpu supports complex64, the delegate computes it.
    const moved = tf.reshape(text, [2, 1]);
    expect(await moved.data()).toEqual(['a', 'b']);
    moved.dispose();
    const sum = tf.add(complex, complex);
    expect(sum.dtype).toBe('complex64');
    expect(Array.from(await tf.real(sum).data())).toEqual([2, 4]);
    tf.dispose([complex, text, sum]);
  });
});

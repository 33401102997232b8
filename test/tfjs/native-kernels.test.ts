// The native kernels of the 'simdnn' tfjs backend agree with tfjs-backend-cpu on the cases they run
// natively and on the ones they hand back to it (other dtypes, broadcasts, activations).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';

import '../../src/adapters/tfjs/index.js';
import { kernelTable } from '../../src/adapters/tfjs/index.js';

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

  test('sum over leading and trailing axes (and a middle axis, delegated), softmax, unary', async () => {
    for (const axis of [0, -1, [1, 2], [0, 1], 1]) {
      const [c, s] = await both(() => tf.tidy(() => tf.sum(rnd([4, 5, 6], 9), axis)));
      expectClose(s, c, `sum axis ${axis}`);
    }
    const [c, s] = await both(() => tf.tidy(() => tf.softmax(tf.mul(rnd([3, 10], 10), 5))));
    expectClose(s, c, 'softmax');
    for (const op of [tf.relu, tf.sigmoid, tf.tanh, tf.exp, tf.relu6, tf.step]) {
      const [cu, su] = await both(() => tf.tidy(() => op(tf.mul(rnd([37], 11), 3))));
      expectClose(su, cu, op.name);
    }
  });
});

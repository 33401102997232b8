// Parity with @tensorflow/tfjs-core on its cpu backend: the same op calls (argument order, defaults,
// negative axes, keepDims, dtypes) give the same shapes, dtypes and values on both simdnn backends.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { expectClose } from '../harness.js';
import { rng, values } from './reference.js';

type Any = (...args: never[]) => unknown;
interface Case {
  name: string;
  /** Builds the call from a namespace (nn or tf) and its tensor factory, so both sides read alike. */
  run: (ns: Record<string, Any>, t: (v: number[] | number[][] | number[][][], dtype?: 'int32') => unknown) => unknown;
}

const r = rng(23);
const X = [0, 1].map(() => Array.from({ length: 3 }, () => values(4, r, -2, 2))); // two [3, 4] matrices
const P = Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => values(4, r, 0.5, 2))); // [2, 3, 4] positive
const call = (ns: Record<string, Any>, name: string, ...args: unknown[]) => (ns[name] as unknown as (...a: unknown[]) => unknown)(...args);

const CASES: Case[] = [
  { name: 'add broadcast row', run: (ns, t) => call(ns, 'add', t(X[0]!), t([1, 2, 3, 4])) },
  { name: 'sub scalar first', run: (ns, t) => call(ns, 'sub', 2, t(X[0]!)) },
  { name: 'mul column', run: (ns, t) => call(ns, 'mul', t(X[0]!), t([[1], [2], [3]])) },
  { name: 'div', run: (ns, t) => call(ns, 'div', t(X[0]!), t(X[1]!.map((row) => row.map((v) => v + 3)))) },
  { name: 'div int32 floors', run: (ns, t) => call(ns, 'div', t([7, -7, 9], 'int32'), t([2, 2, 4], 'int32')) },
  { name: 'pow', run: (ns, t) => call(ns, 'pow', t(P as unknown as number[][][]), t([2, 0.5, 1, 3])) },
  { name: 'maximum / minimum', run: (ns, t) => [call(ns, 'maximum', t(X[0]!), 0), call(ns, 'minimum', t(X[0]!), t(X[1]!))] },
  { name: 'squaredDifference', run: (ns, t) => call(ns, 'squaredDifference', t(X[0]!), t(X[1]!)) },
  { name: 'unary', run: (ns, t) => ['neg', 'abs', 'exp', 'square', 'relu', 'sigmoid', 'tanh'].map((u) => call(ns, u, t(X[0]!))) },
  { name: 'log / sqrt', run: (ns, t) => [call(ns, 'log', t(P as unknown as number[][][])), call(ns, 'sqrt', t(P as unknown as number[][][]))] },
  { name: 'sum all / axis / keepDims / axes', run: (ns, t) => [call(ns, 'sum', t(P as unknown as number[][][])), call(ns, 'sum', t(P as unknown as number[][][]), -1), call(ns, 'sum', t(P as unknown as number[][][]), 1, true), call(ns, 'sum', t(P as unknown as number[][][]), [0, 2])] },
  { name: 'mean / max / min / prod', run: (ns, t) => [call(ns, 'mean', t(X[0]!), 0), call(ns, 'max', t(X[0]!), 1, true), call(ns, 'min', t(X[0]!)), call(ns, 'prod', t(P as unknown as number[][][]), [0, 1])] },
  { name: 'int32 sum keeps int32', run: (ns, t) => call(ns, 'sum', t([[1, 2], [3, 4]], 'int32'), 0) },
  { name: 'argMax default axis / argMin -1', run: (ns, t) => [call(ns, 'argMax', t(X[0]!)), call(ns, 'argMin', t(X[0]!), -1)] },
  { name: 'moments', run: (ns, t) => { const m = call(ns, 'moments', t(P as unknown as number[][][]), [0, 1]) as { mean: unknown; variance: unknown }; return [m.mean, m.variance]; } },
  { name: 'moments keepDims', run: (ns, t) => { const m = call(ns, 'moments', t(X[0]!), -1, true) as { mean: unknown; variance: unknown }; return [m.mean, m.variance]; } },
  { name: 'reshape -1 / transpose perm / default', run: (ns, t) => [call(ns, 'reshape', t(X[0]!), [2, -1]), call(ns, 'transpose', t(P as unknown as number[][][]), [2, 0, 1]), call(ns, 'transpose', t(X[0]!))] },
  { name: 'concat axis -1 / stack axis 1', run: (ns, t) => [call(ns, 'concat', [t(X[0]!), t(X[1]!)], -1), call(ns, 'stack', [t(X[0]!), t(X[1]!)], 1)] },
  { name: 'slice number begin / sizes with -1', run: (ns, t) => [call(ns, 'slice', t(X[0]!), 1), call(ns, 'slice', t(P as unknown as number[][][]), [1, 0, 1], [-1, 2, -1])] },
  { name: 'split equal / sizes', run: (ns, t) => [...(call(ns, 'split', t(X[0]!), 2, 1) as unknown[]), ...(call(ns, 'split', t(X[0]!), [1, -1], 0) as unknown[])] },
  { name: 'gather axis 0 / 1', run: (ns, t) => [call(ns, 'gather', t(X[0]!), t([2, 0, 2], 'int32')), call(ns, 'gather', t(X[0]!), t([3, 1], 'int32'), 1)] },
  { name: 'oneHot default int32 / on-off', run: (ns, t) => [call(ns, 'oneHot', t([0, 2, 1], 'int32'), 3), call(ns, 'oneHot', t([1, 0], 'int32'), 2, 5, -1)] },
  { name: 'cast to int32 truncates / back to float32', run: (ns, t) => [call(ns, 'cast', t([1.7, -1.7, 2.5]), 'int32'), call(ns, 'cast', t([3, -4], 'int32'), 'float32')] },
  { name: 'expandDims / squeeze / clone', run: (ns, t) => [call(ns, 'expandDims', t(X[0]!), -1), call(ns, 'squeeze', t([[[1], [2]]])), call(ns, 'clone', t(X[0]!))] },
  { name: 'zeros / ones / fill / zerosLike / onesLike', run: (ns, t) => [call(ns, 'zeros', [2, 3]), call(ns, 'ones', [2], 'int32'), call(ns, 'fill', [2, 2], 4.5), call(ns, 'zerosLike', t(X[0]!)), call(ns, 'onesLike', t([1, 2], 'int32'))] },
  { name: 'matMul with transposes', run: (ns, t) => [call(ns, 'matMul', t(X[0]!), t(X[1]!), false, true), call(ns, 'matMul', t(X[0]!), t(X[1]!), true, false)] },
];

interface Out {
  shape: number[];
  dtype: string;
  values: number[];
}
const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

function fromTf(v: unknown): Out[] {
  return flat(v).map((t) => {
    const x = t as tf.Tensor;
    return { shape: [...x.shape], dtype: x.dtype, values: Array.from(x.dataSync()) };
  });
}
function fromNn(v: unknown): Out[] {
  return flat(v).map((t) => {
    const x = t as nn.Tensor;
    return { shape: [...x.shape], dtype: x.dtype, values: Array.from(x.dataSync() as ArrayLike<number>) };
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['wasm', 'ts'] as const)('tfjs-core parity on %s', (backend) => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    await nn.setBackend(backend);
    const want = fromTf(tf.tidy(() => c.run(tf as unknown as Record<string, Any>, (v, dtype) => tf.tensor(v, undefined, dtype ?? 'float32')) as tf.TensorContainer));
    const got = fromNn(nn.tidy(() => c.run(nn as unknown as Record<string, Any>, (v, dtype) => nn.tensor(v, undefined, dtype ?? 'float32')) as never));
    expect(got.length).toBe(want.length);
    got.forEach((g, i) => {
      expect(g.shape, `${c.name} #${i} shape`).toEqual(want[i]!.shape);
      expect(g.dtype, `${c.name} #${i} dtype`).toBe(want[i]!.dtype);
      expectClose(g.values, want[i]!.values, { rtol: 1e-5, atol: 1e-6 }, `${c.name} #${i}`);
    });
  });
});

// The fused Adam step of simdnn/tfjs (src/adapters/tfjs/optimizers.ts) against tfjs's own op-by-op
// AdamOptimizer: bit-identical weights, moments and step counter on 'simdnn' with the flag off and on
// 'cpu'; the fused path runs no tfjs kernel; what it cannot update in place falls back, unchanged.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, test } from 'vitest';

import '../../src/adapters/tfjs/index.js';
import { FUSED_OPTIMIZERS_FLAG } from '../../src/adapters/tfjs/index.js';

// A matrix, a vector whose length is not a multiple of the SIMD width, a long block, a scalar.
const SHAPES = [[5, 3], [7], [1000], []];
const STEPS = 4;

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 30 - 1);
}

interface Run {
  weights: Float32Array[];
  moments: Array<{ name: string; data: Float32Array }>;
  iterations: number;
  /** Kernels tfjs ran inside applyGradients, per step. */
  kernels: number[];
  tensorsAfter: number;
}

/** STEPS Adam steps on fresh variables with fixed gradients (a NamedTensorMap, as minimize passes). */
async function adamSteps(backend: string, fused: boolean, prepare?: (vars: tf.Variable[]) => void): Promise<Run> {
  await tf.setBackend(backend);
  tf.env().set(FUSED_OPTIMIZERS_FLAG, fused);
  // tidy disposes each initial tensor, so a variable is the only reference to its data.
  const vars = SHAPES.map((shape, i) => tf.tidy(() => tf.variable(tf.tensor(values(tf.util.sizeFromShape(shape), 10 + i), shape))));
  prepare?.(vars);
  const before = tf.memory().numTensors;
  const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
  const kernels: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const grads: tf.NamedTensorMap = {};
    vars.forEach((v, i) => (grads[v.name] = tf.tensor(values(v.size, 100 * s + i), v.shape)));
    // minimize passes a NamedTensorMap at run time although the declared type says Variable.
    const profile = await tf.profile(() => opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]));
    kernels.push(profile.kernels.length);
    tf.dispose(Object.values(grads));
  }
  const weights = vars.map((v) => v.dataSync() as Float32Array);
  const saved = await opt.getWeights();
  const moments = saved.slice(1).map((w) => ({ name: w.name, data: w.tensor.dataSync() as Float32Array }));
  const iterations = saved[0]!.tensor.dataSync()[0]!;
  const tensorsAfter = tf.memory().numTensors - before;
  tf.dispose(saved[0]!.tensor);
  opt.dispose();
  tf.dispose(vars);
  return { weights, moments, iterations, kernels, tensorsAfter };
}

function expectSameRun(a: Run, b: Run): void {
  expect(a.weights.length).toBe(b.weights.length);
  a.weights.forEach((w, i) => expect(Array.from(w), `variable ${i}`).toEqual(Array.from(b.weights[i]!)));
  // Names are `${variable name}/m` and `/v`; variable names are numbers that differ between runs.
  const names = (r: Run) => r.moments.map((m) => m.name.replace(/^\d+/, 'V'));
  expect(names(a)).toEqual(names(b));
  expect(names(a)).toEqual([...SHAPES.map(() => 'V/m'), ...SHAPES.map(() => 'V/v')]);
  a.moments.forEach((m, i) => expect(Array.from(m.data), m.name).toEqual(Array.from(b.moments[i]!.data)));
  expect(a.iterations).toBe(b.iterations);
  expect(a.tensorsAfter).toBe(b.tensorsAfter);
}

afterEach(() => tf.env().set(FUSED_OPTIMIZERS_FLAG, true));

describe("fused Adam on 'simdnn'", () => {
  test('is bit-identical to tfjs op-by-op Adam on simdnn and on cpu, and runs no tfjs kernel', async () => {
    const fused = await adamSteps('simdnn', true);
    const ops = await adamSteps('simdnn', false);
    const cpu = await adamSteps('cpu', true); // the flag only acts on 'simdnn'
    expectSameRun(fused, ops);
    expectSameRun(fused, cpu);
    expect(fused.iterations).toBe(STEPS);
    // The weights moved from their initial values.
    expect(fused.weights[2]!.some((x, i) => x !== values(1000, 12)[i])).toBe(true);
    // Step 1 creates the moments (one ZerosLike each); later steps run no kernel at all. tfjs's path runs many.
    expect(fused.kernels).toEqual([2 * SHAPES.length, ...Array(STEPS - 1).fill(0)]);
    expect(ops.kernels.every((n) => n > 10 * SHAPES.length)).toBe(true);
  });

  test('a variable whose data another tensor shares takes tfjs path, with the same numbers', async () => {
    let alias: tf.Tensor | undefined;
    const shared = await adamSteps('simdnn', true, (vars) => (alias = vars[0]!.clone()));
    const ops = await adamSteps('simdnn', false);
    // Step 1 falls back (tfjs's assign gives the variable new data); from step 2 nothing is shared.
    expect(shared.kernels[0]).toBeGreaterThan(10 * SHAPES.length);
    expect(shared.kernels.slice(1)).toEqual(Array(STEPS - 1).fill(0));
    expectSameRun(shared, ops);
    expect(Array.from(alias!.dataSync())).toEqual(Array.from(values(15, 10))); // the alias kept its values
    alias!.dispose();
  });

  test('float32 gradients of another dtype or shape go to tfjs, which reports them', async () => {
    await tf.setBackend('simdnn');
    const v = tf.variable(tf.zeros([3]));
    const opt = tf.train.adam(0.1);
    const wrong = tf.zeros([4]);
    expect(() => opt.applyGradients({ [v.name]: wrong } as unknown as Parameters<typeof opt.applyGradients>[0])).toThrow(/shape|broadcast/i);
    expect(Array.from(v.dataSync())).toEqual([0, 0, 0]);
    tf.dispose([v, wrong]);
    opt.dispose();
  });
});

// A tfjs-layers model trains on 'simdnn' exactly as on 'cpu' (per-epoch losses within 1e-4 relative,
// from the same initial weights and data), and all its memory comes back: tf.memory() returns to its
// baseline, and simdnn's heap gives back every byte the backend reported.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';

import { currentBackend } from '../../src/backend/index.js';
import '../../src/adapters/tfjs/index.js';
import type { SimdnnBackend } from '../../src/adapters/tfjs/index.js';

const N = 96, IN = 8, CLASSES = 3;

/** Deterministic data: a linear-congruential stream in [-1, 1), labels from a fixed rule. */
function data(): { xs: number[][]; ys: number[][] } {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 30) - 1;
  const xs = Array.from({ length: N }, () => Array.from({ length: IN }, rnd));
  const ys = xs.map((x) => {
    const c = (x[0]! + x[1]! > 0 ? 1 : 0) + (x[2]! * x[3]! > 0 ? 1 : 0);
    return Array.from({ length: CLASSES }, (_, j) => (j === c ? 1 : 0));
  });
  return { xs, ys };
}

/** Same architecture and (seeded) initial weights on whichever backend is active. */
function model(): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 16, inputShape: [IN], activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dense({ units: 8, activation: 'tanh', kernelInitializer: init(2) }),
      tfl.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  return m;
}

async function train(backend: string): Promise<{ losses: number[]; leak: { tensors: number; bytes: number; heap: number } }> {
  await tf.setBackend(backend);
  const heap = currentBackend().heap;
  const before = tf.memory(), heap0 = heap.bytesInUse;
  const { xs, ys } = data();
  const x = tf.tensor2d(xs), y = tf.tensor2d(ys);
  const m = model();
  const optimizer = tf.train.adam(0.01);
  m.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const history = await m.fit(x, y, { epochs: 6, batchSize: 16, shuffle: false, verbose: 0 });
  if (backend === 'simdnn') {
    // While alive, the backend's bytes are heap bytes: the heap grew by exactly what it reports.
    const b = tf.backend() as SimdnnBackend;
    expect(heap.bytesInUse - heap0).toBe(b.storage.bytesInUse);
    expect(b.storage.bytesInUse).toBeGreaterThan(0);
  }
  m.dispose();
  optimizer.dispose();
  tf.dispose([x, y]);
  const after = tf.memory();
  return {
    losses: history.history.loss as number[],
    leak: { tensors: after.numTensors - before.numTensors, bytes: after.numBytes - before.numBytes, heap: heap.bytesInUse - heap0 },
  };
}

describe("tfjs-layers on 'simdnn'", () => {
  test("trains to the same per-epoch losses as on 'cpu', and frees everything", async () => {
    const cpu = await train('cpu');
    const simdnn = await train('simdnn');
    expect(simdnn.losses).toHaveLength(6);
    expect(cpu.losses[5]!).toBeLessThan(cpu.losses[0]!); // it learns, so the comparison means something
    for (let e = 0; e < 6; e++) {
      const rel = Math.abs(simdnn.losses[e]! - cpu.losses[e]!) / Math.abs(cpu.losses[e]!);
      expect(rel, `epoch ${e + 1}: cpu ${cpu.losses[e]}, simdnn ${simdnn.losses[e]}`).toBeLessThanOrEqual(1e-4);
    }
    expect(simdnn.leak).toEqual({ tensors: 0, bytes: 0, heap: 0 });
    expect((tf.backend() as SimdnnBackend).storage.bytesInUse).toBe(0);
  });
});

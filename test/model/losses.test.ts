// Loss and metric values through model.evaluate against the tfjs-layers definitions, regularization
// penalties, Keras spellings of names, and initializer determinism and statistics.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const identity = (n: number) => nn.tensor2d(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))));

/** A one-layer model whose output is act(x) (identity kernel, zero bias). */
function passThrough(n: number, activation: 'linear' | 'sigmoid' | 'softmax', loss: string, metrics: string[] = []) {
  const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: n, inputShape: [n], activation })] });
  m.setWeights([identity(n), nn.tensor1d(new Array(n).fill(0))]);
  m.compile({ optimizer: 'sgd', loss, metrics });
  return m;
}

function evaluate(m: nn.Sequential, x: number[][], y: number[][] | number[]): number[] {
  const yt = Array.isArray(y[0]) ? nn.tensor2d(y as number[][]) : nn.tensor1d(y as number[]);
  const r = m.evaluate(nn.tensor2d(x), yt);
  return (Array.isArray(r) ? r : [r]).map((t) => t.dataSync()[0]!);
}

function close(got: number, want: number, what: string, rtol = 1e-5): void {
  expect(Math.abs(got - want), `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(want)));
}

describe.each(['wasm', 'ts'] as const)('losses and metrics on %s', (backend) => {
  test('mse is the plain mean over all elements (no ½); metrics mse and mae', async () => {
    await nn.setBackend(backend);
    const x = [[0.2, 0.9], [0.5, 0.1], [0.7, -0.3]], y = [[0, 1], [1, 0], [1, 1]];
    const d = x.flatMap((r, i) => r.map((v, j) => v - y[i]![j]!));
    const [loss, mse, mae] = evaluate(passThrough(2, 'linear', 'mse', ['mse', 'mae']), x, y);
    close(loss!, mean(d.map((v) => v * v)), 'loss');
    close(mse!, mean(d.map((v) => v * v)), 'mse metric');
    close(mae!, mean(d.map(Math.abs)), 'mae metric');
    expect(loss).toBeGreaterThan(0.3); // 0.3133…: a ½ would give half of it
  });

  test('binary cross-entropy (sigmoid output) and binary accuracy for one output', async () => {
    await nn.setBackend(backend);
    const x = [[-1], [0.5], [2], [-3]], t = [0, 1, 0, 1];
    const p = x.map(([z]) => sigmoid(z!));
    const want = mean(p.map((pi, i) => -(t[i]! * Math.log(pi) + (1 - t[i]!) * Math.log(1 - pi))));
    const [loss, acc] = evaluate(passThrough(1, 'sigmoid', 'binaryCrossentropy', ['accuracy']), x, t.map((v) => [v]));
    close(loss!, want, 'bce');
    expect(acc).toBe(0.5); // predictions 0, 1, 1, 0
  });

  test('binary cross-entropy from probabilities: mean over every element', async () => {
    await nn.setBackend(backend);
    const p = [[0.1, 0.8], [0.6, 0.3]], t = [[0, 1], [1, 1]];
    const want = mean(p.flatMap((r, i) => r.map((pi, j) => -(t[i]![j]! * Math.log(pi) + (1 - t[i]![j]!) * Math.log(1 - pi)))));
    const [loss, acc] = evaluate(passThrough(2, 'linear', 'binary_crossentropy', ['accuracy']), p, t);
    close(loss!, want, 'bce');
    // 'accuracy' with a bce loss is binary even for 2 outputs: per element 1, 1 | 1, 0 → rows 1, 0.5 → 0.75.
    expect(acc).toBe(0.75);
  });

  test('categorical cross-entropy (softmax output), categorical accuracy; sparse labels give the same', async () => {
    await nn.setBackend(backend);
    const z = [[1, 2, 0.5], [0.3, -1, 2], [2, 1, 0]], t = [[0, 1, 0], [1, 0, 0], [1, 0, 0]];
    const p = z.map((r) => {
      const e = r.map(Math.exp), s = e.reduce((a, b) => a + b);
      return e.map((v) => v / s);
    });
    const want = mean(p.map((r, i) => -r.reduce((s, pi, j) => s + t[i]![j]! * Math.log(pi), 0)));
    const [loss, acc] = evaluate(passThrough(3, 'softmax', 'categoricalCrossentropy', ['accuracy']), z, t);
    close(loss!, want, 'cce');
    close(acc!, 2 / 3, 'categorical accuracy'); // argmax 1, 2, 0 vs 1, 0, 0
    const [sparse, sacc] = evaluate(passThrough(3, 'softmax', 'sparseCategoricalCrossentropy', ['accuracy']), z, [1, 0, 0]);
    expect(sparse).toBe(loss);
    expect(sacc).toBe(acc);
  });

  test('categorical cross-entropy from probabilities normalizes each row first (tfjs)', async () => {
    await nn.setBackend(backend);
    const p = [[0.2, 0.2, 0.4], [0.5, 0.25, 0.25]], t = [[0, 0, 1], [0, 1, 0]];
    const want = mean([-Math.log(0.5), -Math.log(0.25)]);
    const [loss] = evaluate(passThrough(3, 'linear', 'categorical_crossentropy'), p, t);
    close(loss!, want, 'cce');
  });

  test('l2 kernel regularizer: loss = data loss + l2·Σw², biases free unless biasRegularizer', async () => {
    await nn.setBackend(backend);
    const K = [[0.5, -1], [2, 0.25], [-0.75, 1.5]], B = [3, -2];
    const x = [[1, 0, 2], [0.5, -1, 1]], y = [[1, 0], [0, 1]];
    const sumsq = K.flat().reduce((s, v) => s + v * v, 0);
    const data = mean(x.flatMap((r, i) => [0, 1].map((j) => r.reduce((s, v, k) => s + v * K[k]![j]!, B[j]!) - y[i]![j]!)).map((d) => d * d));
    const build = (biasRegularizer?: nn.Regularizer) => {
      const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 2, inputShape: [3], kernelRegularizer: nn.regularizers.l2({ l2: 0.01 }), biasRegularizer })] });
      m.setWeights([nn.tensor2d(K), nn.tensor1d(B)]);
      m.compile({ optimizer: nn.train.sgd(0.1), loss: 'mse' });
      return m;
    };
    const plain = build();
    close(evaluate(plain, x, y)[0]!, data + 0.01 * sumsq, 'l2 on kernel only');
    close(evaluate(build(nn.regularizers.l1({ l1: 0.02 })), x, y)[0]!, data + 0.01 * sumsq + 0.02 * 5, 'plus l1 on bias');
    // The first epoch's loss is taken before the step; the kernel gradient includes 2·l2·w.
    const h = await plain.fit(nn.tensor2d(x), nn.tensor2d(y), { epochs: 1, batchSize: 2, shuffle: false });
    close(h.history.loss![0]!, data + 0.01 * sumsq, 'fit loss');
    const k1 = plain.getWeights()[0]!.dataSync();
    // dL/dK[k][j] = Σ_i x[i][k]·2(pred_ij − y_ij)/4 + 2·0.01·K[k][j]
    const pred = x.map((r) => [0, 1].map((j) => r.reduce((s, v, k) => s + v * K[k]![j]!, B[j]!)));
    K.forEach((row, k) => row.forEach((w, j) => {
      const g = x.reduce((s, r, i) => s + (r[k]! * 2 * (pred[i]![j]! - y[i]![j]!)) / 4, 0) + 0.02 * w;
      close(k1[k * 2 + j]!, w - 0.1 * g, `kernel[${k}][${j}] after one step`);
    }));
  });
});

describe.each(['wasm', 'ts'] as const)('names and initializers on %s', (backend) => {
  const X = nn.tensor2d([[0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0.5, 0.2, 0.1], [0.3, 0.9, 0.4]]);
  const labels = [0, 1, 2, 0, 1, 2];
  const oneHot = nn.tensor2d(labels.map((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0))));
  async function trained(loss: string, y: nn.Tensor, hidden: Record<string, unknown> = {}, act = 'relu') {
    const m = nn.sequential({
      seed: 21,
      layers: [
        nn.layers.dense({ units: 5, inputShape: [3], activation: act as 'relu', ...hidden }),
        nn.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    m.compile({ optimizer: nn.train.adam(0.05), loss });
    await m.fit(X, y, { epochs: 5, batchSize: 4, seed: 2 });
    return m.getWeights().map((t) => Array.from(t.dataSync()));
  }

  test('Keras loss spellings train exactly like the tfjs names; sparse labels = one-hot labels', async () => {
    await nn.setBackend(backend);
    const cce = await trained('categoricalCrossentropy', oneHot);
    expect(await trained('categorical_crossentropy', oneHot)).toEqual(cce);
    expect(await trained('sparse_categorical_crossentropy', nn.tensor1d(labels))).toEqual(cce);
    expect(await trained('sparseCategoricalCrossentropy', nn.tensor2d(labels.map((l) => [l])))).toEqual(cce);
    expect(await trained('mse', oneHot)).toEqual(await trained('meanSquaredError', oneHot));
    expect(await trained('mse', oneHot)).not.toEqual(cce);
    const bce = (name: string) => {
      const m = passThroughSigmoid();
      m.compile({ optimizer: 'sgd', loss: name });
      return (m.evaluate(nn.tensor2d([[0.3]]), nn.tensor2d([[1]])) as nn.Tensor).dataSync()[0];
    };
    expect(bce('binary_crossentropy')).toBe(bce('binaryCrossentropy'));
  });

  test("'leaky_relu', input_dim, 'glorot_uniform', 'he_normal'", async () => {
    await nn.setBackend(backend);
    expect(await trained('mse', oneHot, {}, 'leaky_relu')).toEqual(await trained('mse', oneHot, {}, 'leakyRelu'));
    const lr = nn.sequential({ layers: [nn.layers.dense({ units: 1, input_dim: 1, activation: 'leaky_relu', useBias: false })] });
    lr.setWeights([nn.tensor2d([[1]])]);
    expect(Array.from(lr.predict(nn.tensor2d([[-2], [3]])).dataSync())).toEqual([Math.fround(-0.6), 3]);
    const d = nn.layers.dense({ units: 4, input_dim: 7 });
    nn.sequential({ layers: [d] });
    expect(d.weights[0]!.shape).toEqual([7, 4]);
    for (const [keras, tfjs] of [['glorot_uniform', 'glorotUniform'], ['he_normal', 'heNormal']] as const) {
      const w = (kernelInitializer: string) =>
        nn.sequential({ seed: 4, layers: [nn.layers.dense({ units: 4, inputShape: [3], kernelInitializer })] }).getWeights()[0]!.dataSync();
      expect(Array.from(w(keras))).toEqual(Array.from(w(tfjs)));
      expect(Array.from(w(keras))).not.toEqual(Array.from(w(keras === 'he_normal' ? 'glorotUniform' : 'heNormal')));
    }
  });

  test('seeded determinism: same model seed → same weights; initializer seed overrides the model seed', async () => {
    await nn.setBackend(backend);
    const w = (seed: number, init: nn.Initializer | string = 'glorotUniform') =>
      Array.from(nn.sequential({ seed, layers: [nn.layers.dense({ units: 8, inputShape: [5], kernelInitializer: init })] }).getWeights()[0]!.dataSync());
    expect(w(1)).toEqual(w(1));
    expect(w(1)).not.toEqual(w(2));
    expect(w(1, nn.initializers.heNormal({ seed: 9 }))).toEqual(w(2, nn.initializers.heNormal({ seed: 9 })));
  });

  /** Kernel [fanIn × fanOut] = [200 × 300] drawn by `init`. */
  const kernel = (init: nn.Initializer) =>
    Array.from(nn.sequential({ seed: 17, layers: [nn.layers.dense({ units: 300, inputShape: [200], kernelInitializer: init })] }).getWeights()[0]!.dataSync());
  const stats = (w: number[]) => {
    const mu = mean(w);
    return { mu, sd: Math.sqrt(mean(w.map((v) => (v - mu) ** 2))), max: Math.max(...w.map(Math.abs)) };
  };

  test('glorotUniform and leCunUniform: U(−limit, limit)', async () => {
    await nn.setBackend(backend);
    for (const [init, limit] of [
      [nn.initializers.glorotUniform(), Math.sqrt(6 / (200 + 300))],
      [nn.initializers.leCunUniform(), Math.sqrt(3 / 200)],
    ] as const) {
      const s = stats(kernel(init));
      expect(s.max).toBeLessThanOrEqual(limit * (1 + 1e-6));
      expect(s.max).toBeGreaterThan(limit * 0.999);
      expect(Math.abs(s.mu)).toBeLessThan(limit * 0.01);
      expect(s.sd / (limit / Math.sqrt(3))).toBeGreaterThan(0.98);
      expect(s.sd / (limit / Math.sqrt(3))).toBeLessThan(1.02);
    }
  });

  test('heNormal: normal with σ = √(2/fanIn) truncated at 2σ (tfjs: no 0.8796 correction)', async () => {
    await nn.setBackend(backend);
    const sigma = Math.sqrt(2 / 200);
    const s = stats(kernel(nn.initializers.heNormal()));
    expect(s.max).toBeLessThanOrEqual(2 * sigma * (1 + 1e-6));
    expect(s.max).toBeGreaterThan(1.99 * sigma);
    expect(Math.abs(s.mu)).toBeLessThan(sigma * 0.01);
    // Std of a standard normal truncated at ±2: 0.8796.
    expect(s.sd / (0.8796 * sigma)).toBeGreaterThan(0.98);
    expect(s.sd / (0.8796 * sigma)).toBeLessThan(1.02);
  });

  test('zeros, ones, constant', async () => {
    await nn.setBackend(backend);
    const m = nn.sequential({
      layers: [
        nn.layers.dense({ units: 2, inputShape: [2], kernelInitializer: nn.initializers.constant({ value: 0.5 }), biasInitializer: 'ones' }),
        nn.layers.dense({ units: 1, kernelInitializer: 'zeros', biasInitializer: nn.initializers.constant({ value: -2 }) }),
      ],
    });
    expect(m.getWeights().map((t) => Array.from(t.dataSync()))).toEqual([[0.5, 0.5, 0.5, 0.5], [1, 1], [0, 0], [-2]]);
  });
});

function passThroughSigmoid() {
  const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [1], activation: 'sigmoid', useBias: false })] });
  m.setWeights([nn.tensor2d([[1]])]);
  return m;
}

// GradientNorms' weight norms and dead-ReLU fractions (checked against direct computations) and
// nn.diagnose.gradients on constructed situations: vanishing (deep sigmoid, tiny init), exploding
// (huge init), dead ReLUs (large negative bias), and a healthy He / Glorot net.
import { afterAll, describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { gaussian, moons } from './fixtures.js';

const norm = (t: nn.Tensor) => Math.sqrt(Array.from(t.dataSync()).reduce((s, v) => s + v * v, 0));

/** Fraction of a [rows, units] output's columns that are ≤ 0 in every row. */
function deadColumns(out: nn.Tensor): number {
  const [rows, units] = out.shape as [number, number], v = out.dataSync();
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let r = 0; r < rows; r++) if (v[r * units + u]! > 0) alive = true;
    if (!alive) dead++;
  }
  return dead / units;
}

describe.each(['wasm', 'ts'] as const)('GradientNorms records weight norms and dead ReLUs on %s', (backend) => {
  afterAll(() => nn.setBackend('wasm'));

  it('weightNorms match the weights at the end of each epoch; the old fields keep their shape', async () => {
    await nn.setBackend(backend);
    const d = gaussian(48, 3, 1);
    const model = nn.sequential({
      seed: 2,
      layers: [nn.layers.dense({ units: 8, inputShape: [3], activation: 'tanh' }), nn.layers.dropout({ rate: 0.2 }), nn.layers.dense({ units: 1, activation: 'sigmoid' })],
    });
    model.compile({ optimizer: nn.train.sgd(0.5), loss: 'binaryCrossentropy' });
    const g = nn.callbacks.gradientNorms();
    await model.fit(d.x, d.y, { epochs: 2, batchSize: 16, callbacks: [g], seed: 3 });
    const [k1, b1, k2, b2] = model.getWeights();
    expect(g.layers).toEqual([model.layers[0]!.name, model.layers[2]!.name]);
    expect(g.epochs).toEqual([0, 1]);
    expect(g.norms.map((r) => r.length)).toEqual([2, 2]);
    expect(g.weightNorms[1]![0]).toBeCloseTo(Math.hypot(norm(k1!), norm(b1!)), 5);
    expect(g.weightNorms[1]![1]).toBeCloseTo(Math.hypot(norm(k2!), norm(b2!)), 5);
    expect(g.weightNorms[0]![0]).not.toBe(g.weightNorms[1]![0]); // recorded per epoch, not once
    expect(g.deadReLU).toEqual([[null, null], [null, null]]); // no ReLU anywhere
    // A second fit appends; the record survives JSON (the CLI saves it).
    await model.fit(d.x, d.y, { epochs: 1, batchSize: 16, callbacks: [g], seed: 4 });
    expect(g.weightNorms).toHaveLength(3);
    expect(nn.diagnose.gradients(JSON.parse(JSON.stringify(g))).layers).toHaveLength(2);
  });

  it('the dead fraction equals the units that are ≤ 0 on every training row (lr 0: fixed weights)', async () => {
    await nn.setBackend(backend);
    // Gaussian inputs and a bias of −1.5: a unit fires only where x·w > 1.5, so some units never do.
    const d = gaussian(64, 4, 5);
    const first = nn.layers.dense({ units: 24, inputShape: [4], activation: 'relu', biasInitializer: nn.initializers.constant({ value: -1.5 }) });
    const linear = nn.layers.dense({ units: 12, biasInitializer: nn.initializers.constant({ value: -0.5 }) });
    const model = nn.sequential({ seed: 6, layers: [first, linear, nn.layers.activation({ activation: 'relu' }), nn.layers.dense({ units: 1 })] });
    model.compile({ optimizer: nn.train.sgd(0), loss: 'meanSquaredError' });
    const g = nn.callbacks.gradientNorms();
    await model.fit(d.x, d.y, { epochs: 1, batchSize: 16, callbacks: [g], seed: 7 });
    // The same outputs by hand: sub-models sharing the trained weights, predicted on all 64 rows.
    const w = model.getWeights();
    const sub1 = nn.sequential({ layers: [nn.layers.dense({ units: 24, inputShape: [4], activation: 'relu' })] });
    sub1.setWeights([w[0]!, w[1]!]);
    const h1 = sub1.predict(d.x);
    const sub2 = nn.sequential({ layers: [nn.layers.dense({ units: 12, inputShape: [24], activation: 'relu' })] });
    sub2.setWeights([w[2]!, w[3]!]);
    const expected = [deadColumns(h1), deadColumns(sub2.predict(h1)), null];
    expect(expected[0]).toBeGreaterThan(0);
    expect(expected[0]).toBeLessThan(1);
    expect(expected[1]).toBeGreaterThan(0);
    // activation('relu') after a linear dense is reported under that dense.
    expect(g.deadReLU[0]).toEqual(expected);
  });

});

describe('diagnose.gradients on constructed situations', () => {
  it('a deep sigmoid net with tiny init: relative norms fall by decades toward the input (vanishing)', async () => {
    const d = gaussian(64, 4, 1);
    const tiny = nn.initializers.randomNormal({ stddev: 0.01 });
    const layers = [nn.layers.dense({ units: 16, inputShape: [4], activation: 'sigmoid', kernelInitializer: tiny })];
    for (let i = 0; i < 6; i++) layers.push(nn.layers.dense({ units: 16, activation: 'sigmoid', kernelInitializer: tiny }));
    layers.push(nn.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tiny }));
    const model = nn.sequential({ seed: 1, layers });
    model.compile({ optimizer: nn.train.sgd(0.1), loss: 'binaryCrossentropy' });
    const g = nn.callbacks.gradientNorms();
    await model.fit(d.x, d.y, { epochs: 3, batchSize: 16, callbacks: [g], seed: 1 });
    const health = nn.diagnose.gradients(g);
    const ratios = health.layers.map((l) => l.relativeNorms.at(-1)!);
    // Each layer back toward the input gets a smaller ratio: sigmoid' ≤ 0.25 times ‖W‖ ≈ 0.16 per layer.
    for (let l = 0; l + 1 < ratios.length; l++) expect(ratios[l]).toBeLessThan(ratios[l + 1]!);
    expect(Math.log10(ratios.at(-1)! / ratios[0]!)).toBeGreaterThan(8); // measured: 12.7 decades
    expect(health.vanishing).toBe(true);
    expect(health.layers[0]!.vanishing).toBe(true);
    expect(health.layers.at(-1)!.vanishing).toBe(false);
    expect(health.layers.filter((l) => l.vanishing).map((l) => l.layer)).toEqual(g.layers.filter((_, i) => ratios[i]! < 1e-7));
    expect(health.messages[0]).toMatch(new RegExp(`^${g.layers[0]}: vanishing gradients: ‖grad‖/‖W‖ = .* < 1\\.0e-7`));
    expect(health.exploding).toBe(false);
  });

  it('a net with huge init diverges: the cut-short epoch is recorded and flagged as exploding', async () => {
    const d = gaussian(64, 4, 1);
    const huge = nn.initializers.randomNormal({ stddev: 3 });
    const model = nn.sequential({
      seed: 1,
      layers: [
        nn.layers.dense({ units: 16, inputShape: [4], activation: 'relu', kernelInitializer: huge }),
        nn.layers.dense({ units: 16, activation: 'relu', kernelInitializer: huge }),
        nn.layers.dense({ units: 16, activation: 'relu', kernelInitializer: huge }),
        nn.layers.dense({ units: 1, kernelInitializer: huge }),
      ],
    });
    model.compile({ optimizer: nn.train.sgd(0.01), loss: 'meanSquaredError' });
    const g = nn.callbacks.gradientNorms();
    await expect(model.fit(d.x, d.y, { epochs: 5, batchSize: 16, callbacks: [g], seed: 1 })).rejects.toThrow(nn.ValueError);
    expect(g.epochs).toEqual([0]); // the diverging epoch, with the gradient the optimizer refused
    const health = nn.diagnose.gradients(g);
    expect(health.exploding).toBe(true);
    expect(health.layers.every((l) => l.exploding)).toBe(true);
    expect(health.messages[0]).toMatch(/exploding gradients: a norm became non-finite; lower the learning rate/);
    // Before the divergence the weights had already grown by orders of magnitude from their ~3·√64 ≈ 24.
    expect(g.weightNorms[0]![0]).toBeGreaterThan(1e3);
  });

  it('a ReLU layer with a large negative bias is dead; a He-initialized one is not', async () => {
    const { x, y } = moons(128, 3);
    const build = (bias: number) =>
      nn.sequential({
        seed: 4,
        layers: [
          nn.layers.dense({ units: 32, inputShape: [2], activation: 'relu', kernelInitializer: 'heNormal', biasInitializer: nn.initializers.constant({ value: bias }) }),
          nn.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
          nn.layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
      });
    const dead = build(-10);
    dead.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy' });
    const gDead = nn.callbacks.gradientNorms();
    await dead.fit(x, y, { epochs: 5, batchSize: 32, callbacks: [gDead], seed: 5 });
    const healthy = build(0);
    healthy.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const gHealthy = nn.callbacks.gradientNorms();
    await healthy.fit(x, y, { epochs: 20, batchSize: 32, callbacks: [gHealthy], seed: 5 });

    const d = nn.diagnose.gradients(gDead);
    expect(gDead.deadReLU.at(-1)![0]).toBe(1); // |x·w| < 10 on moons: no unit ever fires
    expect(d.layers[0]!.dead).toBe(true);
    expect(d.deadReLU).toBe(true);
    // Nothing reaches the first layer through dead units: its kernel gradient is exactly 0 (vanishing).
    expect(d.layers[0]!.gradientNorms.at(-1)).toBe(0);
    expect(d.messages.some((m) => /100% of its ReLU units/.test(m))).toBe(true);

    const h = nn.diagnose.gradients(gHealthy);
    // He init with a zero bias on 2-D inputs: every first-layer unit fires on half the plane.
    expect(gHealthy.deadReLU.map((row) => row[0])).toEqual(gHealthy.epochs.map(() => 0));
    // The second layer sees only non-negative, correlated inputs: a few units die (measured 2 of 32 at
    // the first epoch, 7 of 32 by the 20th with Adam 0.01), well under the 50 % warning.
    expect(gHealthy.deadReLU.at(-1)![1]).toBeLessThan(0.3);
    expect(gHealthy.deadReLU.at(-1)![2]).toBeNull();
    expect(h.healthy).toBe(true);
    expect(h.messages).toEqual([]);
    expect(String(h).split('\n')[0]).toBe('Gradient health: healthy');
  });
});

describe('diagnose.gradients rules on hand-made records', () => {
  const record = (norms: number[][], weightNorms: number[][], deadReLU?: (number | null)[][]) => ({
    layers: ['a', 'b'],
    epochs: norms.map((_, e) => e),
    norms,
    weightNorms,
    ...(deadReLU ? { deadReLU } : {}),
  });

  it('vanishing below 1e-7 relative in the last epoch; exploding above 10 relative, on 10× growth, or non-finite', () => {
    const v = nn.diagnose.gradients(record([[1e-6, 1], [5e-8, 1]], [[1, 1], [1, 1]]));
    expect(v.layers.map((l) => l.vanishing)).toEqual([true, false]);
    expect(nn.diagnose.gradients(record([[5e-8, 1], [1e-6, 1]], [[1, 1], [1, 1]])).vanishing).toBe(false); // recovered
    expect(nn.diagnose.gradients(record([[1e-6, 1]], [[1, 1]]), { vanishing: 1e-5 }).vanishing).toBe(true);
    const ratio = nn.diagnose.gradients(record([[20, 1]], [[1, 1]]));
    expect(ratio.layers.map((l) => l.exploding)).toEqual([true, false]);
    expect(ratio.messages[0]).toMatch(/‖grad‖\/‖W‖ reached 2\.0e\+1 > 10/);
    const growth = nn.diagnose.gradients(record([[0.01, 1], [0.1, 1.5]], [[1, 1], [1, 1]]));
    expect(growth.layers.map((l) => l.exploding)).toEqual([true, false]);
    expect(growth.messages[0]).toMatch(/grew ≥ 10× in one epoch/);
    expect(nn.diagnose.gradients(record([[NaN, 1]], [[1, 1]])).layers[0]!.exploding).toBe(true);
    // Weights still at 0 that got no gradient: ratio 0 (vanishing), not NaN.
    expect(nn.diagnose.gradients(record([[0, 1]], [[0, 1]])).layers[0]!.relativeNorms).toEqual([0]);
    expect(nn.diagnose.gradients(record([[0.5, 1]], [[0, 1]])).exploding).toBe(false); // ratio ∞ from ‖W‖ = 0 only
  });

  it('dead ReLU above half the units in the last known epoch (NaN: a first step that diverged)', () => {
    const r = nn.diagnose.gradients(record([[1, 1], [1, 1]], [[1, 1], [1, 1]], [[0.6, null], [NaN, null]]));
    expect(r.layers.map((l) => l.dead)).toEqual([true, false]);
    expect(r.messages).toEqual([expect.stringMatching(/^a: 60% of its ReLU units/)]);
    expect(nn.diagnose.gradients(record([[1, 1]], [[1, 1]], [[0.4, null]])).deadReLU).toBe(false);
    expect(nn.diagnose.gradients(record([[1, 1]], [[1, 1]], [[0.4, null]]), { deadReLU: 0.3 }).deadReLU).toBe(true);
  });

  it('rejects malformed records and options with typed errors', () => {
    expect(() => nn.diagnose.gradients({ layers: ['a'], epochs: [0], norms: [[1]] })).toThrow(/no weightNorms/);
    expect(() => nn.diagnose.gradients(record([], []))).toThrow(/no epochs recorded/);
    expect(() => nn.diagnose.gradients(record([[1, 1]], [[1]]))).toThrow('diagnose.gradients: weightNorms[0] has 1 values, expected one per layer (2)');
    expect(() => nn.diagnose.gradients(record([[1, 1]], [[1, 1]], []))).toThrow(/deadReLU has 0 epochs, expected 1/);
    expect(() => nn.diagnose.gradients(null as unknown as nn.GradientNormHistory)).toThrow(nn.ValueError);
    expect(() => nn.diagnose.gradients(record([[1, 1]], [[1, 1]]), { exploding: -1 })).toThrow(nn.ConfigError);
    expect(() => nn.diagnose.gradients(record([[1, 1]], [[1, 1]]), { deadReLU: 2 })).toThrow('diagnose.gradients: deadReLU must be a finite number > 0 and ≤ 1, got 2');
  });
});

import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { contourSegments } from '../../src/plot/contours.js';
import { niceTicks } from '../../src/plot/svg.js';
import { checkSvg } from './svg-check.js';

const history = {
  epoch: [0, 1, 2, 3],
  history: { loss: [1, 0.6, 0.4, 0.3], val_loss: [0.9, 0.7, 0.5, 0.45], acc: [0.5, 0.7, 0.8, 0.85], val_acc: [0.55, 0.65, 0.75, 0.8] },
};

describe('plot.learningCurves', () => {
  it('draws train and validation loss and accuracy in two panels', () => {
    const info = checkSvg(nn.plot.learningCurves(history, { title: 'a < b & c' }));
    expect(info.series).toEqual(['train loss', 'validation loss', 'train accuracy', 'validation accuracy']);
    expect(info.tags.get('g')).toBe(2); // one <g class="panel"> per panel
  });

  it('draws one series per key that exists', () => {
    expect(checkSvg(nn.plot.learningCurves({ history: { loss: [3, 2, 1] } })).series).toEqual(['train loss']);
    expect(checkSvg(nn.plot.learningCurves({ history: { loss: [3, 2], mae: [1, 0.5] } })).series).toEqual(['train loss', 'train MAE']);
  });

  it('keeps the SVG valid for a single epoch and a non-finite value', () => {
    expect(checkSvg(nn.plot.learningCurves({ history: { loss: [0.5] } })).series).toHaveLength(1);
    expect(checkSvg(nn.plot.learningCurves({ history: { loss: [1, NaN, 0.5] } })).series).toHaveLength(1);
  });

  it('puts a loss that falls by decades on a log axis, and a mild one on a linear axis from 0', () => {
    expect(nn.plot.learningCurves({ history: { loss: [10, 1, 0.1, 0.01] } })).toContain('loss (log scale)');
    const mild = nn.plot.learningCurves({ history: { loss: [1, 0.5, 0.3] } });
    expect(mild).not.toContain('log scale');
    expect(mild).toMatch(/>0<\/text>/);
  });

  it('rejects a history without loss', () => {
    expect(() => nn.plot.learningCurves({ history: { acc: [1] } })).toThrow(/no 'loss'/);
    expect(() => nn.plot.learningCurves(null as never)).toThrow(nn.ValueError);
  });
});

describe('plot.gradientHealth and tools.gradientNorms', () => {
  it('records one positive norm per layer and epoch during fit, and plots one series per layer', async () => {
    const model = nn.sequential({
      seed: 1,
      layers: [
        nn.layers.dense({ units: 8, inputShape: [3], activation: 'tanh' }),
        nn.layers.dropout({ rate: 0.1 }),
        nn.layers.dense({ units: 4, activation: 'tanh' }),
        nn.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = nn.tensor2d(Float32Array.from({ length: 60 }, (_, i) => Math.sin(i)), [20, 3]);
    const y = nn.tensor2d(Float32Array.from({ length: 20 }, (_, i) => Math.cos(i)), [20, 1]);
    const grads = nn.tools.gradientNorms();
    await model.fit(x, y, { epochs: 3, batchSize: 5, callbacks: [grads] });
    expect(grads.layers).toEqual(model.layers.filter((l) => l.weights.length > 0).map((l) => l.name));
    expect(grads.norms).toHaveLength(3);
    for (const row of grads.norms) for (const v of row) expect(v).toBeGreaterThan(0);
    const info = checkSvg(nn.plot.gradientHealth(grads));
    expect(info.series).toEqual(grads.layers);
  });

  it('matches the norm of a hand-computed gradient (one batch, one linear unit)', async () => {
    // y = w·x with w = 0.5, x = 2, target 3: MSE gradient dL/dw = 2·(w·x − t)·x = 2·(1 − 3)·2 = −8.
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'ones' })] });
    model.setWeights([nn.tensor2d([[0.5]])]);
    model.compile({ optimizer: nn.train.sgd(0), loss: 'meanSquaredError' });
    const grads = nn.tools.gradientNorms();
    await model.fit(nn.tensor2d([[2]]), nn.tensor2d([[3]]), { epochs: 1, callbacks: [grads] });
    expect(grads.norms[0]![0]).toBeCloseTo(8, 5);
  });

  it('relative: plots ‖grad‖ / ‖W‖ and draws the vanishing threshold inside the axis range', () => {
    const record = { layers: ['dense_1', 'dense_2'], epochs: [0, 1], norms: [[2e-6, 0.5], [1e-6, 0.4]], weightNorms: [[4, 2], [4, 2]] };
    const svg = nn.plot.gradientHealth(record, { relative: true });
    const info = checkSvg(svg);
    expect(info.series).toEqual(['dense_1', 'dense_2']);
    expect(svg).toContain('‖grad‖ / ‖W‖ (log scale)');
    expect(svg).toContain('vanishing below 1e-7');
    // The threshold line sits below dense_1's lowest ratio (2.5e-7) on the log axis: larger y, lower down.
    const lineY = Number(/<g class="threshold"><line [^>]*y1="([\d.]+)"/.exec(svg)![1]);
    const pathYs = /data-name="dense_1" d="M[\d.]+ ([\d.]+)L[\d.]+ ([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    expect(lineY).toBeGreaterThan(Math.max(...pathYs));
    expect(pathYs[1]).toBeGreaterThan(pathYs[0]!); // the ratio fell from 5e-7 to 2.5e-7
    expect(nn.plot.gradientHealth(record)).not.toContain('class="threshold"');
    expect(() => nn.plot.gradientHealth({ layers: ['a'], norms: [[1]] }, { relative: true })).toThrow(/relative needs weightNorms/);
  });

  it('rejects a malformed record', () => {
    expect(() => nn.plot.gradientHealth({ layers: ['a', 'b'], norms: [[1]] })).toThrow(/one per layer/);
    expect(() => nn.plot.gradientHealth({ layers: ['a'], norms: [] })).toThrow(/no epochs/);
  });
});

describe('tools.lossLandscape and plot.lossLandscape', () => {
  const x = Array.from({ length: 50 }, (_, i) => 1 + Math.sin(i));
  const y = x.map((v, i) => 3 * v - 2 + 0.1 * Math.cos(7 * i));

  it('gives a 41 × 41 grid over −10…10 and a gradient-descent path that descends to the optimum', () => {
    const land = nn.tools.lossLandscape(x, y, { lr: 0.1, steps: 300 });
    expect(land.ws).toHaveLength(41);
    expect(land.ws[0]).toBe(-10);
    expect(land.ws[40]).toBe(10);
    expect(land.loss).toHaveLength(41);
    expect(land.path).toHaveLength(301);
    for (let i = 1; i < land.path.length; i++) expect(land.path[i]!.loss).toBeLessThanOrEqual(land.path[i - 1]!.loss);
    expect(land.path[300]!.w).toBeCloseTo(land.best.w, 3);
    expect(land.path[300]!.b).toBeCloseTo(land.best.b, 3);
    expect(land.best.w).toBeCloseTo(3, 1);
    // Grid values are the MSE at their (w, b): check one point directly.
    const direct = x.reduce((s, xi, i) => s + (2 * xi + 1 - y[i]!) ** 2, 0) / x.length;
    expect(land.loss[land.bs.indexOf(1)]![land.ws.indexOf(2)]).toBeCloseTo(direct, 9);
  });

  it('follows the same path as model.fit with SGD on the full batch', async () => {
    const land = nn.tools.lossLandscape(x, y, { lr: 0.05, steps: 5, start: [-4, 6] });
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
    model.setWeights([nn.tensor2d([[-4]]), nn.tensor1d([6])]);
    model.compile({ optimizer: nn.train.sgd(0.05), loss: 'meanSquaredError' });
    await model.fit(nn.tensor2d(x, [50, 1]), nn.tensor2d(y, [50, 1]), { epochs: 5, batchSize: 50, shuffle: false });
    const [w, b] = model.getWeights().map((t) => t.dataSync()[0]!);
    expect(w).toBeCloseTo(land.path[5]!.w, 3);
    expect(b).toBeCloseTo(land.path[5]!.b, 3);
  });

  it('renders a heat map, contour lines and the path as valid SVG', () => {
    const land = nn.tools.lossLandscape(x, y);
    const svg = nn.plot.lossLandscape(land);
    const info = checkSvg(svg);
    expect(info.tags.get('rect')).toBeGreaterThanOrEqual(41 * 41);
    expect((svg.match(/class="contour"/g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect(svg).toContain('class="path"');
  });

  it('renders a fine 401 × 401 grid (160,801 points: more than Math.max(...grid) takes as arguments)', () => {
    const land = nn.tools.lossLandscape(x, y, { step: 0.05 });
    expect(land.ws).toHaveLength(401);
    expect(checkSvg(nn.plot.lossLandscape(land)).tags.get('rect')).toBeGreaterThanOrEqual(401 * 401);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => nn.tools.lossLandscape([1, 2], [1])).toThrow(nn.ShapeError);
    expect(() => nn.tools.lossLandscape([1, NaN], [1, 2])).toThrow(/x\[1\]/);
    expect(() => nn.tools.lossLandscape(x, y, { lr: 5, steps: 50 })).toThrow(/diverged/);
    expect(() => nn.tools.lossLandscape(x, y, { step: 0 })).toThrow(nn.ConfigError);
  });
});

describe('plot helpers', () => {
  it('contourSegments puts the level set of x² + y² on its circle', () => {
    const n = 41, c = 20; // grid coordinates −20..20
    const z = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => (i - c) ** 2 + (j - c) ** 2));
    const segs = contourSegments(z, 100);
    expect(segs.length).toBeGreaterThan(40);
    for (const [x0, y0, x1, y1] of segs) {
      // Linear interpolation on a cell edge is within ~0.5 of the true circle of radius 10.
      expect(Math.abs(Math.hypot(x0 - c, y0 - c) - 10)).toBeLessThan(0.5);
      expect(Math.abs(Math.hypot(x1 - c, y1 - c) - 10)).toBeLessThan(0.5);
    }
    expect(contourSegments(z, -1)).toHaveLength(0);
  });

  it('niceTicks gives round steps covering the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-10, 10, 4)).toEqual([-10, -5, 0, 5, 10]);
  });
});

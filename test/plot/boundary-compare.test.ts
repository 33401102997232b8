// nn.plot.decisionBoundary, nn.plot.compareCurves and the planar sets of nn.datasets.
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { checkSvg } from './svg-check.js';

const count = (svg: string, re: RegExp) => svg.match(re)?.length ?? 0;

/** A fixed model: p = sigmoid(10·x₁), so the boundary is the vertical line x₁ = 0. */
function verticalSplit(): nn.Sequential {
  const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
  model.setWeights([nn.tensor2d([[10], [0]]), nn.tensor([0], [1])]);
  return model;
}

describe('plot.decisionBoundary', () => {
  it('fills the regions left and right of a known boundary and draws every point', () => {
    const x = nn.tensor2d([[-1, -1], [-0.5, 1], [0.5, -1], [1, 1]]);
    const svg = nn.plot.decisionBoundary(verticalSplit(), x, nn.tensor2d([[0], [0], [1], [1]]), { resolution: 20, title: 'split' });
    checkSvg(svg);
    expect(count(svg, /<circle class="point"/g)).toBe(4);
    // A vertical boundary: each of the 20 rows is one run of class 0 then one of class 1.
    expect(count(svg, /class="region" data-class="0"/g)).toBe(20);
    expect(count(svg, /class="region" data-class="1"/g)).toBe(20);
    expect(svg).toContain('class="boundary"');
    expect(svg).toContain('>100.0%</text>');
  });

  it('takes integer labels and a softmax model (argmax, no 0.5 line)', () => {
    const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
    const { x, labels } = nn.datasets.spiral(30, { classes: 3, seed: 1 });
    const svg = nn.plot.decisionBoundary(model, x, labels, { resolution: 15, classNames: ['a', 'b', 'c'] });
    checkSvg(svg);
    expect(count(svg, /<circle class="point"/g)).toBe(30);
    expect(count(svg, /class="legend-item"/g)).toBe(3);
    expect(svg).not.toContain('class="boundary"');
  });

  it('takes [n] label tensors, and rejects a model that predicts NaN', () => {
    const x = nn.tensor2d([[-1, 0], [1, 0]]);
    expect(nn.plot.decisionBoundary(verticalSplit(), x, nn.tensor([0, 1], [2]), { resolution: 10 })).toContain('>100.0%</text>');
    const broken = verticalSplit();
    broken.setWeights([nn.tensor2d([[NaN], [0]]), nn.tensor([0], [1])]);
    expect(() => nn.plot.decisionBoundary(broken, x, [0, 1])).toThrow(/predicts NaN or ±Infinity on the grid/);
    expect(() => nn.plot.decisionBoundary(verticalSplit(), nn.tensor2d([[NaN, 0], [1, 0]]), [0, 1])).toThrow(nn.ValueError);
  });

  it('rejects a model without 2 inputs, x that is not [n, 2], y of the wrong length, bad resolution', () => {
    const x = nn.tensor2d([[0, 0], [1, 1]]), y = nn.tensor2d([[0], [1]]);
    const three = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [3] })] });
    expect(() => nn.plot.decisionBoundary(three, x, y)).toThrow(nn.ShapeError);
    expect(() => nn.plot.decisionBoundary(three, x, y)).toThrow(/must take 2 inputs.*got a model with 3/);
    expect(() => nn.plot.decisionBoundary(verticalSplit(), nn.tensor2d([[0, 0, 0]]), nn.tensor2d([[0]]))).toThrow(nn.ShapeError);
    expect(() => nn.plot.decisionBoundary(verticalSplit(), x, [0, 1, 1])).toThrow(nn.ShapeError);
    expect(() => nn.plot.decisionBoundary(verticalSplit(), x, y, { resolution: 2 })).toThrow(nn.ConfigError);
    expect(() => nn.plot.decisionBoundary({} as never, x, y)).toThrow(nn.ConfigError);
  });
});

describe('plot.compareCurves', () => {
  const runs = {
    sgd: { history: { loss: [0.7, 0.65, 0.6, 0.58], acc: [0.5, 0.6, 0.62, 0.64] } },
    momentum: { history: { loss: [0.7, 0.5, 0.4, 0.35], acc: [0.5, 0.7, 0.8, 0.82] } },
    adam: { history: { loss: [0.7, 0.3, 0.2, 0.1], acc: [0.5, 0.85, 0.9, 0.95] } },
  };

  it('draws one series per run, named with its final value', () => {
    const info = checkSvg(nn.plot.compareCurves(runs, { title: 'Optimizers' }));
    expect(info.series).toEqual(['sgd (0.58)', 'momentum (0.35)', 'adam (0.1)']);
    expect(checkSvg(nn.plot.compareCurves(runs, { metric: 'acc' })).series).toEqual(['sgd (0.64)', 'momentum (0.82)', 'adam (0.95)']);
  });

  it('chooses a log axis for values spanning decades, linear otherwise, or as told', () => {
    expect(nn.plot.compareCurves(runs)).not.toContain('log scale');
    expect(nn.plot.compareCurves({ a: { history: { loss: [10, 1, 0.1, 0.01] } } })).toContain('loss (log scale)');
    expect(nn.plot.compareCurves(runs, { log: true })).toContain('loss (log scale)');
  });

  it('rejects no runs, a run without the metric, and a log axis for values ≤ 0', () => {
    expect(() => nn.plot.compareCurves({})).toThrow(nn.ValueError);
    expect(() => nn.plot.compareCurves(runs, { metric: 'val_loss' })).toThrow(/runs.sgd has no 'val_loss'; its keys: loss, acc/);
    expect(() => nn.plot.compareCurves({ a: { history: { loss: [1, 0] } } }, { log: true })).toThrow(nn.ValueError);
  });
});

describe('datasets', () => {
  it('moons, circles and spiral are seeded, shaped and balanced', () => {
    const a = nn.datasets.moons(101, { seed: 4 }), b = nn.datasets.moons(101, { seed: 4 });
    expect(a.x.dataSync()).toEqual(b.x.dataSync());
    expect(a.x.shape).toEqual([101, 2]);
    expect(a.y.shape).toEqual([101, 1]);
    expect(a.labels.filter((c) => c === 0).length).toBe(50);
    expect(nn.datasets.moons(101, { seed: 5 }).x.dataSync()).not.toEqual(a.x.dataSync());
    const c = nn.datasets.circles(200, { noise: 0, factor: 0.3, seed: 1 });
    const xy = c.x.dataSync();
    for (let i = 0; i < 200; i++) expect(Math.hypot(xy[2 * i]!, xy[2 * i + 1]!)).toBeCloseTo(c.labels[i] ? 0.3 : 1, 5);
    const s = nn.datasets.spiral(90, { classes: 3, seed: 1 });
    expect(s.y.shape).toEqual([90, 3]);
    expect([0, 1, 2].map((k) => s.labels.filter((c) => c === k).length)).toEqual([30, 30, 30]);
  });

  it('rejects bad sizes and options with ConfigError', () => {
    expect(() => nn.datasets.moons(1)).toThrow(nn.ConfigError);
    expect(() => nn.datasets.moons(10, { noise: -1 })).toThrow(/noise must be a finite number ≥ 0, got -1/);
    expect(() => nn.datasets.circles(10, { factor: 1.5 })).toThrow(nn.ConfigError);
    expect(() => nn.datasets.spiral(10, { classes: 1 })).toThrow(nn.ConfigError);
  });
});

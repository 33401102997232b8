// Review of the trial / gradient plots: non-finite parameters, empty layer records and very large
// inputs give a typed error that names the bad value (or a plot), never a crash or a RangeError.
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { checkSvg } from './svg-check.js';

const two = (a: number) => ({ trials: [{ params: { learningRate: a, units: 8 }, score: 1 }, { params: { learningRate: 0.1, units: 16 }, score: 2 }] });

describe('trial plots with bad parameter values', () => {
  it.each([NaN, Infinity, -Infinity])('%s as a parameter value is a ValueError naming the trial and parameter', (v) => {
    // NOTE: Infinity used to send the log-axis tick loop to infinity (the process died out of memory).
    for (const plot of [() => nn.plot.trials(two(v)), () => nn.plot.parallelCoordinates(two(v))]) {
      expect(plot).toThrow(nn.ValueError);
      expect(plot).toThrow(/trials\[0\]\.params\.learningRate must be a finite number, a string or a boolean, got (NaN|-?Infinity)/);
    }
  });

  // Math.min(...v) overflows the call stack above ~125,000 values in Node 20.
  it('150,000 trials plot (no spread of a huge array into Math.min)', () => {
    const trials = Array.from({ length: 150_000 }, (_, i) => ({ params: { learningRate: 1e-4 * (1 + (i % 1000)), units: 8 }, score: i % 97 }));
    expect(nn.plot.trials({ trials })).toContain('150000 trials');
  });
});

describe('a trial value the recorded choice does not list', () => {
  // simdnn tune's trial 0 is `simdnn train`'s default: activation 'relu' even when the space file's choice is [tanh, sigmoid].
  const result = {
    objective: 'val_loss',
    space: { act: { kind: 'choice', values: ['tanh', 'sigmoid'] }, lr: { kind: 'logUniform', low: 1e-4, high: 1 } },
    trials: [{ id: 0, params: { lr: 1e-3, act: 'relu' }, score: 0.5 }, { id: 1, params: { lr: 1e-2, act: 'tanh' }, score: 0.4 }, { id: 2, params: { lr: 1e-1, act: 'sigmoid' }, score: 0.6 }],
  };

  it('gets its own colour and legend entry in plot.trials (was fill="undefined")', () => {
    const svg = nn.plot.trials(result, { x: 'lr', color: 'act' });
    checkSvg(svg);
    expect(svg).not.toContain('undefined');
    expect(svg).toContain('>relu<');
  });

  it('gets its own tick on the parallel-coordinates axis, after the listed ones (was drawn at tanh)', () => {
    const svg = nn.plot.parallelCoordinates(result);
    // Axes lr, act, score: the act axis is each path's second point.
    const actY = (id: number) => new RegExp(`data-id="${id}" d="M\\S+ \\S+L\\S+ (\\S+)L`).exec(svg)![1];
    expect(actY(0)).not.toBe(actY(1));
  });
});

describe('decision boundary with many points', () => {
  it('150,000 points plot (no spread of a huge array into Math.min)', () => {
    const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
    const n = 150_000;
    const x = nn.tensor2d(Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(i)), [n, 2]);
    const svg = nn.plot.decisionBoundary(model, x, Int32Array.from({ length: n }, (_, i) => i % 2), { resolution: 10 });
    expect(svg.match(/class="point"/g)!.length).toBe(n);
    model.dispose();
  });
});

describe('gradient records without layers', () => {
  const empty = { layers: [], epochs: [0], norms: [[]], weightNorms: [[]] };
  it('plot.gradientHealth says no layer has trainable weights', () => {
    expect(() => nn.plot.gradientHealth(empty)).toThrow(nn.ValueError);
    expect(() => nn.plot.gradientHealth(empty)).toThrow(/no layer with trainable weights/);
  });

  it('a model without trainable weights: the callback records no layers, and diagnose / plot say why', async () => {
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2], trainable: false })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const norms = nn.callbacks.gradientNorms();
    await model.fit(nn.tensor2d([[0, 1], [1, 0]]), nn.tensor2d([[1], [0]]), { epochs: 2, callbacks: [norms] });
    expect(norms.layers).toEqual([]);
    expect(() => nn.diagnose.gradients(norms)).toThrow(/no layer with trainable weights/);
    expect(() => nn.plot.gradientHealth(norms)).toThrow(/no layer with trainable weights/);
    model.dispose();
  });

  it('a record (e.g. an edited JSON) with a non-number norm is a ValueError naming the cell in both readers', () => {
    // It was 'plot: internal: non-finite coordinate NaN' in the plot and a silent "exploding" verdict in diagnose.
    const record = { layers: ['a', 'b'], epochs: [0, 1], norms: [[1, 2], ['3' as unknown as number, 4]], weightNorms: [[1, 1], [1, 1]] };
    expect(() => nn.plot.gradientHealth(record)).toThrow(/norms\[1\]\[0\] must be a number, got string/);
    expect(() => nn.diagnose.gradients(record)).toThrow(/norms\[1\]\[0\] must be a number, got string/);
    const epochs = { ...record, norms: [[1, 2], [3, 4]], epochs: ['x' as unknown as number, 1] };
    expect(() => nn.plot.gradientHealth(epochs)).toThrow(/epochs must hold one integer ≥ 0 per recorded epoch/);
    const names = { ...record, norms: [[1, 2], [3, 4]], layers: ['a', 7 as unknown as string] };
    expect(() => nn.plot.gradientHealth(names)).toThrow(/layers\[1\] must be a layer name, got number/);
  });

  it('a normal record still plots', () => {
    checkSvg(nn.plot.gradientHealth({ layers: ['a'], norms: [[0.1], [0.2]], weightNorms: [[1], [1]] }));
  });
});

describe('layout options of the new plots', () => {
  const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
  const plots: [string, (o: object) => string][] = [
    ['trials', (o) => nn.plot.trials(two(0.01), o)],
    ['parallelCoordinates', (o) => nn.plot.parallelCoordinates(two(0.01), o)],
    ['compareCurves', (o) => nn.plot.compareCurves({ a: { history: { loss: [1, 0.5] } } }, o)],
    ['gradientHealth', (o) => nn.plot.gradientHealth({ layers: ['a'], norms: [[0.1]], weightNorms: [[1]] }, o)],
    ['decisionBoundary', (o) => nn.plot.decisionBoundary(model, [[0, 0], [1, 1]], [0, 1], o)],
  ];
  it.each(plots)('%s: a NaN width / size, a numeric title or null options are ConfigErrors', (_, plot) => {
    // They were 'plot: internal: non-finite coordinate NaN' and 'TypeError: s.replace is not a function'.
    expect(() => plot({ width: NaN, size: NaN })).toThrow(nn.ConfigError);
    expect(() => plot({ width: NaN, size: NaN })).toThrow(/(width|size) must be a number of pixels > 0, got NaN/);
    expect(() => plot({ title: 5 })).toThrow(/title must be a string, got number/);
    expect(() => plot(null as never)).toThrow(/options must be an object, got null/);
  });
});

// nn.plot.trials and nn.plot.parallelCoordinates on hand-made search results (the tuner's result shape).
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { checkSvg } from './svg-check.js';

type Trial = { id: number; params: Record<string, number | string | boolean>; score: number; status: string };

/** 12 trials over 4 decades of learning rate; #3 pruned, #7 failed (NaN); the best complete one is #5. */
function search(): { trials: Trial[]; objective: string; mode: 'max' } {
  const trials: Trial[] = [];
  for (let id = 0; id < 12; id++) {
    const learningRate = 10 ** (-5 + (4 * id) / 11);
    const score = id === 7 ? NaN : id === 5 ? 0.97 : 0.6 + 0.02 * id;
    trials.push({ id, params: { learningRate, units: 16 * (1 + (id % 3)), optimizer: ['sgd', 'adam'][id % 2]!, batchSize: 32 }, score, status: id === 3 ? 'pruned' : id === 7 ? 'failed' : 'complete' });
  }
  return { trials, objective: 'val_acc', mode: 'max' };
}

const count = (svg: string, re: RegExp) => svg.match(re)?.length ?? 0;

describe('plot.trials', () => {
  it('draws one point per usable trial, hollow when pruned, leaves failed ones out and says so', () => {
    const svg = nn.plot.trials(search(), { title: 'lr < search & co' });
    checkSvg(svg);
    expect(count(svg, /<circle class="trial[ "]/g)).toBe(11);
    expect(count(svg, /class="trial pruned"/g)).toBe(1);
    expect(svg).toContain('1 failed (not shown)');
    expect(svg).toContain('1 pruned (hollow)');
    expect(svg).toContain('val_acc (↑ higher is better)');
    expect(svg).toContain('lr &lt; search &amp; co');
  });

  it('rings the best complete trial', () => {
    const svg = nn.plot.trials(search());
    const best = /class="trial" data-id="5" cx="([\d.]+)" cy="([\d.]+)"/.exec(svg)!;
    expect(svg).toContain(`<circle class="best" cx="${best[1]}" cy="${best[2]}"`);
    expect(svg).toContain('best: val_acc 0.97');
  });

  it('picks a log x axis for a range over 1.5 decades, and a linear one otherwise or when told', () => {
    expect(nn.plot.trials(search())).toContain('learningRate (log scale)');
    const narrow = search();
    narrow.trials.forEach((t, i) => (t.params.learningRate = 0.01 + 0.001 * i));
    expect(nn.plot.trials(narrow)).not.toContain('log scale');
    expect(nn.plot.trials(search(), { logX: false })).not.toContain('log scale');
    expect(nn.plot.trials(narrow, { logX: true })).toContain('learningRate (log scale)');
  });

  it('colours by a categorical parameter with one legend entry per value', () => {
    const svg = nn.plot.trials(search(), { color: 'optimizer' });
    expect(count(svg, /class="legend-item"/g)).toBe(2);
    expect(svg).toMatch(/>adam<\/text>/);
    expect(svg).toMatch(/>sgd<\/text>/);
    expect(svg).not.toContain('class="colorbar"');
  });

  it('colours by a numeric parameter with a colour bar', () => {
    const svg = nn.plot.trials(search(), { color: 'units' });
    expect(svg).toContain('class="colorbar"');
    expect(count(svg, /class="legend-item"/g)).toBe(0);
  });

  it('puts a categorical parameter on x with one tick per value', () => {
    const svg = nn.plot.trials(search(), { x: 'optimizer' });
    checkSvg(svg);
    expect(count(svg, /<circle class="trial[ "]/g)).toBe(11);
    expect(svg).toMatch(/text-anchor="middle" font-size="11">adam<\/text>/);
  });

  it('counts trials without the x parameter (conditional ones) instead of drawing them', () => {
    const result = search();
    delete (result.trials[0]!.params as Record<string, unknown>).learningRate;
    const svg = nn.plot.trials(result);
    expect(count(svg, /<circle class="trial[ "]/g)).toBe(10);
    expect(svg).toContain('1 without learningRate (not shown)');
  });

  it('guesses the mode from the objective when the result does not give it', () => {
    const { trials } = search();
    expect(nn.plot.trials({ trials, objective: 'val_loss' })).toContain('↓ lower is better');
    expect(nn.plot.trials({ trials, objective: 'val_accuracy' })).toContain('↑ higher is better');
  });

  it('rejects no trials, only failed trials, and unknown parameter names with typed errors', () => {
    expect(() => nn.plot.trials({ trials: [] })).toThrow(nn.ValueError);
    expect(() => nn.plot.trials({ trials: [{ params: { learningRate: 0.1 }, score: NaN }] })).toThrow(/at least one trial with a finite score/);
    expect(() => nn.plot.trials(null as never)).toThrow(nn.ValueError);
    expect(() => nn.plot.trials(search(), { x: 'lr' })).toThrow(nn.ConfigError);
    expect(() => nn.plot.trials(search(), { x: 'lr' })).toThrow(/x must name a parameter of the trials \(learningRate, units, optimizer, batchSize\), got "lr"/);
    expect(() => nn.plot.trials(search(), { color: 'activation' })).toThrow(nn.ConfigError);
    expect(() => nn.plot.trials(search(), { x: 'optimizer', logX: true })).not.toThrow(); // categories ignore logX
  });
});

describe('plot.parallelCoordinates', () => {
  it('draws one axis per varying parameter plus the score, and one line per usable trial', () => {
    const svg = nn.plot.parallelCoordinates(search(), { title: 'Search' });
    checkSvg(svg);
    const axes = [...svg.matchAll(/class="axis" data-name="([^"]+)"/g)].map((m) => m[1]);
    expect(axes).toEqual(['learningRate', 'units', 'optimizer', 'val_acc']); // batchSize is fixed: no axis
    expect(count(svg, /<path class="trial/g)).toBe(11);
    expect(svg).toContain('1 failed (not shown)');
    expect(svg).toContain('stroke-dasharray="5 3"'); // the pruned trial
  });

  it('uses a log axis for the learning rate and evenly spaced labelled values for categories', () => {
    const svg = nn.plot.parallelCoordinates(search());
    const axis = (name: string) => new RegExp(`data-name="${name}">[\\s\\S]*?</g>`).exec(svg)![0];
    expect(axis('learningRate')).toContain('log scale');
    expect(axis('units')).not.toContain('log scale');
    expect(axis('optimizer')).toContain('categorical');
    expect(axis('optimizer')).toMatch(/>adam<\/text>/);
    expect(axis('optimizer')).toMatch(/>sgd<\/text>/);
  });

  it('takes the axis kinds from the recorded space when the result has one (nn.tuner results do)', () => {
    // units spans 16..48 (0.5 decades: a guess would be linear) but was searched on a log scale; the
    // numeric choice gets categories in the choice's order, not a linear axis.
    const result = { ...search(), space: { learningRate: { kind: 'logUniform' }, units: { kind: 'int', log: true }, optimizer: { kind: 'choice', values: ['sgd', 'adam', 'rmsprop'] } } };
    result.trials.forEach((t, i) => (t.params.optimizer = ['sgd', 'adam', 'rmsprop'][i % 3]!));
    const svg = nn.plot.parallelCoordinates(result);
    const axis = (name: string) => new RegExp(`data-name="${name}">[\\s\\S]*?</g>`).exec(svg)![0];
    expect(axis('units')).toContain('log scale');
    const labels = [...axis('optimizer').matchAll(/>(sgd|adam|rmsprop)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['sgd', 'adam', 'rmsprop']); // the choice's order, not sorted
    const byBatch = nn.plot.trials({ ...result, space: { ...result.space, units: { kind: 'choice', values: [48, 16, 32] } } }, { x: 'units' });
    expect([...byBatch.matchAll(/font-size="11">(16|32|48)<\/text>/g)].map((m) => m[1])).toEqual(['48', '16', '32']);
  });

  it('draws the best trial last, thickest and darkest', () => {
    const svg = nn.plot.parallelCoordinates(search());
    const lines = [...svg.matchAll(/<path class="trial[^"]*" data-id="(\d+)"[^>]*stroke-width="([\d.]+)"/g)];
    expect(lines.at(-1)![1]).toBe('5');
    expect(Number(lines.at(-1)![2])).toBe(Math.max(...lines.map((m) => Number(m[2]))));
    expect(svg).toMatch(/class="trial best" data-id="5"[^>]*stroke="#440154"/); // viridis' dark end
  });

  it('shows exactly the chosen params, in order', () => {
    const svg = nn.plot.parallelCoordinates(search(), { params: ['optimizer', 'batchSize'] });
    expect([...svg.matchAll(/class="axis" data-name="([^"]+)"/g)].map((m) => m[1])).toEqual(['optimizer', 'batchSize', 'val_acc']);
  });

  it('keeps the SVG valid for one trial, and for equal scores and values', () => {
    const one = { trials: [{ params: { learningRate: 0.01 }, score: 0.5 }] };
    for (const svg of [nn.plot.parallelCoordinates(one), nn.plot.trials(one)]) {
      checkSvg(svg);
      expect(count(svg, /<(path|circle) class="trial/g)).toBe(1);
    }
    const flat = { trials: [1, 2, 3].map((id) => ({ id, params: { learningRate: 0.1, act: 'relu' }, score: 0.3 })) };
    checkSvg(nn.plot.trials(flat, { color: 'act' }));
    checkSvg(nn.plot.parallelCoordinates(flat));
  });

  it('rejects no trials, unknown or empty params with typed errors', () => {
    expect(() => nn.plot.parallelCoordinates({ trials: [] })).toThrow(nn.ValueError);
    expect(() => nn.plot.parallelCoordinates(search(), { params: ['dropout'] })).toThrow(nn.ConfigError);
    expect(() => nn.plot.parallelCoordinates(search(), { params: [] })).toThrow(/params must be a non-empty array/);
  });
});

// `simdnn tune` end to end on the MNIST sample (the built CLI in a child process), resume, and bad input.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSvg } from '../plot/svg-check.js';
import { cli, expectNoStack } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnn-tune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Saved {
  trials: { id: number; score: number; status: string; params: Record<string, unknown> }[];
}

describe('simdnn tune --mnist', () => {
  const out = join(dir, 'mnist');
  const args = ['tune', '--mnist', '--train-samples', '5000', '--epochs', '2', '--seed', '1', '--time-limit', '120', '--out', out];

  it('beats the default configuration, with a line per trial, results and plots', () => {
    const r = cli([...args, '--trials', '10'], { timeout: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    console.log(r.stdout);
    // CI is set, so progress is one plain line per finished trial.
    expect(r.stdout.match(/^trial +\d+\/10 #\d+ +val_acc \d\.\d{4}/gm)).toHaveLength(10);
    expect(r.stdout).toMatch(/trial 0 is the default of `simdnn train`: lr=0\.001 units=128 depth=2 activation=relu batchSize=32 dropout=0/);
    const m = /default \(trial 0\): val_acc ([\d.]+); best \(trial (\d+)\): ([\d.]+)/.exec(r.stdout);
    expect(m).not.toBeNull();
    const [def, bestId, best] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(bestId).not.toBe(0);
    expect(best).toBeGreaterThan(def);
    expect(r.stdout).toMatch(/reproduce: simdnn train --mnist --train-samples 5000 --layers \d+(,\d+)? --activation \w+ --optimizer adam --lr [\d.e-]+ --batch-size \d+ --epochs 2 --seed 1/);

    const saved = JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8')) as Saved;
    expect(saved.trials).toHaveLength(10);
    expect(Math.max(...saved.trials.map((t) => t.score))).toBeCloseTo(best, 4);
    expect(checkSvg(readFileSync(join(out, 'trials.svg'), 'utf8')).width).toBeGreaterThan(0);
    expect(checkSvg(readFileSync(join(out, 'parallel.svg'), 'utf8')).width).toBeGreaterThan(0);
  });

  it('--resume runs only the trials that are missing and keeps the recorded ones', () => {
    const before = JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8')) as Saved;
    const r = cli([...args, '--trials', '12', '--resume', join(out, 'tune.json')], { timeout: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ids = [...r.stdout.matchAll(/^trial +\d+\/12 #(\d+)/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([10, 11]);
    const after = JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8')) as Saved;
    expect(after.trials).toHaveLength(12);
    for (const t of before.trials) expect(after.trials.find((u) => u.id === t.id)).toEqual(t);
  });
});

describe('simdnn tune --halving', () => {
  it('stops trials that are behind and trains fewer epochs than trials × epochs', () => {
    const out = join(dir, 'halving');
    const r = cli(['tune', '--mnist', '--train-samples', '3000', '--epochs', '3', '--trials', '6', '--halving', '--strategy', 'random', '--out', out], { timeout: 240_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/successive halving from 1 epoch \(η = 3\)/);
    const pruned = r.stdout.match(/^trial .* pruned after \d ep /gm) ?? [];
    expect(pruned.length).toBeGreaterThan(0);
    const spent = Number(/(\d+) epochs trained/.exec(r.stdout)?.[1]);
    expect(spent).toBeLessThan(6 * 3);
    const saved = JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8')) as Saved;
    expect(saved.trials.filter((t) => t.status === 'pruned')).toHaveLength(pruned.length);
  });
});

describe('simdnn tune on a CSV with a space file', () => {
  it('searches a regression by val_loss over the parameters the file names, with grid points', () => {
    const spaceFile = join(dir, 'space.json');
    writeFileSync(spaceFile, JSON.stringify({ lr: { logUniform: [0.001, 0.1], grid: 3 }, layers: { choice: ['16', '32,16'] }, optimizer: 'momentum' }));
    const csv = fileURLToPath(new URL('../../examples/data/houses.csv', import.meta.url));
    const out = join(dir, 'houses');
    const r = cli(['tune', '--csv', csv, '--label', 'price_k', '--space', spaceFile, '--strategy', 'grid', '--epochs', '5', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/regression/);
    expect(r.stdout).toMatch(/objective val_loss \(lower is better\)/);
    // The default for a fixed momentum optimizer is lr 0.01 (as `simdnn train`), then the 3 × 2 grid.
    expect(r.stdout).toMatch(/trial 0 is the default of `simdnn train`: lr=0\.01 layers=128,64 optimizer=momentum/);
    const saved = JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8')) as Saved;
    expect(saved.trials).toHaveLength(7);
    const grid = saved.trials.slice(1).map((t) => `${String(t.params.lr)}|${String(t.params.layers)}`);
    expect(new Set(grid).size).toBe(6);
    expect(r.stdout).toMatch(/reproduce: simdnn train --csv .*houses\.csv --label price_k --layers (16|32,16|128,64) --activation relu --optimizer momentum --lr 0\.(001|01|1) /);
  });
});

describe('simdnn tune: bad input gives one clear message', () => {
  const space = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const cases: [string, string[], RegExp][] = [
    ['unknown strategy', ['tune', '--mnist', '--strategy', 'genetic'], /--strategy must be one of bayesian, random, grid, got "genetic"/],
    ['zero validation split', ['tune', '--mnist', '--val-split', '0'], /--val-split must be > 0/],
    ['halving options without --halving', ['tune', '--mnist', '--eta', '2'], /--min-epochs and --eta apply with --halving only/],
    ['unknown space parameter', ['tune', '--mnist', '--space', space('s1.json', '{"momentum": 0.9}')], /unknown parameter "momentum"; expected some of lr, units/],
    ['bad range', ['tune', '--mnist', '--space', space('s2.json', '{"lr": {"logUniform": [0, 0.1]}}')], /"lr": .*log/],
    ['not JSON', ['tune', '--mnist', '--space', space('s3.json', '{lr: 1')], /--space .*s3\.json: /],
    ['layers and units', ['tune', '--mnist', '--space', space('s4.json', '{"layers": {"choice": ["64"]}, "units": 32}')], /either "layers" or "units"\/"depth"/],
    ['missing resume file', ['tune', '--mnist', '--resume', join(dir, 'none.json')], /--resume .*none\.json: no such file/],
  ];
  it.each(cases)('%s', (_, args, message) => {
    const r = cli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/simdnn tune --help/);
    expectNoStack(r);
    expect(existsSync(join(dir, 'simdnn-tune'))).toBe(false); // nothing written for a refused command
  });
});

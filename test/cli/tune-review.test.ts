// Review of `simdnn tune` on a CSV: a space that does not search lr still gets its plots, and a search
// where every trial failed says so instead of reproducing a failed config and crashing in the plot.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSvg } from '../plot/svg-check.js';
import { cli, expectNoStack } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnn-tune-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csv = fileURLToPath(new URL('../../examples/data/houses.csv', import.meta.url));
const tune = (name: string, space: object) => {
  const spaceFile = join(dir, `${name}.json`);
  writeFileSync(spaceFile, JSON.stringify(space));
  const out = join(dir, name);
  return { out, r: cli(['tune', '--csv', csv, '--label', 'price_k', '--space', spaceFile, '--strategy', 'grid', '--epochs', '2', '--out', out]) };
};

describe('simdnn tune --space without a searched lr', () => {
  it.each([
    ['no lr', { layers: { choice: ['16', '8'] } }],
    ['fixed lr', { lr: 0.01, layers: { choice: ['16', '8'] } }],
  ])('%s: the trials plot puts the first searched parameter on x', (name, space) => {
    const { out, r } = tune(name.replace(' ', '-'), space);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const svg = readFileSync(join(out, 'trials.svg'), 'utf8');
    checkSvg(svg);
    expect(svg).toContain('val_loss by layers');
  });
});

describe('simdnn tune where every trial fails', () => {
  it('says every trial failed with the first error, and prints no reproduce line', () => {
    const { r } = tune('diverge', { lr: 1e6, optimizer: 'sgd', layers: { choice: ['16', '8'] } });
    expectNoStack(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/every trial failed \(trial #0: .+\); the trials are in .*tune\.json/);
    expect(r.stdout).not.toContain('reproduce:');
  });
});

describe('simdnn tune --time-limit 0', () => {
  it('is a usage error before any data is read (it was the library\'s ConfigError after loading)', () => {
    const r = cli(['tune', '--csv', csv, '--label', 'price_k', '--time-limit', '0', '--out', join(dir, 't0')]);
    expectNoStack(r);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--time-limit must be a number of seconds > 0, got "0"\nRun `simdnn tune --help`/);
    expect(r.stdout).toBe('');
  });
});

describe('simdnn tune data line', () => {
  it('counts the held-out rows as fit splits them: 120 rows at --val-split 0.11 are 106 train + 14 held out', () => {
    const spaceFile = join(dir, 'split.json');
    writeFileSync(spaceFile, JSON.stringify({ layers: { choice: ['8'] } }));
    const r = cli(['tune', '--csv', csv, '--label', 'price_k', '--space', spaceFile, '--val-split', '0.11', '--epochs', '1', '--trials', '1', '--out', join(dir, 'split')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data: 120 rows (106 train, last 14 held out to score trials)');
  });
});

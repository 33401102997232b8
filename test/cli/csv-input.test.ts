// CSV input edge cases for the CLI: data-sized files (no spread of rows into Math.max), one-class labels,
// and strict decimal parsing of cells (Number() would take '0x1F', '' and ' ').
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, parseCsv, parseDecimal } from '../../src/cli/csv.js';
import { fromTable } from '../../src/cli/data.js';
import { formatConfusion } from '../../src/cli/report.js';
import { cli, expectNoStack } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnn-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('a 200,000-row classification CSV', () => {
  // NOTE: Node 20 overflows the stack spreading ~125k arguments (Math.max(...labels) did).
  const rows = 200_000;
  const lines = ['x,y'];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 100) / 10},${i % 100 < 50 ? 0 : 1}`);
  const csv = file('big.csv', lines.join('\n') + '\n');

  it('reads it in-process as two classes', () => {
    const p = fromTable(parseCsv(lines.join('\n'), 'big.csv'), 'y', 'auto');
    expect(p.n).toBe(rows);
    expect(p.meta.classes).toEqual(['0', '1']);
  });

  it('trains on it and evaluates it from the command line', () => {
    const out = join(dir, 'big-model');
    const r = cli(['train', '--csv', csv, '--label', 'y', '--layers', '2', '--epochs', '1', '--batch-size', '1024', '--val-split', '0', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`data: ${rows} rows, 1 features, classification (2 classes: 0, 1)`);
    const ev = cli(['evaluate', '--model', out, '--csv', csv]);
    expect(ev.stderr).toBe('');
    expect(ev.code).toBe(0);
  });

  it('formats a confusion matrix of 400 × 400 classes (160,000 cells)', () => {
    const k = 400;
    const m = Array.from({ length: k }, (_, t) => Array.from({ length: k }, (_, p) => (t === p ? 12345 : 0)));
    const text = formatConfusion(m, Array.from({ length: k }, (_, i) => String(i)));
    expect(text.split('\n')).toHaveLength(k + 2);
    expect(text).toContain(' 12345');
  });
});

describe('a label column with one class', () => {
  // Keras would train a one-unit softmax (always 1) or a 2-class model that never saw class 1:
  // either way the model learns nothing, so it is a user error with a message.
  const cases: [string, string, string][] = [
    ['index 0', 'x,y\n1,0\n2,0\n3,0\n', 'auto'],
    ['index 3', 'x,y\n1,3\n2,3\n', 'auto'],
    ['index 1 under --task classification', 'x,y\n1,1\n2,1\n', 'classification'],
    ['a class name', 'x,y\n1,cat\n2,cat\n', 'auto'],
  ];
  it.each(cases)('%s is refused in-process', (_, text, task) => {
    expect(() => fromTable(parseCsv(text, 'one.csv'), 'y', task as 'auto')).toThrow(/one\.csv: column "y" has only one class \(".+"\) in \d+ rows; a classifier needs at least two classes/);
  });

  it('one-hot columns where only one is ever 1 are refused', () => {
    expect(() => fromTable(parseCsv('x,a,b\n1,1,0\n2,1,0\n', 'one.csv'), 'a,b', 'auto')).toThrow(/only one class \("a"\).*needs at least two classes/);
  });

  it('is one clear message from the command line', () => {
    const r = cli(['train', '--csv', file('one.csv', 'x,y\n1,0\n2,0\n3,0\n'), '--label', 'y', '--epochs', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/column "y" has only one class \("0"\) in 3 rows; a classifier needs at least two classes/);
    expectNoStack(r);
  });

  it('two classes where one is rare still train', () => {
    const p = fromTable(parseCsv('x,y\n1,0\n2,0\n3,1\n', 'f.csv'), 'y', 'auto');
    expect(p.meta.classes).toEqual(['0', '1']);
  });
});

describe('cells are decimal numbers', () => {
  it('parseDecimal takes decimal notation only', () => {
    for (const [s, v] of [['1', 1], ['-2.5', -2.5], ['+.5', 0.5], ['5.', 5], ['1e3', 1000], ['1.5E-2', 0.015], ['007', 7], ['-0', -0]] as const) {
      expect(parseDecimal(s), s).toBe(v);
    }
    for (const s of ['', ' ', '0x1F', '0b11', '0o7', '1e400', '-1e400', 'Infinity', 'NaN', '1_000', '1,5', '.', 'e5', '1e', '--1', '3.4e39']) {
      expect(parseDecimal(s), JSON.stringify(s)).toBeNaN();
    }
  });

  const bad: [string, string, RegExp][] = [
    ['hex feature', 'a,b,y\n1,2,0\n3,0x1F,1\n', /bad\.csv:3: column "b" is "0x1F"; expected a decimal number/],
    ['blank feature', 'a,b,y\n1,2,0\n3, ,1\n', /bad\.csv:3: column "b" is empty; expected a decimal number/],
    ['overflowing feature', 'a,b,y\n1,1e400,0\n3,4,1\n', /bad\.csv:2: column "b" is "1e400"; expected a decimal number/],
    ['feature beyond float32', 'a,b,y\n1,2,0\n3e39,4,1\n', /bad\.csv:3: column "a" is "3e39"; expected a decimal number/],
    ['hex regression target', 'a,y\n1,0.5\n2,0x10\n', /bad\.csv:3: column "y" is "0x10"; expected a decimal number/],
  ];
  it.each(bad)('CLI: %s names the line and column', (_, text, message) => {
    const task = text.includes('0.5') ? ['--task', 'regression'] : [];
    const r = cli(['train', '--csv', file('bad.csv', text), '--label', 'y', '--epochs', '1', ...task]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expectNoStack(r);
  });

  it('hex feature is a DataError in-process', () => {
    expect(() => fromTable(parseCsv('a,y\n0x1F,0\n2,1\n', 'f.csv'), 'y', 'auto')).toThrow(DataError);
  });

  it('a label column of hex strings is class names, not numbers', () => {
    const p = fromTable(parseCsv('x,y\n1,0x1\n2,0x2\n3,0x1\n', 'f.csv'), 'y', 'auto');
    expect(p.meta.encoding).toBe('names');
    expect(p.meta.classes).toEqual(['0x1', '0x2']);
  });
});

// The CLI's CSV reader streams: chunk boundaries anywhere give the same table, the delimiter is given or
// detected, and text feature columns become one-hot categories whose mapping preprocessing.json keeps
// for evaluate and predict.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { DataError, cellText, delimiterOption, detectDelimiter, parseCsv, parseCsvChunks, readCsv, type Table } from '../../src/cli/csv.js';
import { fromTable, inputWidth } from '../../src/cli/data.js';
import { cli, expectNoStack } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnn-csv-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Every cell of a table as text, with its line numbers: what two reads must agree on. */
function dump(t: Table): { header: string[]; line: number[]; cells: string[][] } {
  const cells = Array.from({ length: t.n }, (_, r) => t.header.map((_, j) => cellText(t, r, j)));
  return { header: t.header, line: Array.from(t.line), cells };
}

describe('the streaming reader', () => {
  // Quotes with delimiters, "" escapes and line breaks, CRLF and LF, a BOM and a blank line.
  const text = '\ufeffname,"v, w",n\r\n"a ""q"" one",1,"x\ny"\r\n\r\nb,"2",plain\n"c,d",3,"e""\r\nf"\n';

  it('gives the same table for every split of the text into two chunks', () => {
    const whole = dump(parseCsv(text, 'f.csv'));
    expect(whole.cells).toEqual([['a "q" one', '1', 'x\ny'], ['b', '2', 'plain'], ['c,d', '3', 'e"\r\nf']]);
    expect(whole.line).toEqual([2, 5, 6]);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(dump(parseCsvChunks([text.slice(0, cut), text.slice(cut)], 'f.csv')), `cut at ${cut}`).toEqual(whole);
    }
  });

  it('gives the same table one character at a time', () => {
    expect(dump(parseCsvChunks(text, 'f.csv'))).toEqual(dump(parseCsv(text, 'f.csv')));
  });

  it('reads a file larger than one stream chunk (64 KiB) as the in-memory parser does', async () => {
    const rows = ['id;colour;value'];
    for (let i = 0; i < 20_000; i++) rows.push(`${i};${['"red"', 'green', '"blue;ish"'][i % 3]};${(i * 0.37).toFixed(3)}`);
    const text = rows.join('\r\n') + '\r\n';
    expect(text.length).toBeGreaterThan(4 * 65536);
    const streamed = await readCsv(file('big.csv', text));
    expect(streamed.delimiter).toBe(';');
    expect(streamed.n).toBe(20_000);
    expect(dump(streamed)).toEqual(dump(parseCsv(text, join(dir, 'big.csv'))));
    // 20,000 distinct ids: that column keeps numbers only, no dictionary of strings.
    expect(streamed.columns[0]!.dict).toBeNull();
    expect(streamed.columns[1]!.dict).toEqual(['red', 'green', 'blue;ish']);
    expect(streamed.columns[2]!.numbers[19_999]).toBeCloseTo(19_999 * 0.37, 2);
  });

  it('reports an unclosed quote, a short row and a missing file by file and line', async () => {
    expect(() => parseCsvChunks(['a,b\n1,"2', '\n3,4\n'], 'f.csv')).toThrow(/f\.csv:2: a quoted field is not closed/);
    expect(() => parseCsvChunks(['a,b\n1,2\n3', '\n'], 'f.csv')).toThrow(/f\.csv:3: expected 2 columns \(as the header\), got 1/);
    await expect(readCsv(join(dir, 'nope.csv'))).rejects.toThrow(/nope\.csv: no such file/);
  });
});

describe('delimiters', () => {
  it('are detected from the header line, outside quotes', () => {
    expect(detectDelimiter('a;b;c', 'f.csv')).toBe(';');
    expect(detectDelimiter('a\tb', 'f.csv')).toBe('\t');
    expect(detectDelimiter('"x;y",b', 'f.csv')).toBe(',');
    expect(detectDelimiter('only', 'f.csv')).toBe(',');
    expect(() => detectDelimiter('a,b;c', 'f.csv')).toThrow(/f\.csv:1: cannot tell the delimiter: the header has 1 comma, 1 semicolon; pass --delimiter/);
  });

  it('--delimiter takes one character or tab, and overrides detection', () => {
    expect(delimiterOption('tab')).toBe('\t');
    expect(delimiterOption('\\t')).toBe('\t');
    expect(delimiterOption('|')).toBe('|');
    for (const bad of ['', ';;', '"', '\n']) expect(() => delimiterOption(bad), JSON.stringify(bad)).toThrow(/--delimiter must be one character/);
    const t = parseCsv('a,b|c\n1,5|2\n', 'f.csv', { delimiter: '|' });
    expect(t.header).toEqual(['a,b', 'c']);
  });

  it('a semicolon file with decimal commas is refused, not read as categories', () => {
    expect(() => fromTable(parseCsv('x;y\n1,5;0\n2,5;1\n', 'eu.csv'), 'y', 'auto')).toThrow(/eu\.csv:2: column "x" is "1,5"; expected a decimal number/);
  });

  it('CLI: a tab-separated file trains; an ambiguous header is one clear message', () => {
    const rows = ['x1\tx2\ty'];
    for (let i = 0; i < 60; i++) rows.push(`${i % 7}\t${(i * 3) % 5}\t${i % 2}`);
    const tsv = file('t.tsv', rows.join('\n') + '\n');
    const r = cli(['train', '--csv', tsv, '--label', 'y', '--epochs', '1', '--out', join(dir, 'tsv-model')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data: 60 rows, 2 features, classification');
    const amb = cli(['train', '--csv', file('amb.csv', 'a,b;c\n1,2;3\n'), '--label', 'c', '--epochs', '1']);
    expect(amb.code).toBe(1);
    expect(amb.stderr).toMatch(/amb\.csv:1: cannot tell the delimiter/);
    expectNoStack(amb);
  });
});

describe('categorical features', () => {
  // y is 1 exactly for red and blue rows: only a model that sees the colour can learn it.
  const colours = ['red', 'green', 'blue', 'yellow'];
  const rows = ['x,colour,y'];
  for (let i = 0; i < 400; i++) {
    const c = colours[(i * 7) % 4]!;
    rows.push(`${((i * 13) % 17) / 10},${c},${c === 'red' || c === 'blue' ? 1 : 0}`);
  }
  const text = rows.join('\n') + '\n';

  it('a text column is one-hot inputs, sorted categories, not standardized', () => {
    const p = fromTable(parseCsv(text, 'c.csv'), 'y', 'auto');
    expect(p.meta.categories).toEqual({ colour: ['blue', 'green', 'red', 'yellow'] });
    expect(inputWidth(p.meta)).toBe(5);
    expect(p.meta.mean!.slice(1)).toEqual([0, 0, 0, 0]);
    expect(p.meta.std!.slice(1)).toEqual([1, 1, 1, 1]);
    const row0 = Array.from(p.x.subarray(1, 5)); // row 0 is red
    expect(row0).toEqual([0, 0, 1, 0]);
  });

  it('a numeric column with a word in it is an error that suggests --categorical; codes with digits need the flag', () => {
    expect(() => fromTable(parseCsv('x,y\n1,0\nabc,1\n', 'f.csv'), 'y', 'auto')).toThrow(/f\.csv:3: column "x" is "abc"; expected a decimal number \(if "x" holds categories, pass --categorical x\)/);
    expect(() => fromTable(parseCsv('x,code,y\n1,A1,0\n2,B7,1\n', 'f.csv'), 'y', 'auto')).toThrow(/column "code" is "A1"/);
    const p = fromTable(parseCsv('x,code,y\n1,A1,0\n2,B7,1\n3,A1,0\n', 'f.csv'), 'y', 'auto', ['code']);
    expect(p.meta.categories).toEqual({ code: ['A1', 'B7'] });
    expect(() => fromTable(parseCsv('x,y\n1,0\n2,1\n', 'f.csv'), 'y', 'auto', ['y'])).toThrow(UsageError);
    expect(() => fromTable(parseCsv('x,y\n1,0\n2,1\n', 'f.csv'), 'y', 'auto', ['z'])).toThrow(/no column "z" \(--categorical\)/);
    expect(() => fromTable(parseCsv('x,c,y\n1,,0\n2,NA,1\n', 'f.csv'), 'y', 'auto')).toThrow(DataError);
  });

  it('CLI: trains on the colour, saves the mapping, and evaluate/predict apply it; an unknown colour is refused', () => {
    const csv = file('colours.csv', text);
    const out = join(dir, 'colour-model');
    const r = cli(['train', '--csv', csv, '--label', 'y', '--layers', '8', '--epochs', '60', '--lr', '0.05', '--val-split', '0', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data: 400 rows, 5 features, classification');
    const meta = JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8'));
    expect(meta.categories).toEqual({ colour: ['blue', 'green', 'red', 'yellow'] });
    const ev = cli(['evaluate', '--model', out, '--csv', csv]);
    expect(ev.code).toBe(0);
    expect(Number(/accuracy ([\d.]+)/.exec(ev.stdout)?.[1])).toBeGreaterThan(0.98);
    const pr = cli(['predict', '--model', out, '--csv', file('new.csv', 'colour;x\nblue;0.3\ngreen;0.3\n')]);
    expect(pr.stderr).toBe('');
    expect(pr.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['1', '0']);
    const unknown = cli(['predict', '--model', out, '--csv', file('purple.csv', 'x,colour\n0.1,red\n0.2,purple\n')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/purple\.csv:3: column "colour" is "purple"; expected one of its categories \(blue, green, red, yellow\)/);
    expectNoStack(unknown);
  });
});

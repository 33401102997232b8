import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { checkSvg } from '../plot/svg-check.js';
import { cli, expectNoStack } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnn-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Three well-separated blobs in 2-D with class names, deterministic. */
function blobs(): string {
  const lines = ['x1,x2,kind'];
  const centres: [number, number, string][] = [[0, 0, 'red'], [4, 0, 'green'], [0, 4, 'blue']];
  for (let i = 0; i < 90; i++) {
    const [cx, cy, name] = centres[i % 3]!;
    lines.push(`${(cx + 0.6 * Math.sin(i * 1.7)).toFixed(3)},${(cy + 0.6 * Math.cos(i * 2.3)).toFixed(3)},${name}`);
  }
  return lines.join('\n') + '\n';
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('simdnn --help', () => {
  it('lists the commands, and each command lists its options', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['train', 'evaluate', 'predict', 'tune', 'demo']) expect(top.stdout).toContain(`simdnn ${c}`);
    const train = cli(['train', '--help']);
    expect(train.code).toBe(0);
    for (const o of ['--csv', '--label', '--mnist', '--layers', '--activation', '--optimizer', '--lr', '--epochs', '--batch-size', '--seed', '--dropout', '--l2', '--batch-norm', '--val-split', '--early-stopping', '--human-error', '--backend', '--out']) {
      expect(train.stdout).toContain(o);
    }
    expect(cli(['evaluate', '--help']).stdout).toContain('--model');
    expect(cli(['predict', '-h']).stdout).toContain('--output');
  });
});

describe('train → evaluate → predict on a CSV', () => {
  const csv = file('blobs.csv', blobs());
  const out = join(dir, 'blobs-model');

  it('trains a classifier from class names and writes the model and plots', () => {
    const r = cli(['train', '--csv', csv, '--label', 'kind', '--layers', '8', '--epochs', '40', '--lr', '0.05', '--batch-norm', '--dropout', '0.1', '--l2', '0.0001', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('classification (3 classes: blue, green, red)');
    // Bias/variance from the last epoch's train and validation accuracy, and the gradient-health flags.
    expect(r.stdout).toMatch(/^diagnosis: (high bias|high variance|high bias and high variance|good fit) \(train error \d+\.\d%, validation error \d+\.\d%, human-level unknown, taken as 0\)$/m);
    expect(r.stdout).toMatch(/^gradient health: /m);
    expect(r.stdout.match(/^epoch +\d+\/40 /gm)).toHaveLength(40); // CI set: one plain line per epoch
    for (const f of ['model.json', 'weights.bin', 'preprocessing.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(checkSvg(readFileSync(join(out, 'learning-curves.svg'), 'utf8')).series).toEqual(['train loss', 'validation loss', 'train accuracy', 'validation accuracy']);
    expect(checkSvg(readFileSync(join(out, 'gradient-health.svg'), 'utf8')).series.length).toBe(3); // dense, batchNorm, dense
  });

  it('evaluate and predict read the saved model back and agree', () => {
    const ev = cli(['evaluate', '--model', out, '--csv', csv]);
    expect(ev.code).toBe(0);
    const acc = Number(/accuracy ([\d.]+)/.exec(ev.stdout)?.[1]);
    expect(acc).toBeGreaterThan(0.9);
    expect(ev.stdout).toMatch(/recall/);
    const pr = cli(['predict', '--model', out, '--csv', csv]);
    expect(pr.code).toBe(0);
    const rows = pr.stdout.trim().split('\n');
    expect(rows[0]).toBe('predicted,p_blue,p_green,p_red');
    expect(rows).toHaveLength(91);
    const truth = blobs().trim().split('\n').slice(1).map((l) => l.split(',')[2]);
    const hits = rows.slice(1).filter((row, i) => row.split(',')[0] === truth[i]).length;
    expect(hits / 90).toBeCloseTo(acc, 3);
    for (const row of rows.slice(1)) {
      const p = row.split(',').slice(1).map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
  });

  it('trains a regression and predicts in the target units', () => {
    const lines = ['a,b,y'];
    for (let i = 0; i < 60; i++) lines.push(`${i % 7},${(i * 3) % 11},${100 + 5 * (i % 7) - 2 * ((i * 3) % 11)}`);
    const reg = file('reg.csv', lines.join('\n'));
    const m = join(dir, 'reg-model');
    const r = cli(['train', '--csv', reg, '--label', 'y', '--task', 'regression', '--layers', '16', '--epochs', '150', '--lr', '0.01', '--val-split', '0', '--optimizer', 'adam', '--out', m]);
    expect(r.code).toBe(0);
    const ev = cli(['evaluate', '--model', m, '--csv', reg]);
    expect(Number(/R² ([\d.-]+)/.exec(ev.stdout)?.[1])).toBeGreaterThan(0.95);
    const outFile = join(dir, 'pred.csv');
    expect(cli(['predict', '--model', m, '--csv', reg, '--output', outFile]).code).toBe(0);
    const pred = readFileSync(outFile, 'utf8').trim().split('\n');
    expect(pred[0]).toBe('predicted_y');
    expect(Math.abs(Number(pred[1]) - 100)).toBeLessThan(5); // row 0: a = 0, b = 0 → y = 100
  });
});

describe('bad input gives one clear message and a non-zero exit', () => {
  const good = file('good.csv', 'a,b,label\n1,2,0\n3,4,1\n5,6,0\n');
  const cases: [string, string[], RegExp, number][] = [
    ['unknown command', ['trian'], /unknown command "trian"/, 2],
    ['unknown option', ['train', '--csv', good, '--label', 'label', '--epoch', '3'], /unknown option '--epoch'/, 2],
    ['non-integer epochs', ['train', '--csv', good, '--label', 'label', '--epochs', 'ten'], /--epochs must be an integer in \[1, 100000\], got "ten"\nRun `simdnn train --help`/, 2],
    ['bad layer list', ['train', '--csv', good, '--label', 'label', '--layers', '16,x'], /--layers: "x" is not a layer size/, 2],
    ['dropout out of range', ['train', '--csv', good, '--label', 'label', '--dropout', '1'], /--dropout must be a number in \[0, 1\)/, 2],
    ['unknown optimizer', ['train', '--csv', good, '--label', 'label', '--optimizer', 'adagrad'], /--optimizer must be one of sgd, momentum/, 2],
    ['missing data', ['train'], /missing --csv FILE/, 2],
    ['missing label option', ['train', '--csv', good], /missing --label/, 2],
    ['missing option value', ['train', '--csv'], /--csv/, 2],
    ['missing file', ['train', '--csv', join(dir, 'nope.csv'), '--label', 'y'], /nope\.csv: no such file/, 1],
    ['model dir without preprocessing', ['evaluate', '--model', dir, '--csv', good], /no preprocessing\.json/, 2],
  ];
  it.each(cases)('%s', (_, args, message, code) => {
    const r = cli(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expectNoStack(r);
  });

  const csvCases: [string, string, string, RegExp][] = [
    ['wrong column count', 'a,b,y\n1,2,0\n3,4\n', 'y', /bad\.csv:3: expected 3 columns \(as the header\), got 2/],
    ['non-numeric feature', 'a,b,y\n1,2,0\n3,x7,1\n', 'y', /bad\.csv:3: column "b" is "x7"; expected a decimal number/],
    ['empty feature', 'a,b,y\n1,,0\n', 'y', /bad\.csv:2: column "b" is empty; expected a decimal number/],
    ['missing label column', 'a,b,c\n1,2,0\n', 'y', /no column "y" \(--label\); the header has: a, b, c/],
    ['bad one-hot row', 'a,c0,c1\n1,1,0\n2,1,1\n', 'c0,c1', /bad\.csv:3: one-hot label columns c0, c1 are 1, 1/],
    ['unclosed quote', 'a,y\n"1,0\n', 'y', /bad\.csv:2: a quoted field is not closed/],
    ['header only', 'a,y\n', 'y', /no data rows/],
  ];
  it.each(csvCases)('CSV: %s', (_, text, label, message) => {
    const r = cli(['train', '--csv', file('bad.csv', text), '--label', label, '--epochs', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expectNoStack(r);
  });
});

describe('simdnn demo (npm start) on a small MNIST subset', () => {
  it('trains, prints accuracy, confusion matrix and throughput, and writes the model and three plots', () => {
    const out = join(dir, 'demo');
    const r = cli(['demo', '--epochs', '2', '--train-samples', '1000', '--test-samples', '300', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^epoch \d\/2 .*val_acc/gm)).toHaveLength(2);
    expect(Number(/test accuracy: ([\d.]+) on 300 digits/.exec(r.stdout)?.[1])).toBeGreaterThan(0.6);
    // The confusion matrix: a header of digits and one row per digit whose counts sum to the test rows.
    const rows = r.stdout.split('\n').filter((l) => /^\d {3,}/.test(l));
    expect(rows).toHaveLength(10);
    expect(rows.map((l) => l.trim().split(/\s+/).slice(1, 11).map(Number).reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0)).toBe(300);
    expect(r.stdout).toMatch(/throughput: training [\d,]+ samples\/s, inference [\d,]+ samples\/s/);
    expect(r.stdout).toMatch(/^diagnosis: (high bias|high variance|high bias and high variance|good fit) \(train error/m);
    for (const f of ['learning-curves.svg', 'gradient-health.svg', 'loss-landscape.svg']) {
      expect(r.stdout).toContain(join(out, f));
      checkSvg(readFileSync(join(out, f), 'utf8'));
    }
    const ev = cli(['evaluate', '--model', out, '--mnist', '--test-samples', '300']);
    expect(ev.code).toBe(0);
    expect(ev.stdout).toContain(`accuracy ${/test accuracy: ([\d.]+)/.exec(r.stdout)![1]}`);
  });
});

describe('train --mnist --cnn', () => {
  test('trains the tfjs example CNN on the digits, saves it, and evaluate reads it back', () => {
    const out = mkdtempSync(join(tmpdir(), 'simdnn-cnn-'));
    const r = cli(['train', '--mnist', '--cnn', '--epochs', '2', '--lr', '0.003', '--train-samples', '2000', '--test-samples', '500', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('model: cnn 28×28×1 → conv 8@5×5 → maxpool 2 → conv 16@5×5 → maxpool 2 → 10 (5,994 parameters)');
    const acc = Number(/test: 500 rows, loss [\d.]+, accuracy ([\d.]+)/.exec(r.stdout)?.[1]);
    expect(acc).toBeGreaterThan(0.8);
    const saved = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(saved.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual(['Reshape', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
    const ev = cli(['evaluate', '--model', out, '--mnist', '--test-samples', '500']);
    expect(ev.code).toBe(0);
    expect(ev.stdout).toContain(`accuracy ${acc.toFixed(4)}`);
  });

  test.each([
    [['--csv', 'x.csv', '--label', 'y', '--cnn'], /--cnn takes 28×28 digit images: use it with --mnist/],
    [['--mnist', '--cnn', '--layers', '64'], /--layers sets the MLP; --cnn is a fixed architecture/],
  ])('%j is a usage error', (args, message) => {
    const r = cli(['train', ...args]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expectNoStack(r);
  });
});

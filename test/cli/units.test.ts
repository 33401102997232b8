// The CLI's parts in-process: CSV parsing, progress output, help and option checks.
import { describe, expect, it } from 'vitest';
import { UsageError, int, intList, num } from '../../src/cli/args.js';
import { DataError, parseCsv } from '../../src/cli/csv.js';
import { fromTable } from '../../src/cli/data.js';
import { Progress } from '../../src/cli/progress.js';

class Sink {
  text = '';
  isTTY: boolean;
  columns = 120;
  constructor(tty: boolean) {
    this.isTTY = tty;
  }
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

describe('parseCsv', () => {
  it('reads quotes, escaped quotes, CRLF, a BOM and skips blank lines, keeping line numbers', () => {
    const t = parseCsv('\ufeffname,"v, w"\r\n"a ""quoted"" one",1\r\n\r\nb,"2"\n', 'f.csv');
    expect(t.header).toEqual(['name', 'v, w']);
    expect(t.rows).toEqual([['a "quoted" one', '1'], ['b', '2']]);
    expect(t.line).toEqual([2, 4]);
  });

  it('counts lines inside quoted fields for later rows', () => {
    const t = parseCsv('a,b\n"x\ny",1\nz,2\n', 'f.csv');
    expect(t.line).toEqual([2, 4]);
    expect(() => parseCsv('a,b\n"x\ny",1\nz\n', 'f.csv')).toThrow(/f\.csv:4: expected 2 columns/);
  });

  it('rejects duplicate and empty header names', () => {
    expect(() => parseCsv('a,a\n1,2\n', 'f.csv')).toThrow(/names column "a" twice/);
    expect(() => parseCsv('a,,c\n1,2,3\n', 'f.csv')).toThrow(DataError);
  });
});

describe('fromTable', () => {
  it('takes small integer labels as classes and standardizes features', () => {
    const p = fromTable(parseCsv('x,y\n1,0\n2,2\n3,1\n', 'f.csv'), 'y', 'auto');
    expect(p.meta.task).toBe('classification');
    expect(p.meta.classes).toEqual(['0', '1', '2']);
    expect(Array.from(p.classOf!)).toEqual([0, 2, 1]);
    expect(p.meta.mean).toEqual([2]);
    expect(Array.from(p.x).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
  });

  it('takes fractional labels as a regression with standardized targets', () => {
    const p = fromTable(parseCsv('x,y\n1,0.5\n2,1.5\n', 'f.csv'), 'y', 'auto');
    expect(p.meta.task).toBe('regression');
    expect(p.meta.yMean).toEqual([1]);
    expect(Array.from(p.y)).toEqual([-1, 1]);
  });

  it('refuses a fractional class under --task classification', () => {
    expect(() => fromTable(parseCsv('x,y\n1,0.5\n', 'f.csv'), 'y', 'classification')).toThrow(/f\.csv:2: column "y" is 0\.5/);
  });
});

describe('option checks', () => {
  it('parse numbers and lists or throw UsageErrors naming the option', () => {
    expect(int({ epochs: '5' }, 'epochs', 1)).toBe(5);
    expect(int({}, 'epochs', 7)).toBe(7);
    expect(() => int({ epochs: '2.5' }, 'epochs', 1)).toThrow(UsageError);
    expect(num({ lr: '1e-3' }, 'lr', undefined, 0, Infinity)).toBe(0.001);
    expect(() => num({ lr: '-1' }, 'lr', undefined, 0, Infinity)).toThrow(/--lr must be a number ≥ 0/);
    expect(intList({ layers: '128, 64' }, 'layers', [])).toEqual([128, 64]);
    expect(() => intList({ layers: '128,' }, 'layers', [])).toThrow(/--layers/);
  });
});

describe('Progress', () => {
  const run = (p: Progress) => {
    for (let e = 0; e < 2; e++) {
      p.onEpochBegin(e);
      for (let b = 0; b < 4; b++) p.onBatchEnd(b, { batch: b, size: 10, loss: 1 / (b + 1), acc: 0.5 + b / 10 });
      p.onEpochEnd(e, { loss: 0.5, acc: 0.75 });
    }
    p.onTrainEnd();
  };

  it('prints one plain line per epoch when not on a terminal', () => {
    const sink = new Sink(false);
    const p = new Progress({ epochs: 2, steps: 4, samples: 40, out: sink });
    run(p);
    const lines = sink.text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^epoch 1\/2 {2}loss 0\.5000 {2}acc 0\.7500 {2}[\d,]+ samples\/s/);
    expect(sink.text).not.toContain('\r');
    expect(p.trained).toBe(80);
  });

  it('redraws a bar with batches, running loss, speed and ETA on a terminal', () => {
    const sink = new Sink(true);
    const p = new Progress({ epochs: 2, steps: 4, samples: 40, out: sink, plain: false });
    run(p);
    // The last batch of an epoch is always drawn: 4/4 with the mean loss of the epoch (1 + 1/2 + 1/3 + 1/4)/4
    // and the running accuracy fit reports with that batch.
    expect(sink.text).toContain(' 4/4  loss 0.5208  acc 0.8000');
    expect(sink.text).toMatch(/samples\/s {2}ETA [\d.]+s/);
    expect(sink.text).toContain('\r\x1b[2Kepoch 2/2  loss 0.5000  acc 0.7500');
  });
});

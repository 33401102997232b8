// The CLI's parts in-process: CSV parsing, progress output, help and option checks.
import { describe, expect, it, vi } from 'vitest';
import { UsageError, int, intList, num } from '../../src/cli/args.js';
import { DataError, cellText, parseCsv } from '../../src/cli/csv.js';
import { fromTable } from '../../src/cli/data.js';
import { Progress } from '../../src/cli/progress.js';
import { TuneProgress } from '../../src/cli/tune-progress.js';

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
    expect([0, 1].map((r) => [0, 1].map((j) => cellText(t, r, j)))).toEqual([['a "quoted" one', '1'], ['b', '2']]);
    expect(Array.from(t.line)).toEqual([2, 4]);
  });

  it('counts lines inside quoted fields for later rows', () => {
    const t = parseCsv('a,b\n"x\ny",1\nz,2\n', 'f.csv');
    expect(Array.from(t.line)).toEqual([2, 4]);
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

describe('TuneProgress', () => {
  const trial = (id: number, score: number, status: 'complete' | 'pruned' | 'failed' = 'complete') =>
    ({ id, params: {}, score, status, epochs: status === 'pruned' ? 1 : 2, history: {}, seconds: 0.5, ...(status === 'failed' ? { error: 'loss is NaN' } : {}) });

  it('a resumed search counts its recorded trials: no false best mark, an ETA for the trials left only', () => {
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    try {
      const sink = new Sink(true);
      const recorded = [trial(0, 0.9), trial(1, 0.95, 'pruned'), { ...trial(2, NaN, 'failed'), score: null }];
      const p = new TuneProgress({ trials: 5, epochs: 2, objective: 'val_acc', mode: 'max', out: sink, plain: false, recorded });
      p.begin(3, 'lr=0.1');
      p.epoch(3, 0, { val_acc: 0.5 });
      expect(sink.text).toContain('best 0.9000 (#0)');
      clock = 10_000;
      p.end(trial(3, 0.8));
      p.begin(4, 'lr=0.2');
      p.epoch(4, 0, { val_acc: 0.5 });
      const finals = sink.text.split('\n').filter((l) => l).map((l) => l.slice(l.lastIndexOf('\r') + 1));
      expect(finals[0]).toMatch(/#3 val_acc 0\.8000 {4}2 epochs/); // no '*': #0 (0.9) is better
      // 10 s per trial and one trial left of 5 (3 recorded, 1 run): ETA 10s, not 40s.
      expect(sink.text.slice(sink.text.lastIndexOf('\r'))).toMatch(/ETA 10s$/);
    } finally {
      now.mockRestore();
    }
  });

  it('on a terminal redraws one live line per epoch and marks each new best', () => {
    const sink = new Sink(true);
    const p = new TuneProgress({ trials: 3, epochs: 2, objective: 'val_acc', mode: 'max', out: sink, plain: false });
    p.begin(0, 'lr=0.001');
    p.epoch(0, 0, { val_acc: 0.5 });
    p.end(trial(0, 0.6));
    p.begin(1, 'lr=0.01');
    p.epoch(1, 1, { val_acc: 0.7 });
    p.end(trial(1, 0.7, 'pruned'));
    p.begin(2, 'lr=1');
    p.end(trial(2, NaN, 'failed'));
    expect(sink.text).toContain('\r\x1b[2Ktrial 1/3 #0 epoch 1/2  val_acc 0.5000  best —');
    expect(sink.text).toContain('epoch 2/2  val_acc 0.7000  best 0.6000 (#0)');
    const finals = sink.text.split('\n').filter((l) => l).map((l) => l.slice(l.lastIndexOf('\r') + 1));
    expect(finals[0]).toMatch(/trial 1\/3 #0 val_acc 0\.6000 \* +2 epochs  0\.5s  lr=0\.001/);
    expect(finals[1]).toMatch(/trial 2\/3 #1 val_acc 0\.7000 {4}pruned after 1 ep/); // pruned: never the best
    expect(finals[2]).toMatch(/trial 3\/3 #2 failed: loss is NaN/);
  });

  it('writes only the finished-trial lines when plain', () => {
    const sink = new Sink(false);
    const p = new TuneProgress({ trials: 2, epochs: 2, objective: 'val_loss', mode: 'min', out: sink });
    p.begin(0, 'a=1');
    p.epoch(0, 0, { val_loss: 1 });
    p.end(trial(0, 0.9));
    p.begin(1, 'a=2');
    p.end(trial(1, 1.2));
    expect(sink.text).not.toContain('\r');
    expect(sink.text.trim().split('\n')).toEqual([
      'trial 1/2 #0 val_loss 0.9000 *  2 epochs  0.5s  a=1',
      'trial 2/2 #1 val_loss 1.2000    2 epochs  0.5s  a=2',
    ]);
  });
});

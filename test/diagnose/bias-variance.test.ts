// nn.diagnose: the course's worked examples, the threshold rule, real constructed situations (a linear
// model on two moons underfits; a big net on 20 noisy points overfits), and input errors.
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';
import { moons } from './fixtures.js';

describe('diagnose from numbers: the course examples', () => {
  const cases: [string, nn.DiagnoseErrors, nn.DiagnosisVerdict][] = [
    ['human 1 %, train 8 %, dev 10 %', { humanLevelError: 0.01, trainError: 0.08, devError: 0.1 }, 'high bias'],
    ['human 7.5 %, train 8 %, dev 10 %', { humanLevelError: 0.075, trainError: 0.08, devError: 0.1 }, 'high variance'],
    ['train 1 %, dev 11 %', { trainError: 0.01, devError: 0.11 }, 'high variance'],
    ['human 0.5 %, train 15 %, dev 16 %', { humanLevelError: 0.005, trainError: 0.15, devError: 0.16 }, 'high bias'],
    ['train 15 %, dev 30 %', { trainError: 0.15, devError: 0.3 }, 'high bias and high variance'],
    ['train 0.5 %, dev 1 %', { trainError: 0.005, devError: 0.01 }, 'good fit'],
  ];
  it.each(cases)('%s', (_, errors, verdict) => {
    const d = nn.diagnose(errors);
    expect(d.verdict).toBe(verdict);
    expect(d.measure).toBe('error');
    expect(d.avoidableBias).toBeCloseTo(errors.trainError - (errors.humanLevelError ?? 0), 12);
    expect(d.variance).toBeCloseTo(errors.devError - errors.trainError, 12);
    expect(d.highBias).toBe(verdict.includes('bias'));
    expect(d.highVariance).toBe(verdict.includes('variance'));
  });

  it('gives the course next steps for each finding', () => {
    const bias = nn.diagnose({ humanLevelError: 0.01, trainError: 0.08, devError: 0.1 }).suggestions.join('\n');
    expect(bias).toMatch(/bigger network/);
    expect(bias).toMatch(/longer/);
    expect(bias).toMatch(/Adam/);
    expect(bias).not.toMatch(/more training data/);
    const variance = nn.diagnose({ trainError: 0.01, devError: 0.11 }).suggestions.join('\n');
    expect(variance).toMatch(/more training data/);
    expect(variance).toMatch(/L2.*dropout.*augmentation/);
    expect(variance).toMatch(/earlyStopping/);
    expect(variance).not.toMatch(/bigger network/);
    const both = nn.diagnose({ trainError: 0.15, devError: 0.3 }).suggestions;
    expect(both.filter((s) => s.startsWith('Try a different'))).toHaveLength(1); // said once, not twice
    expect(nn.diagnose({ trainError: 0.005, devError: 0.01 }).suggestions[0]).toMatch(/small/);
  });

  it('flags a dev/test gap (the dev set was overfit) and suggests a bigger dev set', () => {
    const d = nn.diagnose({ trainError: 0.01, devError: 0.015, testError: 0.06 });
    expect(d.devTestGap).toBeCloseTo(0.045, 12);
    expect(d.devSetOverfit).toBe(true);
    expect(d.verdict).toBe('good fit');
    expect(d.suggestions).toEqual([expect.stringMatching(/bigger dev set/)]);
    expect(nn.diagnose({ trainError: 0.01, devError: 0.015, testError: 0.018 }).devSetOverfit).toBe(false);
    expect('devTestGap' in nn.diagnose({ trainError: 0.01, devError: 0.015 })).toBe(false);
  });

  it('tolerance moves the line; a gap under half the other one is secondary', () => {
    expect(nn.diagnose({ trainError: 0.01, devError: 0.04 }).verdict).toBe('high variance');
    expect(nn.diagnose({ trainError: 0.01, devError: 0.04, tolerance: 0.05 }).verdict).toBe('good fit');
    // variance 0.04 is above tolerance but less than half of the 0.1 bias: bias only.
    expect(nn.diagnose({ trainError: 0.1, devError: 0.14 }).verdict).toBe('high bias');
    expect(nn.diagnose({ trainError: 0.1, devError: 0.15 }).verdict).toBe('high bias and high variance');
  });

  it('uses a relative rule for losses and judges bias only with a human-level loss', () => {
    const noHuman = nn.diagnose({ trainError: 2, devError: 2.1, measure: 'loss' });
    expect(noHuman.verdict).toBe('good fit'); // 0.1 < 0.1 × 2.1
    expect(noHuman.highBias).toBe(false);
    expect(noHuman.notes.join('\n')).toMatch(/human-level loss unknown/);
    expect(nn.diagnose({ trainError: 0.2, devError: 0.5, measure: 'loss' }).verdict).toBe('high variance');
    expect(nn.diagnose({ trainError: 2, devError: 2.1, humanLevelError: 0.1, measure: 'loss' }).verdict).toBe('high bias');
    // Scale-free: the same ratios give the same verdicts in other units.
    expect(nn.diagnose({ trainError: 2000, devError: 5000, measure: 'loss' }).verdict).toBe('high variance');
  });

  it('notes an unknown human level, train error below human level, and dev error below train error', () => {
    expect(nn.diagnose({ trainError: 0.1, devError: 0.1 }).notes.join('\n')).toMatch(/human-level error unknown/);
    expect(nn.diagnose({ humanLevelError: 0.05, trainError: 0.03, devError: 0.04 }).notes.join('\n')).toMatch(/below human level/);
    expect(nn.diagnose({ trainError: 0.1, devError: 0.08 }).notes.join('\n')).toMatch(/dev error is below training error/);
  });

  it('prints a short report', () => {
    const text = String(nn.diagnose({ humanLevelError: 0.01, trainError: 0.08, devError: 0.1, testError: 0.11 }));
    expect(text.split('\n')[0]).toBe('Diagnosis: high bias (error rate)');
    expect(text).toMatch(/train\s+8\.00%\s+avoidable bias\s+7\.00%\s+<- high/);
    expect(text).toMatch(/dev\s+10\.00%\s+variance\s+2\.00%\n/);
    expect(text).toMatch(/test\s+11\.00%/);
    expect(text).toMatch(/Next steps:\n  - Train a bigger network/);
  });

  it('rejects bad values and options with typed errors that say where', () => {
    expect(() => nn.diagnose({ trainError: 1.2, devError: 0.1 })).toThrow(nn.ValueError);
    expect(() => nn.diagnose({ trainError: 1.2, devError: 0.1 })).toThrow('diagnose: trainError must be an error rate in [0, 1], got 1.2');
    expect(() => nn.diagnose({ trainError: 0.1, devError: NaN })).toThrow(/devError .* got NaN/);
    expect(() => nn.diagnose({ trainError: 0.1, devError: 0.2, humanLevelError: -0.1 })).toThrow(/humanLevelError/);
    expect(() => nn.diagnose({ trainError: -1, devError: 0.2, measure: 'loss' })).toThrow(/finite loss ≥ 0/);
    expect(() => nn.diagnose({ trainError: 0.1, devError: 0.2, tolerance: 0 })).toThrow(nn.ConfigError);
    expect(() => nn.diagnose({ trainError: 0.1, devError: 0.2, measure: 'rate' as 'error' })).toThrow(nn.ConfigError);
    expect(() => nn.diagnose(null as unknown as nn.DiagnoseErrors)).toThrow(/expected a fit History/);
  });
});

describe('diagnose from a History', () => {
  it('uses the last epoch: 1 − acc when accuracy was logged, else the loss', () => {
    const d = nn.diagnose({ history: { loss: [0.9, 0.5], val_loss: [1, 0.7], acc: [0.5, 0.9], val_acc: [0.5, 0.8] } }, { humanLevelError: 0.02 });
    expect(d.measure).toBe('error');
    expect(d.trainError).toBeCloseTo(0.1, 12);
    expect(d.devError).toBeCloseTo(0.2, 12);
    expect(d.humanLevelError).toBe(0.02);
    expect(d.verdict).toBe('high bias and high variance');
    const l = nn.diagnose({ history: { loss: [0.9, 0.2], val_loss: [1, 0.6] } });
    expect(l.measure).toBe('loss');
    expect([l.trainError, l.devError, l.verdict]).toEqual([0.2, 0.6, 'high variance']);
  });

  it('needs validation logs and finite values', () => {
    expect(() => nn.diagnose({ history: { loss: [1], acc: [0.5] } })).toThrow(nn.ValueError);
    expect(() => nn.diagnose({ history: { loss: [1], acc: [0.5] } })).toThrow(/no validation logs .* got keys \[loss, acc\]/);
    expect(() => nn.diagnose({ history: { loss: [1, NaN], val_loss: [1, 2] } })).toThrow(/last epoch's loss is NaN/);
  });
});

describe('diagnose constructed situations (trained with fixed seeds)', () => {
  it('a linear model on two moons has high bias (from the History and from the model)', async () => {
    const train = moons(400, 1), dev = moons(200, 2);
    const model = nn.sequential({ seed: 3, layers: [nn.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
    model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(train.x, train.y, { epochs: 40, batchSize: 32, validationData: [dev.x, dev.y], seed: 4 });
    const fromHistory = nn.diagnose(history, { humanLevelError: 0 });
    const fromModel = nn.diagnose(model, { train: [train.x, train.y], dev: [dev.x, dev.y], humanLevelError: 0 });
    for (const d of [fromHistory, fromModel]) {
      expect(d.verdict).toBe('high bias');
      expect(d.trainError).toBeGreaterThan(0.08); // a line gets ~87 % of two moons right
      expect(Math.abs(d.variance)).toBeLessThan(0.05);
    }
    // The model path is model.evaluate: the same numbers.
    const [, acc] = model.evaluate(dev.x, dev.y) as nn.Tensor[];
    expect(fromModel.devError).toBeCloseTo(1 - acc!.dataSync()[0]!, 6); // a float32 scalar
    expect(fromHistory.devError).toBeCloseTo(fromModel.devError, 6); // val_acc is evaluated after the last step too
  });

  it('a big network on 20 noisy points has high variance (from the History and from the model)', async () => {
    const train = moons(20, 5, 0.3, 0.15), dev = moons(400, 6, 0.1);
    const model = nn.sequential({
      seed: 7,
      layers: [
        nn.layers.dense({ units: 64, inputShape: [2], activation: 'relu' }),
        nn.layers.dense({ units: 64, activation: 'relu' }),
        nn.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: nn.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(train.x, train.y, { epochs: 600, batchSize: 20, validationData: [dev.x, dev.y], seed: 8 });
    const fromHistory = nn.diagnose(history);
    const fromModel = nn.diagnose(model, { train: [train.x, train.y], dev: [dev.x, dev.y], test: [dev.x, dev.y] });
    for (const d of [fromHistory, fromModel]) {
      expect(d.verdict).toBe('high variance');
      expect(d.trainError).toBeLessThanOrEqual(0.05); // memorized, label noise and all
      expect(d.variance).toBeGreaterThan(0.1);
    }
    expect(fromModel.devTestGap).toBe(0);
    expect(fromModel.suggestions[0]).toMatch(/more training data/);
  });

  it('uses the loss for a model compiled without accuracy, and checks its arguments', async () => {
    const train = moons(40, 9);
    const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
    expect(() => nn.diagnose(model, { train: [train.x, train.y], dev: [train.x, train.y] })).toThrow(nn.NotCompiledError);
    model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    const d = nn.diagnose(model, { train: [train.x, train.y], dev: [train.x, train.y] });
    expect(d.measure).toBe('loss');
    expect(d.trainError).toBeCloseTo((model.evaluate(train.x, train.y) as nn.Tensor).dataSync()[0]!, 6);
    expect(d.variance).toBe(0);
    expect(() => nn.diagnose(model, { train: [train.x, train.y] } as unknown as nn.DiagnoseSplits)).toThrow('diagnose: dev must be [x, y] (two tensors), got nothing');
    expect(() => nn.diagnose(model, undefined as unknown as nn.DiagnoseSplits)).toThrow(nn.ConfigError);
  });
});

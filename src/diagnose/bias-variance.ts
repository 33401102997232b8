// Bias / variance from human-level, train, dev (and test) error: which gap is high, the verdict, and
// the deep-learning course's next steps for it. Pure numbers in, a Diagnosis out (no model code here).
import { ConfigError, ValueError } from '../errors.js';

/** 'error': error rates in [0, 1] (1 − accuracy); 'loss': loss values (no natural scale). */
export type DiagnosisMeasure = 'error' | 'loss';

export type DiagnosisVerdict = 'high bias' | 'high variance' | 'high bias and high variance' | 'good fit';

/** Options shared by every form of nn.diagnose. */
export interface DiagnoseOptions {
  /**
   * The best error a human (or any system) reaches: the proxy for Bayes error, in the same measure as
   * the errors. Default 0 (unknown): then the whole training error counts as avoidable bias.
   */
  humanLevelError?: number;
  /**
   * Smallest gap that counts as "high". For error rates an absolute difference (default 0.01, one
   * percentage point); for losses a fraction of the dev loss (default 0.1).
   */
  tolerance?: number;
}

/** nn.diagnose({trainError, devError, ...}): the numbers directly. */
export interface DiagnoseErrors extends DiagnoseOptions {
  trainError: number;
  devError: number;
  testError?: number;
  /** Default 'error' (rates in [0, 1]). */
  measure?: DiagnosisMeasure;
}

/** The result of nn.diagnose. Gaps are in the measure's units (rates: 0.07 = 7 percentage points). */
export interface Diagnosis {
  measure: DiagnosisMeasure;
  humanLevelError: number;
  trainError: number;
  devError: number;
  testError?: number;
  /** trainError − humanLevelError. */
  avoidableBias: number;
  /** devError − trainError. */
  variance: number;
  /** testError − devError: a large one means the dev set has been overfit (by tuning on it). */
  devTestGap?: number;
  highBias: boolean;
  highVariance: boolean;
  /** devTestGap is high (only when a test error was given). */
  devSetOverfit?: boolean;
  verdict: DiagnosisVerdict;
  /** The course's next steps for what was found, most effective first. */
  suggestions: string[];
  /** Caveats about the inputs (unknown human level, loss measure, train error averaged with dropout on). */
  notes: string[];
  /**
   * A short multi-line report: the verdict, the errors with their gaps (high ones marked), next steps, notes.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.diagnose({ humanLevelError: 0.01, trainError: 0.08, devError: 0.1 }).toString());
   * // Diagnosis: high bias (error rate)
   * //   human-level      1.00%
   * //   train            8.00%   avoidable bias      7.00%  <- high
   * //   dev             10.00%   variance            2.00%
   * // Next steps: …
   * ```
   */
  toString(): string;
}

/**
 * NOTE: a gap counts as high when it is above the tolerance AND at least half the other gap. The second
 * condition is the course's advice to work on the bigger of the two gaps first: human 1 %, train 8 %,
 * dev 10 % is "high bias" (7 points) even though the 2-point variance is above one point; with train
 * 15 %, dev 30 % both gaps are 15 points and both count.
 */
const DOMINANCE = 0.5;
/** Absorbs float noise: 0.16 − 0.15 = 0.010000000000000009 (vs a 0.01 tolerance), 0.15 − 0.1 = 0.04999999999999999. */
const EPS = 1e-12;

const SUGGESTIONS = {
  bias: [
    'Train a bigger network (more hidden units or layers)',
    'Train longer',
    'Use a better optimization algorithm (momentum, RMSProp, Adam)',
    'Try a different architecture, or search hyper-parameters (learning rate, units)',
  ],
  variance: [
    'Get more training data',
    'Add regularization: L2 (kernelRegularizer), dropout, data augmentation',
    'Stop early (nn.callbacks.earlyStopping on val_loss)',
    'Try a different architecture, or search hyper-parameters (regularization strength, dropout rate)',
  ],
  devTest: ['Get a bigger dev set: the dev set has been overfit (the model or its hyper-parameters were tuned to it)'],
  good: ['Both gaps are small: check the test set, or find a better human-level (Bayes error) estimate before pushing further'],
};

/** The diagnosis from numbers; `where` names the caller in error messages, `notes` come from it. */
export function diagnoseErrors(args: DiagnoseErrors, where = 'diagnose', notes: string[] = []): Diagnosis {
  const measure = args.measure ?? 'error';
  if (measure !== 'error' && measure !== 'loss') throw new ConfigError(`${where}: measure must be 'error' or 'loss', got ${String(measure)}`);
  const value = (name: string, v: unknown): number => {
    const ok = typeof v === 'number' && Number.isFinite(v) && v >= 0 && (measure === 'loss' || v <= 1);
    if (!ok) throw new ValueError(`${where}: ${name} must be ${measure === 'error' ? 'an error rate in [0, 1]' : 'a finite loss ≥ 0'}, got ${String(v)}`);
    return v as number;
  };
  const trainError = value('trainError', args.trainError);
  const devError = value('devError', args.devError);
  const testError = args.testError === undefined ? undefined : value('testError', args.testError);
  const humanKnown = args.humanLevelError !== undefined;
  const humanLevelError = humanKnown ? value('humanLevelError', args.humanLevelError) : 0;
  const tolerance = args.tolerance ?? (measure === 'error' ? 0.01 : 0.1);
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0) {
    throw new ConfigError(`${where}: tolerance must be a finite number > 0, got ${String(args.tolerance)}`);
  }
  // Losses have no natural unit, so there the tolerance is a fraction of the dev loss.
  const threshold = measure === 'error' ? tolerance : tolerance * devError;
  const avoidableBias = trainError - humanLevelError;
  const variance = devError - trainError;
  // A loss has no "0 % is near Bayes" anchor: without a human-level loss the bias cannot be judged.
  const biasJudged = measure === 'error' || humanKnown;
  const high = (gap: number, other: number) => gap > threshold + EPS && gap + EPS >= DOMINANCE * Math.max(other, 0);
  const highBias = biasJudged && high(avoidableBias, variance);
  const highVariance = high(variance, biasJudged ? avoidableBias : 0);
  const devTestGap = testError === undefined ? undefined : testError - devError;
  const devSetOverfit = devTestGap === undefined ? undefined : devTestGap > threshold + EPS;

  const allNotes = [...notes];
  if (!humanKnown) {
    allNotes.push(
      measure === 'error'
        ? 'human-level error unknown: taken as 0, so all of the training error counts as avoidable bias'
        : 'human-level loss unknown: bias is not judged (pass humanLevelError in loss units)',
    );
  }
  if (measure === 'loss') allNotes.push(`measured by loss (no accuracy): a gap is high above ${tolerance} × the dev loss`);
  if (avoidableBias < 0) allNotes.push('training error is below human level: human level is no longer a good proxy for Bayes error');
  if (variance < 0) allNotes.push('dev error is below training error (regularization such as dropout acts only in training, or a small dev set)');

  const verdict: DiagnosisVerdict =
    highBias && highVariance ? 'high bias and high variance' : highBias ? 'high bias' : highVariance ? 'high variance' : 'good fit';
  const suggestions = [
    ...(highBias ? SUGGESTIONS.bias : []),
    ...(highVariance ? SUGGESTIONS.variance.filter((s) => !(highBias && s.startsWith('Try a different'))) : []),
    ...(devSetOverfit ? SUGGESTIONS.devTest : []),
    ...(!highBias && !highVariance && !devSetOverfit ? SUGGESTIONS.good : []),
  ];
  const diagnosis: Diagnosis = {
    measure, humanLevelError, trainError, devError,
    ...(testError !== undefined ? { testError, devTestGap, devSetOverfit } : {}),
    avoidableBias, variance, highBias, highVariance, verdict, suggestions, notes: allNotes,
    toString: () => report(diagnosis),
  };
  return diagnosis;
}

function report(d: Diagnosis): string {
  const fmt = d.measure === 'error' ? (v: number) => `${(v * 100).toFixed(2)}%` : (v: number) => v.toPrecision(4);
  const row = (label: string, v: number, gapLabel = '', gap = 0, high = false) =>
    `  ${label.padEnd(12)}${fmt(v).padStart(10)}` + (gapLabel ? `   ${gapLabel.padEnd(15)}${fmt(gap).padStart(10)}${high ? '  <- high' : ''}` : '');
  const lines = [
    `Diagnosis: ${d.verdict} (${d.measure === 'error' ? 'error rate' : 'loss'})`,
    row('human-level', d.humanLevelError),
    row('train', d.trainError, 'avoidable bias', d.avoidableBias, d.highBias),
    row('dev', d.devError, 'variance', d.variance, d.highVariance),
  ];
  if (d.testError !== undefined) lines.push(row('test', d.testError, 'dev/test gap', d.devTestGap!, d.devSetOverfit));
  lines.push('Next steps:', ...d.suggestions.map((s) => `  - ${s}`));
  if (d.notes.length) lines.push('Notes:', ...d.notes.map((s) => `  - ${s}`));
  return lines.join('\n');
}

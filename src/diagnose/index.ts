// nn.diagnose: bias / variance from a History, a model and its splits, or plain error numbers; and
// nn.diagnose.gradients for the gradient-health record of nn.callbacks.gradientNorms().
import { ValueError } from '../errors.js';
import { Sequential } from '../model/sequential.js';
import { diagnoseErrors, type DiagnoseErrors, type DiagnoseOptions, type Diagnosis } from './bias-variance.js';
import { diagnoseGradients } from './gradients.js';
import { errorsFromHistory, errorsFromModel, type DiagnoseSplits, type HistoryLogs } from './sources.js';

/**
 * Bias / variance diagnosis from the final epoch of a fit History with validation: error = 1 − accuracy
 * when the history has acc and val_acc, else the loss (`measure: 'loss'`).
 *
 * A gap (avoidable bias = train − human-level, variance = dev − train) is high when it exceeds
 * `tolerance` (error rates: 0.01 absolute; losses: 0.1 × the dev loss) AND is at least half the other
 * gap: as the course advises, work on the bigger gap first.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
 * model.compile({ optimizer: nn.train.adam(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
 * const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1], [0, 0], [1, 1]]);
 * const y = nn.tensor2d([[0], [1], [1], [0], [0], [0]]); // XOR: no line separates it
 * const history = await model.fit(x, y, { epochs: 30, validationSplit: 0.33 });
 * const d = nn.diagnose(history, { humanLevelError: 0 });
 * console.log(d.verdict, d.suggestions[0]); // e.g. 'high bias' 'Train a bigger network …'
 * ```
 */
export function diagnose(history: HistoryLogs, options?: DiagnoseOptions): Diagnosis;
/**
 * Bias / variance diagnosis of a compiled model, evaluated (model.evaluate) on the train, dev and
 * optional test splits; accuracy is used when the model was compiled with it, else the loss. A test
 * error well above the dev error adds "get a bigger dev set".
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 2, inputShape: [2], activation: 'softmax' })] });
 * model.compile({ optimizer: nn.train.adam(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
 * const x = nn.tensor2d([[1, 0], [0, 1], [2, 0], [0, 2]]), y = nn.tensor2d([[1, 0], [0, 1], [1, 0], [0, 1]]);
 * await model.fit(x, y, { epochs: 50, batchSize: 4 });
 * const d = nn.diagnose(model, { train: [x, y], dev: [x, y], humanLevelError: 0 });
 * console.log(String(d)); // Diagnosis: good fit (error rate) …
 * ```
 */
export function diagnose(model: Sequential, splits: DiagnoseSplits): Diagnosis;
/**
 * Bias / variance diagnosis from the numbers: error rates in [0, 1] (or losses with
 * `measure: 'loss'`, where bias is judged only if a human-level loss is given).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * // The course's examples: human 1 %, train 8 %, dev 10 % → focus on bias.
 * console.log(nn.diagnose({ humanLevelError: 0.01, trainError: 0.08, devError: 0.1 }).verdict); // 'high bias'
 * console.log(nn.diagnose({ trainError: 0.01, devError: 0.11 }).verdict);                      // 'high variance'
 * console.log(nn.diagnose({ trainError: 0.15, devError: 0.3 }).verdict);    // 'high bias and high variance'
 * console.log(nn.diagnose({ trainError: 0.005, devError: 0.01 }).verdict);  // 'good fit'
 * ```
 */
export function diagnose(errors: DiagnoseErrors): Diagnosis;
export function diagnose(source: HistoryLogs | Sequential | DiagnoseErrors, options?: DiagnoseOptions | DiagnoseSplits): Diagnosis {
  const where = 'diagnose';
  if (source instanceof Sequential) {
    const splits = options as DiagnoseSplits;
    return diagnoseErrors({ ...errorsFromModel(source, splits, where), ...pickOptions(splits) }, where);
  }
  if (source && typeof source === 'object' && 'history' in source && source.history && typeof source.history === 'object') {
    const { errors, notes } = errorsFromHistory(source, where);
    return diagnoseErrors({ ...errors, ...pickOptions(options) }, where, notes);
  }
  if (source && typeof source === 'object' && 'trainError' in source) return diagnoseErrors(source, where);
  throw new ValueError(
    `${where}: expected a fit History, a Sequential model with {train, dev}, or {trainError, devError}, got ${source === null ? 'null' : typeof source}`,
  );
}

// NOTE: a namespace merged with the function, not `diagnose.gradients = …`: typedoc (and so the API
// reference and test/docs) does not see expando properties.
export namespace diagnose {
  /**
   * Gradient health from an nn.callbacks.gradientNorms() record (or its JSON): per layer, vanishing when
   * ‖grad‖ / ‖weights‖ < 1e-7 in the last epoch, exploding when that ratio exceeds 10 in any epoch, the
   * gradient norm grows ≥ 10× in one epoch, or a norm is non-finite; dead ReLUs when more than half a
   * layer's units output ≤ 0 for every sample of the last epoch. A function rather than a method of the
   * callback, so a record saved as JSON (the CLI's) can be diagnosed too.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({
   *   seed: 1,
   *   layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'relu', biasInitializer: nn.initializers.constant({ value: -5 }) }), nn.layers.dense({ units: 1 })],
   * });
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const norms = nn.callbacks.gradientNorms();
   * await model.fit(nn.tensor2d([[0, 1], [1, 0]]), nn.tensor2d([[1], [0]]), { epochs: 2, callbacks: [norms] });
   * const health = nn.diagnose.gradients(norms);
   * console.log(health.deadReLU, health.messages[0]); // true 'dense_1: 100% of its ReLU units output ≤ 0 …'
   * ```
   */
  export const gradients = diagnoseGradients;
}

function pickOptions(o: DiagnoseOptions | undefined): DiagnoseOptions {
  return { ...(o?.humanLevelError !== undefined ? { humanLevelError: o.humanLevelError } : {}), ...(o?.tolerance !== undefined ? { tolerance: o.tolerance } : {}) };
}

export type { DiagnoseErrors, DiagnoseOptions, Diagnosis, DiagnosisMeasure, DiagnosisVerdict } from './bias-variance.js';
export type { DiagnoseSplits, HistoryLogs } from './sources.js';
export type { GradientDiagnosis, GradientDiagnosisOptions, LayerGradientDiagnosis } from './gradients.js';

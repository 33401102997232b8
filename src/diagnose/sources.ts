// Where nn.diagnose gets its train / dev / test errors: the last epoch of a fit History, or evaluating a
// compiled model on the splits. Error = 1 − accuracy when accuracy was measured, else the loss.
import { ConfigError, ValueError } from '../errors.js';
import type { Sequential } from '../model/sequential.js';
import { Tensor } from '../tensor.js';
import type { DiagnoseErrors, DiagnoseOptions } from './bias-variance.js';

/** A fit History, or anything with per-epoch logs under `history` (loss, val_loss, acc, val_acc, …). */
export interface HistoryLogs {
  history: Record<string, number[]>;
}

/** nn.diagnose(model, {train, dev, test?}): each split as [x, y] tensors. */
export interface DiagnoseSplits extends DiagnoseOptions {
  train: [Tensor, Tensor];
  dev: [Tensor, Tensor];
  test?: [Tensor, Tensor];
  /** Rows per evaluation chunk (default 256); it does not change the result. */
  batchSize?: number;
}

/** The final epoch's train and validation error of a History. */
export function errorsFromHistory(h: HistoryLogs, where: string): { errors: Omit<DiagnoseErrors, keyof DiagnoseOptions>; notes: string[] } {
  const logs = h.history;
  for (const key of ['loss', 'val_loss', 'acc', 'val_acc']) {
    const v: unknown = logs[key];
    if (v !== undefined && !Array.isArray(v)) throw new ValueError(`${where}: history.${key} must be an array of per-epoch numbers, got ${String(v)}`);
  }
  const last = (key: string): number => {
    const v = logs[key]?.at(-1);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${where}: the last epoch's ${key} is ${String(v)}, expected a finite number`);
    return v;
  };
  if (!logs.val_loss) {
    throw new ValueError(
      `${where}: the history has no validation logs (val_loss); fit with validationSplit or validationData, got keys [${Object.keys(logs).join(', ')}]`,
    );
  }
  const notes = ['train error is the mean over the last epoch\'s batches while the weights changed (and with dropout on); nn.diagnose(model, {train, dev}) evaluates both at the end'];
  if (logs.acc && logs.val_acc) return { errors: { trainError: errorRate(last('acc')), devError: errorRate(last('val_acc')), measure: 'error' }, notes };
  return { errors: { trainError: last('loss'), devError: last('val_loss'), measure: 'loss' }, notes };
}

/** Train / dev / test errors of a compiled model, by model.evaluate on each split. */
export function errorsFromModel(model: Sequential, s: DiagnoseSplits, where: string): Omit<DiagnoseErrors, keyof DiagnoseOptions> {
  if (!s || typeof s !== 'object') throw new ConfigError(`${where}: expected {train: [x, y], dev: [x, y], test?: [x, y]} after the model`);
  model.requireCompiled('diagnose');
  const acc = model.metrics.findIndex((m) => m.key === 'acc');
  const batchSize = s.batchSize ?? 256;
  const errorOf = (name: 'train' | 'dev' | 'test'): number => {
    const split = s[name];
    if (!Array.isArray(split) || split.length !== 2 || !(split[0] instanceof Tensor) || !(split[1] instanceof Tensor)) {
      throw new ConfigError(`${where}: ${name} must be [x, y] (two tensors), got ${split === undefined ? 'nothing' : typeof split}`);
    }
    const out = model.evaluate(split[0], split[1], { batchSize });
    const values = (Array.isArray(out) ? out : [out]).map((t) => t.dataSync()[0]!);
    return acc >= 0 ? errorRate(values[acc + 1]!) : values[0]!;
  };
  return {
    trainError: errorOf('train'),
    devError: errorOf('dev'),
    ...(s.test !== undefined ? { testError: errorOf('test') } : {}),
    measure: acc >= 0 ? 'error' : 'loss',
  };
}

/** 1 − accuracy, clamped to [0, 1] against rounding in the accuracy sums. */
function errorRate(accuracy: number): number {
  return Math.min(1, Math.max(0, 1 - accuracy));
}

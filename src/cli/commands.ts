// `simdnn train`, `simdnn evaluate` and `simdnn predict`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as nn from '../index.js';
import { UsageError, choice, int, intList, num, required, type Values } from './args.js';
import { delimiterOption, readCsv, type ReadOptions } from './csv.js';
import { applyMeta, fromMnist, fromTable, inputWidth, type Meta, type Prepared } from './data.js';
import { buildCnn, buildModel, compileFor, trainModel, writeOutputs, type Trained } from './model.js';
import { accuracyOf, argmax, confusion, formatConfusion, regressionStats, timedPredict, unstandardize } from './report.js';

type Print = (line: string) => void;

export async function useBackend(v: Values): Promise<void> {
  const name = choice(v, 'backend', ['wasm', 'ts'] as const, 'wasm');
  await nn.setBackend(name);
}

/** The rows to train on (or evaluate, or tune): a CSV with --label, or --mnist; never both. */
export function source(v: Values, command: 'train' | 'evaluate' | 'tune'): 'csv' | 'mnist' {
  if (v.mnist && v.csv) throw new UsageError('give either --csv or --mnist, not both', command);
  if (!v.mnist && !v.csv) throw new UsageError('missing --csv FILE (or --mnist for the bundled digits)', command);
  const mnistOnly = ['train-samples', 'test-samples'].filter((k) => v[k] !== undefined);
  if (!v.mnist && mnistOnly.length > 0) {
    throw new UsageError(`--${mnistOnly.join(' and --')} appl${mnistOnly.length > 1 ? 'y' : 'ies'} to --mnist only`, command);
  }
  return v.mnist ? 'mnist' : 'csv';
}

/** How to read --csv: the --delimiter option, if given. */
function csvOptions(v: Values): ReadOptions {
  if (v.mnist && (v.delimiter !== undefined || v.categorical !== undefined)) throw new UsageError('--delimiter and --categorical apply to --csv only');
  return typeof v.delimiter === 'string' ? { delimiter: delimiterOption(v.delimiter) } : {};
}

/** The training rows (and, for MNIST, the test rows) from `source`'s choice, as `train` and `tune` read them. */
export async function trainingData(v: Values, src: 'csv' | 'mnist', command: 'train' | 'tune', seed: number): Promise<{ data: Prepared; test: Prepared | null }> {
  const opts = csvOptions(v);
  if (src === 'mnist') {
    const { train, test } = fromMnist(seed, int(v, 'train-samples', 8000), int(v, 'test-samples', 2000));
    return { data: train, test };
  }
  const task = choice(v, 'task', ['auto', 'classification', 'regression'] as const, 'auto');
  const categorical = typeof v.categorical === 'string' ? v.categorical.split(',').map((c) => c.trim()).filter((c) => c !== '') : [];
  const table = await readCsv(required(v, 'csv', command), opts);
  return { data: fromTable(table, required(v, 'label', command), task, categorical), test: null };
}

export async function train(v: Values, print: Print): Promise<void> {
  const src = source(v, 'train');
  const seed = int(v, 'seed', 1, 0, 2 ** 32 - 1);
  const cnn = !!v.cnn;
  if (cnn && src !== 'mnist') throw new UsageError('--cnn takes 28×28 digit images: use it with --mnist', 'train');
  const mlpOnly = ['layers', 'activation', 'batch-norm', 'dropout'].filter((k) => v[k] !== undefined);
  if (cnn && mlpOnly.length > 0) throw new UsageError(`--${mlpOnly.join(', --')} set${mlpOnly.length > 1 ? '' : 's'} the MLP; --cnn is a fixed architecture`, 'train');
  const model = {
    hidden: intList(v, 'layers', [128, 64]),
    activation: choice(v, 'activation', ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear'] as const, 'relu'),
    dropout: num(v, 'dropout', 0, 0, 1, true)!,
    l2: num(v, 'l2', 0, 0, Infinity)!,
    batchNorm: !!v['batch-norm'],
    seed,
  };
  const fit = {
    optimizer: choice(v, 'optimizer', ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw'] as const, 'adam'),
    lr: num(v, 'lr', undefined, 0, Infinity),
    epochs: int(v, 'epochs', 10, 1, 100_000),
    batchSize: int(v, 'batch-size', 32, 1),
    valSplit: num(v, 'val-split', 0.1, 0, 1, true)!,
    earlyStopping: !!v['early-stopping'],
    patience: int(v, 'patience', 3, 0),
    seed,
  };
  if (fit.earlyStopping && fit.valSplit === 0) print('note: --early-stopping with --val-split 0 watches the training loss');
  const out = typeof v.out === 'string' ? v.out : 'simdnn-model';
  await useBackend(v);
  const { data, test } = await trainingData(v, src, 'train', seed);
  const { meta } = data;
  const outputs = meta.task === 'classification' ? meta.classes.length : meta.labels.length;
  print(`data: ${data.n} rows, ${data.x.length / data.n} features, ${meta.task}` +
    (meta.task === 'classification' ? ` (${meta.classes.length} classes: ${meta.classes.slice(0, 10).join(', ')}${meta.classes.length > 10 ? ', …' : ''})` : ` of ${meta.labels.join(', ')} (standardized for training: the loss and mae below are in units of its standard deviation)`));
  const m = cnn ? buildCnn(outputs, seed) : buildModel(data.x.length / data.n, outputs, meta, model);
  const shape = cnn ? 'cnn 28×28×1 → conv 8@5×5 → maxpool 2 → conv 16@5×5 → maxpool 2 → 10' : [data.x.length / data.n, ...model.hidden, outputs].join('-');
  print(`model: ${shape} (${m.countParams().toLocaleString('en-US')} parameters), ${fit.optimizer}, backend ${nn.getBackend()}`);
  const t = await trainModel(m, data, fit);
  if (t.stoppedEarly) print(`early stopping after epoch ${t.history.epoch.length}; the best epoch's weights are kept`);
  print(`trained: ${Math.round(t.progress.samplesPerSecond).toLocaleString('en-US')} samples/s`);
  for (const line of diagnosisLines(t, fit.valSplit > 0, num(v, 'human-error', undefined, 0, Infinity))) print(line);
  if (test) report(t.model, test, print, 'test');
  const files = await writeOutputs(out, t, meta, 'simdnn train');
  print(`saved: ${files.model} (+ weights.bin, preprocessing.json)`);
  print(`plots: ${files.learningCurves}`);
  print(`       ${files.gradientHealth}`);
}

/** Bias/variance from the last epoch (needs a validation split) and the gradient-health flags, briefly. */
export function diagnosisLines(t: Trained, validated: boolean, humanLevelError: number | undefined): string[] {
  const lines: string[] = [];
  if (validated) {
    const d = nn.diagnose(t.history, humanLevelError === undefined ? {} : { humanLevelError });
    const f = (e: number) => (d.measure === 'error' ? `${(100 * e).toFixed(1)}%` : e.toPrecision(3));
    const what = d.measure === 'error' ? 'error' : 'loss';
    lines.push(`diagnosis: ${d.verdict} (train ${what} ${f(d.trainError)}, validation ${what} ${f(d.devError)}, human-level ${humanLevelError === undefined ? 'unknown, taken as 0' : f(d.humanLevelError)})`);
    if (d.suggestions.length > 0) lines.push(`  next: ${d.suggestions.slice(0, 2).join('; ')}`);
  }
  const g = nn.diagnose.gradients(t.grads);
  if (g.healthy) lines.push('gradient health: no vanishing or exploding gradients, no mostly-dead ReLU layer');
  else for (const m of g.messages) lines.push(`gradient health: ${m}`);
  return lines;
}

/** Prints loss/accuracy + confusion matrix, or MSE/MAE/R², of `model` on `data`. */
function report(model: nn.Sequential, data: Prepared, print: Print, name: string): void {
  const x = nn.tensor2d(data.x, [data.n, data.x.length / data.n]);
  const { out, rate } = timedPredict(model, x);
  const meta = data.meta;
  if (meta.task === 'classification') {
    const k = meta.classes.length;
    const loss = model.evaluate(x, nn.tensor2d(data.y, [data.n, k]), { batchSize: 256 });
    const m = confusion(out, data.classOf!, k);
    print(`${name}: ${data.n} rows, loss ${(Array.isArray(loss) ? loss[0]! : loss).dataSync()[0]!.toFixed(4)}, accuracy ${accuracyOf(m).toFixed(4)}`);
    if (k <= 20) print(formatConfusion(m, meta.classes));
  } else {
    const s = regressionStats(unstandardize(out, meta), data.raw!, meta.labels.length);
    print(`${name}: ${data.n} rows, MSE ${s.mse.toPrecision(5)}, MAE ${s.mae.toPrecision(5)}, R² ${s.r2.toFixed(4)}`);
  }
  print(`inference: ${Math.round(rate).toLocaleString('en-US')} samples/s`);
}

/** Loads model.json + preprocessing.json written by `simdnn train`. */
async function load(dir: string): Promise<{ model: nn.Sequential; meta: Meta }> {
  const abs = resolve(dir);
  let meta: Meta;
  try {
    meta = JSON.parse(readFileSync(join(abs, 'preprocessing.json'), 'utf8')) as Meta;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${dir}: no preprocessing.json; --model must be a directory written by \`simdnn train\`` : `${dir}/preprocessing.json: ${(e as Error).message}`);
  }
  if (meta?.format !== 'simdnn-cli/1') throw new UsageError(`${dir}/preprocessing.json: unknown format ${JSON.stringify(meta?.format)}; expected "simdnn-cli/1"`);
  const model = await nn.loadLayersModel(`file://${join(abs, 'model.json')}`);
  // evaluate() needs a loss; the optimizer is never used.
  compileFor(model, meta.task, 'sgd');
  return { model, meta };
}

export async function evaluate(v: Values, print: Print): Promise<void> {
  const src = source(v, 'evaluate');
  await useBackend(v);
  const { model, meta } = await load(required(v, 'model', 'evaluate'));
  let data: Prepared;
  if (src === 'mnist') {
    if (meta.source !== 'mnist') throw new UsageError(`${v.model} was trained on a CSV (${meta.features.length} features); evaluate it with --csv`);
    data = fromMnist(int(v, 'seed', 1, 0), 1, int(v, 'test-samples', 2000)).test;
  } else {
    if (meta.source !== 'csv') throw new UsageError(`${v.model} was trained on MNIST; evaluate it with --mnist`);
    const t = await readCsv(required(v, 'csv', 'evaluate'), csvOptions(v));
    const d = applyMeta(t, meta, true);
    data = { meta, x: d.x, n: d.n, y: d.y!, classOf: d.classOf ?? null, raw: d.raw ?? null };
  }
  report(model, data, print, 'evaluate');
}

export async function predict(v: Values, print: Print): Promise<void> {
  await useBackend(v);
  const { model, meta } = await load(required(v, 'model', 'predict'));
  if (meta.source !== 'csv') throw new UsageError(`${v.model} was trained on MNIST; predict reads CSV rows with the model's feature columns`);
  const t = await readCsv(required(v, 'csv', 'predict'), csvOptions(v));
  const d = applyMeta(t, meta, false);
  const out = unstandardize(model.predict(nn.tensor2d(d.x, [d.n, inputWidth(meta)]), { batchSize: 256 }).dataSync(), meta);
  const lines: string[] = [];
  if (meta.task === 'classification') {
    const k = meta.classes.length;
    lines.push(['predicted', ...meta.classes.map((c) => `p_${c}`)].map(csvCell).join(','));
    for (let i = 0; i < d.n; i++) {
      const row = out.subarray(i * k, (i + 1) * k);
      const best = argmax(row, 0, k);
      lines.push([csvCell(meta.classes[best]!), ...Array.from(row, (p) => p.toFixed(6))].join(','));
    }
  } else {
    const k = meta.labels.length;
    lines.push(meta.labels.map((l) => csvCell(`predicted_${l}`)).join(','));
    for (let i = 0; i < d.n; i++) lines.push(Array.from(out.subarray(i * k, (i + 1) * k), (p) => String(+p.toPrecision(7))).join(','));
  }
  const text = lines.join('\n') + '\n';
  if (typeof v.output === 'string') {
    writeFileSync(v.output, text);
    print(`wrote ${d.n} predictions to ${resolve(v.output)}`);
  } else process.stdout.write(text);
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Turns a CSV table (or the MNIST sample) into model inputs and targets, and records the preprocessing
// (feature columns, standardization, class names) next to the saved model so evaluate and predict
// apply exactly what training did.
import { standardScaler } from '../data/tensors.js';
import { mnist, type Dataset } from '../datasets/mnist.js';
import { Tensor } from '../tensor.js';
import { UsageError } from './args.js';
import { DataError, columnsOf, numericColumns, numberAt, parseDecimal, type Table } from './csv.js';

export type Task = 'classification' | 'regression';

/** Written as preprocessing.json in the model directory. */
export interface Meta {
  format: 'simdnn-cli/1';
  source: 'csv' | 'mnist';
  task: Task;
  features: string[];
  labels: string[];
  /** 'index': one column of integer classes; 'names': one column of class names; 'onehot': one column per class; 'values': regression targets. */
  encoding: 'index' | 'names' | 'onehot' | 'values';
  classes: string[];
  /** Feature standardization z = (x − mean) / std (absent for MNIST: pixels are already in [0, 1]). */
  mean?: number[];
  std?: number[];
  /** Regression targets are trained standardized; predictions are mapped back with these. */
  yMean?: number[];
  yStd?: number[];
}

export interface Prepared {
  meta: Meta;
  x: Float32Array;
  /** Training targets: one-hot rows for classification, standardized values for regression. */
  y: Float32Array;
  n: number;
  /** Class index per row (classification), for the confusion matrix. */
  classOf: Int32Array | null;
  /** Targets in their own units (regression). */
  raw: Float32Array | null;
}

// An integer label column with at most this many distinct values is taken as classes under --task auto.
const MAX_AUTO_CLASSES = 20;

/** The training set from a CSV: label columns from --label, every other column a numeric feature. */
export function fromTable(t: Table, labelArg: string, task: Task | 'auto'): Prepared {
  const labels = labelArg.split(',').map((s) => s.trim());
  if (labels.some((l) => l === '')) throw new UsageError(`--label: empty column name in ${JSON.stringify(labelArg)}`);
  const labelCols = columnsOf(t, labels, '--label');
  const features = t.header.filter((_, j) => !labelCols.includes(j));
  if (features.length === 0) throw new DataError(`${t.file}: no feature columns left after the label column(s) ${labels.join(', ')}`);
  const base = { format: 'simdnn-cli/1' as const, source: 'csv' as const, features, labels };
  let meta: Meta;
  if (labels.length > 1 && task !== 'regression') {
    meta = { ...base, task: 'classification', encoding: 'onehot', classes: labels };
  } else if (labels.length > 1 || task === 'regression') {
    meta = { ...base, task: 'regression', encoding: 'values', classes: [] };
  } else {
    const j = labelCols[0]!;
    const cells = t.rows.map((r) => r[j]!);
    const v = cells.map(parseDecimal);
    const numeric = v.every((x) => !Number.isNaN(x));
    if (!numeric) {
      if (task === 'auto' && cells.some((c) => c === '')) {
        const r = cells.indexOf('');
        throw new DataError(`${t.file}:${t.line[r]}: column "${labels[0]}" is empty; expected a label`);
      }
      // Class names: any non-numeric label makes the column categorical (sorted for a stable order).
      const names = [...new Set(cells)].sort();
      meta = { ...base, task: 'classification', encoding: 'names', classes: names };
    } else {
      const ints = v.every((x) => Number.isInteger(x) && x >= 0 && x < 1000);
      const distinct = new Set(v).size;
      if (task === 'classification' && !ints) {
        const r = v.findIndex((x) => !(Number.isInteger(x) && x >= 0 && x < 1000));
        throw new DataError(`${t.file}:${t.line[r]}: column "${labels[0]}" is ${cells[r]}; a class label must be an integer from 0 to 999 (or a name)`);
      }
      if (task === 'classification' || (task === 'auto' && ints && distinct <= MAX_AUTO_CLASSES)) {
        let top = 0; // NOTE: a loop, not Math.max(...v): spreading ~125k rows overflows the stack
        for (const x of v) if (x > top) top = x;
        meta = { ...base, task: 'classification', encoding: 'index', classes: Array.from({ length: top + 1 }, (_, i) => String(i)) };
      } else {
        meta = { ...base, task: 'regression', encoding: 'values', classes: [] };
      }
    }
  }
  const x = numericColumns(t, columnsOf(t, features, 'feature'));
  const { mean, std } = moments(x, features.length);
  meta.mean = mean;
  meta.std = std;
  standardize(x, mean, std);
  const targets = targetsOf(t, meta, true);
  if (targets.classOf) oneClassCheck(t, meta, targets.classOf);
  return { meta, x, n: t.rows.length, ...targets };
}

/**
 * Training a classifier on one class is a user error (the model can only learn "always that class"),
 * refused as scikit-learn's "needs samples of at least 2 classes". Evaluating on one class is fine.
 */
function oneClassCheck(t: Table, meta: Meta, classOf: Int32Array): void {
  const first = classOf[0]!;
  if (classOf.some((c) => c !== first)) return;
  const column = meta.labels.length > 1 ? `label columns ${meta.labels.join(', ')} have` : `column "${meta.labels[0]}" has`;
  throw new DataError(`${t.file}: ${column} only one class ("${meta.classes[first]}") in ${classOf.length} rows; a classifier needs at least two classes`);
}

/** Inputs (and targets, when the label columns are present) of a CSV for a trained model's meta. */
export function applyMeta(t: Table, meta: Meta, needLabels: boolean): { x: Float32Array; n: number } & Partial<ReturnType<typeof targetsOf>> {
  const x = numericColumns(t, columnsOf(t, meta.features, 'a feature the model was trained on'));
  standardize(x, meta.mean!, meta.std!);
  const hasLabels = meta.labels.every((l) => t.header.includes(l));
  if (needLabels && !hasLabels) columnsOf(t, meta.labels, 'the label the model was trained on');
  return { x, n: t.rows.length, ...(needLabels ? targetsOf(t, meta, false) : {}) };
}

/** Targets of every row under `meta`; at training time (`fit`) regression sets yMean/yStd. */
function targetsOf(t: Table, meta: Meta, fit: boolean): { y: Float32Array; classOf: Int32Array | null; raw: Float32Array | null } {
  const cols = columnsOf(t, meta.labels, '--label');
  const n = t.rows.length;
  if (meta.task === 'regression') {
    const raw = numericColumns(t, cols);
    if (fit) {
      const { mean, std } = moments(raw, cols.length);
      meta.yMean = mean;
      meta.yStd = std;
    }
    const y = raw.slice();
    standardize(y, meta.yMean!, meta.yStd!);
    return { y, classOf: null, raw };
  }
  const k = meta.classes.length;
  const y = new Float32Array(n * k), classOf = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let c: number;
    if (meta.encoding === 'onehot') {
      const v = cols.map((j) => numberAt(t, r, j));
      const ones = v.filter((e) => e === 1).length;
      if (ones !== 1 || v.some((e) => e !== 0 && e !== 1)) {
        throw new DataError(`${t.file}:${t.line[r]}: one-hot label columns ${meta.labels.join(', ')} are ${v.join(', ')}; expected exactly one 1 and the rest 0`);
      }
      c = v.indexOf(1);
    } else if (meta.encoding === 'names') {
      const cell = t.rows[r]![cols[0]!]!;
      c = meta.classes.indexOf(cell);
      if (c < 0) throw new DataError(`${t.file}:${t.line[r]}: column "${meta.labels[0]}" is ${JSON.stringify(cell)}, not a class the model knows (${meta.classes.join(', ')})`);
    } else {
      c = numberAt(t, r, cols[0]!);
      if (!Number.isInteger(c) || c < 0 || c >= k) {
        throw new DataError(`${t.file}:${t.line[r]}: column "${meta.labels[0]}" is ${t.rows[r]![cols[0]!]}; expected a class from 0 to ${k - 1}`);
      }
    }
    y[r * k + c] = 1;
    classOf[r] = c;
  }
  return { y, classOf, raw: null };
}

/** The MNIST sample (proportional split: 8000 / 2000), optionally cut to the first N rows of each set. */
export function fromMnist(seed: number, trainN?: number, testN?: number): { train: Prepared; test: Prepared } {
  const sets = mnist({ split: 'proportional', seed });
  const meta: Meta = {
    format: 'simdnn-cli/1', source: 'mnist', task: 'classification', features: [`${sets.train.features} pixels`],
    labels: ['digit'], encoding: 'index', classes: Array.from({ length: 10 }, (_, i) => String(i)),
  };
  const cut = (d: Dataset, n?: number): Prepared => {
    const m = Math.min(n ?? d.n, d.n);
    return { meta, x: d.x.subarray(0, m * d.features), y: d.y.subarray(0, m * 10), n: m, classOf: d.labels.subarray(0, m), raw: null };
  };
  return { train: cut(sets.train, trainN), test: cut(sets.test, testN) };
}

/** Column means and population stds from nn.data.standardScaler (a constant column gets std 1), as plain arrays for preprocessing.json. */
function moments(x: Float32Array, d: number): { mean: number[]; std: number[] } {
  const scaler = standardScaler().fit(new Tensor(x, [x.length / d, d]));
  return { mean: Array.from(scaler.mean), std: Array.from(scaler.std) };
}

function standardize(x: Float32Array, mean: number[], std: number[]): void {
  const d = mean.length;
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! - mean[i % d]!) / std[i % d]!;
}

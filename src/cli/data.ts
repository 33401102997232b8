// Turns a CSV table (or the MNIST sample) into model inputs and targets, and records the preprocessing
// (feature columns, standardization, class names) next to the saved model so evaluate and predict
// apply exactly what training did.
import { standardScaler } from '../data/tensors.js';
import { mnist, type Dataset } from '../datasets/mnist.js';
import { Tensor } from '../tensor.js';
import { UsageError } from './args.js';
import { DataError, MAX_DISTINCT, cellText, columnsOf, numbersOf, type Column, type Table } from './csv.js';

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
  /** Categorical features (one-hot inputs, in this order of categories); absent when there are none. */
  categories?: Record<string, string[]>;
  /** Per input (after one-hot): standardization z = (x − mean) / std (absent for MNIST: pixels are already in [0, 1]). */
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

/** Feature cells that name a missing value rather than a category (a numeric column with gaps). */
const MISSING = /^(na|n\/a|nan|null|none|missing|inf|infinity|-inf)$/i;

/**
 * A feature column read as categories without --categorical: every distinct cell has a letter and no
 * digit ("red", "NY"), and it is not a missing-value marker. Anything number-like stays numeric, so a
 * typo in a numeric column is an error, never a silent one-hot.
 */
function looksCategorical(c: Column): boolean {
  return c.bad !== null && c.dict !== null && c.dict.every((v) => /\p{L}/u.test(v) && !/\d/.test(v) && !MISSING.test(v));
}

/** Inputs per row under `meta`: one per numeric feature, one per category of a categorical one. */
export function inputWidth(meta: Meta): number {
  return meta.features.reduce((w, f) => w + (meta.categories?.[f]?.length ?? 1), 0);
}

/**
 * The training set from a CSV: label columns from --label, every other column a feature: numeric, or
 * categorical (one-hot; named by --categorical, or detected: see looksCategorical).
 */
export function fromTable(t: Table, labelArg: string, task: Task | 'auto', categorical: string[] = []): Prepared {
  const labels = labelArg.split(',').map((s) => s.trim());
  if (labels.some((l) => l === '')) throw new UsageError(`--label: empty column name in ${JSON.stringify(labelArg)}`);
  const labelCols = columnsOf(t, labels, '--label');
  const features = t.header.filter((_, j) => !labelCols.includes(j));
  if (features.length === 0) throw new DataError(`${t.file}: no feature columns left after the label column(s) ${labels.join(', ')}`);
  for (const name of categorical) {
    if (labels.includes(name)) throw new UsageError(`--categorical: "${name}" is the label column; label classes are read from it already`);
    columnsOf(t, [name], '--categorical');
  }
  const categories: Record<string, string[]> = {};
  for (const f of features) {
    const j = t.header.indexOf(f), c = t.columns[j]!;
    if (!categorical.includes(f) && !looksCategorical(c)) continue;
    if (!c.dict) throw new DataError(`${t.file}: column "${f}" has more than ${MAX_DISTINCT} distinct values; too many categories to one-hot (drop the column, or give it as numbers)`);
    categories[f] = [...c.dict].sort();
  }
  const base = { format: 'simdnn-cli/1' as const, source: 'csv' as const, features, labels, ...(Object.keys(categories).length ? { categories } : {}) };
  let meta: Meta;
  if (labels.length > 1 && task !== 'regression') {
    meta = { ...base, task: 'classification', encoding: 'onehot', classes: labels };
  } else if (labels.length > 1 || task === 'regression') {
    meta = { ...base, task: 'regression', encoding: 'values', classes: [] };
  } else {
    const j = labelCols[0]!, c = t.columns[j]!;
    if (c.bad) {
      if (task === 'auto' && c.bad.text === '') throw new DataError(`${t.file}:${t.line[c.bad.row]}: column "${labels[0]}" is empty; expected a label`);
      if (!c.dict) throw new DataError(`${t.file}:${t.line[c.bad.row]}: column "${labels[0]}" is ${JSON.stringify(c.bad.text)}: not a number, and the column has more than ${MAX_DISTINCT} distinct values, too many to be class names`);
      // Class names: any non-numeric label makes the column categorical (sorted for a stable order).
      meta = { ...base, task: 'classification', encoding: 'names', classes: [...c.dict].sort() };
    } else {
      const v = c.numbers;
      const isClass = (x: number) => Number.isInteger(x) && x >= 0 && x < 1000;
      if (task === 'classification') {
        const r = v.findIndex((x) => !isClass(x));
        if (r >= 0) throw new DataError(`${t.file}:${t.line[r]}: column "${labels[0]}" is ${cellText(t, r, j)}; a class label must be an integer from 0 to 999 (or a name)`);
      }
      if (task === 'classification' || (task === 'auto' && v.every(isClass) && new Set(v).size <= MAX_AUTO_CLASSES)) {
        let top = 0; // NOTE: a loop, not Math.max(...v): spreading ~125k rows overflows the stack
        for (const x of v) if (x > top) top = x;
        meta = { ...base, task: 'classification', encoding: 'index', classes: Array.from({ length: top + 1 }, (_, i) => String(i)) };
      } else {
        meta = { ...base, task: 'regression', encoding: 'values', classes: [] };
      }
    }
  }
  const x = inputsOf(t, meta);
  const { mean, std } = moments(x, inputWidth(meta));
  // One-hot inputs stay 0/1: only numeric features are standardized.
  let o = 0;
  for (const f of features) {
    const k = categories[f]?.length ?? 0;
    for (let i = 0; i < k; i++) {
      mean[o + i] = 0;
      std[o + i] = 1;
    }
    o += Math.max(k, 1);
  }
  meta.mean = mean;
  meta.std = std;
  standardize(x, mean, std);
  const targets = targetsOf(t, meta, true);
  if (targets.classOf) oneClassCheck(t, meta, targets.classOf);
  return { meta, x, n: t.n, ...targets };
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

/** Per dictionary entry of column j, its index in `known` (−1: not one of them). */
function codeMap(t: Table, j: number, known: string[], what: string): Int32Array {
  const c = t.columns[j]!;
  if (!c.dict) throw new DataError(`${t.file}: column "${t.header[j]}" has more than ${MAX_DISTINCT} distinct values; expected ${what} (${known.length} of them)`);
  const index = new Map(known.map((k, i) => [k, i]));
  return Int32Array.from(c.dict, (v) => index.get(v) ?? -1);
}

/** The row-major input matrix of the table's rows under `meta` (not yet standardized). */
function inputsOf(t: Table, meta: Meta): Float32Array {
  const cols = columnsOf(t, meta.features, 'a feature the model was trained on');
  const width = inputWidth(meta), n = t.n;
  const x = new Float32Array(n * width);
  let o = 0;
  cols.forEach((j, f) => {
    const name = meta.features[f]!, cats = meta.categories?.[name];
    if (cats) {
      const map = codeMap(t, j, cats, 'categories');
      const codes = t.columns[j]!.codes!;
      for (let r = 0; r < n; r++) {
        const k = map[codes[r]!]!;
        if (k < 0) {
          const cell = cellText(t, r, j);
          throw new DataError(`${t.file}:${t.line[r]}: column "${name}" is ${cell === '' ? 'empty' : JSON.stringify(cell)}; expected one of its categories (${cats.join(', ')})`);
        }
        x[r * width + o + k] = 1;
      }
      o += cats.length;
    } else {
      const c = t.columns[j]!;
      const hint = c.bad && /\p{L}/u.test(c.bad.text) ? ` (if "${name}" holds categories, pass --categorical ${name})` : '';
      const v = numbersOf(t, j, hint);
      for (let r = 0; r < n; r++) x[r * width + o] = v[r]!;
      o += 1;
    }
  });
  return x;
}

/** Inputs (and targets, when the label columns are present) of a CSV for a trained model's meta. */
export function applyMeta(t: Table, meta: Meta, needLabels: boolean): { x: Float32Array; n: number } & Partial<ReturnType<typeof targetsOf>> {
  const x = inputsOf(t, meta);
  standardize(x, meta.mean!, meta.std!);
  const hasLabels = meta.labels.every((l) => t.header.includes(l));
  if (needLabels && !hasLabels) columnsOf(t, meta.labels, 'the label the model was trained on');
  return { x, n: t.n, ...(needLabels ? targetsOf(t, meta, false) : {}) };
}

/** Targets of every row under `meta`; at training time (`fit`) regression sets yMean/yStd. */
function targetsOf(t: Table, meta: Meta, fit: boolean): { y: Float32Array; classOf: Int32Array | null; raw: Float32Array | null } {
  const cols = columnsOf(t, meta.labels, '--label');
  const n = t.n;
  if (meta.task === 'regression') {
    const k = cols.length, raw = new Float32Array(n * k);
    cols.forEach((j, c) => {
      const v = numbersOf(t, j);
      for (let r = 0; r < n; r++) raw[r * k + c] = v[r]!;
    });
    if (fit) {
      const { mean, std } = moments(raw, k);
      meta.yMean = mean;
      meta.yStd = std;
    }
    const y = raw.slice();
    standardize(y, meta.yMean!, meta.yStd!);
    return { y, classOf: null, raw };
  }
  const k = meta.classes.length;
  const y = new Float32Array(n * k), classOf = new Int32Array(n);
  if (meta.encoding === 'onehot') {
    const v = cols.map((j) => numbersOf(t, j));
    for (let r = 0; r < n; r++) {
      let ones = 0, c = -1;
      for (let i = 0; i < k; i++) {
        const e = v[i]![r]!;
        if (e === 1) ones++, (c = i);
        else if (e !== 0) ones = 2;
      }
      if (ones !== 1) {
        throw new DataError(`${t.file}:${t.line[r]}: one-hot label columns ${meta.labels.join(', ')} are ${v.map((col) => col[r]).join(', ')}; expected exactly one 1 and the rest 0`);
      }
      classOf[r] = c;
    }
  } else if (meta.encoding === 'names') {
    const j = cols[0]!, map = codeMap(t, j, meta.classes, 'class names'), codes = t.columns[j]!.codes!;
    for (let r = 0; r < n; r++) {
      const c = map[codes[r]!]!;
      if (c < 0) throw new DataError(`${t.file}:${t.line[r]}: column "${meta.labels[0]}" is ${JSON.stringify(cellText(t, r, j))}, not a class the model knows (${meta.classes.join(', ')})`);
      classOf[r] = c;
    }
  } else {
    const j = cols[0]!, col = t.columns[j]!;
    for (let r = 0; r < n; r++) {
      const c = col.numbers[r]!;
      if (!Number.isInteger(c) || c < 0 || c >= k) {
        throw new DataError(`${t.file}:${t.line[r]}: column "${meta.labels[0]}" is ${cellText(t, r, j)}; expected a class from 0 to ${k - 1}`);
      }
      classOf[r] = c;
    }
  }
  for (let r = 0; r < n; r++) y[r * k + classOf[r]!] = 1;
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

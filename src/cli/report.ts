// What the CLI prints about a model's quality: accuracy and a confusion matrix for classification,
// MSE / MAE / R² in the targets' own units for regression.
import type * as nn from '../index.js';
import type { Meta } from './data.js';

/** matrix[t][p]: rows of true class t predicted as p (argmax of the outputs, first maximum wins). */
export function confusion(probs: Float32Array, classOf: Int32Array, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < classOf.length; i++) m[classOf[i]!]![argmax(probs, i * k, k)]!++;
  return m;
}

export function argmax(v: Float32Array, at: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (v[at + j]! > v[at + best]!) best = j;
  return best;
}

/** The matrix as text: a header of predicted classes, one row per true class, totals per row. */
export function formatConfusion(m: number[][], classes: string[]): string {
  const names = classes.map((c) => (c.length > 8 ? c.slice(0, 7) + '…' : c));
  // NOTE: loops, not Math.max(...cells): k² cells (up to 10⁶) overflow the stack as arguments.
  let cell = 4, label = 6;
  for (const row of m) for (const v of row) cell = Math.max(cell, String(v).length);
  for (const c of names) {
    cell = Math.max(cell, c.length);
    label = Math.max(label, c.length);
  }
  const w = cell + 1, lw = label + 1;
  const lines = [`${'true ↓ / predicted →'}`, ' '.repeat(lw) + names.map((c) => c.padStart(w)).join('') + '   recall'];
  m.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    const recall = total ? (row[t]! / total).toFixed(3) : '  —  ';
    lines.push(names[t]!.padEnd(lw) + row.map((v) => String(v).padStart(w)).join('') + '   ' + recall);
  });
  return lines.join('\n');
}

/** Accuracy from a confusion matrix. */
export function accuracyOf(m: number[][]): number {
  let hit = 0, all = 0;
  m.forEach((row, t) => row.forEach((v, p) => ((all += v), t === p && (hit += v))));
  return all ? hit / all : 0;
}

/** Outputs mapped back to the targets' units (regression trains on standardized targets). */
export function unstandardize(out: Float32Array, meta: Meta): Float32Array {
  if (meta.task !== 'regression' || !meta.yMean) return out;
  const d = meta.yMean.length, res = new Float32Array(out.length);
  for (let i = 0; i < out.length; i++) res[i] = out[i]! * meta.yStd![i % d]! + meta.yMean[i % d]!;
  return res;
}

/** MSE, MAE and R² (1 − SSE/SST over all outputs) of predictions against targets, both in target units. */
export function regressionStats(pred: Float32Array, target: Float32Array, outputs: number): { mse: number; mae: number; r2: number } {
  const n = target.length / outputs;
  const mean = new Array<number>(outputs).fill(0);
  for (let i = 0; i < target.length; i++) mean[i % outputs]! += target[i]! / n;
  let se = 0, ae = 0, st = 0;
  for (let i = 0; i < target.length; i++) {
    const e = pred[i]! - target[i]!;
    se += e * e;
    ae += Math.abs(e);
    st += (target[i]! - mean[i % outputs]!) ** 2;
  }
  return { mse: se / target.length, mae: ae / target.length, r2: st > 0 ? 1 - se / st : NaN };
}

/** Predicts in chunks of 256 rows; returns the outputs and the rows per second. */
export function timedPredict(model: nn.Sequential, x: nn.Tensor): { out: Float32Array; rate: number } {
  const t0 = performance.now();
  const out = model.predict(x, { batchSize: 256 }).dataSync();
  const seconds = (performance.now() - t0) / 1000;
  return { out, rate: x.shape[0]! / Math.max(seconds, 1e-9) };
}

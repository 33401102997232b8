// Dataset.batch's stacking, as tfjs-data's deepBatchConcat: numbers, number arrays and Tensors at a
// leaf become one Tensor with the batch as axis 0; objects are batched key by key.
import { ValueError, preview } from '../errors.js';
import { Tensor, tensor } from '../tensor.js';

function isLeaf(v: unknown): boolean {
  return v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Tensor || ArrayBuffer.isView(v);
}

/** Stacks rows (same structure) into a batch; `path` names the leaf in errors (e.g. xs.petal_width). */
export function batchRows(rows: unknown[], path = 'element'): unknown {
  const first = rows[0];
  if (!isLeaf(first)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first as object)) {
      out[key] = batchRows(rows.map((r) => (r as Record<string, unknown>)?.[key]), `${path}.${key}`);
    }
    return out;
  }
  if (first instanceof Tensor) {
    const shape = first.shape, w = first.size, values = new Float32Array(rows.length * w);
    rows.forEach((r, i) => {
      if (!(r instanceof Tensor) || r.shape.join() !== shape.join()) {
        throw new ValueError(`batch: ${path} of element ${i} in the batch is ${r instanceof Tensor ? `shape [${r.shape}]` : preview(r)}; expected a Tensor of shape [${shape}] like element 0`);
      }
      values.set(r.read('batch'), i * w);
    });
    return new Tensor(values, [rows.length, ...shape]);
  }
  const flat = flatRows(rows);
  if (flat) return flat;
  const bad = rows.findIndex((r) => typeof r === 'string' || r === undefined || r === null || typeof r === 'boolean');
  if (bad >= 0) {
    throw new ValueError(`batch: ${path} of element ${bad} in the batch is ${preview(rows[bad])}; only numbers, number arrays and Tensors can be batched into float32 tensors (map strings to numbers first)`);
  }
  try {
    return tensor(rows.map((r) => (ArrayBuffer.isView(r) ? Array.from(r as Float32Array) : r)) as never);
  } catch (e) {
    throw new ValueError(`batch: ${path} cannot be stacked (${(e as Error).message})`);
  }
}

/**
 * The common case (each row a flat array of numbers, all the same length) straight into a Float32Array,
 * without tensor()'s nested-array walk; null sends anything else down the general path and its errors.
 */
function flatRows(rows: unknown[]): Tensor | null {
  const first = rows[0];
  if (!Array.isArray(first) || typeof first[0] !== 'number') return null;
  const w = first.length, out = new Float32Array(rows.length * w);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Array.isArray(r) || r.length !== w) return null;
    for (let j = 0; j < w; j++) {
      const v: unknown = r[j];
      if (typeof v !== 'number') return null;
      out[i * w + j] = v;
    }
  }
  return new Tensor(out, [rows.length, w]);
}

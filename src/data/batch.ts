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

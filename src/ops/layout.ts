// Shape and data-movement ops: reshape/expandDims/squeeze/clone share storage (no copy); transpose and
// slice are one x32_strided_copy, concat/stack/split are x32_copy2d blocks, gather is x32_gather
// (assembly/layout.ts). Words are moved as is, so int32 tensors keep their dtype and bits.
import type { Backend } from '../backend/backend.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Arena } from '../runtime/arena.js';
import type { Tensor } from '../tensor.js';
import {
  KERNEL_MAX_RANK, asTensor, collapse, isTensor, normAxis, offsetOf, onBackend, produce, sizeOf, stridesOf, tooManyDims, view, type TensorInput,
} from './core.js';
import { cast } from './creation.js';

/**
 * Copies `shape`-shaped words at x into y with the axes reordered by `perm` (y has shape perm·shape).
 * @internal
 */
export function permuteInto(b: Backend, s: Arena, shape: readonly number[], perm: readonly number[], x: number, y: number, op: string): void {
  const st = stridesOf(shape);
  stridedInto(b, s, perm.map((p) => shape[p]!), perm.map((p) => st[p]!), x, y, op);
}

function stridedInto(b: Backend, s: Arena, shape: number[], strides: number[], x: number, y: number, op: string): void {
  if (sizeOf(shape) === 0) return;
  const c = collapse(shape, [strides, stridesOf(shape)]);
  if (c.shape.length > KERNEL_MAX_RANK) throw tooManyDims(op, shape);
  b.k.x32_strided_copy(c.shape.length, s.putI32(Int32Array.from(c.shape)), s.putI32(Int32Array.from(c.strides[0]!)), x, y);
}

/**
 * The same values under a new shape, as tf.reshape: no copy (the result shares storage). One size
 * may be −1 (inferred); a shape of another size is a ShapeError naming both.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.reshape([1, 2, 3, 4, 5, 6], [2, -1]).arraySync()); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export function reshape(x: TensorInput, shape: readonly number[]): Tensor {
  const X = asTensor(x, 'reshape', 'x');
  if (!Array.isArray(shape)) throw new ShapeError(`reshape: shape must be an array of sizes, got ${String(shape)}`);
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) throw new ShapeError(`reshape: shape ${fmtShape(shape)} has more than one -1`);
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const out = free && known > 0 && X.size % known === 0 ? shape.map((d) => (d === -1 ? X.size / known : d)) : [...shape];
  if (out.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(out) !== X.size) {
    throw new ShapeError(`reshape: cannot reshape a tensor of shape ${fmtShape(X.shape)} (${X.size} values) into ${fmtShape(shape)}`);
  }
  return view(X, out, 'reshape');
}

/**
 * Inserts a size-1 axis at `axis` (default 0), as tf.expandDims; no copy.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.expandDims([1, 2], 1).shape); // [2, 1]
 * ```
 */
export function expandDims(x: TensorInput, axis = 0): Tensor {
  const X = asTensor(x, 'expandDims', 'x');
  const a = normAxis(axis, X.rank + 1, 'expandDims');
  const shape = [...X.shape];
  shape.splice(a, 0, 1);
  return view(X, shape, 'expandDims');
}

/**
 * Removes size-1 axes (all, or those in `axis`), as tf.squeeze; no copy. Naming an axis whose size is
 * not 1 is a ShapeError.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.squeeze(nn.zeros([2, 1, 3])).shape); // [2, 3]
 * ```
 */
export function squeeze(x: TensorInput, axis?: number[]): Tensor {
  const X = asTensor(x, 'squeeze', 'x');
  const drop = axis === undefined ? X.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0) : axis.map((a) => normAxis(a, X.rank, 'squeeze'));
  for (const a of drop) if (X.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of shape ${fmtShape(X.shape)} has size ${X.shape[a]}, expected 1`);
  return view(X, X.shape.filter((_, i) => !drop.includes(i)), 'squeeze');
}

/**
 * A new tensor with the same values, as tf.clone: it shares storage (values are immutable), and
 * disposing either leaves the other valid.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const a = nn.tensor1d([1, 2]);
 * const b = nn.clone(a);
 * a.dispose();
 * console.log(b.arraySync()); // [1, 2]
 * ```
 */
export function clone(x: TensorInput): Tensor {
  const X = asTensor(x, 'clone', 'x');
  return view(X, X.shape, 'clone');
}

/**
 * Permutes the axes, as tf.transpose: output axis i is input axis perm[i] (default: reversed).
 * A perm that is not a permutation of [0, rank) is a ValueError.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.transpose([[1, 2, 3], [4, 5, 6]]).arraySync()); // [[1, 4], [2, 5], [3, 6]]
 * ```
 */
export function transpose(x: TensorInput, perm?: readonly number[]): Tensor {
  const X = asTensor(x, 'transpose', 'x');
  const p = perm ? [...perm] : [...X.shape.keys()].reverse();
  const ok = p.length === X.rank && [...p].sort((a, b) => a - b).every((v, i) => v === i);
  if (!ok) throw new ValueError(`transpose: perm ${fmtShape(p)} is not a permutation of the ${X.rank} axes of shape ${fmtShape(X.shape)}`);
  return onBackend((b, s) => {
    const px = offsetOf(X, b, s, 'transpose');
    return produce(b, p.map((a) => X.shape[a]!), X.dtype, (y) => permuteInto(b, s, X.shape, p, px, y, 'transpose'));
  });
}

/**
 * A block of `x` starting at `begin` with `size` (−1 or omitted: to the end), as tf.slice; begin and
 * size may be numbers for the first axis. A block outside the tensor is a ShapeError.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[1, 2, 3], [4, 5, 6]]);
 * console.log(nn.slice(x, [0, 1], [2, 2]).arraySync()); // [[2, 3], [5, 6]]
 * ```
 */
export function slice(x: TensorInput, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  const X = asTensor(x, 'slice', 'x');
  const b0 = typeof begin === 'number' ? [begin, ...Array(Math.max(X.rank - 1, 0)).fill(0)] : [...begin];
  const s0 = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
  if (b0.length > X.rank || s0.length > X.rank) throw new ShapeError(`slice: begin ${fmtShape(b0)} / size ${fmtShape(s0)} have more entries than the rank ${X.rank} of shape ${fmtShape(X.shape)}`);
  const start = X.shape.map((_, i) => b0[i] ?? 0);
  const shape = X.shape.map((d, i) => (s0[i] === undefined || s0[i] === -1 ? d - start[i]! : s0[i]!));
  X.shape.forEach((d, i) => {
    if (!Number.isInteger(start[i]) || !Number.isInteger(shape[i]) || start[i]! < 0 || shape[i]! < 0 || start[i]! + shape[i]! > d) {
      throw new ShapeError(`slice: begin ${fmtShape(start)} size ${fmtShape(shape)} is outside shape ${fmtShape(X.shape)} (axis ${i})`);
    }
  });
  const st = stridesOf(X.shape), base = start.reduce((p, v, i) => p + v * st[i]!, 0);
  return onBackend((b, s) => {
    const px = offsetOf(X, b, s, 'slice');
    return produce(b, shape, X.dtype, (y) => stridedInto(b, s, shape, st, px + base * 4, y, 'slice'));
  });
}

function sameDtype(ts: Tensor[], op: string): Tensor[] {
  if (ts.every((t) => t.dtype === ts[0]!.dtype)) return ts;
  return ts.map((t) => (t.dtype === 'float32' ? t : cast(t, 'float32'))); // tfjs upcasts mixed dtypes
}

/**
 * Joins tensors along `axis` (default 0), as tf.concat: every other dimension must match (a ShapeError
 * names the first that does not). Mixed int32/float32 inputs give float32.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.concat([nn.tensor2d([[1, 2]]), nn.tensor2d([[3, 4]])], 0).arraySync()); // [[1, 2], [3, 4]]
 * console.log(nn.concat([[[1], [2]], [[3], [4]]], 1).arraySync()); // [[1, 3], [2, 4]]
 * ```
 */
export function concat(tensors: readonly TensorInput[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new ValueError('concat: expected a non-empty array of tensors');
  const ts = sameDtype(tensors.map((t, i) => asTensor(t, 'concat', `tensors[${i}]`)), 'concat');
  const first = ts[0]!, a = normAxis(axis, first.rank, 'concat');
  ts.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((d, k) => k !== a && d !== first.shape[k])) {
      throw new ShapeError(`concat: tensors[${i}] has shape ${fmtShape(t.shape)}, expected ${fmtShape(first.shape.map((d, k) => (k === a ? '*' : d)) as unknown as number[])} (all dimensions but axis ${a} equal)`);
    }
  });
  const shape = [...first.shape];
  shape[a] = ts.reduce((p, t) => p + t.shape[a]!, 0);
  const outer = sizeOf(first.shape.slice(0, a)), inner = sizeOf(first.shape.slice(a + 1)), total = shape[a]! * inner;
  return onBackend((b, s) => {
    const ps = ts.map((t) => offsetOf(t, b, s, 'concat'));
    return produce(b, shape, first.dtype, (y) => {
      let col = 0;
      ts.forEach((t, i) => {
        const cols = t.shape[a]! * inner;
        if (cols > 0 && outer > 0) b.k.x32_copy2d(outer, cols, ps[i]!, cols, y + col * 4, total);
        col += cols;
      });
    });
  });
}

/**
 * Stacks same-shaped tensors along a new axis (default 0), as tf.stack.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.stack([[1, 2], [3, 4]], 1).arraySync()); // [[1, 3], [2, 4]]
 * ```
 */
export function stack(tensors: readonly TensorInput[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new ValueError('stack: expected a non-empty array of tensors');
  const ts = tensors.map((t, i) => asTensor(t, 'stack', `tensors[${i}]`));
  ts.forEach((t, i) => {
    if (t.rank !== ts[0]!.rank || t.shape.some((d, k) => d !== ts[0]!.shape[k])) {
      throw new ShapeError(`stack: tensors[${i}] has shape ${fmtShape(t.shape)}, expected ${fmtShape(ts[0]!.shape)} (all the same)`);
    }
  });
  const a = normAxis(axis, ts[0]!.rank + 1, 'stack');
  const views = ts.map((t) => expandDims(t, a));
  const out = concat(views, a);
  for (const v of views) v.dispose();
  return out;
}

/**
 * Splits along `axis` (default 0) into `numOrSizeSplits` equal parts, or parts of the given sizes
 * (one may be −1), as tf.split. Sizes that do not add up to the axis are a ShapeError.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const [a, b] = nn.split(nn.tensor2d([[1, 2, 3, 4]]), [1, 3], 1);
 * console.log(a!.arraySync(), b!.arraySync()); // [[1]] [[2, 3, 4]]
 * ```
 */
export function split(x: TensorInput, numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] {
  const X = asTensor(x, 'split', 'x');
  const a = normAxis(axis, X.rank, 'split'), n = X.shape[a]!;
  let sizes: number[];
  if (typeof numOrSizeSplits === 'number') {
    if (!Number.isInteger(numOrSizeSplits) || numOrSizeSplits <= 0 || n % numOrSizeSplits !== 0) {
      throw new ShapeError(`split: axis ${a} of shape ${fmtShape(X.shape)} (size ${n}) does not split into ${numOrSizeSplits} equal parts`);
    }
    sizes = Array(numOrSizeSplits).fill(n / numOrSizeSplits);
  } else {
    sizes = [...numOrSizeSplits];
    const rest = n - sizes.reduce((p, v) => (v === -1 ? p : p + v), 0);
    sizes = sizes.map((v) => (v === -1 ? rest : v));
    if (sizes.some((v) => !Number.isInteger(v) || v < 0) || sizes.reduce((p, v) => p + v, 0) !== n) {
      throw new ShapeError(`split: sizes ${fmtShape([...numOrSizeSplits])} do not add up to size ${n} of axis ${a} of shape ${fmtShape(X.shape)}`);
    }
  }
  const outer = sizeOf(X.shape.slice(0, a)), inner = sizeOf(X.shape.slice(a + 1)), total = n * inner;
  return onBackend((b, s) => {
    const px = offsetOf(X, b, s, 'split');
    let col = 0;
    return sizes.map((size) => {
      const shape = [...X.shape];
      shape[a] = size;
      const from = col;
      col += size * inner;
      return produce(b, shape, X.dtype, (y) => {
        if (size * inner > 0 && outer > 0) b.k.x32_copy2d(outer, size * inner, px + from * 4, total, y, size * inner);
      });
    });
  });
}

/**
 * Gathers slices of `x` along `axis` (default 0) at `indices` (an int32 tensor or integer array), as
 * tf.gather: the result has shape x.shape[:axis] + indices.shape + x.shape[axis+1:]. An index outside
 * [0, size) is a ValueError naming it.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * console.log(nn.gather(x, [2, 0]).arraySync()); // [[5, 6], [1, 2]]
 * console.log(nn.gather(x, [1], 1).arraySync()); // [[2], [4], [6]]
 * ```
 */
export function gather(x: TensorInput, indices: TensorInput, axis = 0): Tensor {
  const X = asTensor(x, 'gather', 'x');
  let I = isTensor(indices) ? indices : asTensor(indices, 'gather', 'indices');
  if (I.dtype !== 'int32') I = cast(I, 'int32');
  const a = normAxis(axis, X.rank, 'gather'), n = X.shape[a]!;
  const shape = [...X.shape.slice(0, a), ...I.shape, ...X.shape.slice(a + 1)];
  return onBackend((b, s) => {
    const px = offsetOf(X, b, s, 'gather'), pi = offsetOf(I, b, s, 'gather');
    return produce(b, shape, X.dtype, (y) => {
      if (sizeOf(shape) === 0) return;
      const bad = b.k.x32_gather(sizeOf(X.shape.slice(0, a)), n, sizeOf(X.shape.slice(a + 1)), px, pi, I.size, y);
      if (bad >= 0) {
        const k = b.views.i32[(pi >>> 2) + bad]!;
        throw new ValueError(`gather: indices[${bad}] = ${k} is outside [0, ${n - 1}] (axis ${a} of shape ${fmtShape(X.shape)})`);
      }
    });
  });
}

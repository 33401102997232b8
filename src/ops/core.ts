// What every op shares: turning arguments into tensors, finding an input's values on the backend that
// runs the op (a heap-resident input is read in place; JS or other-backend values are copied into the
// op's scratch arena), allocating a heap-resident output, and tfjs's axis and broadcasting rules.
import { currentBackend } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Arena, withArena } from '../runtime/arena.js';
import { Storage, untracked, type DType } from '../runtime/storage.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { tensorClass } from './tensor-class.js';

/** An op argument: a tensor, or anything tensor() accepts (a number, nested arrays, a typed array). */
export type TensorInput = Tensor | TensorLike;

/** True for a simdnn Tensor. */
export function isTensor(x: unknown): x is Tensor {
  return tensorClass().isTensor(x);
}

/** `x` as a tensor; a disposed tensor is a ValueError naming `op`; bad data names the argument. */
export function asTensor(x: TensorInput, op: string, arg: string): Tensor {
  if (isTensor(x)) {
    x.live(op);
    return x;
  }
  try {
    return untracked(() => tensorClass().tensor(x)); // a temporary: not counted by memory(), not owned by a tidy scope
  } catch (cause) {
    throw new ValueError(`${op}: argument '${arg}' is not a tensor: ${(cause as Error).message}`);
  }
}

/** Runs `fn` on the current backend with a scratch arena freed afterwards (also on error). */
export function onBackend<T>(fn: (b: Backend, s: Arena) => T): T {
  const b = currentBackend();
  return withArena(b, (s) => fn(b, s));
}

/** Byte offset of `t`'s values (4-byte words) on `b`: in place when resident there, else copied into `s`. */
export function offsetOf(t: Tensor, b: Backend, s: Arena, op: string): number {
  const st = t.live(op);
  if (st.backend === b) return st.offset;
  if (st.js) return st.js instanceof Int32Array ? s.putI32(st.js) : s.put(st.js);
  const at = st.offset >>> 2, n = st.bytes / 4;
  const offset = s.alloc(n);
  b.views.i32.set(st.backend!.views.i32.subarray(at, at + n), offset >>> 2);
  return offset;
}

/** Offset of `t`'s values as float32 on `b`: int32 tensors are converted into scratch. */
export function floatOffsetOf(t: Tensor, b: Backend, s: Arena, op: string): number {
  const p = offsetOf(t, b, s, op);
  if (t.dtype === 'float32') return p;
  const f = s.alloc(t.size);
  b.k.i32_to_f32(t.size, p, f);
  return f;
}

/**
 * A new heap-resident tensor of `shape` on `b`, filled by `fill(offset)`; the block is released when
 * `fill` throws. `float` computes into float32 scratch first when the result is int32.
 */
export function produce(b: Backend, shape: readonly number[], dtype: DType, fill: (y: number) => void): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  b.heap.checkFits(size * 4, `a tensor of shape ${fmtShape(shape)}`);
  const y = b.heap.alloc(size * 4);
  try {
    fill(y);
  } catch (e) {
    b.heap.release(y);
    throw e;
  }
  return tensorClass().wrap(new Storage(null, b, y, size * 4), shape, dtype);
}

/** As produce, for kernels that compute in float32: an int32 result is truncated from float scratch. */
export function produceFloat(b: Backend, s: Arena, shape: readonly number[], dtype: DType, fill: (y: number) => void): Tensor {
  if (dtype === 'float32') return produce(b, shape, dtype, fill);
  const size = shape.reduce((p, d) => p * d, 1);
  const f = s.alloc(size);
  fill(f);
  return produce(b, shape, 'int32', (y) => b.k.f32_to_i32(size, f, y, 0));
}

/** A tensor sharing `t`'s storage under another shape (reshape, expandDims, squeeze, clone). */
export function view(t: Tensor, shape: readonly number[], op: string): Tensor {
  return tensorClass().wrap(t.live(op), shape, t.dtype);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Row-major element strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    st[d] = s;
    s *= shape[d]!;
  }
  return st;
}

/** `axis` (negative counts from the end) as an index in [0, rank); anything else is a ValueError. */
export function normAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ValueError(`${op}: axis ${String(axis)} is out of range for a rank-${rank} tensor; expected an integer in [${-rank}, ${Math.max(rank - 1, 0)}]`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Sorted distinct axes: all of them when `axis` is undefined (or null), as tfjs's parseAxisParam. */
export function normAxes(axis: number | readonly number[] | undefined | null, rank: number, op: string): number[] {
  if (axis === undefined || axis === null) return [...Array(rank).keys()];
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normAxis(a, rank, op));
  if (new Set(out).size !== out.length) throw new ValueError(`${op}: axes ${fmtShape(list)} repeat an axis`);
  return out.sort((p, q) => p - q);
}

/**
 * The broadcast shape of `a` and `b` under tfjs (NumPy) rules: align from the right, a missing
 * dimension counts as 1, sizes must be equal or one of them 1; otherwise a ShapeError naming both.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const rank = Math.max(a.length, b.length), out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1, db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast: dimension ${i - rank} is ${da} vs ${db} (sizes must match or one be 1)`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Element strides of a tensor of shape `from` read as the broadcast shape `to` (0 along broadcast dims). */
export function broadcastStrides(from: readonly number[], to: readonly number[]): number[] {
  const own = stridesOf(from), out = new Array<number>(to.length).fill(0);
  for (let i = 0; i < from.length; i++) {
    const d = to.length - from.length + i;
    out[d] = from[i] === 1 ? 0 : own[i]!;
  }
  return out;
}

/** Up to this many dimensions reach the n-d kernels after merging (their odometer's size). */
export const KERNEL_MAX_RANK = 8;

/**
 * Drops size-1 dimensions and merges neighbours that every stride list walks contiguously, so a
 * broadcast or copy runs in as few, as long rows as possible. Returns at least one dimension.
 */
export function collapse(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const dims: number[] = [], sts: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((s, k) => sts[k]![last] === s[d]! * shape[d]!)) {
      dims[last]! *= shape[d]!;
      strides.forEach((s, k) => (sts[k]![last] = s[d]!));
    } else {
      dims.push(shape[d]!);
      strides.forEach((s, k) => sts[k]!.push(s[d]!));
    }
  }
  if (dims.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: dims, strides: sts };
}

/** The rank-limit error of the n-d kernels. */
export function tooManyDims(op: string, shape: readonly number[]): ShapeError {
  return new ShapeError(`${op}: shape ${fmtShape(shape)} needs more than ${KERNEL_MAX_RANK} dimensions after merging contiguous ones; reshape it first`);
}

// The public Tensor: an immutable value (shape, dtype, storage). User data is a JS typed array; op
// results are blocks on a backend heap (src/runtime/storage.ts owns counting, tidy scopes and GC release).
// The chainable methods (t.add, t.sum, …) come from TensorOps (src/ops/chain.ts, src/ops/chain-math.ts).
import { ConfigError, ShapeError, ValueError, fmtShape, preview } from './errors.js';
import { TensorOps } from './ops/chain.js';
import { registerTensorClass } from './ops/tensor-class.js';
import { Storage, track, untrack, type DType } from './runtime/storage.js';

export type { DType } from './runtime/storage.js';

export type Rank = number;
export type NestedArray = number | NestedArray[];
export type TensorLike = NestedArray | Float32Array | Int32Array | ArrayLike<number>;

/**
 * An immutable n-d array with a shape and a dtype ('float32', or 'int32' for indices: argMax results,
 * oneHot inputs, cast(x, 'int32')), as tf.Tensor. User data (tensor(), tensor2d(), …) is held in a JS
 * typed array; op results (nn.add, t.sum(), nn.matMul, …) live on the wasm heap of the backend that
 * computed them, so a chain of ops copies nothing. dispose() and nn.tidy free heap blocks early; a
 * tensor that is never disposed keeps valid values while reachable and is reclaimed by the GC.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const t = nn.tensor2d([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, t.rank, t.size); // [2, 3] 2 6
 * console.log(t.toString()); // Tensor [2,3] [[1,2,3],[4,5,6]]
 * ```
 */
export class Tensor extends TensorOps {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly size: number;
  private storage: Storage | null;
  private readonly counted: boolean;

  /**
   * Wraps `values` (not copied) with `shape`; use {@link tensor} to build one from user data.
   * The dtype follows the array (Int32Array: 'int32'). Throws ShapeError when the shape does not hold
   * exactly `values.length` elements.
   */
  constructor(values: Float32Array | Int32Array, shape: readonly number[]);
  /** @internal */
  constructor(values: Storage, shape: readonly number[], dtype: DType);
  constructor(values: Float32Array | Int32Array | Storage, shape: readonly number[], dtype?: DType) {
    super();
    const size = shapeSize(shape, 'Tensor');
    const storage = values instanceof Storage ? values : new Storage(values, null, 0, values.length * 4);
    const length = values instanceof Storage ? values.bytes / 4 : values.length;
    if (length !== size) {
      throw new ShapeError(`Tensor: shape ${fmtShape(shape)} needs ${size} values, got ${length}`);
    }
    this.dtype = dtype ?? (values instanceof Int32Array ? 'int32' : 'float32');
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.size = size;
    this.counted = track(this, storage);
  }

  /** Number of dimensions: 0 for a scalar, 2 for a matrix. */
  get rank(): number {
    return this.shape.length;
  }

  /** True after {@link Tensor.dispose}. */
  get isDisposed(): boolean {
    return this.storage === null;
  }

  /** The storage (null once disposed). @internal */
  get storageRef(): Storage | null {
    return this.storage;
  }

  /**
   * The values in row-major order: a copy, so writing to it never changes the tensor. A float32
   * tensor gives a Float32Array, an int32 tensor an Int32Array (name it: `t.dataSync<'int32'>()`).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const values = nn.tensor2d([[1, 2], [3, 4]]).dataSync();
   * console.log(values); // Float32Array [1, 2, 3, 4]
   * const labels = nn.tensor2d([[0.1, 0.9], [0.8, 0.2]]).argMax(-1).dataSync<'int32'>();
   * console.log(labels); // Int32Array [1, 0]
   * ```
   */
  dataSync<D extends DType = 'float32'>(): DataTypeMap[D] {
    const s = this.live('dataSync');
    if (s.js) return s.js.slice() as DataTypeMap[D];
    return copyOut(s, this.dtype) as DataTypeMap[D];
  }

  /**
   * As {@link Tensor.dataSync}, behind a promise (the tfjs signature; the values are already on the CPU).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const values = await nn.tensor1d([1, 2, 3]).data();
   * console.log(values.length); // 3
   * ```
   */
  async data<D extends DType = 'float32'>(): Promise<DataTypeMap[D]> {
    return this.dataSync<D>();
  }

  /**
   * The values as nested arrays of the tensor's shape (a number for a scalar).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.tensor([1, 2, 3, 4], [2, 2]).arraySync()); // [[1, 2], [3, 4]]
   * console.log(nn.scalar(5).arraySync()); // 5
   * ```
   */
  arraySync(): NestedArray {
    const values: ArrayLike<number> = this.dtype === 'int32' ? this.dataSync<'int32'>() : this.read('arraySync');
    if (this.shape.length === 0) return values[0]!;
    const build = (dim: number, offset: number): NestedArray[] => {
      const n = this.shape[dim]!;
      const stride = this.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = dim === this.shape.length - 1 ? values[offset + i]! : build(dim + 1, offset + i * stride);
      }
      return out;
    };
    return build(0, 0);
  }

  /**
   * As {@link Tensor.arraySync}, behind a promise (the tfjs signature).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const rows = await nn.tensor2d([[1, 2], [3, 4]]).array();
   * console.log(rows); // [[1, 2], [3, 4]]
   * ```
   */
  async array(): Promise<NestedArray> {
    return this.arraySync();
  }

  /**
   * Releases the values (a heap block returns to the heap at once). Optional: nn.tidy and the GC free
   * them too. Using the tensor afterwards throws a ValueError naming the op. Disposing twice is a no-op.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const t = nn.tensor1d([1, 2, 3]);
   * t.dispose();
   * console.log(t.isDisposed); // true
   * ```
   */
  dispose(): void {
    const s = this.storage;
    if (!s) return;
    this.storage = null;
    if (this.counted) untrack(this, s);
  }

  /**
   * A one-line description: shape and values as JSON.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(String(nn.tensor1d([1, 2]))); // Tensor [2] [1,2]
   * ```
   */
  override toString(): string {
    if (this.isDisposed) return `Tensor (disposed) shape ${fmtShape(this.shape)}`;
    return `Tensor ${fmtShape(this.shape)}${this.dtype === 'int32' ? ' int32' : ''} ${JSON.stringify(this.arraySync())}`;
  }

  /**
   * The values as float32 for code that only reads them (model fit/predict, io, data); `op` names the
   * caller in errors. JS float32 storage is returned without a copy; heap and int32 storage is copied.
   * @internal
   */
  read(op: string): Float32Array {
    const s = this.live(op);
    if (s.js instanceof Float32Array) return s.js;
    if (s.js) return Float32Array.from(s.js);
    const raw = copyOut(s, this.dtype);
    return raw instanceof Float32Array ? raw : Float32Array.from(raw);
  }

  /** The storage, or a ValueError naming `op` when the tensor is disposed. @internal */
  live(op: string): Storage {
    if (!this.storage) throw new ValueError(`${op}: the tensor of shape ${fmtShape(this.shape)} is disposed`);
    return this.storage;
  }
}

/** What dataSync returns per dtype. */
export interface DataTypeMap {
  float32: Float32Array;
  int32: Int32Array;
}

/** A copy of a heap block's values, typed by dtype. */
function copyOut(s: Storage, dtype: DType): Float32Array | Int32Array {
  const views = s.backend!.views, at = s.offset >>> 2, n = s.bytes / 4;
  return dtype === 'int32' ? views.i32.slice(at, at + n) : views.f32.slice(at, at + n);
}

function shapeSize(shape: readonly number[], op: string): number {
  if (!Array.isArray(shape)) throw new ShapeError(`${op}: shape must be an array of sizes, got ${String(shape)}`);
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: shape ${fmtShape(shape)} has an invalid size ${d}`);
    size *= d;
  }
  return size;
}

const MAX_RANK = 64;

/** Shape of a (possibly nested) array; throws ShapeError when it is ragged. */
function inferShape(values: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let probe: NestedArray = values;
  while (Array.isArray(probe)) {
    // A cyclic array would nest forever; no real tensor has this many dimensions.
    if (shape.length === MAX_RANK) throw new ShapeError(`${op}: nested arrays deeper than ${MAX_RANK} levels (a cyclic array?)`);
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0]!;
  }
  const check = (v: NestedArray, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (Array.isArray(v)) throw new ShapeError(`${op}: ragged nested array: ${path} is an array, expected a number`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      const got = Array.isArray(v) ? `length ${v.length}` : typeof v;
      throw new ShapeError(`${op}: ragged nested array: ${path} has ${got}, expected length ${shape[dim]}`);
    }
    v.forEach((item, i) => check(item, dim + 1, `${path}[${i}]`));
  };
  check(values, 0, 'values');
  return shape;
}

/** The most values a tensor may hold: 2³⁰ float32s, the 4 GiB of a wasm32 heap. */
const MAX_VALUES = 2 ** 30;

function flatten(values: NestedArray, out: number[], op: string): void {
  if (Array.isArray(values)) {
    for (const v of values) flatten(v, out, op);
    return;
  }
  if (typeof values !== 'number' && typeof values !== 'boolean') {
    // NOTE: preview, not JSON.stringify: that throws a TypeError on BigInt and on cyclic objects.
    throw new ValueError(`${op}: values must be numbers, got ${typeof values} (${preview(values, 40)})`);
  }
  out.push(Number(values));
}

/**
 * Creates a tensor, as tf.tensor: from a number, nested arrays or a flat array/typed array with an
 * explicit shape. dtype is 'float32' (default) or 'int32' (default for an Int32Array; floats are
 * truncated toward zero); anything else is a ConfigError; a ragged
 * nested array or a shape that does not match the number of values is a ShapeError.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const a = nn.tensor([[1, 2], [3, 4]]); // shape inferred: [2, 2]
 * const b = nn.tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]); // flat values + shape
 * const c = nn.tensor(7); // a scalar, shape []
 * console.log(a.shape, b.shape, c.shape);
 * ```
 */
export function tensor(values: TensorLike, shape?: readonly number[], dtype?: DType): Tensor {
  const op = 'tensor';
  const dt: string = dtype ?? (values instanceof Int32Array ? 'int32' : 'float32');
  if (dt !== 'float32' && dt !== 'int32') throw new ConfigError(`${op}: dtype '${dt}' is not supported; expected 'float32' or 'int32'`);
  let flat: Float32Array | Int32Array;
  let inferred: number[];
  if (ArrayBuffer.isView(values) || (typeof values === 'object' && values !== null && !Array.isArray(values))) {
    const like = values as ArrayLike<number>;
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      throw new ValueError(`${op}: cannot make a float32 tensor from a ${values.constructor.name} (BigInt values); convert with Float32Array.from(values, Number)`);
    }
    if (values instanceof DataView) throw new ValueError(`${op}: cannot make a tensor from a DataView; pass a Float32Array`);
    const n = like.length;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new ValueError(`${op}: cannot make a tensor from ${Object.prototype.toString.call(values)}: expected an array, a typed array or an array-like with an integer length, got length ${String(n)}`);
    }
    if (n > MAX_VALUES) throw new ValueError(`${op}: ${n} values is more than a float32 tensor can hold here (at most ${MAX_VALUES}, 4 GiB)`);
    // Typed arrays copy through the constructor (a memcpy for Float32Array: ~10× faster than
    // Float32Array.from, which walks the iterator; 1.27 vs 0.14 ms for 200k values).
    if (ArrayBuffer.isView(like)) flat = dt === 'int32' ? new Int32Array(like as unknown as Int32Array) : new Float32Array(like as unknown as Float32Array);
    else {
      flat = dt === 'int32' ? new Int32Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const v = like[i] as unknown;
        if (typeof v !== 'number' && typeof v !== 'boolean') throw new ValueError(`${op}: values must be numbers, got ${typeof v} at index ${i}`);
        flat[i] = Number(v);
      }
    }
    inferred = [flat.length];
  } else {
    inferred = inferShape(values as NestedArray, op);
    const out: number[] = [];
    flatten(values as NestedArray, out, op);
    flat = dt === 'int32' ? Int32Array.from(out, (v) => Math.trunc(v) | 0) : Float32Array.from(out);
  }
  // NOTE: int32 from floats truncates toward zero, as tfjs (new Int32Array(values)); NaN becomes 0.
  if (dt === 'int32' && !(flat instanceof Int32Array)) flat = Int32Array.from(flat, (v) => Math.trunc(v) | 0);
  if (shape === undefined) return new Tensor(flat, inferred);
  const size = shapeSize(shape, op);
  if (size !== flat.length) {
    throw new ShapeError(`${op}: shape ${fmtShape(shape)} needs ${size} values, got ${flat.length} (shape ${fmtShape(inferred)})`);
  }
  return new Tensor(flat, shape);
}

function ofRank(rank: number, name: string, values: TensorLike, shape?: readonly number[], dtype?: DType): Tensor {
  if (shape !== undefined && shape.length !== rank) {
    throw new ShapeError(`${name}: shape must have ${rank} dimensions, got ${fmtShape(shape)}`);
  }
  const t = tensor(values, shape, dtype);
  if (t.rank !== rank) throw new ShapeError(`${name}: expected a rank-${rank} tensor, got shape ${fmtShape(t.shape)}`);
  return t;
}

/**
 * A rank-0 tensor holding one number, as tf.scalar.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const s = nn.scalar(3.5);
 * console.log(s.shape, s.dataSync()[0]); // [] 3.5
 * ```
 */
export function scalar(value: number, dtype?: DType): Tensor {
  return ofRank(0, 'scalar', value, undefined, dtype);
}

/**
 * A rank-1 tensor (vector), as tf.tensor1d; nested input is a ShapeError.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const v = nn.tensor1d([0.5, 1, 2]);
 * console.log(v.shape); // [3]
 * ```
 */
export function tensor1d(values: TensorLike, dtype?: DType): Tensor {
  return ofRank(1, 'tensor1d', values, undefined, dtype);
}

/**
 * A rank-2 tensor (matrix), as tf.tensor2d: from nested arrays or from flat values with an explicit
 * [rows, cols] shape. Models take their input as such [samples, features] matrices.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]); // 4 samples × 2 features
 * const w = nn.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);        // flat values, shape [2, 3]
 * console.log(x.shape, w.shape);
 * ```
 */

export function tensor2d(values: TensorLike, shape?: readonly [number, number] | number[], dtype?: DType): Tensor {
  return ofRank(2, 'tensor2d', values, shape, dtype);
}

/**
 * A rank-3 tensor, as tf.tensor3d: nested arrays, or flat values with an explicit shape.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const t = nn.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
 * console.log(t.shape); // [2, 2, 2]
 * ```
 */
export function tensor3d(values: TensorLike, shape?: readonly [number, number, number] | number[], dtype?: DType): Tensor {
  return ofRank(3, 'tensor3d', values, shape, dtype);
}

/**
 * A rank-4 tensor, as tf.tensor4d: a batch of NHWC images [samples, height, width, channels], the
 * input of conv2d models.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const images = nn.tensor4d(new Float32Array(2 * 28 * 28), [2, 28, 28, 1]); // two blank digits
 * console.log(images.shape); // [2, 28, 28, 1]
 * ```
 */
export function tensor4d(values: TensorLike, shape?: readonly [number, number, number, number] | number[], dtype?: DType): Tensor {
  return ofRank(4, 'tensor4d', values, shape, dtype);
}

registerTensorClass({ isTensor: (x): x is Tensor => x instanceof Tensor, wrap: (s, shape, dtype) => new Tensor(s, shape, dtype), tensor: (v) => tensor(v) });

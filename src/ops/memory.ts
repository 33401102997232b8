// nn.tidy / nn.dispose / nn.keep / nn.memory, as tfjs spells them, over src/runtime/storage.ts.
import { currentBackend } from '../backend/index.js';
import { ValueError } from '../errors.js';
import { endScope, markKept, snapshot, startScope, type Tracked } from '../runtime/storage.js';
import { Tensor } from '../tensor.js';

/** What tidy may return and dispose may take: a tensor, or arrays / plain objects of them. */
export type TensorContainer = Tensor | void | null | undefined | number | string | boolean | TensorContainer[] | { [key: string]: TensorContainer };

/** The tensors in `c` (arrays and plain objects, nested), as tfjs's getTensorsInContainer. */
function tensorsIn(c: unknown, out: Set<Tracked>, depth = 0): Set<Tracked> {
  if (c instanceof Tensor) out.add(c);
  else if (depth < 32 && Array.isArray(c)) for (const v of c) tensorsIn(v, out, depth + 1);
  else if (depth < 32 && c && typeof c === 'object' && Object.getPrototypeOf(c) === Object.prototype) {
    for (const v of Object.values(c)) tensorsIn(v, out, depth + 1);
  }
  return out;
}

const isThenable = (v: unknown): boolean => !!v && typeof (v as { then?: unknown }).then === 'function';

/**
 * Runs `fn` and disposes every tensor created inside it except the ones it returns (a tensor, or an
 * array / object of tensors) and the ones passed to {@link keep}, as tf.tidy. Scopes nest: returned
 * tensors belong to the enclosing tidy. `fn` must be synchronous: an async function or a returned
 * promise is a ValueError (the scope would close before the awaited work ran).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[1, 2], [3, 4]]);
 * const z = nn.tidy(() => {
 *   const { mean, variance } = nn.moments(x, 0);
 *   return x.sub(mean).div(variance.sqrt()); // mean, variance and sqrt are disposed here
 * });
 * console.log(z.arraySync()); // [[-1, -1], [1, 1]]
 * ```
 */
export function tidy<T extends TensorContainer>(fn: () => T): T;
export function tidy<T extends TensorContainer>(name: string, fn: () => T): T;
export function tidy<T extends TensorContainer>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  const name = typeof nameOrFn === 'string' ? nameOrFn : 'tidy';
  const fn = typeof nameOrFn === 'function' ? nameOrFn : maybeFn;
  if (typeof fn !== 'function') throw new ValueError(`tidy: expected a function, got ${typeof fn}`);
  if (fn.constructor?.name === 'AsyncFunction') {
    throw new ValueError(`${name}: tidy takes a synchronous function, got an async one; await outside tidy, or dispose() the tensors yourself`);
  }
  startScope(name);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    endScope(new Set());
    throw e;
  }
  if (isThenable(result)) {
    endScope(new Set());
    throw new ValueError(`${name}: the function returned a promise; tidy takes a synchronous function (as tf.tidy)`);
  }
  endScope(tensorsIn(result, new Set()));
  return result;
}

/**
 * Disposes a tensor, or every tensor in an array or object, as tf.dispose. Anything else is ignored.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const a = nn.ones([2]), b = nn.zeros([3]);
 * nn.dispose({ a, list: [b] });
 * console.log(a.isDisposed, b.isDisposed); // true true
 * ```
 */
export function dispose(container: TensorContainer): void {
  for (const t of tensorsIn(container, new Set())) t.dispose();
}

/**
 * Keeps `t` alive past the tidy scopes it was made in (until it is disposed), as tf.keep; returns it.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * let kept!: nn.Tensor;
 * nn.tidy(() => {
 *   kept = nn.keep(nn.ones([2]).mul(3));
 * });
 * console.log(kept.arraySync()); // [3, 3]
 * ```
 */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new ValueError(`keep: expected a Tensor, got ${typeof t}`);
  markKept(t);
  return t;
}

/** What {@link memory} reports. */
export interface MemoryInfo {
  /**
   * Tensors not disposed. Heap-resident ones (op results) are also subtracted once garbage collected;
   * JS-side ones (tensor(), predict() results) count until disposed, as every tensor does in tfjs.
   */
  numTensors: number;
  /** Distinct storages behind them (reshape and clone share one). */
  numDataBuffers: number;
  /** Bytes of those storages, JS-side and heap-resident. */
  numBytes: number;
  /** Bytes of tensor storage on backend heaps (op results). */
  numBytesInHeap: number;
  /** Bytes allocated on the current backend's heap by everything (tensors, model plans, scratch). */
  heapBytesInUse: number;
  /** Always false: the counts are exact by the rules above. */
  unreliable: boolean;
}

/**
 * Memory counters, as tf.memory(): tensors, buffers and bytes, plus heap usage.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const before = nn.memory().numTensors;
 * const t = nn.ones([4]).add(1);
 * console.log(nn.memory().numTensors - before); // 2
 * nn.dispose(t);
 * ```
 */
export function memory(): MemoryInfo {
  const c = snapshot();
  return { numTensors: c.tensors, numDataBuffers: c.buffers, numBytes: c.bytes, numBytesInHeap: c.heapBytes, heapBytesInUse: currentBackend().heap.bytesInUse, unreliable: false };
}

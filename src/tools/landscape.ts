// nn.tools.lossLandscape: the MSE of a one-feature linear model y = w·x + b over a (w, b) grid, and the
// path plain gradient descent takes on it, for nn.plot.lossLandscape.
import { ConfigError, ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';

export interface LossLandscapeOptions {
  /** [min, max] of both w and b (default [-10, 10]). */
  range?: [number, number];
  /** Grid spacing (default 0.5: 41 × 41 points). */
  step?: number;
  /** Gradient-descent learning rate (default 0.1). */
  lr?: number;
  /** Gradient-descent steps (default 40). */
  steps?: number;
  /** Where descent starts, [w, b] (default [range min + 10%, range max − 10%]: the top-left of the plot). */
  start?: [number, number];
}

export interface LossLandscape {
  /** Grid coordinates: ws along x, bs along y. */
  ws: number[];
  bs: number[];
  /** loss[j][i] = MSE at (ws[i], bs[j]). */
  loss: number[][];
  /** Gradient-descent iterates, from `start`: path[0] is the start, each later point one step on. */
  path: { w: number; b: number; loss: number }[];
  /** The least-squares optimum (the bottom of the bowl); w = 0 when x is constant. */
  best: { w: number; b: number; loss: number };
}

/**
 * x and y: numbers (one per sample) as arrays, Float32Arrays or [n] / [n, 1] tensors.
 * The MSE is (1/n) Σ (w·xᵢ + b − yᵢ)², as nn's 'meanSquaredError' (no ½); expanded into the sufficient
 * statistics Σx, Σx², Σy, Σy², Σxy (f64) so the grid costs O(1) per point. Descent follows
 * ∂L/∂w = (2/n) Σ (w·xᵢ + b − yᵢ)·xᵢ and ∂L/∂b = (2/n) Σ (w·xᵢ + b − yᵢ): what SGD with batchSize = n does.
 */
export function lossLandscape(x: ArrayLike<number> | Tensor, y: ArrayLike<number> | Tensor, options: LossLandscapeOptions = {}): LossLandscape {
  const where = 'tools.lossLandscape';
  const xs = column(x, 'x', where), ys = column(y, 'y', where);
  if (xs.length !== ys.length) throw new ShapeError(`${where}: x has ${xs.length} samples and y has ${ys.length}; expected the same count`);
  if (xs.length === 0) throw new ShapeError(`${where}: needs at least one sample`);
  const [lo, hi] = options.range ?? [-10, 10];
  const step = options.step ?? 0.5, lr = options.lr ?? 0.1, steps = options.steps ?? 40;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new ConfigError(`${where}: range must be [min, max] with min < max, got [${lo}, ${hi}]`);
  if (!(step > 0) || (hi - lo) / step > 2000) throw new ConfigError(`${where}: step must be > 0 and give at most 2000 points per axis, got ${step}`);
  if (!(lr > 0 && Number.isFinite(lr))) throw new ConfigError(`${where}: lr must be a positive number, got ${lr}`);
  if (!Number.isInteger(steps) || steps < 0) throw new ConfigError(`${where}: steps must be an integer ≥ 0, got ${steps}`);
  const pad = 0.1 * (hi - lo);
  const [w0, b0] = options.start ?? [lo + pad, hi - pad];
  if (!Number.isFinite(w0) || !Number.isFinite(b0)) throw new ConfigError(`${where}: start must be two finite numbers, got [${w0}, ${b0}]`);

  const n = xs.length;
  let sx = 0, sxx = 0, sy = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i]!;
    sxx += xs[i]! * xs[i]!;
    sy += ys[i]!;
    syy += ys[i]! * ys[i]!;
    sxy += xs[i]! * ys[i]!;
  }
  sx /= n; sxx /= n; sy /= n; syy /= n; sxy /= n;
  // L(w, b) = w²·E[x²] + 2wb·E[x] + b² − 2w·E[xy] − 2b·E[y] + E[y²]
  const L = (w: number, b: number) => Math.max(0, w * w * sxx + 2 * w * b * sx + b * b - 2 * w * sxy - 2 * b * sy + syy);
  const count = Math.round((hi - lo) / step) + 1;
  const axis = Array.from({ length: count }, (_, i) => +(lo + i * step).toPrecision(12));
  const loss = axis.map((b) => axis.map((w) => L(w, b)));

  const path = [{ w: w0, b: b0, loss: L(w0, b0) }];
  let w = w0, b = b0;
  for (let t = 0; t < steps; t++) {
    const gw = 2 * (w * sxx + b * sx - sxy), gb = 2 * (w * sx + b - sy);
    w -= lr * gw;
    b -= lr * gb;
    const l = L(w, b);
    // A stable step never raises the loss of a convex quadratic; 10⁶× the start is divergence, not noise.
    if (!Number.isFinite(l) || l > 1e6 * (path[0]!.loss + 1)) throw new ConfigError(`${where}: gradient descent diverged at step ${t + 1} with lr ${lr}; use a smaller lr`);
    path.push({ w, b, loss: l });
  }
  // Normal equations; var(x) = 0 leaves only b (the mean of y).
  const varx = sxx - sx * sx;
  const bw = varx > 1e-12 ? (sxy - sx * sy) / varx : 0;
  const bb = sy - bw * sx;
  return { ws: axis, bs: axis.slice(), loss, path, best: { w: bw, b: bb, loss: L(bw, bb) } };
}

function column(v: ArrayLike<number> | Tensor, name: string, where: string): Float64Array {
  let values: ArrayLike<number>;
  if (v instanceof Tensor) {
    if (!(v.rank === 1 || (v.rank === 2 && v.shape[1] === 1))) throw new ShapeError(`${where}: ${name} must have shape [n] or [n, 1] (one feature), got [${v.shape.join(',')}]`);
    values = v.read(where);
  } else if (v && typeof v === 'object' && typeof (v as ArrayLike<number>).length === 'number') {
    values = v;
  } else {
    throw new ShapeError(`${where}: ${name} must be an array of numbers or a tensor, got ${String(v)}`);
  }
  const out = Float64Array.from(values as ArrayLike<number>);
  const bad = out.findIndex((e) => !Number.isFinite(e));
  if (bad >= 0) throw new ValueError(`${where}: ${name}[${bad}] is ${values[bad]}, expected a finite number`);
  return out;
}

// nn.plot.decisionBoundary: a 2-input classifier's predicted class over a grid (one batched predict),
// the 0.5 contour of a sigmoid output, and the labelled points on top.
import { ConfigError, ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { contourSegments } from './contours.js';
import { PALETTE, axes, checkLayout, dotLegend, esc, extent, linearScale, n2, svgDoc, tint, type Scale } from './svg.js';

/** What decisionBoundary needs of a model: nn.Sequential fits. */
export interface PredictsLike {
  predict(x: Tensor, args?: { batchSize?: number }): Tensor;
  /** Features per sample; must be 2 when present. */
  inputUnits?: number;
}

export interface DecisionBoundaryOptions {
  /** Grid cells per side (default 100, 10 to 400). */
  resolution?: number;
  title?: string;
  /** Side of the square plot area in pixels (default 420). */
  size?: number;
  /** Names of the classes in the legend (default 'class 0', 'class 1', …). */
  classNames?: string[];
}

/** Rows of a [n, 2] tensor or number[][] as a flat Float32Array. */
function points(x: Tensor | number[][], where: string): { xy: Float32Array; n: number } {
  if (x instanceof Tensor) {
    if (x.shape.length !== 2 || x.shape[1] !== 2) throw new ShapeError(`${where}: x must be [n, 2] (two input features), got [${x.shape.join(', ')}]`);
    return { xy: x.dataSync(), n: x.shape[0]! };
  }
  if (!Array.isArray(x) || x.some((r) => !Array.isArray(r) || r.length !== 2)) throw new ShapeError(`${where}: x must be a [n, 2] tensor or an array of [x1, x2] pairs`);
  return { xy: Float32Array.from(x.flat()), n: x.length };
}

/** Class of each row: y as [n, 1] in {0, 1}, one-hot [n, k], or an array of integer labels. */
function classesOf(y: Tensor | ArrayLike<number>, n: number, where: string): Int32Array {
  if (y instanceof Tensor && y.shape.length === 1) y = y.dataSync(); // [n] integer labels
  if (y instanceof Tensor) {
    const [rows, cols = 1] = y.shape;
    if (rows !== n || y.shape.length > 2) throw new ShapeError(`${where}: y must be [${n}, 1] or [${n}, classes] to match x, got [${y.shape.join(', ')}]`);
    return argmaxRows(y.dataSync(), n, cols);
  }
  if (!y || typeof y.length !== 'number' || y.length !== n) throw new ShapeError(`${where}: y must hold ${n} labels to match x, got ${y?.length}`);
  const out = Int32Array.from(y as ArrayLike<number>);
  if (out.some((c, i) => c < 0 || c !== (y as ArrayLike<number>)[i])) throw new ValueError(`${where}: labels must be integers ≥ 0`);
  return out;
}

/** Per row: p > 0.5 for one column (sigmoid), else the argmax (softmax / one-hot). */
function argmaxRows(v: Float32Array, n: number, cols: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (cols === 1) { out[i] = v[i]! > 0.5 ? 1 : 0; continue; }
    let best = 0;
    for (let c = 1; c < cols; c++) if (v[i * cols + c]! > v[i * cols + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/** The value a linear scale maps to pixel p (scales here are affine). */
const invert = (s: Scale, p: number) => (p - s(0)) / (s(1) - s(0));

/** Renders the model's decision regions over x's range with the points; see nn.plot.decisionBoundary. */
export function decisionBoundary(model: PredictsLike, x: Tensor | number[][], y: Tensor | ArrayLike<number>, options: DecisionBoundaryOptions = {}): string {
  const where = 'plot.decisionBoundary';
  if (!model || typeof model.predict !== 'function') throw new ConfigError(`${where}: expected a model with predict(x), got ${String(model)}`);
  if (model.inputUnits !== undefined && model.inputUnits !== 2) throw new ShapeError(`${where}: the model must take 2 inputs (a planar set), got a model with ${model.inputUnits}`);
  checkLayout(where, options);
  const res = options.resolution ?? 100, size = options.size ?? 420;
  if (!Number.isInteger(res) || res < 10 || res > 400) throw new ConfigError(`${where}: resolution must be an integer in [10, 400], got ${String(res)}`);
  const { xy, n } = points(x, where);
  if (n === 0) throw new ShapeError(`${where}: x has no rows`);
  const labels = classesOf(y, n, where);
  if (xy.some((v) => !Number.isFinite(v))) throw new ValueError(`${where}: x holds NaN or ±Infinity`);

  const box = { x: 70, y: options.title ? 46 : 20, w: size, h: size };
  const col = (c: 0 | 1) => Array.from({ length: n }, (_, i) => xy[2 * i + c]!);
  const span = (v: number[]) => { const [lo, hi] = extent(v), pad = 0.1 * (hi - lo || 1); return [lo - pad, hi + pad] as const; };
  const [ax0, ax1] = span(col(0)), [ay0, ay1] = span(col(1));
  const sx = linearScale(ax0, ax1, box.x, box.x + box.w), sy = linearScale(ay0, ay1, box.y + box.h, box.y);
  // The grid covers the whole (tick-widened) frame: cell centres at (i + 0.5) / res of each side.
  const gx0 = invert(sx, box.x), gx1 = invert(sx, box.x + box.w), gy0 = invert(sy, box.y + box.h), gy1 = invert(sy, box.y);
  const grid = new Float32Array(2 * res * res);
  for (let j = 0; j < res; j++) for (let i = 0; i < res; i++) {
    grid[2 * (j * res + i)] = gx0 + ((i + 0.5) / res) * (gx1 - gx0);
    grid[2 * (j * res + i) + 1] = gy0 + ((j + 0.5) / res) * (gy1 - gy0);
  }
  const pred = model.predict(new Tensor(grid, [res * res, 2]), { batchSize: 1024 });
  const cols = pred.shape[1] ?? 1;
  const out = pred.dataSync();
  if (out.length !== res * res * cols) throw new ShapeError(`${where}: predict returned [${pred.shape.join(', ')}] for ${res * res} rows`);
  if (out.some((v) => !Number.isFinite(v))) throw new ValueError(`${where}: the model predicts NaN or ±Infinity on the grid (did training diverge?)`);
  const cls = argmaxRows(out, res * res, cols);
  const classes = Math.max(cols === 1 ? 2 : cols, labels.reduce((m, c) => Math.max(m, c + 1), 0));
  const fillOf = (c: number) => tint(PALETTE[c % PALETTE.length]!, 0.68);

  const body: string[] = [];
  if (options.title) body.push(`<text x="${n2(box.x + box.w / 2)}" y="26" text-anchor="middle" font-size="15" font-weight="700">${esc(options.title)}</text>`);
  body.push(axes(box, sx, sy, { x: 'x₁', y: 'x₂' }));
  // Regions: one rect per run of equal class along a row (a 100 × 100 grid becomes a few hundred rects).
  const cw = box.w / res, ch = box.h / res;
  body.push('<g class="regions" shape-rendering="crispEdges">');
  for (let j = 0; j < res; j++) {
    for (let i = 0; i < res;) {
      const c = cls[j * res + i]!;
      let e = i + 1;
      while (e < res && cls[j * res + e] === c) e++;
      body.push(`<rect class="region" data-class="${c}" x="${n2(box.x + i * cw)}" y="${n2(box.y + box.h - (j + 1) * ch)}" width="${n2((e - i) * cw + 0.4)}" height="${n2(ch + 0.4)}" fill="${fillOf(c)}"/>`);
      i = e;
    }
  }
  body.push('</g>');
  if (cols === 1) {
    // The p = 0.5 contour of the sigmoid output: the decision boundary itself, smoother than the cells.
    const z = Array.from({ length: res }, (_, j) => Array.from(out.subarray(j * res, (j + 1) * res)));
    const px = (i: number) => box.x + (i + 0.5) * cw, py = (j: number) => box.y + box.h - (j + 0.5) * ch;
    const d = contourSegments(z, 0.5).map(([i0, j0, i1, j1]) => `M${n2(px(i0))} ${n2(py(j0))}L${n2(px(i1))} ${n2(py(j1))}`).join('');
    if (d) body.push(`<path class="boundary" d="${d}" fill="none" stroke="#333" stroke-width="1.5"/>`);
  }
  body.push('<g class="points">');
  for (let i = 0; i < n; i++) {
    body.push(`<circle class="point" data-class="${labels[i]}" cx="${n2(sx(xy[2 * i]!))}" cy="${n2(sy(xy[2 * i + 1]!))}" r="3.2" fill="${PALETTE[labels[i]! % PALETTE.length]}" stroke="#fff" stroke-width="0.7"/>`);
  }
  body.push('</g>');
  // Redraw the frame over the regions.
  body.push(`<rect x="${n2(box.x)}" y="${n2(box.y)}" width="${n2(box.w)}" height="${n2(box.h)}" fill="none" stroke="#444"/>`);
  const names = options.classNames ?? [];
  body.push(dotLegend(box.x + box.w + 18, box.y + 10, Array.from({ length: classes }, (_, c) => ({ name: names[c] ?? `class ${c}`, color: PALETTE[c % PALETTE.length]! })), 'label'));
  // Accuracy on the drawn points: one more batched predict, so a plot of train or test data says how well it fits.
  const hits = argmaxRows(model.predict(new Tensor(xy, [n, 2]), { batchSize: 1024 }).dataSync(), n, cols).reduce((s, c, i) => s + (c === labels[i] ? 1 : 0), 0);
  const ly = box.y + 36 + classes * 17;
  body.push(`<text class="note" x="${n2(box.x + box.w + 18)}" y="${n2(ly)}" font-size="11" fill="#555">accuracy on</text>`);
  body.push(`<text class="note" x="${n2(box.x + box.w + 18)}" y="${n2(ly + 15)}" font-size="11" fill="#555">these points:</text>`);
  body.push(`<text class="accuracy" x="${n2(box.x + box.w + 18)}" y="${n2(ly + 32)}" font-size="13" font-weight="600">${((100 * hits) / n).toFixed(1)}%</text>`);
  return svgDoc(box.x + box.w + 120, box.y + box.h + 50, body.join('\n'), options.title ?? 'Decision boundary');
}

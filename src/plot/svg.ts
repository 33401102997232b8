// SVG building blocks for nn.plot: number formatting, "nice" axis ticks, linear and log scales, framed
// panels with ticks, labels and a legend. Plain strings, no DOM, so plots render in Node, workers and pages.
import { ConfigError, ValueError } from '../errors.js';

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** Escapes text for element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The options object every plot takes, and its layout fields: title a string, width / height / size
 * finite numbers > 0 (a NaN width used to surface as 'internal: non-finite coordinate', a numeric title as a TypeError).
 */
export function checkLayout(where: string, options: unknown): void {
  if (options === null || typeof options !== 'object') throw new ConfigError(`${where}: options must be an object, got ${String(options)}`);
  const o = options as Record<string, unknown>;
  if (o.title !== undefined && typeof o.title !== 'string') throw new ConfigError(`${where}: title must be a string, got ${typeof o.title}`);
  for (const key of ['width', 'height', 'size']) {
    const v = o[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new ConfigError(`${where}: ${key} must be a number of pixels > 0, got ${String(v)}`);
  }
}

/** A coordinate with at most 2 decimals (keeps files small; sub-pixel precision is invisible). */
export function n2(v: number): string {
  if (!Number.isFinite(v)) throw new ValueError(`plot: internal: non-finite coordinate ${v}`);
  return String(Math.round(v * 100) / 100);
}

/** Short tick label: 0.001, 0.25, 12, 1.5k, 1e-6. */
export function fmtTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  if (a >= 1e4) return `${+(v / 1000).toPrecision(3)}k`;
  return String(+v.toPrecision(4));
}

/** About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  // Snap to the step grid; the epsilon keeps hi itself when it is a multiple of the step.
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : +t.toPrecision(12));
  return out;
}

/** Finite min and max of the values (ignoring NaN/±Inf); [0, 1] when there are none. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

export interface Scale {
  (v: number): number;
  ticks: number[];
  log: boolean;
}

/** Maps [lo, hi], widened to whole tick steps (padded when lo = hi), to [p0, p1] pixels. */
export function linearScale(lo: number, hi: number, p0: number, p1: number, count = 5): Scale {
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const first = niceTicks(lo, hi, count);
  const step = first.length > 1 ? first[1]! - first[0]! : hi - lo;
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const f = ((v: number) => p0 + ((v - lo) / (hi - lo)) * (p1 - p0)) as Scale;
  f.ticks = niceTicks(lo, hi, count);
  f.log = false;
  return f;
}

/** Log10 scale over whole decades that cover [lo, hi] (both > 0); ticks at the decades. */
export function logScale(lo: number, hi: number, p0: number, p1: number): Scale {
  if (!(lo > 0 && hi > 0)) throw new ValueError(`plot: a log scale needs positive values, got [${lo}, ${hi}]`);
  let a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
  if (a === b) b++;
  const f = ((v: number) => p0 + ((Math.log10(v) - a) / (b - a)) * (p1 - p0)) as Scale;
  const every = Math.ceil((b - a) / 8); // at most ~8 labelled decades
  f.ticks = [];
  for (let e = a; e <= b; e += every) {
    f.ticks.push(10 ** e);
    // Few decades: label 2× and 5× too, so values can be read off the axis.
    if (b - a <= 2 && e < b) f.ticks.push(+(2 * 10 ** e).toPrecision(3), +(5 * 10 ** e).toPrecision(3));
  }
  f.log = true;
  return f;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Frame, grid lines, tick labels, axis labels and title of one panel. */
export function axes(box: Box, sx: Scale, sy: Scale, labels: { x: string; y: string; title?: string }): string {
  const { x, y, w, h } = box;
  const out: string[] = [];
  out.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" fill="#fff" stroke="#444" stroke-width="1"/>`);
  for (const t of sx.ticks) {
    const px = n2(sx(t));
    out.push(`<line x1="${px}" y1="${n2(y)}" x2="${px}" y2="${n2(y + h)}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${px}" y1="${n2(y + h)}" x2="${px}" y2="${n2(y + h + 5)}" stroke="#444"/>`);
    out.push(`<text x="${px}" y="${n2(y + h + 18)}" text-anchor="middle" font-size="11">${esc(fmtTick(t))}</text>`);
  }
  for (const t of sy.ticks) {
    const py = n2(sy(t));
    out.push(`<line x1="${n2(x)}" y1="${py}" x2="${n2(x + w)}" y2="${py}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${n2(x - 5)}" y1="${py}" x2="${n2(x)}" y2="${py}" stroke="#444"/>`);
    out.push(`<text x="${n2(x - 8)}" y="${py}" dy="0.32em" text-anchor="end" font-size="11">${esc(fmtTick(t))}</text>`);
  }
  // Redraw the frame on top of the grid lines.
  out.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" fill="none" stroke="#444" stroke-width="1"/>`);
  out.push(`<text x="${n2(x + w / 2)}" y="${n2(y + h + 38)}" text-anchor="middle" font-size="12">${esc(labels.x)}</text>`);
  const cy = n2(y + h / 2);
  out.push(`<text x="${n2(x - 52)}" y="${cy}" text-anchor="middle" font-size="12" transform="rotate(-90 ${n2(x - 52)} ${cy})">${esc(labels.y)}</text>`);
  if (labels.title) out.push(`<text x="${n2(x + w / 2)}" y="${n2(y - 10)}" text-anchor="middle" font-size="14" font-weight="600">${esc(labels.title)}</text>`);
  return out.join('\n');
}

export interface Series {
  name: string;
  xs: readonly number[];
  ys: readonly number[];
  color: string;
  dashed?: boolean;
}

/** A series as one <path> (with a circle per point when there are few points); non-finite points break the line. */
export function line(s: Series, sx: Scale, sy: Scale): string {
  let d = '', pen = false;
  const dots: string[] = [];
  for (let i = 0; i < s.xs.length; i++) {
    const xv = s.xs[i]!, yv = s.ys[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(yv) || (sy.log && yv <= 0)) {
      pen = false;
      continue;
    }
    const px = n2(sx(xv)), py = n2(sy(yv));
    d += `${pen ? 'L' : 'M'}${px} ${py}`;
    pen = true;
    if (s.xs.length <= 40) dots.push(`<circle cx="${px}" cy="${py}" r="2.5" fill="${s.color}"/>`);
  }
  const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
  const path = d ? `<path class="series" data-name="${esc(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>` : '';
  return [path, ...dots].join('\n');
}

/** Width of legend()'s box for these names: the line sample, then ~6.5 px per character of 11 px text. */
export function legendWidth(names: readonly string[]): number {
  return 24 + 6.5 * Math.max(...names.map((name) => name.length)) + 14;
}

/** A legend box at the top-right (or bottom-right) corner inside `box`. */
export function legend(box: Box, items: { name: string; color: string; dashed?: boolean }[], corner: 'top' | 'bottom' = 'top'): string {
  const width = legendWidth(items.map((i) => i.name));
  const height = items.length * 18 + 8;
  const x = box.x + box.w - width - 8, y = corner === 'top' ? box.y + 8 : box.y + box.h - height - 8;
  const out = [`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(width)}" height="${n2(height)}" fill="#fff" fill-opacity="0.85" stroke="#bbb"/>`];
  items.forEach((it, i) => {
    const ly = y + 13 + i * 18;
    const dash = it.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<line x1="${n2(x + 6)}" y1="${n2(ly)}" x2="${n2(x + 26)}" y2="${n2(ly)}" stroke="${it.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${n2(x + 32)}" y="${n2(ly)}" dy="0.32em" font-size="11">${esc(it.name)}</text>`);
  });
  return out.join('\n');
}

/** The outer <svg> element with a white background. */
export function svgDoc(width: number, height: number, body: string, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>\n` +
    `<title>${esc(title)}</title>\n<rect width="${width}" height="${height}" fill="#fff"/>\n${body}\n</svg>\n`
  );
}

/** `hex` mixed with white: t = 0 keeps it, t = 1 is white (light fills behind points, faded lines). */
export function tint(hex: string, t: number): string {
  const rgb = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  return '#' + rgb.map((v) => Math.round(v + (255 - v) * t).toString(16).padStart(2, '0')).join('');
}

/**
 * A vertical colour bar at (x, y), h pixels tall, 14 wide: color(t) for t from 0 (bottom) to 1 (top),
 * with `ticks` at their t, and `label` above it. `id` names the gradient (unique per document).
 */
export function colorBar(x: number, y: number, h: number, color: (t: number) => string, ticks: { t: number; label: string }[], label: string, id: string): string {
  const out = [`<defs><linearGradient id="${esc(id)}" x1="0" y1="1" x2="0" y2="0">`];
  for (let k = 0; k <= 8; k++) out.push(`<stop offset="${k / 8}" stop-color="${color(k / 8)}"/>`);
  out.push('</linearGradient></defs>');
  out.push(`<rect class="colorbar" x="${n2(x)}" y="${n2(y)}" width="14" height="${n2(h)}" fill="url(#${esc(id)})" stroke="#444"/>`);
  for (const { t, label: text } of ticks) {
    const py = n2(y + h - t * h);
    out.push(`<line x1="${n2(x + 14)}" y1="${py}" x2="${n2(x + 19)}" y2="${py}" stroke="#444"/>`);
    out.push(`<text x="${n2(x + 22)}" y="${py}" dy="0.32em" font-size="11">${esc(text)}</text>`);
  }
  out.push(`<text x="${n2(x)}" y="${n2(y - 14)}" font-size="11">${esc(label)}</text>`);
  return out.join('\n');
}

/** A titled list of coloured dots (a categorical colour key) with its top-left corner at (x, y). */
export function dotLegend(x: number, y: number, items: { name: string; color: string }[], title: string): string {
  const out = [`<g class="color-legend"><text x="${n2(x)}" y="${n2(y)}" font-size="11" font-weight="600">${esc(title)}</text>`];
  items.forEach((it, i) => {
    const ly = y + 18 + i * 17;
    out.push(`<circle class="legend-item" cx="${n2(x + 5)}" cy="${n2(ly)}" r="5" fill="${it.color}"/>`);
    out.push(`<text x="${n2(x + 15)}" y="${n2(ly)}" dy="0.32em" font-size="11">${esc(it.name)}</text>`);
  });
  out.push('</g>');
  return out.join('\n');
}

// nn.plot.lossLandscape: the loss surface of y = w·x + b over a (w, b) grid as a heat map (log colour
// scale) with contour lines, and the gradient-descent path drawn on it.
import { ValueError } from '../errors.js';
import type { LossLandscape } from '../tools/landscape.js';
import { contourSegments } from './contours.js';
import { axes, esc, extent, fmtTick, linearScale, n2, svgDoc } from './svg.js';

export interface LossLandscapePlotOptions {
  title?: string;
  /** Side of the square plot area in pixels (default 440). */
  size?: number;
  /** Contour lines (default 12), spaced evenly in log(loss). */
  levels?: number;
}

// Viridis at 9 stops (matplotlib's table, every 32nd entry): perceptually uniform and colour-blind safe.
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

/** Colour at t in [0, 1] along viridis (linear between stops). */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x)), f = x - i;
  const rgb = (h: string) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
  const a = rgb(VIRIDIS[i]!), b = rgb(VIRIDIS[i + 1]!);
  return '#' + a.map((v, k) => Math.round(v + (b[k]! - v) * f).toString(16).padStart(2, '0')).join('');
}

/** Renders what nn.tools.lossLandscape(x, y, options) returned. */
export function lossLandscape(land: Pick<LossLandscape, 'ws' | 'bs' | 'loss' | 'path'> & { best?: LossLandscape['best'] }, options: LossLandscapePlotOptions = {}): string {
  const where = 'plot.lossLandscape';
  const { ws, bs, loss, path } = land ?? ({} as LossLandscape);
  if (!Array.isArray(ws) || !Array.isArray(bs) || !Array.isArray(loss) || ws.length < 2 || bs.length < 2) {
    throw new ValueError(`${where}: expected {ws, bs, loss, path} with at least 2 grid points per axis, as returned by nn.tools.lossLandscape`);
  }
  if (loss.length !== bs.length || loss.some((r) => !Array.isArray(r) || r.length !== ws.length)) {
    throw new ValueError(`${where}: loss must be [bs.length = ${bs.length}][ws.length = ${ws.length}]`);
  }
  const flat = loss.flat();
  if (flat.some((v) => !Number.isFinite(v) || v < 0)) throw new ValueError(`${where}: loss values must be finite and ≥ 0`);
  const size = options.size ?? 440, levels = options.levels ?? 12;
  const box = { x: 80, y: 46, w: size, h: size };
  const width = box.x + size + 110, height = box.y + size + 60;
  const sx = linearScale(ws[0]!, ws[ws.length - 1]!, box.x, box.x + box.w);
  const sy = linearScale(bs[0]!, bs[bs.length - 1]!, box.y + box.h, box.y);
  // Colour and contours follow log10(loss + ε): a quadratic bowl spans decades, and linear colours would
  // show only its rim. ε (1e-6 of the largest loss) keeps an exact 0 finite.
  // NOTE: extent() loops; Math.max(...flat) overflows the stack past ~125k grid points.
  const max = extent(flat)[1], eps = Math.max(max * 1e-6, 1e-12);
  const lg = (v: number) => Math.log10(v + eps);
  const z = loss.map((r) => r.map(lg));
  const [zmin, zmax] = extent(z.flat());
  const norm = (v: number) => (zmax > zmin ? (v - zmin) / (zmax - zmin) : 0.5);
  const out: string[] = [];
  out.push(`<text x="${n2(box.x + box.w / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="700">${esc(options.title ?? 'Loss landscape of y = w·x + b (MSE)')}</text>`);
  out.push(axes(box, sx, sy, { x: 'w (weight)', y: 'b (bias)' }));
  // Heat map: one cell per grid point, centred on it, clipped to the frame.
  const cw = Math.abs(sx(ws[1]!) - sx(ws[0]!)), ch = Math.abs(sy(bs[1]!) - sy(bs[0]!));
  out.push(`<clipPath id="plot-area"><rect x="${n2(box.x)}" y="${n2(box.y)}" width="${n2(box.w)}" height="${n2(box.h)}"/></clipPath>`);
  out.push('<g class="heatmap" clip-path="url(#plot-area)" shape-rendering="crispEdges">');
  bs.forEach((b, j) => ws.forEach((w, i) => {
    out.push(`<rect x="${n2(sx(w) - cw / 2)}" y="${n2(sy(b) - ch / 2)}" width="${n2(cw + 0.5)}" height="${n2(ch + 0.5)}" fill="${viridis(norm(z[j]![i]!))}"/>`);
  }));
  out.push('</g>');
  // Contours in grid coordinates → pixels.
  const gx = (i: number) => sx(ws[0]! + i * (ws[1]! - ws[0]!)), gy = (j: number) => sy(bs[0]! + j * (bs[1]! - bs[0]!));
  out.push('<g class="contours" fill="none" stroke="#fff" stroke-opacity="0.75" stroke-width="1">');
  for (let l = 1; l <= levels; l++) {
    const level = zmin + ((zmax - zmin) * l) / (levels + 1);
    const d = contourSegments(z, level).map(([i0, j0, i1, j1]) => `M${n2(gx(i0))} ${n2(gy(j0))}L${n2(gx(i1))} ${n2(gy(j1))}`).join('');
    if (d) out.push(`<path class="contour" data-level="${n2(level)}" d="${d}"/>`);
  }
  out.push('</g>');
  // Gradient-descent path: a line through the iterates, start (circle) and end (filled) marked.
  if (Array.isArray(path) && path.length > 0) {
    if (path.some((p) => !Number.isFinite(p.w) || !Number.isFinite(p.b))) throw new ValueError(`${where}: path points must have finite w and b`);
    const d = path.map((p, i) => `${i ? 'L' : 'M'}${n2(sx(p.w))} ${n2(sy(p.b))}`).join('');
    out.push(`<g class="gd-path" clip-path="url(#plot-area)">`);
    out.push(`<path class="path" d="${d}" fill="none" stroke="#ff3b30" stroke-width="2.2"/>`);
    for (const p of path) out.push(`<circle cx="${n2(sx(p.w))}" cy="${n2(sy(p.b))}" r="2.2" fill="#ff3b30"/>`);
    const s = path[0]!, e = path[path.length - 1]!;
    out.push(`<circle cx="${n2(sx(s.w))}" cy="${n2(sy(s.b))}" r="6" fill="#fff" stroke="#ff3b30" stroke-width="2.5"/>`);
    out.push(`<circle cx="${n2(sx(e.w))}" cy="${n2(sy(e.b))}" r="5" fill="#ff3b30" stroke="#fff" stroke-width="1.5"/>`);
    out.push('</g>');
  }
  if (land.best) {
    const bx = sx(land.best.w), by = sy(land.best.b);
    out.push(`<path class="optimum" d="M${n2(bx - 6)} ${n2(by - 6)}L${n2(bx + 6)} ${n2(by + 6)}M${n2(bx - 6)} ${n2(by + 6)}L${n2(bx + 6)} ${n2(by - 6)}" stroke="#fff" stroke-width="2.5"/>`);
  }
  out.push(colorbar(box.x + box.w + 24, box.y, box.h, zmin, zmax, eps));
  // Legend under the plot: what the markers mean.
  const ly = box.y + box.h + 50;
  out.push(`<circle cx="${box.x + 6}" cy="${ly}" r="5" fill="#fff" stroke="#ff3b30" stroke-width="2.5"/><text x="${box.x + 16}" y="${ly}" dy="0.32em" font-size="11">start</text>`);
  out.push(`<circle cx="${box.x + 66}" cy="${ly}" r="5" fill="#ff3b30"/><text x="${box.x + 76}" y="${ly}" dy="0.32em" font-size="11">after ${Math.max(0, (path?.length ?? 1) - 1)} gradient-descent steps</text>`);
  if (land.best) out.push(`<text x="${box.x + 290}" y="${ly}" dy="0.32em" font-size="11">× least-squares optimum</text>`);
  return svgDoc(width, height, out.join('\n'), options.title ?? 'Loss landscape');
}

/** A vertical colour bar for log10(loss + ε) in [zmin, zmax], with ticks at round losses. */
function colorbar(x: number, y: number, h: number, zmin: number, zmax: number, eps: number): string {
  const out = ['<defs><linearGradient id="viridis-bar" x1="0" y1="1" x2="0" y2="0">'];
  for (let k = 0; k <= 8; k++) out.push(`<stop offset="${k / 8}" stop-color="${viridis(k / 8)}"/>`);
  out.push('</linearGradient></defs>');
  out.push(`<rect class="colorbar" x="${x}" y="${y}" width="14" height="${h}" fill="url(#viridis-bar)" stroke="#444"/>`);
  const py = (z: number) => y + h - ((z - zmin) / Math.max(zmax - zmin, 1e-12)) * h;
  for (let e = Math.ceil(zmin); e <= Math.floor(zmax); e++) {
    const v = 10 ** e - eps;
    if (v <= 0) continue;
    out.push(`<line x1="${x + 14}" y1="${n2(py(e))}" x2="${x + 19}" y2="${n2(py(e))}" stroke="#444"/>`);
    out.push(`<text x="${x + 22}" y="${n2(py(e))}" dy="0.32em" font-size="11">${esc(fmtTick(10 ** e))}</text>`);
  }
  out.push(`<text x="${x + 7}" y="${y - 8}" text-anchor="middle" font-size="11">MSE</text>`);
  return out.join('\n');
}

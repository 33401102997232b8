// nn.plot.compareCurves: one metric of several training runs (optimizers, schedules, initializations)
// on one axis, with a legend that names each run and its final value.
import { ConfigError, ValueError } from '../errors.js';
import type { HistoryLike } from './learning-curves.js';
import { PALETTE, axes, checkLayout, esc, extent, fmtTick, legend, legendWidth, line, linearScale, logScale, n2, svgDoc, type Series } from './svg.js';

export interface CompareCurvesOptions {
  /** The history key to plot (default 'loss'; e.g. 'val_loss', 'acc'). */
  metric?: string;
  /** Force (true) or forbid (false) a log y axis; by default log when the values span more than 1.5 decades. */
  log?: boolean;
  title?: string;
  /** Default 720 (the legend sits right of the plot). */
  width?: number;
  /** Default 400. */
  height?: number;
}

/** Renders runs = {name: History or {history}} as one curve each; see nn.plot.compareCurves. */
export function compareCurves(runs: Record<string, HistoryLike>, options: CompareCurvesOptions = {}): string {
  const where = 'plot.compareCurves';
  checkLayout(where, options);
  if (!runs || typeof runs !== 'object' || Object.keys(runs).length === 0) {
    throw new ValueError(`${where}: expected at least one run as {name: history}, e.g. {sgd: historySgd, adam: historyAdam}, got ${String(runs && Object.keys(runs).length === 0 ? '{}' : runs)}`);
  }
  const metric = options.metric ?? 'loss';
  if (typeof metric !== 'string') throw new ConfigError(`${where}: metric must be a history key such as 'loss', got ${String(metric)}`);
  const series: Series[] = Object.entries(runs).map(([name, run], i) => {
    const h = run?.history;
    if (!h || typeof h !== 'object') throw new ValueError(`${where}: runs.${name} must be a History ({history: {${metric}: [...]}}) as returned by model.fit`);
    const ys = h[metric];
    if (!Array.isArray(ys)) throw new ValueError(`${where}: runs.${name} has no '${metric}'; its keys: ${Object.keys(h).join(', ') || 'none'}`);
    if (ys.some((v) => typeof v !== 'number')) throw new ValueError(`${where}: runs.${name}.history.${metric} must be an array of numbers`);
    const last = [...ys].reverse().find((v) => Number.isFinite(v));
    // Eight palette colours, then the same colours dashed, so up to 16 runs stay distinguishable.
    return { name: `${name} (${last === undefined ? 'no finite value' : fmtTick(last)})`, xs: ys.map((_, e) => e + 1), ys, color: PALETTE[i % PALETTE.length]!, dashed: i >= PALETTE.length };
  });
  const width = options.width ?? 720, height = options.height ?? 400;
  const top = options.title ? 48 : 24;
  const legendW = legendWidth(series.map((s) => s.name));
  const box = { x: 80, y: top, w: width - 80 - legendW - 30, h: height - top - 56 };
  if (box.w < 80 || box.h < 60) throw new ConfigError(`${where}: width × height ${width} × ${height} leaves no room to plot`);
  const [x0, x1] = extent(series.flatMap((s) => s.xs));
  const [y0, y1] = extent(series.flatMap((s) => s.ys));
  if (options.log !== undefined && typeof options.log !== 'boolean') throw new ConfigError(`${where}: log must be a boolean, got ${String(options.log)}`);
  if (options.log && !(y0 > 0)) throw new ValueError(`${where}: a log axis needs positive values, but '${metric}' reaches ${fmtTick(y0)}`);
  const log = options.log ?? (y0 > 0 && y1 / y0 > 10 ** 1.5);
  // A linear loss axis starts at 0 when the values come near it, so relative drops read true.
  const sy = log ? logScale(y0, y1, box.y + box.h, box.y) : linearScale(y0 > 0 && y0 < 0.5 * y1 ? 0 : y0, y1, box.y + box.h, box.y);
  const sx = linearScale(x0, Math.max(x1, x0 + 1), box.x, box.x + box.w, Math.min(8, Math.max(1, x1 - x0)));
  sx.ticks = sx.ticks.filter((t) => Number.isInteger(t));
  const out: string[] = [];
  if (options.title) out.push(`<text x="${n2(width / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="700">${esc(options.title)}</text>`);
  out.push(axes(box, sx, sy, { x: 'epoch', y: `${metric}${log ? ' (log scale)' : ''}` }));
  out.push(`<clipPath id="compare-area"><rect x="${n2(box.x)}" y="${n2(box.y)}" width="${n2(box.w)}" height="${n2(box.h)}"/></clipPath>`);
  out.push('<g class="runs" clip-path="url(#compare-area)">', ...series.map((s) => line(s, sx, sy)), '</g>');
  // The legend box goes right of the frame, so it never hides a curve; its text gives each final value.
  out.push(legend({ x: box.x + box.w + 8, y: box.y - 8, w: legendW + 16, h: box.h }, series));
  out.push(`<text x="${n2(box.x + box.w + 16)}" y="${n2(box.y + series.length * 18 + 30)}" font-size="10" fill="#666">(final ${esc(metric)})</text>`);
  return svgDoc(width, height, out.join('\n'), options.title ?? `Comparison of ${metric}`);
}

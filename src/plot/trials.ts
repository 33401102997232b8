// nn.plot.trials: a hyper-parameter search as a scatter of each trial's score against one parameter
// (log axis for learning-rate-like ranges), coloured by a second parameter, best trial marked.
import { ConfigError } from '../errors.js';
import { viridis } from './landscape.js';
import { PALETTE, axes, checkLayout, colorBar, dotLegend, esc, extent, fmtTick, linearScale, n2, svgDoc, type Scale } from './svg.js';
import { axisHint, categoriesOf, checkParam, checkTrials, note, paramAxis, wantsLog, type AxisHint, type PlotParamValue, type TrialsLike } from './trial-data.js';

export interface TrialsPlotOptions {
  /** The parameter on the x axis (default 'learningRate'). */
  x?: string;
  /** A parameter that colours the points: categorical → palette and legend, numeric → viridis and colour bar. */
  color?: string;
  /** Force (true) or forbid (false) a log x axis; by default log when the values are positive and span > 1.5 decades. */
  logX?: boolean;
  title?: string;
  /** Default 640, plus 140 when `color` is given (for its key). */
  width?: number;
  /** Default 420. */
  height?: number;
}

/** Colour of each trial from the `color` parameter, and the key that explains it. */
function colouring(values: (PlotParamValue | undefined)[], name: string, hint: AxisHint, x: number, y: number, h: number): { fill: (i: number) => string; key: string } {
  const present = values.filter((v): v is PlotParamValue => v !== undefined);
  if (hint.categories || present.some((v) => typeof v !== 'number')) {
    const cats = categoriesOf(present, hint.categories);
    const of = (c: string) => PALETTE[cats.indexOf(c) % PALETTE.length]!;
    return {
      fill: (i) => (values[i] === undefined ? '#999' : of(String(values[i]))),
      key: dotLegend(x, y + 4, cats.map((c) => ({ name: c, color: of(c) })), name),
    };
  }
  const nums = present as number[];
  const log = hint.log ?? wantsLog(nums);
  const f = (v: number) => (log ? Math.log10(v) : v);
  const [min, max] = extent(nums);
  const lo = f(min), hi = f(max);
  const t = (v: number) => (hi > lo ? (f(v) - lo) / (hi - lo) : 0.5);
  // Ticks at round values inside the range: decades on a log bar, nice steps on a linear one.
  const ticks: { t: number; label: string }[] = [];
  if (log) for (let e = Math.ceil(lo - 1e-9); e <= hi + 1e-9; e++) ticks.push({ t: t(10 ** e), label: fmtTick(10 ** e) });
  else for (const v of linearScale(lo, hi, 0, 1).ticks) if (v >= lo - 1e-12 && v <= hi + 1e-12) ticks.push({ t: t(v), label: fmtTick(v) });
  // Label the ends too unless a round tick is already close by (12% of the bar).
  for (const [end, v] of [[0, min], [1, max]] as const) {
    if (!ticks.some((tk) => Math.abs(tk.t - end) < 0.12)) ticks.push({ t: end, label: fmtTick(+v.toPrecision(3)) });
  }
  return {
    fill: (i) => (values[i] === undefined ? '#999' : viridis(t(values[i] as number))),
    key: colorBar(x, y + 16, Math.min(h - 16, 220), viridis, ticks, `${name}${log ? ' (log)' : ''}`, 'trials-colorbar'),
  };
}

/** Renders a search result's trials; see nn.plot.trials. */
export function trials(result: TrialsLike, options: TrialsPlotOptions = {}): string {
  const where = 'plot.trials';
  checkLayout(where, options);
  const all = checkTrials(result, where).shown;
  const xName = checkParam(options.x ?? 'learningRate', all, where, 'x');
  const colorName = options.color === undefined ? undefined : checkParam(options.color, all, where, 'color');
  // A trial without the x parameter (a conditional one) has no place on the axis: it is counted, not drawn.
  const { shown, failed, missing, objective, mode, best } = checkTrials(result, where, (t) => t.params[xName] !== undefined);
  if (options.logX !== undefined && typeof options.logX !== 'boolean') throw new ConfigError(`${where}: logX must be a boolean, got ${String(options.logX)}`);
  const width = options.width ?? (colorName ? 780 : 640), height = options.height ?? 420;
  const top = options.title ? 48 : 24, right = colorName ? 150 : 20;
  const box = { x: 80, y: top, w: width - 80 - right, h: height - top - 74 };
  if (box.w < 60 || box.h < 60) throw new ConfigError(`${where}: width × height ${width} × ${height} leaves no room to plot`);

  const xs = shown.map((t) => t.params[xName]);
  const hint = axisHint(result, xName);
  const ax = paramAxis(xs, box.x + 8, box.x + box.w - 8, options.logX ?? hint.log, 5, hint.categories);
  const scores = shown.map((t) => t.score);
  const sy = linearScale(...extent(scores), box.y + box.h, box.y);
  const noTicks = Object.assign((v: number) => v, { ticks: [], log: false }) as Scale;
  const arrow = mode === 'max' ? '↑ higher is better' : '↓ lower is better';
  const xLabel = `${xName}${ax.kind === 'log' ? ' (log scale)' : ''}`;
  const out: string[] = [];
  if (options.title) out.push(`<text x="${n2(width / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="700">${esc(options.title)}</text>`);
  out.push(axes(box, noTicks, sy, { x: xLabel, y: `${objective} (${arrow})` }));
  for (const tk of ax.ticks) {
    out.push(`<line x1="${n2(tk.at)}" y1="${n2(box.y + box.h)}" x2="${n2(tk.at)}" y2="${n2(box.y + box.h + 5)}" stroke="#444"/>`);
    out.push(`<text x="${n2(tk.at)}" y="${n2(box.y + box.h + 18)}" text-anchor="middle" font-size="11">${esc(tk.label)}</text>`);
  }

  const { fill, key } = colorName
    ? colouring(shown.map((t) => t.params[colorName]), colorName, axisHint(result, colorName), box.x + box.w + 24, box.y, box.h)
    : { fill: () => PALETTE[0]!, key: '' };
  // Categories get a deterministic horizontal jitter (golden-ratio sequence), so equal x values stay apart.
  const band = ax.kind === 'category' ? (box.w - 16) / ax.categories.length : 0;
  const px = (i: number) => ax.pos(xs[i]) + (band ? (((i * 0.618034) % 1) - 0.5) * band * 0.5 : 0);
  const order = shown.map((_, i) => i).filter((i) => shown[i] !== best);
  order.push(shown.indexOf(best)); // the best trial is drawn last, on top
  out.push('<g class="trials">');
  for (const i of order) {
    const t = shown[i]!, c = fill(i), pruned = t.status === 'pruned';
    const style = pruned ? `fill="#fff" stroke="${c}" stroke-width="1.8"` : `fill="${c}" fill-opacity="0.9" stroke="#333" stroke-opacity="0.45" stroke-width="0.7"`;
    out.push(`<circle class="trial${pruned ? ' pruned' : ''}" data-id="${t.id ?? i}" cx="${n2(px(i))}" cy="${n2(sy(t.score))}" r="5" ${style}/>`);
  }
  out.push('</g>');
  const bi = shown.indexOf(best), bx = px(bi), by = sy(best.score);
  out.push(`<circle class="best" cx="${n2(bx)}" cy="${n2(by)}" r="9.5" fill="none" stroke="#000" stroke-width="1.6"/>`);
  const labelLeft = bx > box.x + box.w - 60;
  out.push(`<text x="${n2(bx + (labelLeft ? -13 : 13))}" y="${n2(by)}" dy="0.32em" text-anchor="${labelLeft ? 'end' : 'start'}" font-size="11" font-weight="600">best</text>`);
  out.push(key);

  const pruned = shown.filter((t) => t.status === 'pruned').length;
  const counts = [`${shown.length} trial${shown.length === 1 ? '' : 's'}`];
  if (pruned) counts.push(`${pruned} pruned (hollow)`);
  if (failed) counts.push(`${failed} failed (not shown)`);
  if (missing) counts.push(`${missing} without ${xName} (not shown)`);
  const bestX = best.params[xName];
  counts.push(`best: ${objective} ${fmtTick(best.score)} at ${xName} = ${typeof bestX === 'number' ? fmtTick(bestX) : String(bestX)}`);
  out.push(note(box.x, height - 12, counts.join(' · ')));
  return svgDoc(width, height, out.join('\n'), options.title ?? `Trials: ${objective} vs ${xName}`);
}

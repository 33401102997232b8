// nn.plot.parallelCoordinates: every trial of a search as one polyline across one vertical axis per
// parameter plus the score, coloured by score with the best trials darkest and drawn on top.
import { ConfigError } from '../errors.js';
import { checkLayout, colorBar, esc, extent, fmtTick, linearScale, n2, svgDoc } from './svg.js';
import { axisHint, checkParam, checkTrials, note, paramAxis, paramNames, scoreColors, type ParamAxis, type TrialsLike } from './trial-data.js';

export interface ParallelCoordinatesOptions {
  /** Parameters to show, in order; default every parameter that takes more than one value. */
  params?: string[];
  title?: string;
  /** Default: 150 per axis plus room for the colour bar, at least 640. */
  width?: number;
  /** Default 420. */
  height?: number;
}

/** Renders a search result's trials as parallel coordinates; see nn.plot.parallelCoordinates. */
export function parallelCoordinates(result: TrialsLike, options: ParallelCoordinatesOptions = {}): string {
  const where = 'plot.parallelCoordinates';
  checkLayout(where, options);
  const { shown, failed, objective, mode, best } = checkTrials(result, where);
  let names: string[];
  if (options.params !== undefined) {
    if (!Array.isArray(options.params) || options.params.length === 0) throw new ConfigError(`${where}: params must be a non-empty array of parameter names, got ${JSON.stringify(options.params)}`);
    names = options.params.map((p) => checkParam(p, shown, where, 'params'));
  } else {
    const all = paramNames(shown);
    // A parameter fixed in every trial says nothing about the score: leave its axis out.
    const varying = all.filter((p) => new Set(shown.map((t) => String(t.params[p]))).size > 1);
    names = varying.length ? varying : all;
  }
  const k = names.length + 1;
  const width = options.width ?? Math.max(640, 150 * k + 120), height = options.height ?? 420;
  const top = options.title ? 76 : 52, bottom = height - 44;
  const left = 70, right = width - 140;
  if (right - left < 60 * (k - 1) || bottom - top < 60) throw new ConfigError(`${where}: width × height ${width} × ${height} leaves no room for ${k} axes`);
  const axisX = (i: number) => left + ((right - left) * i) / (k - 1 || 1);

  const axes: ParamAxis[] = names.map((p) => {
    const hint = axisHint(result, p);
    return paramAxis(shown.map((t) => t.params[p]), bottom, top, hint.log, 5, hint.categories);
  });
  const scores = shown.map((t) => t.score);
  const [lo, hi] = extent(scores);
  const sScore = linearScale(lo, hi, bottom, top);
  const { color, bar, goodness } = scoreColors(lo, hi, mode);

  const out: string[] = [];
  if (options.title) out.push(`<text x="${n2(width / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="700">${esc(options.title)}</text>`);
  // Polylines first (under the axes' labels), worst first so the best end on top.
  const order = shown.map((_, i) => i).sort((a, b) => goodness(shown[a]!.score) - goodness(shown[b]!.score));
  const bi = shown.indexOf(best);
  order.splice(order.indexOf(bi), 1);
  order.push(bi);
  out.push('<g class="trials" fill="none" stroke-linejoin="round">');
  for (const i of order) {
    const t = shown[i]!, g = goodness(t.score);
    let d = '', pen = false;
    names.forEach((p, a) => {
      const v = t.params[p];
      if (v === undefined) return void (pen = false); // a parameter this trial did not have breaks its line
      d += `${pen ? 'L' : 'M'}${n2(axisX(a))} ${n2(axes[a]!.pos(v))}`;
      pen = true;
    });
    d += `${pen ? 'L' : 'M'}${n2(axisX(k - 1))} ${n2(sScore(t.score))}`;
    const w = t === best ? 3.5 : 1 + 1.5 * g;
    const dash = t.status === 'pruned' ? ' stroke-dasharray="5 3"' : '';
    out.push(`<path class="trial${t === best ? ' best' : ''}" data-id="${t.id ?? i}" d="${d}" stroke="${color(t.score)}" stroke-opacity="${n2(t === best ? 1 : 0.3 + 0.6 * g)}" stroke-width="${n2(w)}"${dash}/>`);
  }
  out.push('</g>');
  // Axes: a line, its ticks and labels on a white halo (lines pass behind them), its name on top.
  const axisSvg = (i: number, name: string, ticks: { at: number; label: string }[], sub: string) => {
    const x = axisX(i);
    const parts = [`<g class="axis" data-name="${esc(name)}">`, `<line x1="${n2(x)}" y1="${n2(top)}" x2="${n2(x)}" y2="${n2(bottom)}" stroke="#333" stroke-width="1.2"/>`];
    for (const tk of ticks) {
      parts.push(`<line x1="${n2(x - 4)}" y1="${n2(tk.at)}" x2="${n2(x)}" y2="${n2(tk.at)}" stroke="#333"/>`);
      parts.push(`<text x="${n2(x - 7)}" y="${n2(tk.at)}" dy="0.32em" text-anchor="end" font-size="11" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(tk.label)}</text>`);
    }
    parts.push(`<text x="${n2(x)}" y="${n2(top - 22)}" text-anchor="middle" font-size="12" font-weight="600">${esc(name)}</text>`);
    parts.push(`<text x="${n2(x)}" y="${n2(top - 9)}" text-anchor="middle" font-size="10" fill="#666">${esc(sub)}</text>`);
    parts.push('</g>');
    return parts.join('\n');
  };
  names.forEach((p, a) => out.push(axisSvg(a, p, axes[a]!.ticks, axes[a]!.kind === 'log' ? 'log scale' : axes[a]!.kind === 'category' ? 'categorical' : '')));
  const scoreTicks = sScore.ticks.map((t) => ({ at: sScore(t), label: fmtTick(t) }));
  out.push(axisSvg(k - 1, objective, scoreTicks, mode === 'max' ? '↑ higher is better' : '↓ lower is better'));
  // Colour bar over the score range (t = 0 at the lowest score).
  const barTicks = [{ t: 0, label: fmtTick(lo) }, { t: 1, label: fmtTick(hi) }];
  out.push(colorBar(right + 60, top + 24, Math.min(bottom - top - 24, 200), bar, hi > lo ? barTicks : [{ t: 1, label: fmtTick(hi) }], objective, 'parallel-colorbar'));
  const pruned = shown.filter((t) => t.status === 'pruned').length;
  const counts = [`${shown.length} trial${shown.length === 1 ? '' : 's'}`, 'best drawn thickest'];
  if (pruned) counts.push(`${pruned} pruned (dashed)`);
  if (failed) counts.push(`${failed} failed (not shown)`);
  out.push(note(left, height - 12, counts.join(' · ')));
  return svgDoc(width, height, out.join('\n'), options.title ?? `Trials: parallel coordinates of ${objective}`);
}

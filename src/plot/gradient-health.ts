// nn.plot.gradientHealth: each layer's gradient norm per epoch on a log axis, or (relative: true) the
// gradient norm over the weight norm with nn.diagnose.gradients' vanishing threshold drawn in. Norms that
// shrink by decades from the last layer to the first mean vanishing gradients; norms that grow without
// bound mean exploding ones.
import { ValueError } from '../errors.js';
import { checkGradientRecord, type GradientNormHistory } from '../callbacks-grad.js';
import { PALETTE, axes, checkLayout, esc, extent, legend, legendWidth, line, linearScale, logScale, n2, svgDoc } from './svg.js';

export interface GradientHealthOptions {
  title?: string;
  width?: number;
  height?: number;
  /**
   * Plot ‖grad‖ / ‖W‖ per layer (needs the weightNorms that nn.callbacks.gradientNorms() records) with a
   * dashed line at `vanishing`: the step a layer takes relative to its size, comparable across layers.
   */
  relative?: boolean;
  /** The vanishing threshold drawn with `relative` (default 1e-7, as nn.diagnose.gradients). */
  vanishing?: number;
}

/** norms: what nn.tools.gradientNorms() recorded, or {layers, norms: [epoch][layer], epochs?}. */
export function gradientHealth(norms: Pick<GradientNormHistory, 'layers' | 'norms' | 'weightNorms'> & { epochs?: number[] }, options: GradientHealthOptions = {}): string {
  const where = 'plot.gradientHealth';
  checkLayout(where, options);
  checkGradientRecord(norms, where);
  const { layers } = norms;
  const relative = options.relative === true;
  const vanishing = options.vanishing ?? 1e-7;
  if (relative && !(vanishing > 0)) throw new ValueError(`${where}: vanishing must be a number > 0, got ${String(options.vanishing)}`);
  const weights = norms.weightNorms;
  // checkGradientRecord checked the shape of weightNorms when present; relative needs them present.
  if (relative && !Array.isArray(weights)) {
    throw new ValueError(`${where}: relative needs weightNorms[epoch][layer] for every recorded epoch (nn.callbacks.gradientNorms() records them)`);
  }
  const values = relative ? norms.norms.map((row, e) => row.map((g, l) => g / weights![e]![l]!)) : norms.norms;
  // The legend goes right of the frame (as in compareCurves), so it never hides a layer's line.
  const legendW = legendWidth(layers);
  const width = options.width ?? Math.round(560 + legendW), height = options.height ?? 380;
  const box = { x: 80, y: 40, w: width - 110 - legendW, h: height - 90 };
  if (box.w < 80 || box.h < 60) throw new ValueError(`${where}: width × height ${width} × ${height} leaves no room to plot`);
  const xs = norms.norms.map((_, i) => (norms.epochs?.[i] ?? i) + 1);
  const positive = values.flat().filter((v) => v > 0 && Number.isFinite(v));
  // With `relative`, the threshold is always in view (above the bottom edge) so "how far from vanishing"
  // can be read off.
  const [lo, hi] = positive.length ? extent(relative ? [...positive, vanishing / 3] : positive) : [1e-3, 1];
  const sy = logScale(lo, hi, box.y + box.h, box.y);
  const [x0, x1] = extent(xs);
  const sx = linearScale(x0, Math.max(x1, x0 + 1), box.x, box.x + box.w, Math.min(8, Math.max(1, x1 - x0)));
  sx.ticks = sx.ticks.filter((t) => Number.isInteger(t));
  const series = layers.map((name, l) => ({ name, xs, ys: values.map((row) => row[l]!), color: PALETTE[l % PALETTE.length]! }));
  const title = options.title ?? (relative ? 'Gradient norm / weight norm per layer' : 'Gradient norm per layer');
  const threshold = relative
    ? `<g class="threshold"><line x1="${n2(box.x)}" x2="${n2(box.x + box.w)}" y1="${n2(sy(vanishing))}" y2="${n2(sy(vanishing))}" stroke="#B00020" stroke-width="1.2" stroke-dasharray="6 4"/>` +
      `<text x="${n2(box.x + 6)}" y="${n2(sy(vanishing) - 5)}" font-size="11" fill="#B00020">${esc(`vanishing below ${vanishing.toExponential(0)}`)}</text></g>`
    : '';
  const body = [
    axes(box, sx, sy, { x: 'epoch', y: relative ? '‖grad‖ / ‖W‖ (log scale)' : 'gradient L2 norm (log scale)', title }),
    threshold,
    '<g class="panel">',
    ...series.map((s) => line(s, sx, sy)),
    '</g>',
    legend({ x: box.x + box.w + 8, y: box.y - 8, w: legendW + 16, h: box.h }, series),
  ];
  return svgDoc(width, height, body.join('\n'), title);
}

// nn.plot.gradientHealth: each layer's gradient norm per epoch on a log axis. Norms that shrink by
// decades from the last layer to the first mean vanishing gradients; norms that grow without bound
// mean exploding ones.
import { ValueError } from '../errors.js';
import type { GradientNormHistory } from '../callbacks-grad.js';
import { PALETTE, axes, extent, legend, line, linearScale, logScale, svgDoc } from './svg.js';

export interface GradientHealthOptions {
  title?: string;
  width?: number;
  height?: number;
}

/** norms: what nn.tools.gradientNorms() recorded, or {layers, norms: [epoch][layer], epochs?}. */
export function gradientHealth(norms: Pick<GradientNormHistory, 'layers' | 'norms'> & { epochs?: number[] }, options: GradientHealthOptions = {}): string {
  const where = 'plot.gradientHealth';
  if (!norms || !Array.isArray(norms.layers) || !Array.isArray(norms.norms)) {
    throw new ValueError(`${where}: expected {layers: string[], norms: number[][]} (nn.tools.gradientNorms() used as a fit callback)`);
  }
  const { layers } = norms;
  if (norms.norms.length === 0) throw new ValueError(`${where}: no epochs recorded; pass the callback to model.fit({callbacks: [...]}) first`);
  norms.norms.forEach((row, e) => {
    if (!Array.isArray(row) || row.length !== layers.length) {
      throw new ValueError(`${where}: norms[${e}] has ${Array.isArray(row) ? row.length : 'no'} values, expected one per layer (${layers.length})`);
    }
  });
  const width = options.width ?? 640, height = options.height ?? 380;
  const box = { x: 80, y: 40, w: width - 110, h: height - 90 };
  const xs = norms.norms.map((_, i) => (norms.epochs?.[i] ?? i) + 1);
  const positive = norms.norms.flat().filter((v) => v > 0 && Number.isFinite(v));
  const [lo, hi] = positive.length ? extent(positive) : [1e-3, 1];
  const sy = logScale(lo, hi, box.y + box.h, box.y);
  const [x0, x1] = extent(xs);
  const sx = linearScale(x0, Math.max(x1, x0 + 1), box.x, box.x + box.w, Math.min(8, Math.max(1, x1 - x0)));
  sx.ticks = sx.ticks.filter((t) => Number.isInteger(t));
  const series = layers.map((name, l) => ({ name, xs, ys: norms.norms.map((row) => row[l]!), color: PALETTE[l % PALETTE.length]! }));
  const body = [
    axes(box, sx, sy, { x: 'epoch', y: 'gradient L2 norm (log scale)', title: options.title ?? 'Gradient norm per layer' }),
    '<g class="panel">',
    ...series.map((s) => line(s, sx, sy)),
    '</g>',
    legend(box, series),
  ];
  return svgDoc(width, height, body.join('\n'), options.title ?? 'Gradient norm per layer');
}

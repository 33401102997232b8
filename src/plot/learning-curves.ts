// nn.plot.learningCurves: train/validation loss (left panel) and accuracy or the first other metric
// (right panel) per epoch, from a fit History, as an SVG string.
import { ValueError } from '../errors.js';
import { PALETTE, axes, esc, extent, legend, line, linearScale, logScale, svgDoc, type Series } from './svg.js';

/** What learningCurves reads: model.fit's History, or any {epoch?, history: {key: values}}. */
export interface HistoryLike {
  epoch?: number[];
  history: Record<string, number[]>;
}

export interface LearningCurvesOptions {
  title?: string;
  width?: number;
  height?: number;
}

const LABELS: Record<string, string> = { loss: 'loss', acc: 'accuracy', accuracy: 'accuracy', mse: 'MSE', mae: 'MAE' };

/**
 * Two panels: 'loss' and 'val_loss'; then 'acc' (or 'accuracy') and 'val_acc', or else the first other
 * metric in the history (a regression's 'mae', …). A history with only a loss gets one panel.
 * Epochs on x are 1-based, as fit's progress prints them.
 */
export function learningCurves(history: HistoryLike, options: LearningCurvesOptions = {}): string {
  const h = history?.history;
  if (!h || typeof h !== 'object') throw new ValueError('plot.learningCurves: expected a History ({history: {loss: [...], ...}}) as returned by model.fit');
  const keys = Object.keys(h).filter((k) => !k.startsWith('val_'));
  if (!keys.includes('loss')) throw new ValueError(`plot.learningCurves: the history has no 'loss'; keys: ${Object.keys(h).join(', ') || 'none'}`);
  for (const [k, v] of Object.entries(h)) {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) throw new ValueError(`plot.learningCurves: history.${k} must be an array of numbers`);
  }
  const metric = keys.find((k) => k === 'acc' || k === 'accuracy') ?? keys.find((k) => k !== 'loss');
  const panels = metric ? ['loss', metric] : ['loss'];
  const width = options.width ?? (panels.length === 2 ? 900 : 480);
  const height = options.height ?? 360;
  const top = options.title ? 56 : 36;
  const panelW = (width - 80 * panels.length - 20 * (panels.length - 1) - 10) / panels.length;
  const body: string[] = [];
  if (options.title) body.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="700">${esc(options.title)}</text>`);
  panels.forEach((key, p) => {
    const box = { x: 80 + p * (panelW + 100), y: top, w: panelW, h: height - top - 50 };
    const series: Series[] = [];
    const train = h[key]!;
    const xs = history.epoch && history.epoch.length === train.length ? history.epoch.map((e) => e + 1) : train.map((_, i) => i + 1);
    series.push({ name: `train ${LABELS[key] ?? key}`, xs, ys: train, color: PALETTE[0]! });
    const val = h[`val_${key}`];
    if (val) series.push({ name: `validation ${LABELS[key] ?? key}`, xs: xs.slice(0, val.length), ys: val, color: PALETTE[1]!, dashed: true });
    const [x0, x1] = extent(xs);
    const [y0, y1] = extent(series.flatMap((s) => s.ys));
    const isAcc = key === 'acc' || key === 'accuracy';
    // Accuracy stays on [.., 1]; a loss axis starts at 0 when the values are near it, so drops read true.
    // A loss that falls by more than ~1.5 decades gets a log axis, or its tail would be a flat line at 0.
    const logLoss = !isAcc && y0 > 0 && y1 / y0 > 30;
    const sy = logLoss
      ? logScale(y0, y1, box.y + box.h, box.y)
      : linearScale(isAcc ? y0 : Math.min(y0, y0 < 0.5 * y1 ? 0 : y0), isAcc ? Math.min(1, Math.max(y1, y0 + 1e-3)) : y1, box.y + box.h, box.y);
    const sx = linearScale(x0, Math.max(x1, x0 + 1), box.x, box.x + box.w, Math.min(8, Math.max(1, x1 - x0)));
    sx.ticks = sx.ticks.filter((t) => Number.isInteger(t));
    body.push(axes(box, sx, sy, { x: 'epoch', y: `${LABELS[key] ?? key}${logLoss ? ' (log scale)' : ''}`, title: isAcc ? 'Accuracy' : key === 'loss' ? 'Loss' : (LABELS[key] ?? key) }));
    body.push(`<g class="panel" data-key="${esc(key)}">`, ...series.map((s) => line(s, sx, sy)), '</g>');
    body.push(legend(box, series, isAcc ? 'bottom' : 'top'));
  });
  return svgDoc(width, height, body.join('\n'), options.title ?? 'Learning curves');
}

// Training progress for the CLI as fit callbacks: a live bar per epoch on a terminal (batches, running
// loss, samples/s, ETA), or one plain line per epoch when output is a file, a pipe or CI.
import type { CustomCallbackArgs, Logs } from '../callbacks.js';

export interface ProgressOptions {
  epochs: number;
  /** Batches per epoch and training rows per epoch (from fit's History params; known before fit). */
  steps: number;
  samples: number;
  out?: TextOut;
  /** Force the plain mode (default: plain unless `out` is a TTY and CI is unset). */
  plain?: boolean;
}

/** Where progress goes: process.stdout, or anything with write() (tests). */
export interface TextOut {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const REDRAW_MS = 80;

export class Progress implements CustomCallbackArgs {
  private readonly out: TextOut;
  private readonly plain: boolean;
  private epoch = 0;
  private epochStart = 0;
  private lastDraw = 0;
  private seen = 0;
  private lossSum = 0;
  private batches = 0;
  /** Samples trained and training seconds (excluding validation), summed over epochs. */
  trained = 0;
  seconds = 0;

  constructor(private readonly o: ProgressOptions) {
    this.out = o.out ?? process.stdout;
    this.plain = o.plain ?? (!this.out.isTTY || !!process.env.CI);
  }

  private acc: number | undefined;

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    this.epochStart = performance.now();
    this.lastDraw = 0;
    this.seen = this.lossSum = this.batches = 0;
  }

  onBatchEnd(_batch: number, logs: Logs = {}): void {
    const size = logs.size ?? 0;
    this.seen += size;
    this.lossSum += (logs.loss ?? 0) * size;
    this.acc = logs.acc;
    this.batches++;
    if (this.plain) return;
    const t = performance.now();
    if (t - this.lastDraw < REDRAW_MS && this.batches < this.o.steps) return;
    this.lastDraw = t;
    this.out.write(`\r\x1b[2K${this.barLine(t)}`);
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    const seconds = (performance.now() - this.epochStart) / 1000;
    this.trained += this.seen;
    this.seconds += seconds;
    const rate = this.seen / Math.max(seconds, 1e-9);
    const metrics = Object.entries(logs).map(([k, v]) => `${k} ${fmt(v)}`).join('  ');
    const line = `${this.head(epoch)}  ${metrics}  ${Math.round(rate).toLocaleString('en-US')} samples/s  ${seconds.toFixed(1)}s`;
    this.out.write(this.plain ? `${line}\n` : `\r\x1b[2K${line}\n`);
  }

  onTrainEnd(): void {
    this.seconds = Math.max(this.seconds, 1e-9);
  }

  /** Mean training samples per second over the whole fit. */
  get samplesPerSecond(): number {
    return this.trained / Math.max(this.seconds, 1e-9);
  }

  private head(epoch: number): string {
    const w = String(this.o.epochs).length;
    return `epoch ${String(epoch + 1).padStart(w)}/${this.o.epochs}`;
  }

  /** The live line: epoch, bar, batches, running loss, throughput, time left in the epoch. */
  barLine(now: number): string {
    const { steps } = this.o;
    const elapsed = (now - this.epochStart) / 1000;
    const rate = this.seen / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (this.o.samples - this.seen) / rate : 0;
    const width = Math.max(10, Math.min(30, (this.out.columns ?? 100) - 90));
    const done = Math.round((this.batches / steps) * width);
    const bar = '█'.repeat(done) + '░'.repeat(width - done);
    const loss = this.seen ? fmt(this.lossSum / this.seen) : '—';
    // fit's batch logs carry the batch loss and the epoch's running accuracy.
    const acc = this.acc === undefined ? '' : `  acc ${fmt(this.acc)}`;
    return `${this.head(this.epoch)} ${bar} ${String(this.batches).padStart(String(steps).length)}/${steps}  loss ${loss}${acc}  ${Math.round(rate).toLocaleString('en-US')} samples/s  ETA ${eta.toFixed(1)}s`;
  }
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 ? v.toExponential(3) : v.toFixed(4);
}

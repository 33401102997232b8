// Progress of `simdnn tune`: one line per finished trial (score, best so far, epochs, time, parameters);
// on a terminal, a live line for the running trial, redrawn after every epoch.
import type * as nn from '../index.js';
import type { TextOut } from './progress.js';

export interface TuneProgressOptions {
  trials: number;
  epochs: number;
  objective: string;
  mode: 'min' | 'max';
  out: TextOut;
  /** Force one plain line per trial (default: plain unless `out` is a TTY and CI is unset). */
  plain?: boolean;
  /** Trials of a resumed search (its JSON's): they count towards the best so far and the trials done. */
  recorded?: readonly { id: number; score: number | null; status: string }[];
}

export class TuneProgress {
  private readonly plain: boolean;
  private readonly start = performance.now();
  private trialStart = 0;
  private best = { score: NaN, id: -1 };
  private finished = 0;
  private params = '';

  constructor(private readonly o: TuneProgressOptions) {
    this.plain = o.plain ?? (!o.out.isTTY || !!process.env.CI);
    // NOTE: without them a resumed run marked its first new trial '*' (best) and counted the recorded
    // trials as still to run in the ETA.
    for (const t of o.recorded ?? []) if (t.status === 'complete' && typeof t.score === 'number') this.track(t.id, t.score);
  }

  begin(id: number, params: string): void {
    this.trialStart = performance.now();
    this.params = params;
    if (!this.plain) this.o.out.write(`\r\x1b[2K${this.head(id)} starting  ${params}`);
  }

  epoch(id: number, epoch: number, logs: nn.Logs): void {
    if (this.plain) return;
    const score = logs[this.o.objective];
    const seconds = (performance.now() - this.trialStart) / 1000;
    this.o.out.write(`\r\x1b[2K${this.head(id)} epoch ${epoch + 1}/${this.o.epochs}  ${this.o.objective} ${fmtScore(score)}  ${this.bestText()}  ${seconds.toFixed(1)}s  ${this.eta()}`);
  }

  end(trial: nn.Trial): void {
    this.finished++;
    // As the search ranks them: a pruned trial never counts as the best (it did not train to the end).
    if (trial.status === 'complete') this.track(trial.id, trial.score);
    const what = trial.status === 'failed' ? `failed: ${trial.error ?? 'unknown error'}` : `${this.o.objective} ${fmtScore(trial.score)}${this.best.id === trial.id ? ' *' : '  '}`;
    const epochs = trial.status === 'pruned' ? `pruned after ${trial.epochs} ep` : `${trial.epochs} epoch${trial.epochs === 1 ? '' : 's'}`;
    const line = `${this.head(trial.id)} ${what}  ${epochs}  ${trial.seconds.toFixed(1)}s  ${this.params}`;
    this.o.out.write(this.plain ? `${line}\n` : `\r\x1b[2K${line}\n`);
  }

  private track(id: number, score: number): void {
    const better = this.o.mode === 'max' ? score > this.best.score : score < this.best.score;
    if (this.best.id < 0 || better) this.best = { score, id };
  }

  /** Seconds since the search started. */
  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  private head(id: number): string {
    const w = String(this.o.trials).length;
    return `trial ${String(id + 1).padStart(w)}/${this.o.trials} #${String(id).padEnd(w)}`;
  }

  private bestText(): string {
    return this.best.id < 0 ? 'best —' : `best ${fmtScore(this.best.score)} (#${this.best.id})`;
  }

  /** Time left if the remaining trials take as long as the finished ones did on average. */
  private eta(): string {
    if (this.finished === 0) return '';
    const left = (this.seconds() / this.finished) * Math.max(0, this.o.trials - (this.o.recorded?.length ?? 0) - this.finished);
    return `ETA ${left.toFixed(0)}s`;
  }
}

/** A score or log value as the tune output prints it (4 decimals; NaN, ±Infinity and — as such). */
export function fmtScore(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? String(v ?? '—') : v.toFixed(4);
}

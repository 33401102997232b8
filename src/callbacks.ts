// Training callbacks, as tfjs/Keras: plain objects with onTrainBegin / onEpochBegin / onBatchBegin /
// onBatchEnd / onEpochEnd / onTrainEnd, plus earlyStopping and learningRateScheduler.
import { GradientNorms } from './callbacks-grad.js';
import { ConfigError } from './errors.js';

export type Logs = Record<string, number>;

/** The part of a model a callback may use. */
export interface CallbackModel {
  stopTraining: boolean;
  readWeights(): Float32Array[];
  writeWeights(values: Float32Array[]): void;
  readonly optimizer: { learningRate: number } | null;
}

export interface CustomCallbackArgs {
  onTrainBegin?: (logs?: Logs) => void | Promise<void>;
  onTrainEnd?: (logs?: Logs) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs?: Logs) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
  setModel?: (model: CallbackModel) => void;
}

export interface EarlyStoppingArgs {
  /** Log key to watch (default 'val_loss'). */
  monitor?: string;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Stop after this many epochs in a row without improvement (default 0: the first one), as tfjs. */
  patience?: number;
  /** 'min', 'max' or 'auto' (max for keys containing 'acc', else min). */
  mode?: 'auto' | 'min' | 'max';
  /** The monitored value must beat this to count as an improvement. */
  baseline?: number;
  /** At the end of training, put back the weights of the best epoch (tfjs never implemented this). */
  restoreBestWeights?: boolean;
  verbose?: number;
}

export class EarlyStopping implements CustomCallbackArgs {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly restoreBestWeights: boolean;
  private readonly better: (a: number, b: number) => boolean;
  private readonly baseline: number | undefined;
  private model: CallbackModel | null = null;
  private best = Infinity;
  private wait = 0;
  private bestWeights: Float32Array[] | null = null;
  /** Epoch at which training was stopped (−1: not stopped), and the best epoch seen. */
  stoppedEpoch = -1;
  bestEpoch = -1;

  constructor(args: EarlyStoppingArgs = {}) {
    this.monitor = args.monitor ?? 'val_loss';
    if (typeof this.monitor !== 'string') throw new ConfigError(`earlyStopping: monitor must be a log key such as 'val_loss', got ${String(args.monitor)}`);
    const minDelta = args.minDelta ?? 0;
    if (typeof minDelta !== 'number' || !Number.isFinite(minDelta)) throw new ConfigError(`earlyStopping: minDelta must be a finite number, got ${String(minDelta)}`);
    this.minDelta = Math.abs(minDelta);
    if (args.baseline !== undefined && (typeof args.baseline !== 'number' || !Number.isFinite(args.baseline))) {
      throw new ConfigError(`earlyStopping: baseline must be a finite number, got ${String(args.baseline)}`);
    }
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new ConfigError(`earlyStopping: patience must be an integer ≥ 0, got ${args.patience}`);
    }
    const mode = args.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) throw new ConfigError(`earlyStopping: mode must be 'auto', 'min' or 'max', got ${JSON.stringify(mode)}`);
    const max = mode === 'max' || (mode === 'auto' && /acc/.test(this.monitor));
    this.better = max ? (a, b) => a - this.minDelta > b : (a, b) => a + this.minDelta < b;
    this.baseline = args.baseline;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.initialBest = max ? -Infinity : Infinity;
  }
  private readonly initialBest: number;

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.best = this.baseline ?? this.initialBest;
    this.wait = 0;
    this.stoppedEpoch = -1;
    this.bestEpoch = -1;
    this.bestWeights = null;
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      throw new ConfigError(`earlyStopping: monitor '${this.monitor}' is not in the logs; available: ${Object.keys(logs).join(', ')}`);
    }
    if (this.better(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = this.model!.readWeights();
      return;
    }
    this.wait++;
    // tfjs/Keras: stop once `patience` epochs in a row did not improve (patience 0: the first such epoch).
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.restoreBestWeights && this.bestWeights) this.model!.writeWeights(this.bestWeights);
  }
}

/**
 * Sets the optimizer's learning rate at the start of each epoch to schedule(epoch, lr). For the
 * functions of nn.schedules, lr is the rate when training began (they are pure functions of the
 * epoch); for other functions it is the current rate, as in Keras.
 */
export class LearningRateScheduler implements CustomCallbackArgs {
  private model: CallbackModel | null = null;
  private initial = 0;
  constructor(private readonly schedule: ((epoch: number, lr: number) => number) & { fromInitial?: boolean }) {
    if (typeof schedule !== 'function') throw new ConfigError('learningRateScheduler: expected a function (epoch, lr) => lr');
  }
  setModel(model: CallbackModel): void {
    this.model = model;
  }
  onTrainBegin(): void {
    this.initial = this.model!.optimizer!.learningRate;
  }
  onEpochBegin(epoch: number): void {
    const opt = this.model!.optimizer!;
    const lr = this.schedule(epoch, this.schedule.fromInitial ? this.initial : opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ConfigError(`learningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; expected a finite number ≥ 0`);
    }
    opt.learningRate = lr;
  }
}

export const callbacks = {
  earlyStopping: (args?: EarlyStoppingArgs) => new EarlyStopping(args),
  /** Per-layer gradient norms after each epoch, for nn.plot.gradientHealth (vanishing/exploding gradients). */
  gradientNorms: () => new GradientNorms(),
  learningRateScheduler: (schedule: (epoch: number, lr: number) => number) => new LearningRateScheduler(schedule),
};

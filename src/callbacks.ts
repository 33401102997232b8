// Training callbacks, as tfjs/Keras: plain objects with onTrainBegin / onEpochBegin / onBatchBegin /
// onBatchEnd / onEpochEnd / onTrainEnd, plus earlyStopping and learningRateScheduler.
import { GradientNorms } from './callbacks-grad.js';
import { ConfigError } from './errors.js';

/** Per-epoch or per-batch values by name: 'loss', 'acc', 'val_loss', … */
export type Logs = Record<string, number>;

/** The part of a model a callback may use. */
export interface CallbackModel {
  stopTraining: boolean;
  readWeights(): Float32Array[];
  writeWeights(values: Float32Array[]): void;
  readonly optimizer: { learningRate: number } | null;
}

/**
 * A fit callback: any object with some of these hooks (each may return a promise, which fit awaits),
 * as tfjs's CustomCallbackArgs. Epochs and batches count from 0.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const logger: nn.CustomCallbackArgs = {
 *   onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}: loss ${logs?.loss?.toFixed(4)}`),
 * };
 * await model.fit(nn.tensor2d([[0], [1]]), nn.tensor2d([[1], [3]]), { epochs: 3, callbacks: [logger] });
 * ```
 */
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

/**
 * Stops fit when the monitored log value stops improving, as tf.callbacks.earlyStopping (made by
 * nn.callbacks.earlyStopping). After training, `stoppedEpoch` and `bestEpoch` tell what happened.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const stop = new nn.EarlyStopping({ monitor: 'loss', patience: 2, minDelta: 0.01 });
 * await model.fit(nn.tensor2d([[0], [1]]), nn.tensor2d([[1], [3]]), { epochs: 500, callbacks: [stop] });
 * console.log(stop.stoppedEpoch, stop.bestEpoch); // stopped long before epoch 499
 * ```
 */
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

  /** @internal Called by fit. */
  setModel(model: CallbackModel): void {
    this.model = model;
  }

  /** @internal Called by fit. */
  onTrainBegin(): void {
    this.best = this.baseline ?? this.initialBest;
    this.wait = 0;
    this.stoppedEpoch = -1;
    this.bestEpoch = -1;
    this.bestWeights = null;
  }

  /** @internal Called by fit; a monitor key missing from the logs is a ConfigError. */
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

  /** @internal Called by fit. */
  onTrainEnd(): void {
    if (this.restoreBestWeights && this.bestWeights) this.model!.writeWeights(this.bestWeights);
  }
}

/**
 * Sets the optimizer's learning rate at the start of each epoch to schedule(epoch, lr). For the
 * functions of nn.schedules, lr is the rate when training began (they are pure functions of the
 * epoch); for other functions it is the current rate, as in Keras. Made by
 * nn.callbacks.learningRateScheduler.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
 * const opt = nn.train.sgd(0.1);
 * model.compile({ optimizer: opt, loss: 'meanSquaredError' });
 * const halve = new nn.LearningRateScheduler((epoch, lr) => (epoch > 0 ? lr / 2 : lr));
 * await model.fit(nn.tensor2d([[0], [1]]), nn.tensor2d([[1], [3]]), { epochs: 4, callbacks: [halve] });
 * console.log(opt.learningRate); // 0.0125 = 0.1 / 2³
 * ```
 */
export class LearningRateScheduler implements CustomCallbackArgs {
  private model: CallbackModel | null = null;
  private initial = 0;
  constructor(private readonly schedule: ((epoch: number, lr: number) => number) & { fromInitial?: boolean }) {
    if (typeof schedule !== 'function') throw new ConfigError('learningRateScheduler: expected a function (epoch, lr) => lr');
  }
  /** @internal Called by fit. */
  setModel(model: CallbackModel): void {
    this.model = model;
  }
  /** @internal Called by fit. */
  onTrainBegin(): void {
    this.initial = this.model!.optimizer!.learningRate;
  }
  /** @internal Called by fit; a schedule result that is not a finite number ≥ 0 is a ConfigError. */
  onEpochBegin(epoch: number): void {
    const opt = this.model!.optimizer!;
    const lr = this.schedule(epoch, this.schedule.fromInitial ? this.initial : opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ConfigError(`learningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; expected a finite number ≥ 0`);
    }
    opt.learningRate = lr;
  }
}

/**
 * Callback factories for model.fit({callbacks}), as tf.callbacks; any object with onEpochEnd & co.
 * ({@link CustomCallbackArgs}) works too.
 * @namespace
 */
export const callbacks = {
  /**
   * Stops training when `monitor` (default 'val_loss') has not improved by more than `minDelta`
   * (default 0) for `patience` epochs in a row (default 0: stop at the first epoch without
   * improvement), as tfjs. `mode` 'auto' maximizes keys containing 'acc'; `restoreBestWeights`
   * (default false) puts back the best epoch's weights at the end.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const x = nn.tensor2d([[0], [1], [2], [3]]), y = nn.tensor2d([[1], [3], [5], [7]]);
   * const stop = nn.callbacks.earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
   * await model.fit(x, y, { epochs: 1000, validationData: [x, y], callbacks: [stop] });
   * ```
   */
  earlyStopping: (args?: EarlyStoppingArgs) => new EarlyStopping(args),
  /**
   * Records each layer's gradient L2 norm, averaged over the batches of every epoch, for
   * nn.plot.gradientHealth (vanishing / exploding gradients). Same as nn.tools.gradientNorms.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({
   *   layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1 })],
   * });
   * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
   * const norms = nn.callbacks.gradientNorms();
   * await model.fit(nn.tensor2d([[0, 1], [1, 0]]), nn.tensor2d([[1], [0]]), { epochs: 5, callbacks: [norms] });
   * console.log(norms.layers, norms.norms.length); // ['dense_1', 'dense_2'] 5
   * ```
   */
  gradientNorms: () => new GradientNorms(),
  /**
   * Sets the learning rate at the start of each epoch to schedule(epoch, lr), as Keras
   * LearningRateScheduler. With an nn.schedules function lr is the initial rate; with your own
   * function it is the current one.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: nn.train.sgd(0.1), loss: 'meanSquaredError' });
   * const decay = nn.callbacks.learningRateScheduler(nn.schedules.exponentialDecay({ decayRate: 0.9 }));
   * await model.fit(nn.tensor2d([[0], [1]]), nn.tensor2d([[1], [3]]), { epochs: 10, callbacks: [decay] });
   * ```
   */
  learningRateScheduler: (schedule: (epoch: number, lr: number) => number) => new LearningRateScheduler(schedule),
};


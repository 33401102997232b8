// model.fit: validation split, the dataset copied into the heap once, epochs of shuffled mini-batches,
// callbacks, validation, History. Yields to the event loop every ~25 ms so pages stay responsive.
import type { CustomCallbackArgs, Logs } from '../callbacks.js';
import { ImageAugmentation } from '../data/tensors.js';
import { ConfigError, ValueError, preview } from '../errors.js';
import { Random, mix32 } from '../random.js';
import { Arena } from '../runtime/arena.js';
import type { Tensor } from '../tensor.js';
import { checkBatchSize, checkFinite, identity, inputRows, targetRows } from './data.js';
import { Plan, trainingPlans } from './plan.js';
import { Shards } from './shards.js';
import type { Sequential } from './sequential.js';
import { evaluateRows, penaltyLoss, stepContext, trainStep, yieldToEventLoop, type Dataset, type StepContext, type StepPosition } from './train.js';

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  /** Shuffle the training rows once per epoch (default true). */
  shuffle?: boolean;
  /** Fraction of the LAST samples held out for validation, taken before any shuffling (tfjs/Keras). */
  validationSplit?: number;
  validationData?: [Tensor, Tensor];
  callbacks?: CustomCallbackArgs | CustomCallbackArgs[];
  /** 0: silent (default here; the CLI draws its own progress), 1: one line per epoch. */
  verbose?: number;
  initialEpoch?: number;
  /** Seeds shuffling and dropout masks for this fit. */
  seed?: number;
  /** Seeded image augmentation of each training batch: nn.data.imageAugmentation({imageShape, maxShift, flipHorizontal}). */
  augment?: ImageAugmentation;
  /**
   * When fit lets the event loop run, as tfjs: 'auto' (default: about every 25 ms), a number of ms,
   * 'batch' (after every batch), 'epoch' (after every epoch) or 'never'.
   */
  yieldEvery?: number | 'auto' | 'batch' | 'epoch' | 'never';
}

export interface History {
  epoch: number[];
  history: Record<string, number[]>;
  params: { epochs: number; samples: number; batchSize: number; steps: number; metrics: string[] };
}

const YIELD_MS = 25;

/** fit's and fitDataset's callbacks argument as a list, each checked to be an object. */
export function callbackList(arg: CustomCallbackArgs | CustomCallbackArgs[] | undefined, where: string): CustomCallbackArgs[] {
  const callbacks = Array.isArray(arg) ? arg : arg ? [arg] : [];
  callbacks.forEach((cb, i) => {
    if (typeof cb !== 'object' || cb === null) {
      throw new ConfigError(`${where}: callbacks[${i}] must be an object with onEpochEnd/onBatchEnd/… methods (or an nn.callbacks.* callback), got ${preview(cb)}`);
    }
  });
  return callbacks;
}

/** The end of an epoch for fit and fitDataset: History, the verbose line, then onEpochEnd. */
export async function endEpoch(history: History, epoch: number, epochs: number, logs: Logs, verbose: number | undefined, callbacks: CustomCallbackArgs[]): Promise<void> {
  history.epoch.push(epoch);
  for (const [key, value] of Object.entries(logs)) (history.history[key] ??= []).push(value);
  if ((verbose ?? 0) > 0) {
    console.log(`Epoch ${epoch + 1}/${epochs} ${Object.entries(logs).map(([key, v]) => `${key}=${v.toFixed(4)}`).join(' ')}`);
  }
  for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs);
}

export async function fit(model: Sequential, x: Tensor, y: Tensor, args: FitArgs): Promise<History> {
  const where = `${model.name}.fit`;
  const epochs = args.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) throw new ConfigError(`${where}: epochs must be an integer ≥ 0, got ${String(args.epochs)}`);
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) {
    throw new ConfigError(`${where}: initialEpoch must be an integer ≥ 0, got ${preview(args.initialEpoch)}`);
  }
  const yieldMs = yieldInterval(args.yieldEvery, where);
  const split = args.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) throw new ConfigError(`${where}: validationSplit must be in [0, 1), got ${String(split)}`);
  const shapes = model.sampleShapes();
  const { values, n } = inputRows(x, shapes.input, where);
  const nOut = model.outputUnits, nIn = model.inputUnits, loss = model.lossKind!;
  const targets = targetRows(y, n, shapes.output, loss, where);
  let val: { values: Float32Array; targets: Float32Array; n: number } | null = null;
  let nTrain = n;
  if (args.validationData) {
    const [vx, vy] = args.validationData;
    const v = inputRows(vx, shapes.input, `${where} validationData`);
    val = { values: v.values, targets: targetRows(vy, v.n, shapes.output, loss, `${where} validationData`), n: v.n };
  } else if (split > 0) {
    nTrain = Math.floor(n * (1 - split));
    if (nTrain === 0 || nTrain === n) throw new ConfigError(`${where}: validationSplit ${split} of ${n} samples leaves an empty training or validation set`);
  }
  if (nTrain === 0) throw new ConfigError(`${where}: no training samples`);
  const batchSize = Math.min(checkBatchSize(args.batchSize ?? 32, where), nTrain);
  if (args.augment !== undefined && !(args.augment instanceof ImageAugmentation && args.augment.features === nIn)) {
    throw new ConfigError(
      `${where}: augment must be nn.data.imageAugmentation({imageShape}) with height·width = ${nIn} input features` +
        (args.augment instanceof ImageAugmentation ? `, got imageShape [${args.augment.height},${args.augment.width}]` : ''),
    );
  }
  const callbacks = callbackList(args.callbacks, where);

  const store = model.weights();
  const backend = store.backend!;
  const { k } = backend;
  const seed = args.seed ?? model.rng.nextU32();
  const rng = new Random(seed);
  const data = new Arena(backend);
  const plans: Plan[] = [];
  let shards: Shards | null = null;
  let trainingStarted = false;
  try {
    // The dataset is copied into the heap once; batches are gathered by index inside the kernels.
    const totalRows = val ? n + val.n : n;
    backend.heap.checkFits(4 * (totalRows * (nIn + nOut) + nTrain + totalRows), `${where}: the dataset (${totalRows} rows × ${nIn + nOut} floats)`);
    const X = data.alloc(totalRows * nIn), Y = data.alloc(totalRows * nOut);
    backend.views.f32.set(values, X >>> 2);
    backend.views.f32.set(targets, Y >>> 2);
    if (val) {
      backend.views.f32.set(val.values, (X >>> 2) + n * nIn);
      backend.views.f32.set(val.targets, (Y >>> 2) + n * nOut);
    }
    // Checked separately so that a bad validation row is reported by its own row number.
    const finite = (rows: number, first: number, label: string) => {
      const x0 = X + 4 * first * nIn, y0 = Y + 4 * first * nOut;
      checkFinite(k.f32_find_nonfinite(rows * nIn, x0), nIn, 'x', label, backend.views.f32.subarray(x0 >>> 2));
      checkFinite(k.f32_find_nonfinite(rows * nOut, y0), nOut, 'y', label, backend.views.f32.subarray(y0 >>> 2));
    };
    finite(n, 0, where);
    if (val) finite(val.n, n, `${where} validationData`);
    // Index buffer: [0, nTrain) the epoch's order; then the identity of every row for evaluation.
    const idx = data.alloc(nTrain + totalRows);
    backend.views.i32.set(identity(totalRows), (idx >>> 2) + nTrain);
    const d: Dataset = { X, Y, idx, nIn, nOut };
    const valStart = nTrain + (val ? n : nTrain), valCount = val ? val.n : n - nTrain;

    const bound = model.boundLoss(backend);
    const plan = new Plan(backend, model.layers, store, batchSize, true, rng, bound);
    plans.push(plan);
    trainingPlans.set(model, plan);
    const evalPlan = valCount > 0 ? new Plan(backend, model.layers, store, Math.min(Math.max(batchSize, 256), valCount), false, rng, bound) : null;
    if (evalPlan) plans.push(evalPlan);
    const ctx = stepContext(backend, plan, bound, model.metrics, store, model.optimizer!);
    // Its own stream, so adding augmentation does not change the shuffle order or dropout masks.
    if (args.augment) ctx.augment = { aug: args.augment, rng: new Random(mix32(seed ^ 0x5bd1e995)) };
    // Data parallel across the threads, unless augmentation or a callback that reads the training
    // plan's layer outputs (nn.callbacks.gradientNorms) needs the whole batch in one plan.
    else if (!callbacks.some((cb) => (cb as { readsLayerOutputs?: boolean }).readsLayerOutputs)) {
      ctx.shards = shards = Shards.create(backend, model, store, batchSize);
    }
    const order = identity(nTrain);
    const steps = Math.ceil(nTrain / batchSize);
    const keys = ['loss', ...model.metrics.map((m) => m.key)];
    const history: History = {
      epoch: [],
      history: {},
      params: { epochs, samples: nTrain, batchSize, steps, metrics: valCount > 0 ? [...keys, ...keys.map((key) => `val_${key}`)] : keys },
    };
    for (const cb of callbacks) cb.setModel?.(model);
    model.stopTraining = false;
    for (const cb of callbacks) await cb.onTrainBegin?.({});
    trainingStarted = true;
    const position = { epoch: 0, batch: 0, batches: steps, step: 0 };
    const batchHooks = callbacks.some((cb) => cb.onBatchBegin || cb.onBatchEnd);
    const run = { ctx, d, batchSize, nTrain, position, model };
    let lastYield = now();
    let chunk = 1; // batches per synchronous run, adapted to the yield interval
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, {});
      if (args.shuffle ?? true) rng.shuffle(order);
      backend.views.i32.set(order, idx >>> 2);
      ctx.sums.fill(0);
      position.epoch = epoch;
      // Samples trained on this epoch: all nTrain, unless stopTraining ended the epoch early.
      let seen = 0;
      for (let b = 0; b < steps && !model.stopTraining; ) {
        if (batchHooks) {
          // With batch callbacks, one batch at a time so each hook sees its batch (and may await).
          const m = Math.min(batchSize, nTrain - b * batchSize);
          for (const cb of callbacks) await cb.onBatchBegin?.(b, { batch: b, size: m });
          b = runBatches(run, b, b + 1);
          seen += m;
          // As Keras: the batch's loss, and the epoch's running mean of each metric so far.
          const logs: Logs = { batch: b - 1, size: m, loss: ctx.lastLoss };
          model.metrics.forEach((metric, i) => (logs[metric.key] = ctx.sums[i + 1]! / seen));
          for (const cb of callbacks) await cb.onBatchEnd?.(b - 1, logs);
          if (yieldMs === Infinity || now() - lastYield < yieldMs) continue;
        } else {
          // Chunks sized to last about yieldMs: the clock is read once per chunk, not per batch
          // (performance.now() allocates, and a training step must not).
          const t0 = now();
          // 'epoch' / 'never': the whole epoch in one synchronous run.
          const next = runBatches(run, b, yieldMs === Infinity ? steps : Math.min(steps, b + chunk));
          const elapsed = now() - t0;
          chunk = Math.max(1, Math.min(chunk * 2, Math.round((chunk * yieldMs) / Math.max(elapsed, 1e-3))));
          seen += Math.min(next * batchSize, nTrain) - b * batchSize;
          b = next;
        }
        if (yieldMs === Infinity) continue;
        await yieldToEventLoop();
        lastYield = now();
      }
      const logs: Logs = {};
      // The mean over the batches run, weighted by batch size (tfjs/Keras), also for a stopped epoch.
      keys.forEach((key, i) => (logs[key] = ctx.sums[i]! / Math.max(seen, 1)));
      if (evalPlan) {
        const v = evaluateRows(backend, evalPlan, bound, model.metrics, d, valStart, valCount);
        v[0]! += penaltyLoss(backend, ctx.penalties);
        keys.forEach((key, i) => (logs[`val_${key}`] = v[i]!));
      }
      await endEpoch(history, epoch, epochs, logs, args.verbose, callbacks);
      if (args.yieldEvery === 'epoch') await yieldToEventLoop();
    }
    for (const cb of callbacks) await cb.onTrainEnd?.({});
    return history;
  } catch (e) {
    // A diverging step (ValueError from trainStep) still ends the training for the callbacks, so
    // earlyStopping({restoreBestWeights}) puts back the best epoch's weights before the error propagates.
    if (e instanceof ValueError && trainingStarted) for (const cb of callbacks) await cb.onTrainEnd?.({});
    throw e;
  } finally {
    trainingPlans.delete(model);
    for (const p of plans) p.dispose();
    shards?.dispose();
    data.releaseAll();
  }
}

interface Run {
  ctx: StepContext;
  d: Dataset;
  batchSize: number;
  nTrain: number;
  position: StepPosition & { step: number };
  model: Sequential;
}

/**
 * Trains batches [from, to) or until stopTraining, and returns the next batch index (the last batch's
 * loss is ctx.lastLoss). A plain synchronous loop: no awaits, no closures, no clock reads, no per-step
 * objects, so V8 keeps its numbers unboxed and a step allocates nothing on the JS heap.
 */
function runBatches(r: Run, from: number, to: number): number {
  const { ctx, d, batchSize, nTrain, position } = r;
  let b = from;
  while (b < to) {
    const start = b * batchSize;
    position.batch = b;
    trainStep(ctx, d, start, Math.min(batchSize, nTrain - start), position.step++, position);
    b++;
    if (r.model.stopTraining) break;
  }
  return b;
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** yieldEvery as the ms between yields (Infinity: none inside an epoch), as tfjs's ModelFitArgs.yieldEvery. */
export function yieldInterval(v: unknown, where: string): number {
  if (v === undefined || v === 'auto') return YIELD_MS;
  if (v === 'batch') return 0;
  if (v === 'epoch' || v === 'never') return Infinity;
  if (typeof v === 'number' && v >= 0) return v; // Infinity: as 'never'
  throw new ConfigError(`${where}: yieldEvery must be 'auto', 'batch', 'epoch', 'never' or a number of milliseconds ≥ 0, got ${preview(v)}`);
}


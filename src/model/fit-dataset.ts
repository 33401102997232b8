// model.fitDataset / evaluateDataset: batches of {xs, ys} from an nn.data Dataset, copied one at a time
// into a staging block sized for the largest batch so far and stepped with fit's trainStep; memory stays
// flat however long the stream.
import type { CustomCallbackArgs, Logs } from '../callbacks.js';
import { ConfigError, ValueError, preview } from '../errors.js';
import { Random } from '../random.js';
import { Arena } from '../runtime/arena.js';
import { array, type Dataset as NnDataset } from '../data/dataset.js';
import { Tensor } from '../tensor.js';
import { checkFinite, identity, inputRows, targetRows } from './data.js';
import { callbackList, endEpoch, now, yieldInterval, type FitArgs, type History } from './fit.js';
import { Plan, trainingPlans } from './plan.js';
import type { Sequential } from './sequential.js';
import { evaluateRows, penaltyLoss, stepContext, trainStep, yieldToEventLoop, type Dataset } from './train.js';

export interface FitDatasetArgs {
  epochs?: number;
  batchesPerEpoch?: number;
  validationData?: NnDataset<unknown> | [Tensor, Tensor];
  validationBatches?: number;
  callbacks?: CustomCallbackArgs | CustomCallbackArgs[];
  verbose?: number;
  initialEpoch?: number;
  seed?: number;
  /** As fit's: how often the loop gives the event loop a turn (default 'auto': about every 25 ms). */
  yieldEvery?: FitArgs['yieldEvery'];
}

/** Heap staging for batches: grows (once) when a batch is larger than any before. */
class Staging {
  private arena: Arena;
  cap = 0;
  d: Dataset | null = null;
  constructor(private model: Sequential, backend: Plan['backend']) {
    this.arena = new Arena(backend);
  }
  put(el: unknown, where: string, index: number): number {
    if (!el || typeof el !== 'object' || Array.isArray(el) || !('xs' in el) || !('ys' in el)) {
      throw new ValueError(`${where}: element ${index} must be an object {xs, ys} (map the dataset to it, e.g. .map(r => ({xs: …, ys: …})).batch(n)), got ${preview(el)}`);
    }
    const { xs, ys } = el as { xs: unknown; ys: unknown };
    if (!(xs instanceof Tensor)) throw new ValueError(`${where}: element ${index}: xs must be a batched Tensor (use .batch(n) after mapping xs to an array of numbers), got ${preview(xs)}`);
    const shapes = this.model.sampleShapes(), at = `${where} batch ${index + 1}`;
    const { values, n } = inputRows(xs, shapes.input, at);
    const targets = targetRows(ys, n, shapes.output, this.model.lossKind!, at);
    const nIn = this.model.inputUnits, nOut = this.model.outputUnits, b = this.arena.backend;
    if (n > this.cap) {
      this.arena.releaseAll();
      this.cap = n;
      this.d = { X: this.arena.alloc(n * nIn), Y: this.arena.alloc(n * nOut), idx: this.arena.putI32(identity(n)), nIn, nOut };
    }
    const d = this.d!;
    b.views.f32.set(values, d.X >>> 2);
    b.views.f32.set(targets, d.Y >>> 2);
    checkFinite(b.k.f32_find_nonfinite(n * nIn, d.X), nIn, 'xs', at, b.views.f32.subarray(d.X >>> 2));
    checkFinite(b.k.f32_find_nonfinite(n * nOut, d.Y), nOut, 'ys', at, b.views.f32.subarray(d.Y >>> 2));
    return n;
  }
  dispose(): void {
    this.arena.releaseAll();
  }
}

/** Loss and metrics over up to `batches` batches of a dataset (or [x, y] tensors), weighted by batch size. */
async function evaluateSource(model: Sequential, src: NnDataset<unknown> | [Tensor, Tensor], batches: number, where: string, rng: Random): Promise<Float64Array> {
  const store = model.weights(), backend = store.backend!, bound = model.boundLoss(backend);
  const staging = new Staging(model, backend);
  let plan: Plan | null = null;
  const sums = new Float64Array(1 + model.metrics.length);
  let seen = 0;
  try {
    // [x, y] tensors are one batch: a one-element dataset.
    const it = await (Array.isArray(src) ? array([{ xs: src[0], ys: src[1] }]) : src).iterator();
    for (let i = 0; i < batches; i++) {
      const r = await it.next();
      if (r.done) break;
      const m = staging.put(r.value, where, i);
      if (!plan || plan.maxBatch < m) {
        plan?.dispose();
        plan = new Plan(backend, model.layers, store, m, false, rng, bound);
      }
      const v = evaluateRows(backend, plan, bound, model.metrics, staging.d!, 0, m);
      for (let k = 0; k < sums.length; k++) sums[k]! += v[k]! * m;
      seen += m;
    }
    if (seen === 0) throw new ValueError(`${where}: the dataset yielded no batches`);
    for (let k = 0; k < sums.length; k++) sums[k]! /= seen;
    sums[0]! += penaltyLoss(backend, stepContext(backend, plan!, bound, model.metrics, store, model.optimizer!).penalties);
    return sums;
  } finally {
    plan?.dispose();
    staging.dispose();
  }
}

export function evaluateDataset(model: Sequential, dataset: NnDataset<unknown>, args: { batches?: number } = {}): Promise<Float64Array> {
  return evaluateSource(model, dataset, args.batches ?? Infinity, `${model.name}.evaluateDataset`, new Random(1));
}

export async function fitDataset(model: Sequential, dataset: NnDataset<unknown>, args: FitDatasetArgs): Promise<History> {
  const where = `${model.name}.fitDataset`;
  const epochs = args.epochs ?? 1, initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(epochs) || epochs < 0) throw new ConfigError(`${where}: epochs must be an integer ≥ 0, got ${preview(args.epochs)}`);
  const perEpoch = args.batchesPerEpoch;
  if (perEpoch !== undefined && !(Number.isInteger(perEpoch) && perEpoch > 0)) throw new ConfigError(`${where}: batchesPerEpoch must be a positive integer, got ${preview(perEpoch)}`);
  if (!dataset || typeof (dataset as NnDataset).iterator !== 'function') throw new ConfigError(`${where}: expected an nn.data Dataset, got ${preview(dataset)}`);
  const callbacks = callbackList(args.callbacks, where);
  const yieldMs = yieldInterval(args.yieldEvery, where);
  let lastYield = now();
  const store = model.weights(), backend = store.backend!;
  const rng = new Random(args.seed ?? model.rng.nextU32());
  const bound = model.boundLoss(backend);
  const staging = new Staging(model, backend);
  let plan: Plan | null = null;
  const keys = ['loss', ...model.metrics.map((m) => m.key)];
  const history: History = { epoch: [], history: {}, params: { epochs, samples: 0, batchSize: 0, steps: perEpoch ?? 0, metrics: args.validationData ? [...keys, ...keys.map((k) => `val_${k}`)] : keys } };
  let started = false;
  try {
    for (const cb of callbacks) cb.setModel?.(model);
    model.stopTraining = false;
    for (const cb of callbacks) await cb.onTrainBegin?.({});
    started = true;
    let ctx = null as ReturnType<typeof stepContext> | null;
    let step = 0;
    // With batchesPerEpoch one iterator runs across epochs (tfjs); without, each epoch iterates anew.
    let it = perEpoch !== undefined ? await dataset.iterator() : null;
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, {});
      if (perEpoch === undefined) it = await dataset.iterator();
      let seen = 0, b = 0;
      const sums = new Float64Array(keys.length);
      for (; (perEpoch === undefined || b < perEpoch) && !model.stopTraining; b++) {
        const r = await it!.next();
        if (r.done) {
          if (perEpoch !== undefined) model.stopTraining = true; // as tfjs: the data ran out
          break;
        }
        const m = staging.put(r.value, where, b);
        if (!plan || plan.maxBatch < m) {
          plan?.dispose();
          plan = new Plan(backend, model.layers, store, m, true, rng, bound);
          trainingPlans.set(model, plan);
          ctx = stepContext(backend, plan, bound, model.metrics, store, model.optimizer!);
        }
        for (const cb of callbacks) await cb.onBatchBegin?.(b, { batch: b, size: m });
        ctx!.sums.fill(0);
        trainStep(ctx!, staging.d!, 0, m, step++, { epoch, batch: b, batches: perEpoch ?? 0 });
        for (let k = 0; k < sums.length; k++) sums[k]! += ctx!.sums[k]!;
        seen += m;
        const logs: Logs = { batch: b, size: m, loss: ctx!.lastLoss };
        for (const cb of callbacks) await cb.onBatchEnd?.(b, logs);
        // Awaiting the iterator runs microtasks only; timers and I/O need a real turn of the event loop.
        if (yieldMs !== Infinity && now() - lastYield >= yieldMs) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
      if (seen === 0 && b === 0 && epoch === initialEpoch) throw new ValueError(`${where}: the dataset yielded no batches`);
      const logs: Logs = {};
      keys.forEach((k, i) => (logs[k] = sums[i]! / Math.max(seen, 1)));
      if (args.validationData) {
        const v = await evaluateSource(model, args.validationData, args.validationBatches ?? Infinity, `${where} validationData`, rng);
        keys.forEach((k, i) => (logs[`val_${k}`] = v[i]!));
      }
      await endEpoch(history, epoch, epochs, logs, args.verbose, callbacks);
      if (args.yieldEvery === 'epoch') await yieldToEventLoop();
    }
    for (const cb of callbacks) await cb.onTrainEnd?.({});
    return history;
  } catch (e) {
    if (e instanceof ValueError && started) for (const cb of callbacks) await cb.onTrainEnd?.({});
    throw e;
  } finally {
    trainingPlans.delete(model);
    plan?.dispose();
    staging.dispose();
  }
}

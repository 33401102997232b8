// Sequential: the tfjs-layers model API (add, compile, fit, evaluate, predict, summary, get/setWeights)
// over a layer stack whose weights live in the current backend's heap.
import { currentBackend } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import type { CallbackModel, CustomCallbackArgs, Logs } from '../callbacks.js';
import { ConfigError, NotCompiledError, ShapeError, fmtShape } from '../errors.js';
import { Layer } from '../layers/layer.js';
import { bindLoss, getLoss, type BoundLoss, type LossKind } from '../losses.js';
import { getMetrics, type MetricSpec } from '../metrics.js';
import { getOptimizer, type Optimizer, type OptimizerIdentifier } from '../optimizers.js';
import { Random, defaultSeed } from '../random.js';
import { Arena } from '../runtime/arena.js';
import { Tensor, scalar } from '../tensor.js';
import { inputRows, targetRows } from './data.js';
import { fit, type FitArgs, type History } from './fit.js';
import { Plan } from './plan.js';
import { evaluateRows, penalties, penaltyLoss, type Dataset } from './train.js';
import { WeightStore, size } from './weights.js';
import { saveModel, type IOHandler, type SaveResult } from '../io/index.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
  /** Seeds weight initialization (and, unless fit gets its own seed, shuffling and dropout). */
  seed?: number;
}

export interface CompileArgs {
  optimizer: OptimizerIdentifier;
  loss: string;
  metrics?: string | string[];
}

let modelCount = 0;

export class Sequential implements CallbackModel {
  readonly name: string;
  readonly layers: Layer[] = [];
  stopTraining = false;
  optimizer: Optimizer | null = null;
  lossKind: LossKind | null = null;
  metrics: MetricSpec[] = [];
  readonly rng: Random;
  private store: WeightStore | null = null;
  private inferPlan: Plan | null = null;

  constructor(args: SequentialArgs = {}) {
    this.name = args.name ?? `sequential_${++modelCount}`;
    this.rng = new Random(args.seed ?? defaultSeed());
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** Appends a layer; the first layer must declare inputShape (or inputDim). */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new ConfigError(`${this.name}.add: expected a layer (nn.layers.dense(...)), got ${String(layer)}`);
    if (this.layers.length === 0 && layer.inputUnits === null) {
      throw new ConfigError(`${this.name}: the first layer (${layer.name}) needs an inputShape, e.g. {inputShape: [784]}`);
    }
    if (this.layers.includes(layer)) throw new ConfigError(`${this.name}.add: layer ${layer.name} is already in the model`);
    const prev = this.layers[this.layers.length - 1];
    layer.build(prev ? prev.units : layer.inputUnits!);
    this.layers.push(layer);
    this.resetWeights();
  }

  compile(args: CompileArgs): void {
    if (!args || typeof args !== 'object') throw new ConfigError(`${this.name}.compile: expected {optimizer, loss, metrics?}`);
    if (this.layers.length === 0) throw new ConfigError(`${this.name}.compile: the model has no layers`);
    // Resolve everything before assigning anything: a failed compile leaves the previous one in place.
    const optimizer = getOptimizer(args.optimizer);
    const lossKind = getLoss(args.loss);
    const metrics = getMetrics(args.metrics, lossKind, this.outputUnits);
    // As tfjs, an optimizer keeps its moments across compile calls (they live with the optimizer there,
    // with the weights here); a different optimizer starts from zeroed state.
    if (optimizer !== this.optimizer) this.store?.resetState();
    this.optimizer = optimizer;
    this.lossKind = lossKind;
    this.metrics = metrics;
  }

  get inputUnits(): number {
    return this.layers[0]!.inputUnits!;
  }
  get outputUnits(): number {
    return this.layers[this.layers.length - 1]!.units;
  }

  /** The weight store, materialized on the current backend (moved there if the backend changed). */
  weights(): WeightStore {
    if (this.layers.length === 0) throw new ConfigError(`${this.name}: the model has no layers`);
    const backend = currentBackend();
    if (!this.store) this.store = new WeightStore(this.layers.flatMap((l) => l.weights));
    if (!this.store.isMaterialized) this.store.materialize(backend, this.rng);
    else if (this.store.backend !== backend) {
      // Move weights and optimizer state (Adam's moments, …) so training continues where it left off.
      const old = this.store.backend!, n = this.store.trainableCount;
      const values = this.store.read();
      const slots = this.optimizer?.slots ?? 0;
      const state = this.store.state(slots).map((p) => old.views.f32.slice(p >> 2, (p >> 2) + n));
      this.disposePlans();
      this.store.release();
      this.store.materialize(backend, this.rng, values);
      this.store.state(slots).forEach((p, i) => backend.views.f32.set(state[i]!, p >> 2));
    }
    return this.store;
  }

  boundLoss(backend: Backend): BoundLoss {
    const last = this.layers[this.layers.length - 1]!;
    const activation = 'activation' in last ? (last as unknown as { activation: Parameters<typeof bindLoss>[1] }).activation : undefined;
    return bindLoss(this.lossKind!, activation ?? { name: 'linear', code: 0, softmax: false }, this.outputUnits, backend.k);
  }

  requireCompiled(op: string): void {
    if (!this.optimizer || !this.lossKind) {
      throw new NotCompiledError(`${this.name}.${op}: call model.compile({optimizer, loss}) first`);
    }
  }

  /**
   * Saves topology and weights in the TF.js layers format: 'file://dir' (model.json + weights.bin),
   * 'localstorage://name', 'indexeddb://name', 'downloads://name', or an IOHandler (nn.io.withSaveHandler).
   */
  async save(target: string | IOHandler): Promise<SaveResult> {
    return saveModel(this, target);
  }

  async fit(x: Tensor, y: Tensor, args: FitArgs = {}): Promise<History> {
    this.requireCompiled('fit');
    return fit(this, x, y, args);
  }

  /** Loss (and metrics) on (x, y), as tfjs: a scalar Tensor, or [loss, ...metrics] with metrics. */
  evaluate(x: Tensor, y: Tensor, args: { batchSize?: number } = {}): Tensor | Tensor[] {
    this.requireCompiled('evaluate');
    const where = `${this.name}.evaluate`;
    const batchSize = checkBatchSize(args.batchSize ?? 32, where);
    const { values, n } = inputRows(x, this.inputUnits, where);
    const targets = targetRows(y, n, this.outputUnits, this.lossKind!, where);
    const store = this.weights();
    const backend = store.backend!;
    const arena = new Arena(backend);
    const plan = new Plan(backend, this.layers, store, Math.max(1, Math.min(batchSize, n)), false, this.rng, this.boundLoss(backend));
    try {
      const d: Dataset = { X: arena.put(values), Y: arena.put(targets), idx: arena.putI32(identity(n)), nIn: this.inputUnits, nOut: this.outputUnits };
      const sums = evaluateRows(backend, plan, this.boundLoss(backend), this.metrics, d, 0, n);
      sums[0]! += penaltyLoss(backend, penalties(store));
      const out = Array.from(sums, (v) => scalar(v));
      return out.length === 1 ? out[0]! : out;
    } finally {
      plan.dispose();
      arena.releaseAll();
    }
  }

  /** Outputs for x, computed in chunks of batchSize rows (default 32) with a reused inference plan. */
  predict(x: Tensor, args: { batchSize?: number } = {}): Tensor {
    const where = `${this.name}.predict`;
    const batchSize = checkBatchSize(args.batchSize ?? 32, where);
    const { values, n } = inputRows(x, this.inputUnits, where);
    const store = this.weights();
    const backend = store.backend!;
    const rows = Math.max(1, Math.min(batchSize, n));
    if (!this.inferPlan || this.inferPlan.maxBatch !== rows || this.inferPlan.backend !== backend) {
      this.inferPlan?.dispose();
      this.inferPlan = new Plan(backend, this.layers, store, rows, false, this.rng, null);
    }
    const plan = this.inferPlan, nIn = this.inputUnits, nOut = this.outputUnits;
    const out = new Float32Array(n * nOut);
    for (let b = 0; b < n; b += rows) {
      const m = Math.min(rows, n - b);
      backend.views.f32.set(values.subarray(b * nIn, (b + m) * nIn), plan.input >> 2);
      plan.forward(m, 0);
      out.set(backend.views.f32.subarray(plan.output >> 2, (plan.output >> 2) + m * nOut), b * nOut);
    }
    return new Tensor(out, [n, nOut]);
  }

  /** All weights as tensors: trainable ones in layer order, then non-trainable ones (tfjs order). */
  getWeights(): Tensor[] {
    const values = this.readWeights();
    return this.ordered().map(({ spec, i }) => new Tensor(values[i]!, spec.shape));
  }

  setWeights(weights: Tensor[]): void {
    const where = `${this.name}.setWeights`;
    const order = this.ordered();
    if (!Array.isArray(weights) || weights.length !== order.length) {
      throw new ShapeError(`${where}: expected ${order.length} tensors, got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    const values: Float32Array[] = new Array(order.length);
    order.forEach(({ spec, i }, j) => {
      const t = weights[j]!;
      if (!(t instanceof Tensor) || t.shape.join(',') !== spec.shape.join(',')) {
        throw new ShapeError(`${where}: ${spec.name} has shape ${fmtShape(spec.shape)}, got ${t instanceof Tensor ? fmtShape(t.shape) : typeof t}`);
      }
      values[i] = t.read(where);
    });
    this.writeWeights(values);
  }

  /** Weight values in layer order (for callbacks and save). */
  readWeights(): Float32Array[] {
    return this.weights().read();
  }
  writeWeights(values: Float32Array[]): void {
    this.weights().write(values, `${this.name}.setWeights`);
  }

  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /** Prints (or passes to printFn line by line) a table of layers, output shapes and parameter counts. */
  summary(lineLength = 65, _positions?: number[], printFn: (line: string) => void = console.log): void {
    const cols = [Math.floor(lineLength * 0.45), Math.floor(lineLength * 0.33)];
    const row = (a: string, b: string, c: string) => a.padEnd(cols[0]!) + b.padEnd(cols[1]!) + c;
    const rule = (ch: string) => printFn(ch.repeat(lineLength));
    printFn(`Model: "${this.name}"`);
    rule('_');
    printFn(row('Layer (type)', 'Output shape', 'Param #'));
    rule('=');
    this.layers.forEach((l, i) => {
      printFn(row(`${l.name} (${l.className})`, `[${l.outputShape.map((d) => d ?? 'null').join(',')}]`, String(l.countParams())));
      rule(i === this.layers.length - 1 ? '=' : '_');
    });
    const trainable = this.layers.flatMap((l) => l.weights).filter((w) => w.trainable).reduce((n, w) => n + size(w), 0);
    printFn(`Total params: ${this.countParams()}`);
    printFn(`Trainable params: ${trainable}`);
    printFn(`Non-trainable params: ${this.countParams() - trainable}`);
    rule('_');
  }

  /** Frees the model's memory in the backend heap. The model can be used again (weights are re-initialized). */
  dispose(): void {
    this.disposePlans();
    this.store?.release();
    this.store = null;
  }

  private ordered() {
    const specs = this.layers.flatMap((l) => l.weights).map((spec, i) => ({ spec, i }));
    return [...specs.filter((s) => s.spec.trainable), ...specs.filter((s) => !s.spec.trainable)];
  }

  private resetWeights(): void {
    this.dispose();
  }

  private disposePlans(): void {
    this.inferPlan?.dispose();
    this.inferPlan = null;
  }
}

export function checkBatchSize(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`${where}: batchSize must be a positive integer, got ${String(v)}`);
  return v;
}

export function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

export function sequential(args?: SequentialArgs): Sequential {
  return new Sequential(args);
}

export type { FitArgs, History, Logs, CustomCallbackArgs };

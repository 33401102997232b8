// Sequential: the tfjs-layers model API (add, compile, fit, evaluate, predict, summary, get/setWeights)
// over a layer stack whose weights live in the current backend's heap.
import { currentBackend, runningFits } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import type { CallbackModel, CustomCallbackArgs, Logs } from '../callbacks.js';
import { ConfigError, NotCompiledError, ShapeError, TrainingInProgressError, ValueError, fmtShape } from '../errors.js';
import { Layer, size } from '../layers/layer.js';
import { bindLoss, getLoss, type BoundLoss, type LossKind } from '../losses.js';
import { getMetrics, type MetricSpec } from '../metrics.js';
import { getOptimizer, type Optimizer, type OptimizerIdentifier } from '../optimizers.js';
import { Random, defaultSeed } from '../random.js';
import { Arena } from '../runtime/arena.js';
import { Tensor, scalar } from '../tensor.js';
import { checkBatchSize, identity, inputRows, targetRows } from './data.js';
import { fit, type FitArgs, type History } from './fit.js';
import { evaluateDataset, fitDataset, type FitDatasetArgs } from './fit-dataset.js';
import type { Dataset as NnDataset } from '../data/dataset.js';
import { Plan } from './plan.js';
import { evaluateRows, penalties, penaltyLoss, type Dataset } from './train.js';
import { WeightStore } from './weights.js';
import type { IOHandler, SaveResult } from '../io/handlers.js';
import { saveModel } from './save.js';

/** Options of {@link sequential}. */
export interface SequentialArgs {
  /** Layers to add, in order (the first needs an inputShape). */
  layers?: Layer[];
  /** Model name (default 'sequential_1', 'sequential_2', …). */
  name?: string;
  /** Seeds weight initialization (and, unless fit gets its own seed, shuffling and dropout). */
  seed?: number;
}

/** Options of {@link Sequential.compile}. */
export interface CompileArgs {
  /** An optimizer name ('sgd', 'momentum', 'rmsprop', 'adam', 'adamw': Keras default rates) or an nn.train.* optimizer. */
  optimizer: OptimizerIdentifier;
  /** Loss name as in tfjs, e.g. 'meanSquaredError', 'binaryCrossentropy', 'categoricalCrossentropy'. */
  loss: string;
  /** Metrics reported by fit and evaluate, e.g. ['accuracy'] (logged as 'acc'). */
  metrics?: string | string[];
}

let modelCount = 0;

/** What a model owns in the backend heap, kept apart from the model so that freeing it needs no model. */
interface HeapResources {
  store: WeightStore | null;
  /** The cached inference plan's arena (not the plan: its kernel closures may reach the layers, and so the model). */
  arena: Arena | null;
}

/**
 * Models that are never disposed give their heap back when they are garbage-collected. NOTE: the held
 * value is the resources object, never the model (that would keep the model alive); a running fit
 * references its model, so nothing in use is freed. WebAssembly memory never shrinks: freed blocks are
 * reused by later allocations, but the process's memory does not go down.
 */
const reclaim = new FinalizationRegistry<HeapResources>((res) => {
  res.arena?.releaseAll();
  res.store?.release();
  res.arena = null;
  res.store = null;
});

/**
 * A linear stack of layers with the tfjs-layers model API: add, compile, fit, evaluate, predict,
 * summary, getWeights / setWeights, save. Build one with {@link sequential}. Weights are initialized
 * (seeded) on first use and live in the current backend's heap.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ seed: 1 });
 * model.add(nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }));
 * model.add(nn.layers.dense({ units: 1, activation: 'sigmoid' }));
 * model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
 * const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
 * const y = nn.tensor2d([[0], [1], [1], [0]]);
 * await model.fit(x, y, { epochs: 200, batchSize: 4 });
 * console.log(model.predict(x).dataSync()); // ≈ [0, 1, 1, 0]
 * ```
 */
export class Sequential implements CallbackModel {
  readonly name: string;
  readonly layers: Layer[] = [];
  stopTraining = false;
  optimizer: Optimizer | null = null;
  lossKind: LossKind | null = null;
  metrics: MetricSpec[] = [];
  readonly rng: Random;
  /** The model's heap memory (weights, cached inference plan), reclaimed by `reclaim` if the model is dropped undisposed. */
  private readonly heapRes: HeapResources = { store: null, arena: null };
  private inferPlan: Plan | null = null;
  /** True while a fit() of this model runs: the fit owns the weight store until it settles. */
  private training = false;

  constructor(args: SequentialArgs = {}) {
    this.name = args.name ?? `sequential_${++modelCount}`;
    this.rng = new Random(args.seed ?? defaultSeed());
    reclaim.register(this, this.heapRes);
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /**
   * Appends a layer; the first layer must declare inputShape (or inputDim), later ones take the
   * previous layer's output width. Adding resets the weights (they are re-initialized on next use).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential();
   * model.add(nn.layers.dense({ units: 16, inputShape: [4], activation: 'relu' }));
   * model.add(nn.layers.dense({ units: 3, activation: 'softmax' }));
   * console.log(model.layers.length); // 2
   * ```
   */
  add(layer: Layer): void {
    this.requireIdle('add');
    if (!(layer instanceof Layer)) throw new ConfigError(`${this.name}.add: expected a layer (nn.layers.dense(...)), got ${String(layer)}`);
    if (this.layers.length === 0 && layer.inputShape === null) {
      throw new ConfigError(`${this.name}: the first layer (${layer.name}) needs an inputShape, e.g. {inputShape: [784]} or {inputShape: [28, 28, 1]}`);
    }
    if (this.layers.includes(layer)) throw new ConfigError(`${this.name}.add: layer ${layer.name} is already in the model`);
    // As tfjs ("All layer names should be unique"): weights are saved and loaded by layer name, so a
    // duplicate would save a model that cannot be loaded.
    if (this.layers.some((l) => l.name === layer.name)) {
      throw new ConfigError(`${this.name}.add: a layer named ${layer.name} is already in the model; layer names must be unique (weights are saved and loaded by name)`);
    }
    if (layer.owner !== null && layer.owner !== this) {
      // Keras/tfjs would share the weights; here they live in the owning model's store, so sharing is out of scope.
      throw new ConfigError(`${this.name}.add: layer ${layer.name} already belongs to model ${layer.owner.name}; a layer's weights live in its model's store, so layers cannot be shared between models (create a new layer)`);
    }
    const prev = this.layers[this.layers.length - 1];
    layer.build(prev ? prev.outputShape.slice(1) as number[] : layer.inputShape!);
    this.layers.push(layer);
    layer.owner = this;
    this.dispose(); // the weight layout changed: the store is rebuilt on next use
  }

  /**
   * Sets the optimizer, loss and metrics for fit and evaluate. An unknown name is a ConfigError, and a
   * failed compile keeps the previous one. Recompiling with the same optimizer object keeps its
   * state (Adam's moments), as tfjs.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 3, inputShape: [4], activation: 'softmax' })] });
   * model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
   * // or with an optimizer object and its settings:
   * model.compile({ optimizer: nn.train.sgd(0.1), loss: 'categoricalCrossentropy' });
   * ```
   */
  compile(args: CompileArgs): void {
    this.requireIdle('compile');
    if (!args || typeof args !== 'object') throw new ConfigError(`${this.name}.compile: expected {optimizer, loss, metrics?}`);
    if (this.layers.length === 0) throw new ConfigError(`${this.name}.compile: the model has no layers`);
    // Resolve everything before assigning anything: a failed compile leaves the previous one in place.
    const optimizer = getOptimizer(args.optimizer);
    const lossKind = getLoss(args.loss);
    if ((lossKind === 'categoricalCrossentropy' || lossKind === 'sparseCategoricalCrossentropy') && this.outputShape.length > 2) {
      // NOTE: the fused softmax cross-entropy kernels treat a sample's outputs as one distribution.
      throw new ConfigError(`${this.name}.compile: ${lossKind} needs a [batch, classes] output, but the model outputs ${fmtShape(this.outputShape.map((d) => d ?? -1))} (-1 = batch); end the model with flatten() and a dense layer`);
    }
    const metrics = getMetrics(args.metrics, lossKind, this.outputUnits);
    // As tfjs, an optimizer keeps its moments across compile calls (they live with the optimizer there,
    // with the weights here); a different optimizer starts from zeroed state.
    if (optimizer !== this.optimizer) this.heapRes.store?.resetState();
    this.optimizer = optimizer;
    this.lossKind = lossKind;
    this.metrics = metrics;
  }

  /** Values per input sample: the product of the first layer's input shape. */
  get inputUnits(): number {
    return this.layers[0]!.inputSize!;
  }
  /** Values per output sample: the product of the last layer's output shape. */
  get outputUnits(): number {
    return this.layers[this.layers.length - 1]!.outputSize;
  }
  /** The input shape with the batch dimension as null, e.g. [null, 28, 28, 1]. */
  get inputShape(): (number | null)[] {
    if (this.layers.length === 0) throw new ConfigError(`${this.name}: the model has no layers`);
    return [null, ...this.layers[0]!.inputShape!];
  }
  /** The output shape with the batch dimension as null, e.g. [null, 10]. */
  get outputShape(): (number | null)[] {
    if (this.layers.length === 0) throw new ConfigError(`${this.name}: the model has no layers`);
    return this.layers[this.layers.length - 1]!.outputShape;
  }
  /** @internal Per-sample input and output shapes (no batch dimension). */
  sampleShapes(): { input: number[]; output: number[] } {
    return { input: this.inputShape.slice(1) as number[], output: this.outputShape.slice(1) as number[] };
  }

  /**
   * The weight store, materialized on the current backend (moved there if the backend changed).
   * @internal
   */
  weights(): WeightStore {
    if (this.layers.length === 0) throw new ConfigError(`${this.name}: the model has no layers`);
    const backend = currentBackend();
    if (!this.heapRes.store) this.heapRes.store = new WeightStore(this.layers.flatMap((l) => l.weights));
    if (!this.heapRes.store.isMaterialized) this.heapRes.store.materialize(backend, this.rng);
    else if (this.heapRes.store.backend !== backend) {
      // Move weights and optimizer state (Adam's moments, …) so training continues where it left off.
      const old = this.heapRes.store.backend!, n = this.heapRes.store.trainableCount;
      const values = this.heapRes.store.read();
      const slots = this.optimizer?.slots ?? 0;
      const state = this.heapRes.store.state(slots).map((p) => old.views.f32.slice(p >>> 2, (p >>> 2) + n));
      this.disposePlans();
      this.heapRes.store.release();
      this.heapRes.store.materialize(backend, this.rng, values);
      this.heapRes.store.state(slots).forEach((p, i) => backend.views.f32.set(state[i]!, p >>> 2));
    }
    return this.heapRes.store;
  }

  /** @internal The compiled loss bound to the last layer's activation, for a plan on `backend`. */
  boundLoss(backend: Backend, k = backend.k): BoundLoss {
    const last = this.layers[this.layers.length - 1]!;
    const activation = 'activation' in last ? (last as unknown as { activation: Parameters<typeof bindLoss>[1] }).activation : undefined;
    return bindLoss(this.lossKind!, activation ?? { name: 'linear', code: 0, softmax: false }, this.outputUnits, k);
  }

  /** @internal Throws NotCompiledError (naming `op`) unless compile() was called. */
  requireCompiled(op: string): void {
    if (!this.optimizer || !this.lossKind) {
      throw new NotCompiledError(`${this.name}.${op}: call model.compile({optimizer, loss}) first`);
    }
  }

  /**
   * Saves topology and weights in the TF.js layers format: 'file://dir' (model.json + weights.bin),
   * 'localstorage://name', 'indexeddb://name', 'downloads://name', or an IOHandler (nn.io.withSaveHandler).
   * Same as {@link saveModel}(model, target); load it back with {@link loadLayersModel}.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * import { mkdtempSync } from 'node:fs';
   * import { tmpdir } from 'node:os';
   * import { join } from 'node:path';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [3] })] });
   * const dir = mkdtempSync(join(tmpdir(), 'model-'));
   * const result = await model.save(`file://${dir}`); // writes model.json and weights.bin
   * console.log(result.modelArtifactsInfo.weightDataBytes); // 16: 3 kernel + 1 bias float32s
   * ```
   * @example
   * ```ts browser
   * // In a browser (not Node):
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [3] })] });
   * await model.save('localstorage://my-model');
   * await model.save('downloads://my-model'); // my-model.json + my-model.weights.bin
   * ```
   */
  async save(target: string | IOHandler): Promise<SaveResult> {
    return saveModel(this, target);
  }

  /**
   * Trains for `epochs` (default 1) passes over (x, y) in shuffled mini-batches of `batchSize`
   * (default 32), as tfjs model.fit; resolves to the History of per-epoch logs ('loss', metrics, and
   * 'val_*' with validationSplit or validationData). x is [samples, features]; y is [samples, outputs]
   * (or class indices for sparseCategoricalCrossentropy). Throws NotCompiledError before compile().
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ seed: 0, layers: [nn.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: nn.train.sgd(0.1), loss: 'meanSquaredError' });
   * const x = nn.tensor2d([[0], [1], [2], [3]]);
   * const y = nn.tensor2d([[1], [3], [5], [7]]); // y = 2x + 1
   * const history = await model.fit(x, y, { epochs: 100, batchSize: 4, validationSplit: 0.25 });
   * console.log(history.history.loss!.at(-1), history.history.val_loss!.at(-1));
   * ```
   */
  async fit(x: Tensor, y: Tensor, args: FitArgs = {}): Promise<History> {
    return this.owned('fit', () => fit(this, x, y, args));
  }

  /**
   * Trains on an nn.data Dataset of {xs, ys} batches, as tfjs model.fitDataset: the same History,
   * callbacks and running-fit rules as fit; batches are copied into the heap as they arrive.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const ds = nn.data.array([{ xs: [1, 2], ys: [3] }, { xs: [2, 1], ys: [3] }]).batch(2);
   * const history = await model.fitDataset(ds, { epochs: 2 });
   * console.log(history.history.loss!.length); // 2
   * ```
   */
  async fitDataset(dataset: NnDataset<unknown>, args: FitDatasetArgs = {}): Promise<History> {
    return this.owned('fitDataset', () => fitDataset(this, dataset, args));
  }

  /** Runs a training loop that owns the model: compiled, not already training, listed in runningFits until it ends. */
  private async owned<T>(op: string, train: () => Promise<T>): Promise<T> {
    this.requireCompiled(op);
    // As tfjs: 'Cannot start training because another fit() call is ongoing.'
    this.requireIdle(op, 'Cannot start training because another fit() call is ongoing');
    this.training = true;
    const token = { name: this.name };
    runningFits.add(token);
    try {
      return await train();
    } finally {
      this.training = false;
      runningFits.delete(token);
    }
  }

  /**
   * Loss (and metrics) over a Dataset of {xs, ys} batches (at most `batches`), as tfjs evaluateDataset.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const loss = await model.evaluateDataset(nn.data.array([{ xs: [1, 2], ys: [3] }]).batch(1));
   * console.log(loss);
   * ```
   */
  async evaluateDataset(dataset: NnDataset<unknown>, args: { batches?: number } = {}): Promise<Tensor | Tensor[]> {
    this.requireCompiled('evaluateDataset');
    const out = Array.from(await evaluateDataset(this, dataset, args), (v) => scalar(v));
    return out.length === 1 ? out[0]! : out;
  }

  /**
   * Rejects an operation that would free or re-plan the weight store a running fit steps on (the fit
   * would then write into heap memory another model owns).
   */
  private requireIdle(op: string, why = 'its fit() is running'): void {
    if (!this.training) return;
    throw new TrainingInProgressError(`${this.name}.${op}: ${why}; wait for fit to finish or set model.stopTraining = true and call ${op} after fit resolves`);
  }

  /**
   * Loss (and metrics) on (x, y), as tfjs: a scalar Tensor, or [loss, ...metrics] when compiled with
   * metrics. The loss includes the L1/L2 penalties; batchSize (default 32) only sets the chunk size.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [2], activation: 'softmax' })] });
   * model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
   * const x = nn.tensor2d([[1, 0], [0, 1]]);
   * const y = nn.tensor2d([[1, 0], [0, 1]]);
   * const [loss, acc] = model.evaluate(x, y) as nn.Tensor[];
   * console.log(loss!.dataSync()[0], acc!.dataSync()[0]);
   * ```
   */
  evaluate(x: Tensor, y: Tensor, args: { batchSize?: number } = {}): Tensor | Tensor[] {
    this.requireCompiled('evaluate');
    const where = `${this.name}.evaluate`;
    const batchSize = checkBatchSize(args.batchSize ?? 32, where);
    const shapes = this.sampleShapes();
    const { values, n } = inputRows(x, shapes.input, where);
    const targets = targetRows(y, n, shapes.output, this.lossKind!, where);
    const store = this.weights();
    const backend = store.backend!;
    const arena = new Arena(backend);
    const loss = this.boundLoss(backend);
    const plan = new Plan(backend, this.layers, store, Math.max(1, Math.min(batchSize, n)), false, this.rng, loss);
    try {
      const d: Dataset = { X: arena.put(values), Y: arena.put(targets), idx: arena.putI32(identity(n)), nIn: this.inputUnits, nOut: this.outputUnits };
      const sums = evaluateRows(backend, plan, loss, this.metrics, d, 0, n);
      sums[0]! += penaltyLoss(backend, penalties(store));
      const out = Array.from(sums, (v) => scalar(v));
      return out.length === 1 ? out[0]! : out;
    } finally {
      plan.dispose();
      arena.releaseAll();
    }
  }

  /**
   * Outputs for x ([samples, features] → [samples, outputs]), computed in chunks of batchSize rows
   * (default 32) in inference mode (dropout off, batch norm on its moving statistics).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 3, inputShape: [4], activation: 'softmax' })] });
   * const probs = model.predict(nn.tensor2d([[1, 2, 3, 4], [0, 0, 0, 0]]));
   * console.log(probs.shape); // [2, 3]; each row sums to 1
   * ```
   */
  predict(x: Tensor, args: { batchSize?: number } = {}): Tensor {
    const where = `${this.name}.predict`;
    const batchSize = checkBatchSize(args.batchSize ?? 32, where);
    const shapes = this.sampleShapes();
    const { values, n } = inputRows(x, shapes.input, where);
    const out = new Float32Array(n * this.outputUnits);
    this.forwardRows(values, n, out, batchSize);
    return new Tensor(out, [n, ...shapes.output]);
  }

  /**
   * The fast inference path: outputs for the rows of `input` (row-major, n × inputs) written into
   * `output` (n × outputs), with no allocation per call once warm (the plan and its buffers are
   * reused, and nothing is wrapped in tensors). Inputs are not checked for NaN.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 2, inputShape: [3], activation: 'softmax' })] });
   * const input = new Float32Array([0.1, 0.2, 0.3]), output = new Float32Array(2);
   * model.predictInto(input, output); // a serving loop can call this for every request
   * output.reduce((a, b) => a + b);   // → 1 (up to rounding)
   * ```
   */
  predictInto(input: Float32Array, output: Float32Array, args?: { batchSize?: number }): void {
    const nIn = this.inputUnits, nOut = this.outputUnits;
    // NOTE: no message strings are built unless something is wrong: this path allocates nothing.
    const n = input instanceof Float32Array ? input.length / nIn : NaN;
    const batchSize = args?.batchSize ?? 32;
    if (!Number.isInteger(n) || !(output instanceof Float32Array) || output.length !== n * nOut || !Number.isInteger(batchSize) || batchSize <= 0) {
      const where = `${this.name}.predictInto`;
      if (!(input instanceof Float32Array) || !(output instanceof Float32Array)) throw new ValueError(`${where}: input and output must be Float32Arrays`);
      checkBatchSize(batchSize, where);
      throw new ShapeError(
        `${where}: input has ${input.length} values (expected a multiple of ${nIn}) and output ${output.length} ` +
          `(expected ${Number.isInteger(n) ? n * nOut : `rows × ${nOut}`})`,
      );
    }
    this.forwardRows(input, n, output, batchSize);
  }

  /** Runs the inference plan (cached per batch size and backend) over n rows in chunks. */
  private forwardRows(values: Float32Array, n: number, out: Float32Array, batchSize: number): void {
    const store = this.weights();
    const backend = store.backend!;
    const rows = Math.max(1, Math.min(batchSize, n));
    if (!this.inferPlan || this.inferPlan.maxBatch !== rows || this.inferPlan.backend !== backend) {
      this.inferPlan?.dispose();
      this.inferPlan = new Plan(backend, this.layers, store, rows, false, this.rng, null);
      this.heapRes.arena = this.inferPlan.arena;
    }
    const plan = this.inferPlan, nIn = this.inputUnits, nOut = this.outputUnits;
    for (let b = 0; b < n; b += rows) {
      const m = Math.min(rows, n - b);
      const f32 = backend.views.f32;
      // One chunk: copy without subarray views (each would be an allocation).
      if (m === n) f32.set(values, plan.input >>> 2);
      else f32.set(values.subarray(b * nIn, (b + m) * nIn), plan.input >>> 2);
      plan.forward(m, 0);
      const from = plan.output >>> 2, to = b * nOut;
      for (let i = 0; i < m * nOut; i++) out[to + i] = f32[from + i]!;
    }
  }

  /**
   * All weights as tensors (copies): trainable ones in layer order, then non-trainable ones (tfjs
   * order), e.g. [dense_1/kernel, dense_1/bias, …]. A dense kernel is [inputs, units].
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 3, inputShape: [4] })] });
   * const [kernel, bias] = model.getWeights();
   * console.log(kernel!.shape, bias!.shape); // [4, 3] [3]
   * ```
   */
  getWeights(): Tensor[] {
    const values = this.readWeights();
    return this.ordered().map(({ spec, i }) => new Tensor(values[i]!, spec.shape));
  }

  /**
   * Replaces every weight, in {@link Sequential.getWeights} order; a wrong count or shape is a ShapeError.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
   * model.setWeights([nn.tensor2d([[2], [3]]), nn.tensor1d([1])]); // y = 2·x0 + 3·x1 + 1
   * console.log(model.predict(nn.tensor2d([[1, 1]])).dataSync()[0]); // 6
   * ```
   */
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

  /**
   * Weight values (copies) in layer order, not tfjs order: each layer's trainable and non-trainable
   * weights together. Used by callbacks (earlyStopping's restoreBestWeights) and save.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
   * const [kernel, bias] = model.readWeights();
   * console.log(kernel!.length, bias!.length); // 6 2
   * ```
   */
  readWeights(): Float32Array[] {
    return this.weights().read();
  }
  /**
   * Writes weight values in {@link Sequential.readWeights} order (layer order); sizes must match.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
   * const saved = model.readWeights();
   * // ... train ...
   * model.writeWeights(saved); // back to the saved values
   * ```
   */
  writeWeights(values: Float32Array[]): void {
    this.weights().write(values, `${this.name}.setWeights`);
  }

  /**
   * Number of weight values in all layers, trainable or not (as the summary's "Total params").
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 10, inputShape: [784] })] });
   * console.log(model.countParams()); // 7850 = 784·10 + 10
   * ```
   */
  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /**
   * Prints (or passes to printFn line by line) a table of layers, output shapes and parameter counts,
   * as tfjs model.summary. `lineLength` defaults to 65; `_positions` is accepted for tfjs
   * compatibility and ignored.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({
   *   layers: [nn.layers.dense({ units: 32, inputShape: [784], activation: 'relu' }), nn.layers.dense({ units: 10, activation: 'softmax' })],
   * });
   * model.summary(); // Model: "sequential_1" … Total params: 25450
   * const lines: string[] = [];
   * model.summary(80, undefined, (line) => lines.push(line));
   * ```
   */
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

  /**
   * Frees the model's memory in the backend heap. The model can be used again, but its weights are
   * then re-initialized (copy them with getWeights first to keep them).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
   * model.predict(nn.tensor2d([[1, 2]]));
   * model.dispose();
   * ```
   */
  dispose(): void {
    this.requireIdle('dispose');
    this.disposePlans();
    this.heapRes.store?.release();
    this.heapRes.store = null;
  }

  private ordered() {
    const specs = this.layers.flatMap((l) => l.weights).map((spec, i) => ({ spec, i }));
    return [...specs.filter((s) => s.spec.trainable), ...specs.filter((s) => !s.spec.trainable)];
  }

  private disposePlans(): void {
    this.inferPlan?.dispose();
    this.inferPlan = null;
    this.heapRes.arena = null;
  }
}

/**
 * Creates a {@link Sequential} model, as tf.sequential: from a list of layers, or empty to fill with
 * add(). `seed` fixes the weight initialization (and fit's shuffling and dropout unless fit has its own).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const model = nn.sequential({
 *   seed: 42,
 *   layers: [
 *     nn.layers.dense({ units: 64, inputShape: [784], activation: 'relu' }),
 *     nn.layers.dropout({ rate: 0.2 }),
 *     nn.layers.dense({ units: 10, activation: 'softmax' }),
 *   ],
 * });
 * console.log(model.countParams()); // 50890
 * ```
 */
export function sequential(args?: SequentialArgs): Sequential {
  return new Sequential(args);
}

export type { FitArgs, History, Logs, CustomCallbackArgs };

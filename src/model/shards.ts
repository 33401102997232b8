// Data-parallel training steps. While a thread pool runs (nn.setThreads(n > 1)), a training batch of m
// rows is cut into one shard of rows per thread. Each shard gathers its rows and runs forward, the
// loss and backward on its own plan (activations, deltas and gradient block) over the shared weights:
// the caller runs shard 0 through its layers on the unsplit kernels, and each worker replays its
// shard's kernel calls, recorded once per batch size into the worker's trace region (TRACE in
// backend/threads/control.ts). The split vadd then adds the blocks in shard order into the weight
// store's block, so a given thread count is bit-reproducible; each shard's loss gradient is first
// scaled by m_t / m, so the sum is the gradient of the batch mean (exact for two equal shards: the
// scale is 1/2). Shard 0 has a block of its own rather than writing the store's: each thread then
// writes its element range of the sum, and Adam reads and updates that range, in its own cache.
//
// Against the row-split kernels (backend/threads/split.ts) a step synchronizes once instead of once per
// gemm, and the layer loop, the gathers, the activations and the loss run on every thread too: on the
// MNIST MLP, where the row splits reach ~1.4× on two threads, the serial rest of a step limits them to
// under 1.8×. The price is one gradient block per thread and a reassociated sum over the batch (results
// differ from one thread by rounding). Only models whose layers are all per-sample (Layer.perSample: no
// batch statistics, no dropout masks, which would depend on the cut) and fits without augmentation are
// sharded; every other step, and batches too small to cut, use the row-split kernels.
import type { Backend, KernelName, Kernels } from '../backend/backend.js';
import { ENTRY_ARGS, ENTRY_RESULT, TRACE, TRACE_WORDS } from '../backend/threads/control.js';
import { poolOf } from '../backend/threads/index.js';
import type { Pool } from '../backend/threads/pool.js';
import type { BoundLoss } from '../losses.js';
import type { MetricSpec } from '../metrics.js';
import { Random } from '../random.js';
import { Arena } from '../runtime/arena.js';
import { Plan } from './plan.js';
import type { Sequential } from './sequential.js';
import { metricSums, type Dataset } from './train.js';
import type { WeightStore } from './weights.js';

/**
 * Fewest rows a shard gets. At batch 32 on two threads (16-row shards) a step of the MNIST MLP still
 * gains over the row splits; smaller shards leave the gemms' register tiles mostly empty.
 */
export const MIN_SHARD_ROWS = 16;

/** A worker shard's calls for one batch size, and where the per-step values go in its trace. */
interface Recording {
  /** The encoded trace (copied into the worker's region when the batch size changes). */
  words: Float64Array;
  /** Word indices of the gathers' dataset and index arguments, patched every step. */
  xAt: number;
  yAt: number;
  /** Word index of the loss call's return value. */
  lossAt: number;
}

interface WorkerShard {
  plan: Plan;
  /** Recordings by batch size (null: the trace does not fit the region; that size is not sharded). */
  recorded: Map<number, Recording | null>;
  /** The batch size whose recording is in the worker's region now (0: none). */
  loaded: number;
}

export class Shards {
  private readonly arena: Arena;
  private readonly threads: number;
  private readonly first: { plan: Plan; loss: BoundLoss };
  private readonly workers: WorkerShard[] = [];
  /**
   * Gradient block of each shard, shard 0's too: the sum goes into the weight store's block, whose
   * element ranges the split kernels give the same threads every step (see run()).
   */
  private readonly grads: number[] = [];
  private readonly recorder: Recorder;
  /** The loss bound to the recorder: what the worker shards' traces call. */
  private readonly loss: BoundLoss;
  /** Floats per input sample and per target row. */
  private readonly nIn: number;
  private readonly nOut: number;
  /** Row edges of the shards of the current batch: bounds[t] .. bounds[t + 1]. */
  private readonly bounds: Int32Array;

  /**
   * The shards of a training fit of `model` at `batchSize`, or null when this fit is not sharded
   * (one thread, a layer that is not per-sample, a batch that is too small to cut).
   */
  static create(backend: Backend, model: Sequential, weights: WeightStore, batchSize: number): Shards | null {
    const threaded = poolOf(backend);
    if (!threaded || weights.trainableCount === 0) return null;
    const threads = threaded.pool.workers + 1;
    if (batchSize < threads * MIN_SHARD_ROWS || !model.layers.every((layer) => layer.perSample)) return null;
    return new Shards(backend, model, weights, batchSize, threaded.pool, threaded.raw);
  }

  private constructor(
    private readonly backend: Backend,
    model: Sequential,
    private readonly weights: WeightStore,
    batchSize: number,
    private readonly pool: Pool,
    private readonly raw: Kernels,
  ) {
    this.threads = pool.workers + 1;
    this.bounds = new Int32Array(this.threads + 1);
    this.arena = new Arena(backend);
    this.recorder = new Recorder(raw, pool.names as readonly KernelName[]);
    this.nIn = model.inputUnits;
    this.nOut = model.outputUnits;
    const rows = Math.ceil(batchSize / this.threads);
    // NOTE: per-sample layers draw no seeds; their own Random keeps the fit's stream (shuffles) as on one thread.
    const rng = new Random(0);
    const plans: Plan[] = [];
    const loss = model.boundLoss(backend, raw);
    this.loss = model.boundLoss(backend, this.recorder.k);
    try {
      for (let t = 0; t < this.threads; t++) this.grads.push(this.arena.alloc(weights.trainableCount));
      plans.push(new Plan(backend, model.layers, weights, rows, true, rng, loss, { k: raw, grads: this.grads[0]! }));
      this.first = { plan: plans[0]!, loss };
      for (let w = 0; w < pool.workers; w++) {
        const grads = this.grads[w + 1]!;
        const plan = new Plan(backend, model.layers, weights, rows, true, rng, this.loss, { k: this.recorder.k, grads });
        plans.push(plan);
        this.workers.push({ plan, recorded: new Map(), loaded: 0 });
      }
    } catch (e) {
      for (const p of plans) p.dispose();
      this.arena.releaseAll();
      throw e;
    }
  }

  /** True when a batch of m rows is cut into shards (else the caller runs the step unsharded). */
  takes(m: number): boolean {
    if (m < this.threads * MIN_SHARD_ROWS || this.pool.closed) return false;
    this.cut(m);
    for (const shard of this.workers) if (this.recording(shard, m) === null) return false;
    return true;
  }

  /**
   * Gathers, forward, loss and backward of rows idx[start .. start + m) on every thread, then the
   * gradient sum into the weight store's block. Adds each shard's metric sums to `sums[1..]` and
   * returns the batch's mean loss. Call only after takes(m).
   */
  run(d: Dataset, start: number, m: number, step: number, metrics: MetricSpec[], sums: Float64Array): number {
    const { pool, raw, bounds } = this;
    for (let w = 0; w < this.workers.length; w++) {
      const shard = this.workers[w]!, rec = shard.recorded.get(m)!, trace = pool.traces[w]!;
      if (shard.loaded !== m) {
        trace.set(rec.words);
        shard.loaded = m;
      }
      const idx = d.idx + 4 * (start + bounds[w + 1]!);
      trace[rec.xAt] = d.X;
      trace[rec.xAt + 1] = idx;
      trace[rec.yAt] = d.Y;
      trace[rec.yAt + 1] = idx;
      pool.post(w, TRACE, 0);
    }
    const { plan, loss: bound } = this.first;
    const m0 = bounds[1]!;
    let loss = 0;
    try {
      raw.f32_gather_rows(m0, d.nIn, d.X, d.idx + 4 * start, plan.input);
      raw.f32_gather_rows(m0, d.nOut, d.Y, d.idx + 4 * start, plan.target);
      plan.forward(m0, step);
      loss = (bound.fn(m0, plan.output, plan.target, plan.dOutput) * m0) / m;
      raw.f32_vscale(m0 * d.nOut, plan.dOutput, plan.dOutput, m0 / m);
      plan.backward(m0);
    } catch (e) {
      pool.finish(e); // waits for the workers, then throws e
    }
    pool.finish(undefined);
    metricSums(sums, metrics, this.backend.views.f32, plan, m0, d.nOut);
    const k = this.backend.k, { grads, trainableCount: n } = this.weights;
    for (let w = 0; w < this.workers.length; w++) {
      const shard = this.workers[w]!, rows = bounds[w + 2]! - bounds[w + 1]!;
      loss += (pool.traces[w]![shard.recorded.get(m)!.lossAt]! * rows) / m;
      metricSums(sums, metrics, this.backend.views.f32, shard.plan, rows, d.nOut);
      // ((g0 + g1) + g2) …: the first sum reads shard 0's block, later ones the running sum.
      k.f32_vadd(n, w === 0 ? this.grads[0]! : grads, this.grads[w + 1]!, grads);
    }
    return loss;
  }

  dispose(): void {
    this.first.plan.dispose();
    for (const shard of this.workers) shard.plan.dispose();
    this.arena.releaseAll();
  }

  /** Fills bounds with the row edges of m rows in `threads` near-equal shards. */
  private cut(m: number): void {
    for (let t = 0; t <= this.threads; t++) this.bounds[t] = Math.floor((t * m) / this.threads);
  }

  /** The recording of a worker shard for batch size m (cut(m) first), made on first use. */
  private recording(shard: WorkerShard, m: number): Recording | null {
    let rec = shard.recorded.get(m);
    if (rec !== undefined) return rec;
    const w = this.workers.indexOf(shard), rows = this.bounds[w + 2]! - this.bounds[w + 1]!;
    const { plan } = shard, k = this.recorder.k, { nIn, nOut } = this;
    let lossCall = -1;
    const calls = this.recorder.record(() => {
      // The dataset and index arguments are placeholders: run() writes them every step.
      k.f32_gather_rows(rows, nIn, 0, 0, plan.input);
      k.f32_gather_rows(rows, nOut, 0, 0, plan.target);
      plan.forward(rows, 0);
      lossCall = this.recorder.count;
      this.loss.fn(rows, plan.output, plan.target, plan.dOutput);
      k.f32_vscale(rows * nOut, plan.dOutput, plan.dOutput, rows / m);
      plan.backward(rows);
    });
    rec = encode(calls, lossCall);
    shard.recorded.set(m, rec);
    return rec;
  }
}

/** The calls as trace words: count, then per call [kernel, argc, result, ...args]; null if they do not fit. */
function encode(calls: readonly (readonly number[])[], lossCall: number): Recording | null {
  const length = 1 + calls.reduce((n, c) => n + ENTRY_ARGS + c.length - 1, 0);
  if (length > TRACE_WORDS) return null;
  const words = new Float64Array(length);
  words[0] = calls.length;
  const at: number[] = [];
  let p = 1;
  for (const [id, ...args] of calls) {
    at.push(p);
    words[p] = id!;
    words[p + 1] = args.length;
    words.set(args, p + ENTRY_ARGS);
    p += ENTRY_ARGS + args.length;
  }
  // Calls 0 and 1 are the gathers (rows, width, data, idx, out): their data and idx are patched per step.
  return { words, xAt: at[0]! + ENTRY_ARGS + 2, yAt: at[1]! + ENTRY_ARGS + 2, lossAt: at[lossCall]! + ENTRY_RESULT };
}

/**
 * A kernel table (ids as in the pool's names) that records the calls made while record() runs, and
 * otherwise runs them on the caller: a plan calls kernels while it is built (zeroing buffers).
 */
class Recorder {
  readonly k: Kernels;
  private calls: number[][] | null = null;

  constructor(raw: Kernels, names: readonly KernelName[]) {
    const table: Record<string, (...args: number[]) => unknown> = {};
    names.forEach((name, id) => {
      const run = raw[name] as (...args: number[]) => unknown;
      table[name] = (...args: number[]) => {
        if (this.calls === null) return run(...args);
        this.calls.push([id, ...args]);
        return 0;
      };
    });
    this.k = table as unknown as Kernels;
  }

  /** Calls recorded so far by the running record(). */
  get count(): number {
    return this.calls?.length ?? 0;
  }

  record(body: () => void): number[][] {
    const calls: number[][] = [];
    this.calls = calls;
    try {
      body();
    } finally {
      this.calls = null;
    }
    return calls;
  }
}

// A plan: the buffers and the fixed list of kernel calls for one (model, batch size, mode). Built once
// per fit / evaluate / predict call and freed as a whole; running a step allocates nothing.
import type { Backend, Kernels } from '../backend/backend.js';
import type { Layer, LayerPlan } from '../layers/layer.js';
import type { BoundLoss } from '../losses.js';
import type { Random } from '../random.js';
import { Arena } from '../runtime/arena.js';
import type { WeightStore } from './weights.js';

export class Plan {
  readonly arena: Arena;
  /** Input rows [maxBatch × input size]: the gather target. */
  readonly input: number;
  /** Target rows [maxBatch × outputUnits] (training and evaluation). */
  readonly target: number;
  readonly output: number;
  /** dL/d(output) written by the loss (training plans). */
  readonly dOutput: number;
  private readonly steps: LayerPlan[];

  constructor(
    readonly backend: Backend,
    layers: Layer[],
    weights: WeightStore,
    readonly maxBatch: number,
    readonly training: boolean,
    rng: Random,
    loss: BoundLoss | null,
    /** A shard of a data-parallel step (src/model/shards.ts): the kernels its layers call, and its own gradient block (laid out as the weight store's). */
    shard: { k: Kernels; grads: number } | null = null,
  ) {
    this.arena = new Arena(backend);
    const a = this.arena;
    try {
      const inUnits = layers[0]!.inputSize!, outUnits = layers[layers.length - 1]!.outputSize;
      this.input = a.alloc(maxBatch * inUnits);
      this.target = loss ? a.alloc(maxBatch * outUnits) : 0;
      this.steps = [];
      let input = this.input;
      // dInput of layer i is dOutput of layer i − 1, so build front to back and patch: each layer's
      // dOutput is allocated by the layer itself; layer i + 1 receives it as dInput.
      let dInput = 0;
      layers.forEach((layer, i) => {
        const plan = layer.plan({
          k: shard?.k ?? backend.k,
          training,
          maxBatch,
          input,
          dInput,
          lossFused: training && i === layers.length - 1 && (loss?.fused ?? false),
          alloc: (n) => a.alloc(n),
          weight: (s) => weights.ptr(s),
          grad: shard ? (s) => shard.grads + (weights.gradPtr(s) - weights.grads) : (s) => weights.gradPtr(s),
          seed: () => rng.nextU32(),
        });
        this.steps.push(plan);
        input = plan.output;
        dInput = plan.dOutput;
      });
      this.output = input;
      this.dOutput = dInput;
    } catch (e) {
      a.releaseAll();
      throw e;
    }
  }

  forward(m: number, step: number): void {
    for (let i = 0; i < this.steps.length; i++) this.steps[i]!.forward(m, step);
  }

  backward(m: number): void {
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]!.backward(m);
  }

  /** Byte offset of layer i's output rows [maxBatch × output size] (read by nn.callbacks.gradientNorms for dead ReLUs). */
  layerOutput(i: number): number {
    return this.steps[i]!.output;
  }

  dispose(): void {
    this.arena.releaseAll();
  }
}

/**
 * The training plan of each model while its fit runs, so a callback can read layer outputs after a
 * batch. NOTE: a WeakMap keyed by the model, set and cleared by fit: nothing is read unless a callback
 * asks, so training without such a callback pays nothing.
 */
export const trainingPlans = new WeakMap<object, Plan>();

// Batch normalization over the features of [batch, features] input, as tfjs-layers 4.22:
// training normalizes with the batch mean and BIASED batch variance and moves the running statistics
// toward them (movingX = momentum·movingX + (1 − momentum)·batchX); inference uses the running ones.
// Weights, in getWeights() order: gamma, beta (trainable), movingMean, movingVariance (not trainable).
import { getInitializer, type InitializerIdentifier } from '../initializers.js';
import { getRegularizer, type RegularizerIdentifier } from '../regularizers.js';
import { Layer, checkNonNegative, checkRange, type LayerArgs, type LayerPlan, type PlanContext, type WeightSpec } from './layer.js';
import { ConfigError } from '../errors.js';

export interface BatchNormalizationArgs extends LayerArgs {
  axis?: number;
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier;
  gammaRegularizer?: RegularizerIdentifier;
}

export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly args: BatchNormalizationArgs;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args, 'batch_normalization');
    if (args.axis !== undefined && args.axis !== -1 && args.axis !== 1) {
      throw new ConfigError(`${this.name}: only the feature axis (-1) is supported, got axis ${args.axis}`);
    }
    this.args = args;
    this.momentum = checkRange(args.momentum ?? 0.99, 0, 1, `${this.name}: momentum`, true);
    this.epsilon = checkNonNegative(args.epsilon ?? 1e-3, `${this.name}: epsilon`, true);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
  }

  protected declare(n: number): WeightSpec[] {
    this.units = n;
    const a = this.args, specs: WeightSpec[] = [];
    const spec = (name: string, init: InitializerIdentifier, reg: RegularizerIdentifier | undefined, trainable: boolean): WeightSpec => ({
      name: `${this.name}/${name}`,
      shape: [n],
      initializer: getInitializer(init, `${this.name} ${name}Initializer`),
      regularizer: getRegularizer(reg, `${this.name} ${name}Regularizer`),
      trainable,
      decay: false,
    });
    if (this.scale) specs.push(spec('gamma', a.gammaInitializer ?? 'ones', a.gammaRegularizer, this.trainable));
    if (this.center) specs.push(spec('beta', a.betaInitializer ?? 'zeros', a.betaRegularizer, this.trainable));
    specs.push(spec('moving_mean', a.movingMeanInitializer ?? 'zeros', undefined, false));
    specs.push(spec('moving_variance', a.movingVarianceInitializer ?? 'ones', undefined, false));
    return specs;
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const n = this.units, eps = this.epsilon, momentum = this.momentum;
    const find = (suffix: string) => this.weights.find((w) => w.name.endsWith(`/${suffix}`));
    const gSpec = find('gamma'), bSpec = find('beta');
    const gamma = gSpec ? ctx.weight(gSpec) : 0, beta = bSpec ? ctx.weight(bSpec) : 0;
    const runMean = ctx.weight(find('moving_mean')!), runVar = ctx.weight(find('moving_variance')!);
    const y = ctx.alloc(ctx.maxBatch * n);
    if (!ctx.training) {
      return { output: y, dOutput: 0, forward: (m) => k.f32_bn_fwd_infer(m, n, input, gamma, beta, runMean, runVar, eps, y), backward() {} };
    }
    const dy = ctx.alloc(ctx.maxBatch * n), mean = ctx.alloc(n), invstd = ctx.alloc(n);
    const dGamma = gSpec?.trainable ? ctx.grad(gSpec) : 0, dBeta = bSpec?.trainable ? ctx.grad(bSpec) : 0;
    // Backward needs dx even for the first layer's kernel call; give it scratch when nobody reads it.
    const dx = dInput || ctx.alloc(ctx.maxBatch * n);
    return {
      output: y,
      dOutput: dy,
      forward: (m) => k.f32_bn_fwd_train(m, n, input, gamma, beta, eps, momentum, y, mean, invstd, runMean, runVar),
      backward: (m) => k.f32_bn_bwd(m, n, input, dy, gamma, mean, invstd, dx, dGamma, dBeta),
    };
  }

  getConfig(): Record<string, unknown> {
    return { axis: -1, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}

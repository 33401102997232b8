// Batch normalization over the last axis (the features of [batch, features], the channels of NHWC
// images: every other axis is a row of the statistics), as tfjs-layers 4.22:
// training normalizes with the batch mean and BIASED batch variance and moves the running statistics
// toward them (movingX = momentum·movingX + (1 − momentum)·batchX); inference uses the running ones.
// Weights, in getWeights() order: gamma, beta (trainable), movingMean, movingVariance (not trainable).
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers.js';
import { getRegularizer, serializeRegularizer, type RegularizerIdentifier } from '../regularizers.js';
import { Layer, checkBool, checkNonNegative, checkRange, lastAxis, type Declared, type LayerArgs, type LayerPlan, type PlanContext, type Shape, type WeightSpec } from './layer.js';
import { ConfigError, fmtShape } from '../errors.js';

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
  static readonly className = 'BatchNormalization';
  readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly args: BatchNormalizationArgs;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args, 'batch_normalization');
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ConfigError(`${this.name}: axis must be an integer, got ${String(args.axis)}`);
    this.args = args;
    this.momentum = checkRange(args.momentum ?? 0.99, 0, 1, `${this.name}: momentum`, true);
    this.epsilon = checkNonNegative(args.epsilon ?? 1e-3, `${this.name}: epsilon`, true);
    this.center = checkBool(args.center, true, `${this.name}: center`);
    this.scale = checkBool(args.scale, true, `${this.name}: scale`);
  }

  static fromConfig(config: Record<string, unknown>): BatchNormalization {
    return new BatchNormalization(config as BatchNormalizationArgs);
  }

  protected declare(inputShape: Shape): Declared {
    // tfjs counts the batch axis: the channels of [batch, h, w, c] are axis 3 (or −1).
    if (this.axis !== -1 && this.axis !== inputShape.length) {
      throw new ConfigError(`${this.name}: only the last axis (-1 or ${inputShape.length} for input ${fmtShape(inputShape)}) is supported, got axis ${this.axis}`);
    }
    const n = inputShape[inputShape.length - 1]!;
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
    return { weights: specs, outputShape: [...inputShape] };
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const { rows, width: n } = lastAxis(this.inputShape!), eps = this.epsilon, momentum = this.momentum;
    const maxRows = ctx.maxBatch * rows;
    const find = (suffix: string) => this.weights.find((w) => w.name.endsWith(`/${suffix}`));
    const gSpec = find('gamma'), bSpec = find('beta');
    const gamma = gSpec ? ctx.weight(gSpec) : 0, beta = bSpec ? ctx.weight(bSpec) : 0;
    const runMean = ctx.weight(find('moving_mean')!), runVar = ctx.weight(find('moving_variance')!);
    const y = ctx.alloc(maxRows * n);
    if (!ctx.training) {
      return { output: y, dOutput: 0, forward: (m) => k.f32_bn_fwd_infer(m * rows, n, input, gamma, beta, runMean, runVar, eps, y), backward() {} };
    }
    const dy = ctx.alloc(maxRows * n), mean = ctx.alloc(n), invstd = ctx.alloc(n);
    const dGamma = gSpec?.trainable ? ctx.grad(gSpec) : 0, dBeta = bSpec?.trainable ? ctx.grad(bSpec) : 0;
    // Backward needs dx even for the first layer's kernel call; give it scratch when nobody reads it.
    const dx = dInput || ctx.alloc(maxRows * n);
    return {
      output: y,
      dOutput: dy,
      forward: (m) => k.f32_bn_fwd_train(m * rows, n, input, gamma, beta, eps, momentum, y, mean, invstd, runMean, runVar),
      backward: (m) => k.f32_bn_bwd(m * rows, n, input, dy, gamma, mean, invstd, dx, dGamma, dBeta),
    };
  }

  getConfig(): Record<string, unknown> {
    const init = (suffix: string, fallback: string) => {
      const w = this.weights.find((s) => s.name.endsWith(`/${suffix}`));
      return w ? serializeInitializer(w.initializer) : { className: fallback, config: {} };
    };
    const reg = (suffix: string) => serializeRegularizer(this.weights.find((s) => s.name.endsWith(`/${suffix}`))?.regularizer ?? null);
    return {
      axis: this.axis, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale,
      betaInitializer: init('beta', 'Zeros'), gammaInitializer: init('gamma', 'Ones'),
      movingMeanInitializer: init('moving_mean', 'Zeros'), movingVarianceInitializer: init('moving_variance', 'Ones'),
      betaRegularizer: reg('beta'), gammaRegularizer: reg('gamma'),
      betaConstraint: null, gammaConstraint: null,
    };
  }
}

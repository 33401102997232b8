// Dense: y = act(x·W + b), W [inputUnits × units] as in tfjs (kernel then bias in getWeights()).
import { activationBackward, getActivation, type ActivationIdentifier, type ActivationSpec } from '../activations.js';
import { ConfigError } from '../errors.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers.js';
import { Layer, checkNonNegative, type LayerArgs, type LayerPlan, type PlanContext, type WeightSpec } from './layer.js';

export interface DenseArgs extends LayerArgs {
  units: number;
  activation?: ActivationIdentifier;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier;
  biasRegularizer?: RegularizerIdentifier;
  /** Slope for x < 0 when activation is 'leakyRelu' (default 0.3, as tfjs's leakyReLU layer). */
  alpha?: number;
}

export class Dense extends Layer {
  readonly className = 'Dense';
  readonly activation: ActivationSpec;
  readonly alpha: number;
  private readonly args: DenseArgs;
  // Resolved here so an unknown name fails at nn.layers.dense(...), where the user wrote it, not at add().
  private readonly init: { kernel: Initializer; bias: Initializer };
  private readonly reg: { kernel: Regularizer | null; bias: Regularizer | null };

  constructor(args: DenseArgs) {
    super(args, 'dense');
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ConfigError(`${this.name}: units must be a positive integer, got ${String(args?.units)}`);
    }
    this.args = args;
    this.units = args.units;
    this.activation = getActivation(args.activation, this.name);
    this.alpha = checkNonNegative(args.alpha ?? 0.3, `${this.name}: alpha`);
    this.init = {
      kernel: getInitializer(args.kernelInitializer ?? 'glorotNormal', `${this.name} kernelInitializer`),
      bias: getInitializer(args.biasInitializer ?? 'zeros', `${this.name} biasInitializer`),
    };
    this.reg = {
      kernel: getRegularizer(args.kernelRegularizer, `${this.name} kernelRegularizer`),
      bias: getRegularizer(args.biasRegularizer, `${this.name} biasRegularizer`),
    };
  }

  protected declare(inputUnits: number): WeightSpec[] {
    const a = this.args;
    const specs: WeightSpec[] = [
      {
        name: `${this.name}/kernel`,
        shape: [inputUnits, this.units],
        initializer: this.init.kernel,
        regularizer: this.reg.kernel,
        trainable: this.trainable,
        decay: true,
      },
    ];
    if (a.useBias ?? true) {
      specs.push({
        name: `${this.name}/bias`,
        shape: [this.units],
        initializer: this.init.bias,
        regularizer: this.reg.bias,
        trainable: this.trainable,
        decay: false,
      });
    }
    return specs;
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const nIn = this.inputUnits!, n = this.units;
    const [kernel, bias] = this.weights;
    const W = ctx.weight(kernel!), b = bias ? ctx.weight(bias) : 0;
    const y = ctx.alloc(ctx.maxBatch * n);
    const activation = this.activation, { code, softmax } = activation, alpha = this.alpha;
    const forward = softmax
      ? (m: number) => {
          k.f32_dense_fwd(m, n, nIn, input, W, b, y, code, alpha);
          k.f32_softmax(m, n, y, y);
        }
      : (m: number) => k.f32_dense_fwd(m, n, nIn, input, W, b, y, code, alpha);
    if (!ctx.training) return { output: y, dOutput: 0, forward, backward() {} };

    const dy = ctx.alloc(ctx.maxBatch * n);
    const trainable = kernel!.trainable;
    const dW = trainable ? ctx.grad(kernel!) : 0, db = trainable && bias ? ctx.grad(bias) : 0;
    const fused = ctx.lossFused;
    return {
      output: y,
      dOutput: dy,
      forward,
      backward(m: number) {
        // dL/dz = dL/dy ⊙ act'(z), from the output y; skipped when the loss already gave dL/dz.
        if (!fused) activationBackward(k, activation, alpha, m, n, y, dy, dy);
        if (dW) k.f32_gemm_tn(nIn, n, m, input, nIn, dy, n, dW, n, 1, 0); // dW = xᵀ·dz
        if (db) k.f32_colsum(m, n, dy, db, 0); // db = Σ_rows dz
        if (dInput) k.f32_gemm_nt(m, nIn, n, dy, n, W, n, dInput, nIn, 1, 0); // dx = dz·Wᵀ
      },
    };
  }

  getConfig(): Record<string, unknown> {
    return {
      units: this.units,
      activation: this.activation.name,
      useBias: this.weights.length > 1 || (this.args.useBias ?? true),
    };
  }
}

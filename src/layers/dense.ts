// Dense: y = act(x·W + b) over the last axis, W [inputs × units] as in tfjs (kernel then bias in
// getWeights()). Input [..., inputs] gives output [..., units]: the leading axes are more rows.
import { activationBackward, getActivation, type ActivationIdentifier, type ActivationSpec } from '../activations.js';
import { ConfigError } from '../errors.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers.js';
import { Layer, MAX_SAMPLE_SIZE, checkBool, kernelBiasConfig, checkNonNegative, lastAxis, type Declared, type LayerArgs, type LayerPlan, type PlanContext, type SerializedLayer, type Shape, type WeightSpec } from './layer.js';

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
  /** @internal Samples are independent in forward and backward (see Layer.perSample). */
  override get perSample(): boolean {
    return true;
  }
  static readonly className = 'Dense';
  readonly className = 'Dense';
  /** Outputs per position of the last axis (tfjs's units). */
  readonly units: number;
  readonly activation: ActivationSpec;
  readonly alpha: number;
  readonly useBias: boolean;
  // Resolved here so an unknown name fails at nn.layers.dense(...), where the user wrote it, not at add().
  private readonly init: { kernel: Initializer; bias: Initializer };
  private readonly reg: { kernel: Regularizer | null; bias: Regularizer | null };

  constructor(args: DenseArgs) {
    super(args, 'dense');
    if (!Number.isInteger(args?.units) || args.units <= 0 || args.units > MAX_SAMPLE_SIZE) {
      throw new ConfigError(`${this.name}: units must be a positive integer (at most ${MAX_SAMPLE_SIZE}), got ${String(args?.units)}`);
    }
    this.units = args.units;
    this.useBias = checkBool(args.useBias, true, `${this.name}: useBias`);
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

  static fromConfig(config: Record<string, unknown>): Dense {
    return new Dense(config as unknown as DenseArgs);
  }

  protected declare(inputShape: Shape): Declared {
    const inputUnits = inputShape[inputShape.length - 1]!;
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
    if (this.useBias) {
      specs.push({
        name: `${this.name}/bias`,
        shape: [this.units],
        initializer: this.init.bias,
        regularizer: this.reg.bias,
        trainable: this.trainable,
        decay: false,
      });
    }
    return { weights: specs, outputShape: [...inputShape.slice(0, -1), this.units] };
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const n = this.units, { rows, width: nIn } = lastAxis(this.inputShape!);
    const maxRows = ctx.maxBatch * rows;
    const [kernel, bias] = this.weights;
    const W = ctx.weight(kernel!), b = bias ? ctx.weight(bias) : 0;
    const y = ctx.alloc(maxRows * n);
    const activation = this.activation, { code, softmax } = activation, alpha = this.alpha;
    // m samples are m·rows rows of the last axis.
    const forward = softmax
      ? (m: number) => {
          k.f32_dense_fwd(m * rows, n, nIn, input, W, b, y, code, alpha);
          k.f32_softmax(m * rows, n, y, y);
        }
      : (m: number) => k.f32_dense_fwd(m * rows, n, nIn, input, W, b, y, code, alpha);
    if (!ctx.training) return { output: y, dOutput: 0, forward, backward() {} };

    const dy = ctx.alloc(maxRows * n);
    const trainable = kernel!.trainable;
    const dW = trainable ? ctx.grad(kernel!) : 0, db = trainable && bias ? ctx.grad(bias) : 0;
    const fused = ctx.lossFused;
    return {
      output: y,
      dOutput: dy,
      forward,
      backward(samples: number) {
        const m = samples * rows;
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
      useBias: this.useBias,
      ...kernelBiasConfig(this.init, this.reg),
    };
  }

  override serialize(): SerializedLayer[] {
    if (this.activation.name !== 'leakyRelu') return super.serialize();
    // tfjs has no 'leakyRelu' activation: save a linear Dense followed by a LeakyReLU layer.
    return [
      { className: 'Dense', config: { ...this.getConfig(), activation: 'linear' } },
      { className: 'LeakyReLU', config: { alpha: this.alpha, name: `${this.name}_leaky_re_lu`, trainable: true } },
    ];
  }
}

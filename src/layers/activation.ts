// Layers that only apply an activation, on any shape: activation({activation}), leakyReLU({alpha}),
// softmax() (over the last axis).
import { activationBackward, getActivation, type ActivationIdentifier, type ActivationSpec } from '../activations.js';
import { Act } from '../backend/act.js';
import { ConfigError, fmtShape } from '../errors.js';
import { Layer, checkNonNegative, lastAxis, type Declared, type LayerArgs, type LayerPlan, type PlanContext, type Shape } from './layer.js';

export class Activation extends Layer {
  /** @internal Samples are independent in forward and backward (see Layer.perSample). */
  override get perSample(): boolean {
    return true;
  }
  static readonly className: string = 'Activation';
  readonly className: string = 'Activation';
  readonly activation: ActivationSpec;
  readonly alpha: number;

  constructor(args: LayerArgs & { activation: ActivationIdentifier; alpha?: number }, prefix = 'activation') {
    super(args, prefix);
    if (args?.activation === undefined || args.activation === null) {
      throw new ConfigError(`${this.name}: activation is required, e.g. nn.layers.activation({activation: 'relu'})`);
    }
    this.activation = getActivation(args.activation, this.name);
    this.alpha = checkNonNegative(args.alpha ?? 0.3, `${this.name}: alpha`);
  }

  static fromConfig(config: Record<string, unknown>): Activation {
    return new Activation(config as never);
  }

  protected declare(inputShape: Shape): Declared {
    return { weights: [], outputShape: [...inputShape] };
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    // Elementwise on every value; softmax (and its backward) row by row over the last axis.
    const { rows, width: n } = lastAxis(this.inputShape!);
    const activation = this.activation, { code, softmax } = activation, alpha = this.alpha;
    const y = ctx.alloc(ctx.maxBatch * rows * n);
    const forward = softmax
      ? (m: number) => k.f32_softmax(m * rows, n, input, y)
      : (m: number) => k.f32_vact(m * rows * n, input, y, code, alpha);
    if (!ctx.training) return { output: y, dOutput: 0, forward, backward() {} };
    const dy = ctx.alloc(ctx.maxBatch * rows * n);
    const fused = ctx.lossFused;
    return {
      output: y,
      dOutput: dy,
      forward,
      backward(m: number) {
        if (!dInput) return;
        if (fused) k.f32_vscale(m * rows * n, dy, dInput, 1); // the loss already gave dL/dz
        else activationBackward(k, activation, alpha, m * rows, n, y, dy, dInput);
      },
    };
  }

  getConfig(): Record<string, unknown> {
    return { activation: this.activation.name };
  }
}

/** leakyReLU({alpha = 0.3}) as tfjs: max(x, αx) for α ≥ 0. */
export class LeakyReLU extends Activation {
  static override readonly className = 'LeakyReLU';
  override readonly className = 'LeakyReLU';
  constructor(args: LayerArgs & { alpha?: number } = {}) {
    super({ ...args, activation: 'leakyRelu' }, 'leaky_re_lu');
  }
  static override fromConfig(config: Record<string, unknown>): LeakyReLU {
    return new LeakyReLU(config as never);
  }
  override getConfig(): Record<string, unknown> {
    return { alpha: this.alpha };
  }
}

/** softmax() over the last axis, max-subtracted. */
export class Softmax extends Activation {
  static override readonly className = 'Softmax';
  override readonly className = 'Softmax';
  private readonly axis: number;
  constructor(args: LayerArgs & { axis?: number } = {}) {
    super({ ...args, activation: 'softmax' }, 'softmax');
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ConfigError(`${this.name}: axis must be an integer, got ${String(args.axis)}`);
  }
  static override fromConfig(config: Record<string, unknown>): Softmax {
    return new Softmax(config as never);
  }
  protected override declare(inputShape: Shape): Declared {
    // tfjs counts the batch axis: the last axis of [batch, ...inputShape] is -1 or inputShape.length.
    if (this.axis !== -1 && this.axis !== inputShape.length) {
      throw new ConfigError(`${this.name}: only the last axis (-1 or ${inputShape.length} for input ${fmtShape(inputShape)}) is supported, got axis ${this.axis}`);
    }
    return super.declare(inputShape);
  }
  override getConfig(): Record<string, unknown> {
    return { axis: -1 };
  }
}

export { Act };

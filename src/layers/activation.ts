// Layers that only apply an activation: activation({activation}), leakyReLU({alpha}), softmax().
import { activationBackward, getActivation, type ActivationIdentifier, type ActivationSpec } from '../activations.js';
import { Act } from '../backend/act.js';
import { ConfigError } from '../errors.js';
import { Layer, checkNonNegative, type LayerArgs, type LayerPlan, type PlanContext, type WeightSpec } from './layer.js';

export class Activation extends Layer {
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

  protected declare(inputUnits: number): WeightSpec[] {
    this.units = inputUnits;
    return [];
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const n = this.units, activation = this.activation, { code, softmax } = activation, alpha = this.alpha;
    const y = ctx.alloc(ctx.maxBatch * n);
    const forward = softmax
      ? (m: number) => k.f32_softmax(m, n, input, y)
      : (m: number) => k.f32_vact(m * n, input, y, code, alpha);
    if (!ctx.training) return { output: y, dOutput: 0, forward, backward() {} };
    const dy = ctx.alloc(ctx.maxBatch * n);
    const fused = ctx.lossFused;
    return {
      output: y,
      dOutput: dy,
      forward,
      backward(m: number) {
        if (!dInput) return;
        if (fused) k.f32_vscale(m * n, dy, dInput, 1); // the loss already gave dL/dz
        else activationBackward(k, activation, alpha, m, n, y, dy, dInput);
      },
    };
  }

  getConfig(): Record<string, unknown> {
    return { activation: this.activation.name };
  }
}

/** leakyReLU({alpha = 0.3}) as tfjs: max(x, αx) for α ≥ 0. */
export class LeakyReLU extends Activation {
  override readonly className = 'LeakyReLU';
  constructor(args: LayerArgs & { alpha?: number } = {}) {
    super({ ...args, activation: 'leakyRelu' }, 'leaky_re_lu');
  }
  override getConfig(): Record<string, unknown> {
    return { alpha: this.alpha };
  }
}

/** softmax() over the last axis, max-subtracted. */
export class Softmax extends Activation {
  override readonly className = 'Softmax';
  constructor(args: LayerArgs & { axis?: number } = {}) {
    if (args.axis !== undefined && args.axis !== -1 && args.axis !== 1) {
      throw new ConfigError(`softmax: only the last axis (-1) is supported, got axis ${args.axis}`);
    }
    super({ ...args, activation: 'softmax' }, 'softmax');
  }
  override getConfig(): Record<string, unknown> {
    return { axis: -1 };
  }
}

export { Act };

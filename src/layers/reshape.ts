// Flatten and Reshape, as tf.layers.flatten / reshape: a batch is already flat rows in memory, so
// both only change the shape the next layer is built for. Their plans move no data: the output is
// the input buffer, and the gradient the next layer writes is the previous layer's dOutput itself.
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { Layer, MAX_SAMPLE_SIZE, checkChoice, product, type Declared, type LayerArgs, type LayerPlan, type PlanContext, type Shape } from './layer.js';

/** The zero-copy plan of a layer that only reinterprets its input's shape. */
function viewPlan(ctx: PlanContext, size: number): LayerPlan {
  // With no previous layer to pass gradients to (dInput 0) the next layer still needs a target.
  const dOutput = ctx.training ? ctx.dInput || ctx.alloc(ctx.maxBatch * size) : 0;
  return { output: ctx.input, dOutput, forward() {}, backward() {} };
}

export class Flatten extends Layer {
  /** @internal Samples are independent in forward and backward (see Layer.perSample). */
  override get perSample(): boolean {
    return true;
  }
  static readonly className = 'Flatten';
  readonly className = 'Flatten';

  constructor(args: LayerArgs & { dataFormat?: 'channelsLast' } = {}) {
    super(args, 'flatten');
    checkChoice(args?.dataFormat, ['channelsLast'] as const, `${this.name}: dataFormat`);
  }

  static fromConfig(config: Record<string, unknown>): Flatten {
    return new Flatten(config as never);
  }

  protected declare(inputShape: Shape): Declared {
    return { weights: [], outputShape: [product(inputShape)] };
  }

  plan(ctx: PlanContext): LayerPlan {
    return viewPlan(ctx, this.outputSize);
  }

  getConfig(): Record<string, unknown> {
    return { dataFormat: 'channelsLast' };
  }
}

export class Reshape extends Layer {
  /** @internal Samples are independent in forward and backward (see Layer.perSample). */
  override get perSample(): boolean {
    return true;
  }
  static readonly className = 'Reshape';
  readonly className = 'Reshape';
  /** The per-sample target shape; one entry may be -1 (inferred from the input size). */
  readonly targetShape: number[];

  constructor(args: LayerArgs & { targetShape: number[] }) {
    super(args, 'reshape');
    const t = args?.targetShape;
    const ok = Array.isArray(t) && t.length > 0 && t.every((d) => d === -1 || (Number.isInteger(d) && d > 0 && d <= MAX_SAMPLE_SIZE)) &&
      t.filter((d) => d === -1).length <= 1;
    if (!ok) {
      throw new ConfigError(`${this.name}: targetShape must be a non-empty list of positive integers without the batch dimension, with at most one -1, got ${JSON.stringify(t)}`);
    }
    this.targetShape = [...t];
  }

  static fromConfig(config: Record<string, unknown>): Reshape {
    // Keras writes an unknown dimension as null; tfjs as -1.
    const t = config.targetShape;
    return new Reshape({ ...config, targetShape: Array.isArray(t) ? t.map((d) => (d === null ? -1 : d)) : t } as never);
  }

  protected declare(inputShape: Shape): Declared {
    const size = product(inputShape), known = product(this.targetShape.filter((d) => d !== -1));
    const free = this.targetShape.indexOf(-1);
    if (free < 0 ? known !== size : size % known !== 0) {
      throw new ShapeError(
        `${this.name}: cannot reshape input ${fmtShape(inputShape)} (${size} values per sample) to ${fmtShape(this.targetShape)}` +
          (free < 0 ? ` (${known} values)` : `: ${size} is not a multiple of ${known}`),
      );
    }
    return { weights: [], outputShape: this.targetShape.map((d) => (d === -1 ? size / known : d)) };
  }

  plan(ctx: PlanContext): LayerPlan {
    return viewPlan(ctx, this.outputSize);
  }

  getConfig(): Record<string, unknown> {
    return { targetShape: [...this.targetShape] };
  }
}

// Inverted dropout: in training y = x·mask with mask ∈ {0, 1/(1−rate)} from a seeded counter-based hash,
// so the expected activation is unchanged and inference is the identity (no rescaling there).
import { ConfigError } from '../errors.js';
import { Layer, checkRange, type Declared, type LayerArgs, type LayerPlan, type PlanContext, type Shape } from './layer.js';

export class Dropout extends Layer {
  static readonly className = 'Dropout';
  readonly className = 'Dropout';
  readonly rate: number;
  readonly seed: number | undefined;

  constructor(args: LayerArgs & { rate: number; seed?: number; noiseShape?: null }) {
    super(args, 'dropout');
    if (args?.noiseShape !== undefined && args.noiseShape !== null) {
      throw new ConfigError(`${this.name}: noiseShape is not supported (every value gets its own mask bit), got ${JSON.stringify(args.noiseShape)}`);
    }
    this.rate = checkRange(args?.rate, 0, 1, `${this.name}: rate`);
    if (args?.seed !== undefined && args.seed !== null && !Number.isInteger(args.seed)) {
      throw new ConfigError(`${this.name}: seed must be an integer, got ${args.seed}`);
    }
    this.seed = args.seed ?? undefined;
  }

  static fromConfig(config: Record<string, unknown>): Dropout {
    return new Dropout({ rate: NaN, ...config } as never);
  }

  protected declare(inputShape: Shape): Declared {
    return { weights: [], outputShape: [...inputShape] };
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    // Identity at inference: the output is the input buffer, no copy.
    const n = this.outputSize, rate = this.rate;
    if (!ctx.training || rate === 0) {
      const dy = ctx.training ? ctx.alloc(ctx.maxBatch * n) : 0;
      return {
        output: input,
        dOutput: dy,
        forward() {},
        backward(m: number) {
          if (dInput) k.f32_vscale(m * n, dy, dInput, 1);
        },
      };
    }
    const y = ctx.alloc(ctx.maxBatch * n), dy = ctx.alloc(ctx.maxBatch * n), mask = ctx.alloc(ctx.maxBatch * n);
    const base = this.seed ?? ctx.seed();
    return {
      output: y,
      dOutput: dy,
      // A new mask every step: the step number is the hash counter's high part.
      forward: (m: number, step: number) => k.f32_dropout_fwd(m * n, input, y, mask, rate, (base + Math.imul(step, 0x9e3779b1)) >>> 0, 0),
      backward(m: number) {
        if (dInput) k.f32_vmul(m * n, dy, mask, dInput); // dx = dy ⊙ mask
      },
    };
  }

  getConfig(): Record<string, unknown> {
    return { rate: this.rate, noiseShape: null, seed: this.seed ?? null };
  }
}

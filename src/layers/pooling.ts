// 2-D pooling over NHWC images, as tf.layers.maxPooling2d / averagePooling2d (a window per channel;
// strides default to the window) and globalAveragePooling2d / globalMaxPooling2d ([h, w, c] → [c]).
// Kernels: assembly/pool.ts. Max pooling records each output's winner so backward routes dy there.
import type { Kernels } from '../backend/backend.js';
import { convGeometry, type ConvGeometry, type Padding } from '../backend/conv-geometry.js';
import { imageShape } from './conv2d.js';
import { Layer, checkChoice, checkPair, type Declared, type LayerArgs, type LayerPlan, type PlanContext, type Shape } from './layer.js';

export interface Pooling2DArgs extends LayerArgs {
  /** Window: n or [height, width]; default [2, 2]. */
  poolSize?: number | [number, number];
  /** Default: the pool size. */
  strides?: number | [number, number] | null;
  /** 'valid' (default) or 'same'. */
  padding?: Padding;
  /** Only 'channelsLast' (NHWC), the tfjs default. */
  dataFormat?: 'channelsLast';
}

abstract class Pooling2D extends Layer {
  /** @internal Samples are independent in forward and backward (see Layer.perSample). */
  override get perSample(): boolean {
    return true;
  }
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  protected geometry: ConvGeometry | null = null;

  constructor(args: Pooling2DArgs, prefix: string) {
    super(args, prefix);
    args ??= {};
    this.poolSize = checkPair(args.poolSize, 2, `${this.name}: poolSize`);
    this.strides = checkPair(args.strides, this.poolSize, `${this.name}: strides`);
    this.padding = checkChoice(args.padding, ['valid', 'same'] as const, `${this.name}: padding`);
    checkChoice(args.dataFormat, ['channelsLast'] as const, `${this.name}: dataFormat`);
  }

  protected declare(inputShape: Shape): Declared {
    const [h, w, c] = imageShape(inputShape, this.name);
    const [kh, kw] = this.poolSize, [sh, sw] = this.strides;
    this.geometry = convGeometry({ h, w, kh, kw, strideH: sh, strideW: sw, padding: this.padding }, this.name);
    return { weights: [], outputShape: [this.geometry.oh, this.geometry.ow, c] };
  }

  /** The kernels' window arguments after n: h, w, c, oh, ow, kh, kw, sh, sw, pt, pl (read once per plan: a step allocates nothing). */
  protected window(): [number, number, number, number, number, number, number, number, number, number, number] {
    const [h, w, c] = this.inputShape!, g = this.geometry!;
    return [h!, w!, c!, g.oh, g.ow, this.poolSize[0], this.poolSize[1], this.strides[0], this.strides[1], g.padTop, g.padLeft];
  }

  getConfig(): Record<string, unknown> {
    return { poolSize: [...this.poolSize], padding: this.padding, strides: [...this.strides], dataFormat: 'channelsLast' };
  }
}

export class MaxPooling2D extends Pooling2D {
  static readonly className = 'MaxPooling2D';
  readonly className = 'MaxPooling2D';

  constructor(args: Pooling2DArgs = {}) {
    super(args, 'max_pooling2d');
  }

  static fromConfig(config: Record<string, unknown>): MaxPooling2D {
    return new MaxPooling2D(config as Pooling2DArgs);
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const nx = this.inputSize!, ny = this.outputSize;
    const y = ctx.alloc(ctx.maxBatch * ny);
    // i32 winner per output (same byte size as f32); 0 at inference, where nobody reads it.
    const argmax = ctx.training ? ctx.alloc(ctx.maxBatch * ny) : 0;
    const [h, w, c, oh, ow, kh, kw, sh, sw, pt, pl] = this.window();
    const forward = (m: number) => k.f32_maxpool2d_fwd(m, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, input, y, argmax);
    if (!ctx.training) return { output: y, dOutput: 0, forward, backward() {} };
    const dy = ctx.alloc(ctx.maxBatch * ny);
    return {
      output: y,
      dOutput: dy,
      forward,
      backward(m: number) {
        if (dInput) k.f32_maxpool2d_bwd(m * nx, m * ny, dy, argmax, dInput);
      },
    };
  }
}

export class AveragePooling2D extends Pooling2D {
  static readonly className = 'AveragePooling2D';
  readonly className = 'AveragePooling2D';

  constructor(args: Pooling2DArgs = {}) {
    super(args, 'average_pooling2d');
  }

  static fromConfig(config: Record<string, unknown>): AveragePooling2D {
    return new AveragePooling2D(config as Pooling2DArgs);
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const y = ctx.alloc(ctx.maxBatch * this.outputSize);
    const [h, w, c, oh, ow, kh, kw, sh, sw, pt, pl] = this.window();
    const forward = (m: number) => k.f32_avgpool2d_fwd(m, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, input, y);
    if (!ctx.training) return { output: y, dOutput: 0, forward, backward() {} };
    const dy = ctx.alloc(ctx.maxBatch * this.outputSize);
    return {
      output: y,
      dOutput: dy,
      forward,
      backward(m: number) {
        if (dInput) k.f32_avgpool2d_bwd(m, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, dy, dInput);
      },
    };
  }
}

export interface GlobalPooling2DArgs extends LayerArgs {
  /** Only 'channelsLast' (NHWC), the tfjs default. */
  dataFormat?: 'channelsLast';
}

abstract class GlobalPooling2D extends Layer {
  /** @internal Samples are independent in forward and backward (see Layer.perSample). */
  override get perSample(): boolean {
    return true;
  }
  constructor(args: GlobalPooling2DArgs, prefix: string) {
    super(args, prefix);
    checkChoice(args?.dataFormat, ['channelsLast'] as const, `${this.name}: dataFormat`);
  }

  protected declare(inputShape: Shape): Declared {
    const [, , c] = imageShape(inputShape, this.name);
    return { weights: [], outputShape: [c] };
  }

  /** @internal The kernel calls over m samples of hw pixels × c channels (x, y: input, output; dy, dx: their gradients). */
  protected abstract pass(k: Kernels, hw: number, c: number, x: number, y: number):
    { forward(m: number): void; backward(m: number, dy: number, dx: number): void };

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const [h, w, c] = this.inputShape!;
    const y = ctx.alloc(ctx.maxBatch * c!);
    const pass = this.pass(k, h! * w!, c!, input, y);
    if (!ctx.training) return { output: y, dOutput: 0, forward: pass.forward, backward() {} };
    const dy = ctx.alloc(ctx.maxBatch * c!);
    return {
      output: y,
      dOutput: dy,
      forward: pass.forward,
      backward(m: number) {
        if (dInput) pass.backward(m, dy, dInput);
      },
    };
  }

  getConfig(): Record<string, unknown> {
    return { dataFormat: 'channelsLast' };
  }
}

export class GlobalAveragePooling2D extends GlobalPooling2D {
  static readonly className = 'GlobalAveragePooling2D';
  readonly className = 'GlobalAveragePooling2D';

  constructor(args: GlobalPooling2DArgs = {}) {
    super(args, 'global_average_pooling2d');
  }

  static fromConfig(config: Record<string, unknown>): GlobalAveragePooling2D {
    return new GlobalAveragePooling2D(config as GlobalPooling2DArgs);
  }

  protected pass(k: Kernels, hw: number, c: number, x: number, y: number) {
    return {
      forward: (m: number) => k.f32_global_avgpool_fwd(m, hw, c, x, y),
      backward: (m: number, dy: number, dx: number) => k.f32_global_avgpool_bwd(m, hw, c, dy, dx),
    };
  }
}

export class GlobalMaxPooling2D extends GlobalPooling2D {
  static readonly className = 'GlobalMaxPooling2D';
  readonly className = 'GlobalMaxPooling2D';

  constructor(args: GlobalPooling2DArgs = {}) {
    super(args, 'global_max_pooling2d');
  }

  static fromConfig(config: Record<string, unknown>): GlobalMaxPooling2D {
    return new GlobalMaxPooling2D(config as GlobalPooling2DArgs);
  }

  protected pass(k: Kernels, hw: number, c: number, x: number, y: number) {
    return {
      forward: (m: number) => k.f32_global_maxpool_fwd(m, hw, c, x, y),
      // The gradient goes to the first maximum of each channel, found again from x and y.
      backward: (m: number, dy: number, dx: number) => k.f32_global_maxpool_bwd(m, hw, c, x, y, dy, dx),
    };
  }
}

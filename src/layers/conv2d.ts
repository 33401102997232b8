// Conv2D, as tf.layers.conv2d: y = act(conv(x, W) + b) over NHWC images ([h, w, channels] per sample,
// tfjs's channelsLast), W [kh, kw, inChannels, filters] as tfjs stores it. The three passes are the
// f32_conv2d_* kernels (assembly/conv.ts: im2col chunks into the packed gemm); the bias gradient is a
// column sum over the n·oh·ow output pixels.
import { activationBackward, getActivation, type ActivationIdentifier, type ActivationSpec } from '../activations.js';
import { convGeometry, type ConvGeometry, type Padding } from '../backend/conv-geometry.js';
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers.js';
import {
  Layer, MAX_SAMPLE_SIZE, checkBool, checkChoice, kernelBiasConfig, checkNonNegative, checkPair,
  type Declared, type LayerArgs, type LayerPlan, type PlanContext, type Shape, type WeightSpec,
} from './layer.js';

export interface Conv2DArgs extends LayerArgs {
  /** Output channels. */
  filters: number;
  /** Window size: n or [height, width]. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** 'valid' (default: no padding) or 'same' (output ⌈input / stride⌉, zero padding as tfjs). */
  padding?: Padding;
  /** Only 'channelsLast' (NHWC), the tfjs default. */
  dataFormat?: 'channelsLast';
  /** Default 1; dilation > 1 with stride > 1 is rejected, as Keras and tfjs do. */
  dilationRate?: number | [number, number];
  activation?: ActivationIdentifier;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier;
  biasRegularizer?: RegularizerIdentifier;
  /** Slope for x < 0 when activation is 'leakyRelu' (default 0.3). */
  alpha?: number;
}

/** Checks the per-sample input is [h, w, channels] (shared by the 2-D convolution and pooling layers). */
export function imageShape(inputShape: Shape, layer: string): [number, number, number] {
  if (inputShape.length !== 3) {
    throw new ShapeError(`${layer}: expects images of shape [height, width, channels] per sample (NHWC input [batch, h, w, c]), got input shape ${fmtShape(inputShape)}`);
  }
  return [inputShape[0]!, inputShape[1]!, inputShape[2]!];
}

export class Conv2D extends Layer {
  /** @internal Samples are independent in forward and backward (see Layer.perSample). */
  override get perSample(): boolean {
    return true;
  }
  static readonly className = 'Conv2D';
  readonly className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly activation: ActivationSpec;
  readonly alpha: number;
  readonly useBias: boolean;
  private readonly init: { kernel: Initializer; bias: Initializer };
  private readonly reg: { kernel: Regularizer | null; bias: Regularizer | null };
  private geometry: ConvGeometry | null = null;

  constructor(args: Conv2DArgs) {
    super(args, 'conv2d');
    const where = this.name;
    if (!Number.isInteger(args?.filters) || args.filters <= 0 || args.filters > MAX_SAMPLE_SIZE) {
      throw new ConfigError(`${where}: filters must be a positive integer, got ${String(args?.filters)}`);
    }
    if (args.kernelSize === undefined) throw new ConfigError(`${where}: kernelSize is required, e.g. {filters: 8, kernelSize: 5}`);
    this.filters = args.filters;
    this.kernelSize = checkPair(args.kernelSize, 1, `${where}: kernelSize`);
    this.strides = checkPair(args.strides, 1, `${where}: strides`);
    this.dilationRate = checkPair(args.dilationRate, 1, `${where}: dilationRate`);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new ConfigError(`${where}: strides > 1 together with dilationRate > 1 is not supported (as in Keras and tfjs), got strides ${fmtShape(this.strides)} and dilationRate ${fmtShape(this.dilationRate)}`);
    }
    this.padding = checkChoice(args.padding, ['valid', 'same'] as const, `${where}: padding`);
    checkChoice(args.dataFormat, ['channelsLast'] as const, `${where}: dataFormat`);
    this.activation = getActivation(args.activation, where);
    this.alpha = checkNonNegative(args.alpha ?? 0.3, `${where}: alpha`);
    this.useBias = checkBool(args.useBias, true, `${where}: useBias`);
    this.init = {
      kernel: getInitializer(args.kernelInitializer ?? 'glorotNormal', `${where} kernelInitializer`),
      bias: getInitializer(args.biasInitializer ?? 'zeros', `${where} biasInitializer`),
    };
    this.reg = {
      kernel: getRegularizer(args.kernelRegularizer, `${where} kernelRegularizer`),
      bias: getRegularizer(args.biasRegularizer, `${where} biasRegularizer`),
    };
  }

  static fromConfig(config: Record<string, unknown>): Conv2D {
    // tfjs 4.x writes rank 2 convolutions with rank: 2 in some versions; nothing else differs.
    const { rank: _rank, ...rest } = config;
    return new Conv2D(rest as unknown as Conv2DArgs);
  }

  protected declare(inputShape: Shape): Declared {
    const [h, w, cin] = imageShape(inputShape, this.name);
    const [kh, kw] = this.kernelSize, [sh, sw] = this.strides, [dh, dw] = this.dilationRate;
    this.geometry = convGeometry({ h, w, kh, kw, strideH: sh, strideW: sw, dilationH: dh, dilationW: dw, padding: this.padding }, this.name);
    const weights: WeightSpec[] = [{
      name: `${this.name}/kernel`, shape: [kh, kw, cin, this.filters], initializer: this.init.kernel,
      regularizer: this.reg.kernel, trainable: this.trainable, decay: true,
    }];
    if (this.useBias) {
      weights.push({
        name: `${this.name}/bias`, shape: [this.filters], initializer: this.init.bias,
        regularizer: this.reg.bias, trainable: this.trainable, decay: false,
      });
    }
    return { weights, outputShape: [this.geometry.oh, this.geometry.ow, this.filters] };
  }

  plan(ctx: PlanContext): LayerPlan {
    const { k, input, dInput } = ctx;
    const [h, w, cin] = this.inputShape!, { oh, ow, padTop: pt, padLeft: pl } = this.geometry!;
    const [kh, kw] = this.kernelSize, [sh, sw] = this.strides, [dh, dw] = this.dilationRate, cout = this.filters;
    const [kernel, bias] = this.weights;
    const W = ctx.weight(kernel!), b = bias ? ctx.weight(bias) : 0;
    const pixels = oh * ow; // output rows per sample
    const y = ctx.alloc(ctx.maxBatch * pixels * cout);
    const scratch = ctx.alloc(Math.ceil(k.f32_conv2d_scratch_bytes(ctx.maxBatch * pixels, kh * kw * cin) / 4));
    const activation = this.activation, { code, softmax } = activation, alpha = this.alpha;
    const forward = (m: number) => {
      k.f32_conv2d_fwd(m, h!, w!, cin!, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, input, W, b, y, scratch, softmax ? 0 : code, alpha);
      if (softmax) k.f32_softmax(m * pixels, cout, y, y);
    };
    if (!ctx.training) return { output: y, dOutput: 0, forward, backward() {} };

    const dy = ctx.alloc(ctx.maxBatch * pixels * cout);
    const trainable = kernel!.trainable;
    const dW = trainable ? ctx.grad(kernel!) : 0, db = trainable && bias ? ctx.grad(bias) : 0;
    const fused = ctx.lossFused;
    return {
      output: y,
      dOutput: dy,
      forward,
      backward(m: number) {
        if (!fused) activationBackward(k, activation, alpha, m * pixels, cout, y, dy, dy);
        if (dW) k.f32_conv2d_bwd_filter(m, h!, w!, cin!, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, input, dy, dW, scratch, 0);
        if (db) k.f32_colsum(m * pixels, cout, dy, db, 0);
        if (dInput) k.f32_conv2d_bwd_input(m, h!, w!, cin!, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, dy, W, dInput, scratch);
      },
    };
  }

  getConfig(): Record<string, unknown> {
    return {
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: 'channelsLast',
      dilationRate: [...this.dilationRate],
      activation: this.activation.name,
      useBias: this.useBias,
      ...kernelBiasConfig(this.init, this.reg),
    };
  }
}

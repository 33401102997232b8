// Output size and padding of a 2-D convolution or pooling window, computed as tfjs-core's
// conv_util.getPadAndOutInfo does (computeConv2DInfo / computePool2DInfo), so shapes and weights
// move between tfjs and simdnn unchanged. test/kernels/conv-geometry.test.ts compares with tfjs-core.
import { ConfigError, ShapeError } from '../errors.js';

export type Padding = 'valid' | 'same';

export interface ConvGeometryInput {
  /** input height and width (per sample, NHWC) */
  h: number;
  w: number;
  /** kernel (or pool window) height and width */
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  /** 1 for pooling and for undilated convolutions */
  dilationH?: number;
  dilationW?: number;
  padding: Padding;
}

export interface ConvGeometry {
  oh: number;
  ow: number;
  /** zero rows above / columns left of the input; bottom/right are what remains (used only for sizes) */
  padTop: number;
  padLeft: number;
  padBottom: number;
  padRight: number;
}

/**
 * OH, OW and the padding of a window sliding over an h×w input. 'same': OH = ⌈h/s⌉ and the padding
 * along each axis is max(0, (OH−1)·s + effK − h), split with the extra row at the bottom (right);
 * 'valid': OH = ⌈(h − effK + 1)/s⌉, no padding. effK = k + (k−1)(d−1) is the dilated kernel extent.
 * `where` names the caller in errors (e.g. 'conv2d_1'). Throws ConfigError for sizes, strides or
 * dilations below 1 and ShapeError when the window does not fit ('valid' with effK > h).
 */
export function convGeometry(g: ConvGeometryInput, where = 'conv geometry'): ConvGeometry {
  const { h, w, kh, kw, strideH, strideW, dilationH = 1, dilationW = 1, padding } = g;
  const ints: [string, number][] = [['h', h], ['w', w], ['kernel height', kh], ['kernel width', kw], ['stride height', strideH],
    ['stride width', strideW], ['dilation height', dilationH], ['dilation width', dilationW]];
  for (const [name, v] of ints) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${where}: ${name} must be an integer ≥ 1, got ${v}`);
  }
  if (padding !== 'valid' && padding !== 'same') {
    throw new ConfigError(`${where}: padding must be 'valid' or 'same', got ${JSON.stringify(padding)}`);
  }
  const ekh = kh + (kh - 1) * (dilationH - 1), ekw = kw + (kw - 1) * (dilationW - 1);
  if (padding === 'valid') {
    if (ekh > h || ekw > w) {
      throw new ShapeError(`${where}: the ${ekh}×${ekw} window (kernel ${kh}×${kw}, dilation ${dilationH}×${dilationW}) ` +
        `does not fit the ${h}×${w} input with padding 'valid'`);
    }
    return { oh: Math.ceil((h - ekh + 1) / strideH), ow: Math.ceil((w - ekw + 1) / strideW), padTop: 0, padLeft: 0, padBottom: 0, padRight: 0 };
  }
  const oh = Math.ceil(h / strideH), ow = Math.ceil(w / strideW);
  const alongH = Math.max(0, (oh - 1) * strideH + ekh - h), alongW = Math.max(0, (ow - 1) * strideW + ekw - w);
  const padTop = Math.floor(alongH / 2), padLeft = Math.floor(alongW / 2);
  return { oh, ow, padTop, padLeft, padBottom: alongH - padTop, padRight: alongW - padLeft };
}

// Weight penalties, as tfjs-layers: loss += l1·Σ|w| + l2·Σw², gradient l1·sign(w) + 2·l2·w.
// Applied to kernels by default; to biases only when a biasRegularizer is given (never implicitly).
import { ConfigError } from './errors.js';

/**
 * An L1/L2 weight penalty (tfjs class 'L1L2'): adds l1·Σ|w| + l2·Σw² to the loss. Made by
 * {@link regularizers}; l1 and l2 must be finite and ≥ 0.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const reg = new nn.Regularizer(0, 1e-4); // same as nn.regularizers.l2({ l2: 1e-4 })
 * nn.layers.dense({ units: 8, inputShape: [4], kernelRegularizer: reg });
 * ```
 */
export class Regularizer {
  readonly className = 'L1L2';
  constructor(
    readonly l1: number,
    readonly l2: number,
  ) {
    for (const [name, v] of [['l1', l1], ['l2', l2]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new ConfigError(`regularizer: ${name} must be a finite number ≥ 0, got ${String(v)}`);
      }
    }
  }
  /**
   * The options as written to model.json.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(nn.regularizers.l1l2({ l1: 0.001 }).getConfig()); // { l1: 0.001, l2: 0.01 }
   * ```
   */
  getConfig(): Record<string, number> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/**
 * Weight penalties, as tf.regularizers (defaults l1 = 0.01, l2 = 0.01). Pass one as a layer's
 * kernelRegularizer (or biasRegularizer, gammaRegularizer, …); the penalty joins the loss that fit
 * minimizes and evaluate reports. The names 'l1', 'l2', 'l1l2' give the defaults.
 * @namespace
 */
export const regularizers = {
  /**
   * loss += l1·Σ|w| (gradient l1·sign(w)); default l1 = 0.01.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 8, inputShape: [4], kernelRegularizer: nn.regularizers.l1({ l1: 1e-3 }) });
   * ```
   */
  l1: (args: { l1?: number } = {}) => new Regularizer(args.l1 ?? 0.01, 0),
  /**
   * loss += l2·Σw² (gradient 2·l2·w); default l2 = 0.01. Note Keras's l2 has no ½ factor.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 8, inputShape: [4], kernelRegularizer: nn.regularizers.l2({ l2: 1e-4 }) });
   * ```
   */
  l2: (args: { l2?: number } = {}) => new Regularizer(0, args.l2 ?? 0.01),
  /**
   * Both penalties: loss += l1·Σ|w| + l2·Σw²; defaults l1 = 0.01, l2 = 0.01.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * nn.layers.dense({ units: 8, inputShape: [4], kernelRegularizer: nn.regularizers.l1l2({ l1: 1e-5, l2: 1e-4 }) });
   * ```
   */
  l1l2: (args: { l1?: number; l2?: number } = {}) => new Regularizer(args.l1 ?? 0.01, args.l2 ?? 0.01),
};

export type RegularizerIdentifier = 'l1' | 'l2' | 'l1l2' | Regularizer;

/** A regularizer as tfjs serializes it (model.json's, camelCased): {className: 'L1L2', config: {l1, l2}}. */
export interface SerializedRegularizer {
  className: string;
  config?: { l1?: unknown; l2?: unknown };
}

/** The {className, config} form tfjs writes, or null for none. */
export function serializeRegularizer(reg: Regularizer | null): SerializedRegularizer | null {
  return reg ? { className: 'L1L2', config: { l1: reg.l1, l2: reg.l2 } } : null;
}

export function getRegularizer(id: RegularizerIdentifier | SerializedRegularizer | null | undefined, where: string): Regularizer | null {
  if (id === undefined || id === null) return null;
  if (id instanceof Regularizer) return id;
  if (id === 'l1' || id === 'l2' || id === 'l1l2') return regularizers[id]();
  if (typeof id === 'object' && (id as SerializedRegularizer).className === 'L1L2') {
    const c = (id as SerializedRegularizer).config ?? {};
    try {
      return new Regularizer((c.l1 ?? 0) as number, (c.l2 ?? 0) as number);
    } catch (e) {
      throw new ConfigError(`${where}: ${(e as Error).message}`);
    }
  }
  throw new ConfigError(`${where}: unknown regularizer ${JSON.stringify(id)}; expected 'l1', 'l2', 'l1l2' or nn.regularizers.l2({l2})`);
}

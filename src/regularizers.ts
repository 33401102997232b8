// Weight penalties, as tfjs-layers: loss += l1·Σ|w| + l2·Σw², gradient l1·sign(w) + 2·l2·w.
// Applied to kernels by default; to biases only when a biasRegularizer is given (never implicitly).
import { ConfigError } from './errors.js';

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
  getConfig(): Record<string, number> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** tfjs defaults: l1 = 0.01, l2 = 0.01. */
export const regularizers = {
  l1: (args: { l1?: number } = {}) => new Regularizer(args.l1 ?? 0.01, 0),
  l2: (args: { l2?: number } = {}) => new Regularizer(0, args.l2 ?? 0.01),
  l1l2: (args: { l1?: number; l2?: number } = {}) => new Regularizer(args.l1 ?? 0.01, args.l2 ?? 0.01),
};

export type RegularizerIdentifier = 'l1' | 'l2' | 'l1l2' | Regularizer;

export function getRegularizer(id: RegularizerIdentifier | null | undefined, where: string): Regularizer | null {
  if (id === undefined || id === null) return null;
  if (id instanceof Regularizer) return id;
  if (id === 'l1' || id === 'l2' || id === 'l1l2') return regularizers[id]();
  throw new ConfigError(`${where}: unknown regularizer ${JSON.stringify(id)}; expected 'l1', 'l2', 'l1l2' or nn.regularizers.l2({l2})`);
}

// Loss names → the loss kernel for the model's last activation. With softmax + categorical CE and
// sigmoid + binary CE the kernel writes dL/dz = y − t directly (fused), so the output layer skips its
// activation derivative. Values follow tfjs-layers 4.22: mean over all elements for MSE (no ½) and
// BCE, mean over the batch of the per-row sum for CE; probabilities clipped to [1e-7, 1 − 1e-7].
import type { ActivationSpec } from './activations.js';
import type { Kernels } from './backend/backend.js';
import { ConfigError } from './errors.js';

export type LossKind = 'meanSquaredError' | 'binaryCrossentropy' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy';

const NAMES: Record<string, LossKind> = {
  meanSquaredError: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_squared_error: 'meanSquaredError',
  binaryCrossentropy: 'binaryCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  categoricalCrossentropy: 'categoricalCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
};

export function getLoss(id: unknown): LossKind {
  const kind = typeof id === 'string' && Object.hasOwn(NAMES, id) ? NAMES[id] : undefined;
  if (!kind) throw new ConfigError(`compile: unknown loss ${JSON.stringify(id)}; expected one of ${Object.keys(NAMES).join(', ')}`);
  return kind;
}

/** loss(m, y, t, grad) → mean loss of the batch; writes dL/dy (or dL/dz when fused) into grad. */
export type LossFn = (m: number, y: number, t: number, grad: number) => number;

export interface BoundLoss {
  readonly fn: LossFn;
  /** True when grad is dL/dz for the last layer's pre-activation. */
  readonly fused: boolean;
}

/**
 * Picks the kernel. Sparse labels are expanded to one-hot rows when the dataset is copied in, so
 * sparse CE runs as categorical CE on the same kernels.
 */
export function bindLoss(kind: LossKind, last: ActivationSpec, n: number, k: Kernels): BoundLoss {
  switch (kind) {
    case 'meanSquaredError':
      return { fn: (m, y, t, g) => k.f32_mse(m, n, y, t, g), fused: false };
    case 'binaryCrossentropy':
      if (last.name === 'sigmoid') return { fn: (m, y, t, g) => k.f32_sigmoid_bce(m, n, y, t, g), fused: true };
      return { fn: (m, y, t, g) => k.f32_bce(m, n, y, t, g), fused: false };
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy':
      if (last.softmax) return { fn: (m, y, t, g) => k.f32_softmax_ce(m, n, y, t, g), fused: true };
      return { fn: (m, y, t, g) => k.f32_ce(m, n, y, t, g), fused: false };
  }
}

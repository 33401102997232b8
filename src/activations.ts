// Activation names → kernel codes. tfjs-layers names first, then Keras snake_case and course aliases.
import { Act, type ActCode } from './backend/act.js';
import type { Kernels } from './backend/backend.js';
import { ConfigError } from './errors.js';

export type ActivationIdentifier =
  | 'linear' | 'identity' | 'relu' | 'leakyRelu' | 'leaky_relu' | 'sigmoid' | 'tanh' | 'step' | 'softmax';

/** An activation as the kernels see it: an elementwise code, or row-wise softmax. */
export interface ActivationSpec {
  /** The name written to model.json (tfjs spelling). */
  readonly name: 'linear' | 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'step' | 'softmax';
  readonly code: ActCode;
  readonly softmax: boolean;
}

const TABLE: Record<ActivationIdentifier, ActivationSpec> = {
  linear: { name: 'linear', code: Act.linear, softmax: false },
  identity: { name: 'linear', code: Act.linear, softmax: false },
  relu: { name: 'relu', code: Act.relu, softmax: false },
  leakyRelu: { name: 'leakyRelu', code: Act.leakyRelu, softmax: false },
  leaky_relu: { name: 'leakyRelu', code: Act.leakyRelu, softmax: false },
  sigmoid: { name: 'sigmoid', code: Act.sigmoid, softmax: false },
  tanh: { name: 'tanh', code: Act.tanh, softmax: false },
  step: { name: 'step', code: Act.step, softmax: false },
  softmax: { name: 'softmax', code: Act.linear, softmax: true },
};

/** Resolves an activation name (undefined → linear, as in tfjs); unknown names list the valid ones. */
export function getActivation(id: string | undefined | null, where: string): ActivationSpec {
  if (id === undefined || id === null) return TABLE.linear;
  const spec = typeof id === 'string' && Object.hasOwn(TABLE, id) ? TABLE[id as ActivationIdentifier] : undefined;
  if (!spec) {
    throw new ConfigError(`${where}: unknown activation ${JSON.stringify(id)}; expected one of ${Object.keys(TABLE).join(', ')}`);
  }
  return spec;
}

/**
 * dz = dy ⊙ act'(z) for m rows of n, through the activation's output y (what layers keep): the
 * backward of every activation, used by dense and the activation layers. dz may equal dy.
 */
export function activationBackward(k: Kernels, spec: ActivationSpec, alpha: number, m: number, n: number, y: number, dy: number, dz: number): void {
  if (spec.softmax) k.f32_softmax_bwd(m, n, y, dy, dz);
  else if (spec.code !== Act.linear) k.f32_vact_bwd(m * n, y, dy, dz, spec.code, alpha);
  else if (dz !== dy) k.f32_vscale(m * n, dy, dz, 1);
}

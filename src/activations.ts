// Activation names → kernel codes. tfjs-layers names first, then Keras snake_case and course aliases.
import { Act, type ActCode } from './backend/act.js';
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

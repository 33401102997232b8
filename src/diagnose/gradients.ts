// nn.diagnose.gradients: per-layer flags from what nn.callbacks.gradientNorms() recorded: vanishing
// gradients (gradient norm tiny relative to the weights), exploding ones, and dead ReLU units.
import { checkGradientRecord, type GradientNormHistory } from '../callbacks-grad.js';
import { ConfigError } from '../errors.js';

/** Thresholds of nn.diagnose.gradients. */
export interface GradientDiagnosisOptions {
  /** Vanishing when ‖grad‖ / ‖weights‖ in the last epoch is below this (default 1e-7, issue 8). */
  vanishing?: number;
  /** Exploding when ‖grad‖ / ‖weights‖ exceeds this in any epoch (default 10). */
  exploding?: number;
  /** Exploding when a layer's gradient norm grows by this factor or more from one epoch to the next (default 10). */
  growth?: number;
  /** Warn when more than this fraction of a layer's ReLU units is dead in the last epoch (default 0.5). */
  deadReLU?: number;
}

/** One layer's record and flags. Arrays have one entry per recorded epoch. */
export interface LayerGradientDiagnosis {
  layer: string;
  gradientNorms: number[];
  weightNorms: number[];
  /** gradientNorms[e] / weightNorms[e] (0 when both are 0: nothing moved). */
  relativeNorms: number[];
  /** Fraction of dead ReLU units per epoch; null where the layer's output is not rectified. */
  deadReLU: (number | null)[];
  vanishing: boolean;
  exploding: boolean;
  /** The last epoch's dead fraction (the last one known, if that epoch diverged at once) is above the threshold. */
  dead: boolean;
}

/** The result of nn.diagnose.gradients. */
export interface GradientDiagnosis {
  layers: LayerGradientDiagnosis[];
  /** Some layer has vanishing / exploding gradients / mostly dead ReLUs. */
  vanishing: boolean;
  exploding: boolean;
  deadReLU: boolean;
  /** None of the above. */
  healthy: boolean;
  /** One line per finding, with what to try; empty when healthy. */
  messages: string[];
  /**
   * A table of the last epoch's gradient norm, weight norm, their ratio and dead fraction per layer,
   * then the messages.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const record = { layers: ['dense_1', 'dense_2'], epochs: [0], norms: [[1e-9, 0.1]], weightNorms: [[1, 1]] };
   * console.log(nn.diagnose.gradients(record).toString());
   * // Gradient health: vanishing
   * //   layer                 ‖grad‖        ‖W‖      ratio   dead
   * //   dense_1               1.0e-9     1.0e+0     1.0e-9      -
   * //   …
   * ```
   */
  toString(): string;
}

/**
 * NOTE on the exploding rule. With SGD a step moves a layer by lr·‖grad‖; a gradient ten times the
 * weights' own norm means any usual rate (≥ 0.1) moves the layer by more than its size, and the relative
 * norm of healthy nets here stays well below that (≈ 0.01…2 for Glorot/He MLPs on the test problems).
 * Growth of 10× per epoch catches divergence that is still in range at the last recorded epoch, and
 * a non-finite norm is exploding by definition.
 */
const DEFAULTS = { vanishing: 1e-7, exploding: 10, growth: 10, deadReLU: 0.5 };

/** nn.diagnose.gradients (its TSDoc is on the export in src/diagnose/index.ts). */
export function diagnoseGradients(record: GradientNormHistory, options: GradientDiagnosisOptions = {}): GradientDiagnosis {
  const where = 'diagnose.gradients';
  const o = { ...DEFAULTS, ...options };
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const v = o[key];
    const ok = typeof v === 'number' && Number.isFinite(v) && v > 0 && (key !== 'deadReLU' || v <= 1);
    if (!ok) throw new ConfigError(`${where}: ${key} must be a finite number > 0${key === 'deadReLU' ? ' and ≤ 1' : ''}, got ${String(v)}`);
  }
  checkGradientRecord(record, where, 'weightNorms');
  const epochs = record.norms.length;
  const layers = record.layers.map((layer, l): LayerGradientDiagnosis => {
    const gradientNorms = record.norms.map((row) => row[l]!);
    const weightNorms = record.weightNorms!.map((row) => row[l]!);
    const relativeNorms = gradientNorms.map((g, e) => relative(g, weightNorms[e]!));
    const deadReLU = record.deadReLU ? record.deadReLU.map((row) => row[l] ?? null) : gradientNorms.map(() => null);
    const nonFinite = gradientNorms.some((g) => !Number.isFinite(g)) || weightNorms.some((w) => !Number.isFinite(w));
    const grew = gradientNorms.some((g, e) => e > 0 && gradientNorms[e - 1]! > 0 && g / gradientNorms[e - 1]! >= o.growth);
    const lastDead = lastKnown(deadReLU);
    return {
      layer, gradientNorms, weightNorms, relativeNorms, deadReLU,
      vanishing: !nonFinite && relativeNorms[epochs - 1]! < o.vanishing,
      // A finite gradient on weights of norm 0 (zeros init, lr 0) has an infinite ratio but is not exploding.
      exploding: nonFinite || grew || relativeNorms.some((r) => Number.isFinite(r) && r > o.exploding),
      dead: lastDead !== null && lastDead > o.deadReLU,
    };
  });
  const messages = layers.flatMap((d) => messagesOf(d, o));
  const result: GradientDiagnosis = {
    layers,
    vanishing: layers.some((d) => d.vanishing),
    exploding: layers.some((d) => d.exploding),
    deadReLU: layers.some((d) => d.dead),
    healthy: messages.length === 0,
    messages,
    toString: () => report(result),
  };
  return result;
}

/** ‖grad‖ / ‖W‖; 0 / 0 (weights at 0 that got no gradient: nothing moves) counts as 0, i.e. vanishing. */
function relative(g: number, w: number): number {
  if (w > 0) return g / w;
  return g > 0 ? Infinity : 0;
}

function messagesOf(d: LayerGradientDiagnosis, o: typeof DEFAULTS): string[] {
  const out: string[] = [];
  const last = d.relativeNorms.length - 1;
  if (d.vanishing) {
    out.push(
      `${d.layer}: vanishing gradients: ‖grad‖/‖W‖ = ${sci(d.relativeNorms[last]!)} < ${sci(o.vanishing)} in the last epoch, so the layer barely learns; ` +
        'try ReLU with He initialization, batch normalization, or fewer layers',
    );
  }
  if (d.exploding) {
    const worst = d.relativeNorms.reduce((a, b) => (Number.isFinite(b) && b > a ? b : a), 0);
    const why = d.gradientNorms.some((g) => !Number.isFinite(g)) || d.weightNorms.some((w) => !Number.isFinite(w))
      ? 'a norm became non-finite'
      : worst > o.exploding ? `‖grad‖/‖W‖ reached ${sci(worst)} > ${o.exploding}` : `the gradient norm grew ≥ ${o.growth}× in one epoch`;
    out.push(`${d.layer}: exploding gradients: ${why}; lower the learning rate, clip gradients (clipNorm), or use Glorot/He initialization`);
  }
  if (d.dead) {
    const f = lastKnown(d.deadReLU)!;
    out.push(
      `${d.layer}: ${(f * 100).toFixed(0)}% of its ReLU units output ≤ 0 for every sample of the last epoch (dead, no gradient); ` +
        'lower the learning rate, use He initialization and a zero bias, or leakyRelu',
    );
  }
  return out;
}

function report(r: GradientDiagnosis): string {
  const lines = [`Gradient health: ${r.healthy ? 'healthy' : [r.vanishing && 'vanishing', r.exploding && 'exploding', r.deadReLU && 'dead ReLUs'].filter(Boolean).join(', ')}`];
  lines.push(`  ${'layer'.padEnd(16)}${'‖grad‖'.padStart(11)}${'‖W‖'.padStart(11)}${'ratio'.padStart(11)}${'dead'.padStart(7)}`);
  for (const d of r.layers) {
    const e = d.gradientNorms.length - 1, dead = lastKnown(d.deadReLU);
    lines.push(
      `  ${d.layer.padEnd(16)}${sci(d.gradientNorms[e]!).padStart(11)}${sci(d.weightNorms[e]!).padStart(11)}${sci(d.relativeNorms[e]!).padStart(11)}` +
        `${dead === null ? '-' : `${(dead * 100).toFixed(0)}%`}`.padStart(7),
    );
  }
  lines.push(...r.messages.map((m) => `  - ${m}`));
  return lines.join('\n');
}

/** The last recorded dead fraction (skipping NaN: an epoch whose first step diverged saw no outputs). */
function lastKnown(dead: (number | null)[]): number | null {
  for (let e = dead.length - 1; e >= 0; e--) if (dead[e] !== null && !Number.isNaN(dead[e])) return dead[e]!;
  return null;
}

function sci(v: number): string {
  return Number.isFinite(v) ? v.toExponential(1) : String(v);
}

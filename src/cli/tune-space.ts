// The search space of `simdnn tune`: its default, the JSON space file (--space), and the mapping from a
// trial's parameters to the MLP recipe and to the `simdnn train` flags that reproduce it.
import { readFileSync } from 'node:fs';
import * as nn from '../index.js';
import { UsageError } from './args.js';

/** Parameters a space may name, with what `simdnn train` uses when the space leaves them out. */
const DEFAULTS = {
  lr: 0.001,
  units: 128,
  depth: 2,
  layers: '128,64',
  activation: 'relu',
  optimizer: 'adam',
  batchSize: 32,
  dropout: 0,
  l2: 0,
  batchNorm: false,
} as const;
type Name = keyof typeof DEFAULTS;
const NAMES = Object.keys(DEFAULTS) as Name[];

/**
 * Learning rate on a log scale (the course's first knob), the width and depth of the MLP, the hidden
 * activation, the mini-batch size and dropout. Grid counts make the same space usable by --strategy grid.
 */
export function defaultSpace(): nn.Space {
  return {
    lr: nn.tuner.logUniform(1e-4, 1e-2, { grid: 3 }),
    units: nn.tuner.int(32, 256, { log: true, grid: 3 }),
    depth: nn.tuner.choice([1, 2]),
    activation: nn.tuner.choice(['relu', 'tanh', 'leakyRelu']),
    batchSize: nn.tuner.choice([16, 32, 64, 128]),
    dropout: nn.tuner.uniform(0, 0.3, { grid: 2 }),
  };
}

/**
 * The default configuration of `simdnn train` (128-64 hidden, relu, adam 1e-3, batch 32, no dropout)
 * restricted to the parameters of `space`; fixed values of the space win.
 * NOTE: `simdnn train` defaults sgd and momentum to a rate of 1e-2, adam and the others to 1e-3.
 */
export function initialFor(space: nn.Space): nn.Params {
  const p: nn.Params = {};
  const optimizer = typeof space.optimizer === 'string' ? space.optimizer : 'adam';
  for (const name of Object.keys(space) as Name[]) {
    const fixed = space[name];
    if (typeof fixed === 'number' || typeof fixed === 'string' || typeof fixed === 'boolean') p[name] = fixed;
    else if (name === 'lr') p.lr = optimizer === 'sgd' || optimizer === 'momentum' ? 0.01 : 0.001;
    else p[name] = DEFAULTS[name];
  }
  return p;
}

/**
 * Reads a --space file: a JSON object from parameter names to a fixed value or one of
 * {"logUniform": [lo, hi]}, {"uniform": [lo, hi]}, {"int": [lo, hi], "log"?: true, "step"?: n},
 * {"choice": [...]}, {"beta": [lo, hi]}; "grid": n adds grid points to a range.
 */
export function readSpace(file: string): nn.Space {
  const raw = readJson('space', file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`--space ${file}: expected a JSON object of parameters, got ${Array.isArray(raw) ? 'an array' : typeof raw}`, 'tune');
  const space: nn.Space = {};
  for (const [name, spec] of Object.entries(raw)) {
    if (!(NAMES as string[]).includes(name)) throw new UsageError(`--space ${file}: unknown parameter "${name}"; expected some of ${NAMES.join(', ')}`, 'tune');
    space[name] = dimension(file, name, spec);
  }
  if ('layers' in space && ('units' in space || 'depth' in space)) throw new UsageError(`--space ${file}: give either "layers" or "units"/"depth", not both`, 'tune');
  if (Object.keys(space).length === 0) throw new UsageError(`--space ${file}: no parameters`, 'tune');
  return space;
}

/** The JSON in `file`, given as --`option`; a missing file or bad JSON is a UsageError naming both. */
export function readJson(option: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--${option} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'tune');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`--${option} ${file}: not JSON (${(e as Error).message})`, 'tune');
  }
}

function dimension(file: string, name: string, spec: unknown): nn.Space[string] {
  const where = `--space ${file}: "${name}"`;
  if (typeof spec === 'number' || typeof spec === 'string' || typeof spec === 'boolean') return spec;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new UsageError(`${where}: expected a value or an object like {"logUniform": [1e-4, 1e-1]}, got ${JSON.stringify(spec)}`, 'tune');
  const s = spec as Record<string, unknown>;
  const grid = s.grid === undefined ? {} : { grid: s.grid as number };
  const pair = (key: string): [number, number] => {
    const v = s[key];
    if (!Array.isArray(v) || v.length !== 2 || !v.every((e) => typeof e === 'number')) throw new UsageError(`${where}: "${key}" must be [low, high], got ${JSON.stringify(v)}`, 'tune');
    return [v[0] as number, v[1] as number];
  };
  // The tuner checks the ranges themselves (low < high, low > 0 on a log scale) and says what is wrong.
  try {
    if ('logUniform' in s) return nn.tuner.logUniform(...pair('logUniform'), grid);
    if ('uniform' in s) return nn.tuner.uniform(...pair('uniform'), grid);
    if ('beta' in s) return nn.tuner.beta(...pair('beta'));
    if ('int' in s) return nn.tuner.int(...pair('int'), { ...grid, ...(s.log === true ? { log: true } : {}), ...(typeof s.step === 'number' ? { step: s.step } : {}) });
    if ('choice' in s) {
      if (!Array.isArray(s.choice) || s.choice.length === 0) throw new UsageError(`${where}: "choice" must be a non-empty array`, 'tune');
      return nn.tuner.choice(s.choice as nn.ParamValue[]);
    }
  } catch (e) {
    if (e instanceof nn.SimdnnError) throw new UsageError(`${where}: ${e.message}`, 'tune');
    throw e;
  }
  throw new UsageError(`${where}: expected one of logUniform, uniform, int, choice, beta; got ${JSON.stringify(spec)}`, 'tune');
}

/** A trial's parameters as the MLP recipe (hidden sizes from layers, or units halved per extra layer). */
export function recipe(p: nn.Params): { hidden: number[]; activation: string; optimizer: string; lr: number; dropout: number; l2: number; batchNorm: boolean } {
  const get = (k: Name): nn.ParamValue => p[k] ?? DEFAULTS[k];
  const hidden = 'layers' in p
    ? String(p.layers).split(',').map((s) => Number(s))
    : Array.from({ length: Number(get('depth')) }, (_, i) => Math.max(8, Math.round(Number(get('units')) / 2 ** i)));
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new UsageError(`--space: layers ${JSON.stringify(p.layers)} is not a list of layer sizes like "128,64"`, 'tune');
  return {
    hidden,
    activation: String(get('activation')),
    optimizer: String(get('optimizer')),
    lr: Number(get('lr')),
    dropout: Number(get('dropout')),
    l2: Number(get('l2')),
    batchNorm: Boolean(get('batchNorm')),
  };
}

/** The `simdnn train` flags for a trial's parameters. */
export function trainFlags(p: nn.Params, epochs: number, seed: number, valSplit: number): string {
  const r = recipe(p);
  const flags = [`--layers ${r.hidden.join(',')}`, `--activation ${r.activation}`, `--optimizer ${r.optimizer}`, `--lr ${+r.lr.toPrecision(3)}`,
    `--batch-size ${Number(p.batchSize ?? DEFAULTS.batchSize)}`, `--epochs ${Number(p.epochs ?? epochs)}`, `--seed ${seed}`, `--val-split ${valSplit}`];
  if (r.dropout > 0) flags.push(`--dropout ${+r.dropout.toPrecision(3)}`);
  if (r.l2 > 0) flags.push(`--l2 ${+r.l2.toPrecision(3)}`);
  if (r.batchNorm) flags.push('--batch-norm');
  return flags.join(' ');
}

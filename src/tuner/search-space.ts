// A checked Space: its searched dimensions in declaration order, its fixed values, whole-point sampling,
// grid enumeration and the joint [0, 1]^width encoding.
import { ConfigError } from '../errors.js';
import type { Random } from '../random.js';
import { Dim, isParamValue, type Params, type ParamValue, type Space } from './space.js';

export class SearchSpace {
  readonly names: string[] = [];
  readonly dims: Dim[] = [];
  readonly fixed: Params = {};
  /** Offset of each dimension's first coordinate in the encoding. */
  private readonly offsets: number[] = [];
  readonly width: number;
  private gridValues: ParamValue[][] | null = null;

  constructor(space: Space, where: string) {
    if (space === null || typeof space !== 'object' || Array.isArray(space)) {
      throw new ConfigError(`${where}: space must be an object of nn.tuner dimensions and fixed values, got ${Array.isArray(space) ? 'an array' : String(space)}`);
    }
    let width = 0;
    for (const [name, v] of Object.entries(space)) {
      if (v instanceof Dim) {
        this.names.push(name);
        this.dims.push(v);
        this.offsets.push(width);
        width += v.width;
      } else if (isParamValue(v)) {
        this.fixed[name] = v;
      } else {
        throw new ConfigError(
          `${where}: space.${name} must be an nn.tuner dimension (uniform, logUniform, int, choice, beta) or a fixed number, string or boolean, got ${JSON.stringify(v) ?? String(v)}`,
        );
      }
    }
    if (this.dims.length === 0) {
      throw new ConfigError(`${where}: the space has no dimension to search (keys: ${Object.keys(space).join(', ') || 'none'}); add e.g. learningRate: nn.tuner.logUniform(1e-4, 1e-1)`);
    }
    this.width = width;
  }

  /** Fixed values, then one sample per dimension (drawn in declaration order). */
  sample(rng: Random): Params {
    const p: Params = { ...this.fixed };
    this.dims.forEach((d, i) => (p[this.names[i]!] = d.sample(rng)));
    return p;
  }

  encode(params: Params): Float64Array {
    const out = new Float64Array(this.width);
    this.dims.forEach((d, i) => d.encode(params[this.names[i]!], out, this.offsets[i]!));
    return out;
  }

  decode(u: ArrayLike<number>): Params {
    const p: Params = { ...this.fixed };
    this.dims.forEach((d, i) => (p[this.names[i]!] = d.decode(u, this.offsets[i]!)));
    return p;
  }

  /** Coordinates [offset, offset + width) of dimension i, for local perturbations of one-hot blocks. */
  block(i: number): [number, number] {
    return [this.offsets[i]!, this.offsets[i]! + this.dims[i]!.width];
  }

  /** Number of points of the Cartesian grid (throws for a continuous dimension without `grid`). */
  gridSize(): number {
    return this.grid().reduce((n, values) => n * values.length, 1);
  }

  /** Grid point k: mixed-radix digits with the LAST declared dimension varying fastest (as sklearn's ParameterGrid). */
  gridPoint(k: number): Params {
    const grid = this.grid();
    const p: Params = { ...this.fixed };
    for (let i = grid.length - 1; i >= 0; i--) {
      const values = grid[i]!;
      p[this.names[i]!] = values[k % values.length]!;
      k = Math.floor(k / values.length);
    }
    // Keep the declaration order of keys (the loop above filled them backwards).
    return Object.fromEntries([...Object.keys(this.fixed), ...this.names].map((n) => [n, p[n]!]));
  }

  private grid(): ParamValue[][] {
    this.gridValues ??= this.dims.map((d, i) => d.gridPoints(this.names[i]!));
    return this.gridValues;
  }

  /** Plain description (fixed values and dimensions by name) stored in the JSON and compared on resume. */
  describe(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this.fixed)) out[name] = { kind: 'fixed', value };
    this.dims.forEach((d, i) => (out[this.names[i]!] = JSON.parse(JSON.stringify(d.describe())) as unknown));
    return out;
  }
}

// The one seeded random source. Initializers, shuffling, data splits and dropout seeds all draw from a
// Random, so the same seed on the same backend gives a bit-identical run.
//
// Generator: a 32-bit counter (Weyl sequence, step 0x9E3779B9) passed through an integer finalizer
// (two xor-shift / multiply rounds from Chris Wellons' hash-prospector). Counter-based means a stream
// can be split or skipped without state beyond one integer.
// NOTE: dropout masks use their own hash (src/backend/ts/dropout.ts, the original lowbias32 constants)
// because it must match the wasm kernel bit for bit; the two are deliberately separate.

/** A hash-prospector 2-round finalizer (constants 0x21f0aaad, 0x735a2d97): a low-bias bijection on u32. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

export class Random {
  // NOTE: the counter lives in a typed array: values ≥ 2^30 do not fit V8's small integers, and a plain
  // field would make every update a boxed number (a heap allocation per draw in shuffles of big datasets).
  private readonly state = new Uint32Array(1);

  constructor(seed = 0) {
    if (!Number.isFinite(seed)) seed = 0;
    // Mix the seed (and its high bits, for seeds ≥ 2^32) so nearby seeds give unrelated streams.
    this.state[0] = mix32((seed >>> 0) ^ mix32(Math.floor(seed / 4294967296) >>> 0));
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    this.state[0] = this.state[0]! + 0x9e3779b9;
    return mix32(this.state[0]!);
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller; one draw per call, the pair's second value is discarded). */
  normal(mean = 0, stddev = 1): number {
    const u = 1 - this.uniform(); // (0, 1]: log(u) is finite
    const v = this.uniform();
    return mean + stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Normal truncated to mean ± 2·stddev by redrawing, as tf.truncatedNormal. */
  truncatedNormal(mean = 0, stddev = 1): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= 2) return mean + stddev * z;
    }
  }

  /** A new independent seed drawn from this stream (for a layer's dropout, a split, a shuffle). */
  fork(): Random {
    return new Random(this.nextU32());
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}

let seeds: Random | null = null;

/**
 * Makes every later unseeded model, layer and fit deterministic (as keras.utils.set_random_seed).
 * Without it, unseeded runs draw their seed from Math.random. Models, layers and fits given their own
 * `seed` ignore it.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const make = () => nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
 * nn.setRandomSeed(42);
 * const a = make().getWeights()[0]!.dataSync();
 * nn.setRandomSeed(42);
 * const b = make().getWeights()[0]!.dataSync();
 * console.log(a.every((v, i) => v === b[i])); // true
 * ```
 */

export function setRandomSeed(seed: number): void {
  seeds = new Random(seed);
}

/** A seed for something the user did not seed. */
export function defaultSeed(): number {
  return seeds ? seeds.nextU32() : Math.floor(Math.random() * 4294967296);
}

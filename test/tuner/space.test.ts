// Search-space dimensions: decade balance of logUniform and beta (chi-square), int steps and log ints,
// grid points, the [0, 1] encoding round trip, and the typed errors of each factory.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { Random } from '../../src/random.js';
import { SearchSpace } from '../../src/tuner/search-space.js';
import type { Dim } from '../../src/tuner/space.js';

/** Pearson's chi-square of the counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0), e = n / counts.length;
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
}

/** Counts of samples per decade [10^k, 10^(k+1)) for k = lo…hi−1 (`map` turns a sample into the value binned). */
function decadeCounts(dim: nn.Dimension, n: number, lo: number, hi: number, map = (v: number) => v): number[] {
  const rng = new Random(123);
  const counts = new Array<number>(hi - lo).fill(0);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(Math.log10(map((dim as Dim).sample(rng) as number))) - lo;
    counts[Math.min(Math.max(k, 0), hi - lo - 1)]!++;
  }
  return counts;
}

// The 0.001 critical values of chi-square: df = 3 → 16.27, df = 1 → 10.83.
describe('sampling scales', () => {
  test('logUniform(1e-5, 1e-1) covers each of its 4 decades about equally (chi-square < 16.27)', () => {
    const counts = decadeCounts(nn.tuner.logUniform(1e-5, 1e-1), 4000, -5, -1);
    const chi = chiSquare(counts);
    console.log(`logUniform decade counts ${counts.join(' ')}, chi-square ${chi.toFixed(2)}`);
    expect(chi).toBeLessThan(16.27);
  });

  test('uniform(1e-5, 1e-1) is NOT decade-balanced: the same test rejects it', () => {
    const counts = decadeCounts(nn.tuner.uniform(1e-5, 1e-1), 4000, -5, -1);
    expect(chiSquare(counts)).toBeGreaterThan(1000);
    expect(counts[3]).toBeGreaterThan(3500); // ~90% of the mass lies in [1e-2, 1e-1)
  });

  test('beta(0.9, 0.999): 1 − β covers [1e-3, 1e-2) and [1e-2, 1e-1) about equally (chi-square < 10.83)', () => {
    const counts = decadeCounts(nn.tuner.beta(0.9, 0.999), 4000, -3, -1, (b) => 1 - b);
    expect(chiSquare(counts)).toBeLessThan(10.83);
    const rng = new Random(5);
    for (let i = 0; i < 1000; i++) {
      const b = (nn.tuner.beta(0.9, 0.999) as Dim).sample(rng) as number;
      expect(b >= 0.9 && b <= 0.999).toBe(true);
    }
  });

  test('int: every step value occurs, ends included; log ints favour small values per decade', () => {
    const rng = new Random(9);
    const seen = new Map<number, number>();
    const d = nn.tuner.int(32, 130, { step: 32 }) as Dim; // 32, 64, 96, 128 (130 is not on a step)
    for (let i = 0; i < 2000; i++) {
      const v = d.sample(rng) as number;
      seen.set(v, (seen.get(v) ?? 0) + 1);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([32, 64, 96, 128]);
    for (const c of seen.values()) expect(c).toBeGreaterThan(400); // ~500 each
    const log = nn.tuner.int(1, 1000, { log: true }) as Dim;
    const counts = decadeCounts(log, 3000, 0, 3);
    // [1, 10), [10, 100), [100, 1000]: about a third each on a log scale (uniform would put 90% in the last).
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  test('choice draws every value about equally', () => {
    const rng = new Random(2);
    const d = nn.tuner.choice(['relu', 'tanh', 'sigmoid']) as Dim;
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const v = d.sample(rng) as string;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(counts.size).toBe(3);
    expect(chiSquare([...counts.values()])).toBeLessThan(13.82); // df = 2 at 0.001
  });
});

describe('grid points and encoding', () => {
  test('grid points: geometric for logUniform and beta, even for uniform, every step for int', () => {
    const pts = (d: nn.Dimension) => (d as Dim).gridPoints('x') as number[];
    const log = pts(nn.tuner.logUniform(1e-4, 1e-1, { grid: 4 }));
    expect(log.map((v) => Math.log10(v))).toEqual([-4, -3, -2, -1].map((e) => expect.closeTo(e, 12)));
    expect(pts(nn.tuner.uniform(0, 1, { grid: 5 }))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(pts(nn.tuner.beta(0.9, 0.999, { grid: 3 }))).toEqual([0.9, expect.closeTo(0.99, 12), 0.999]);
    expect(pts(nn.tuner.int(1, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(pts(nn.tuner.int(16, 256, { log: true, grid: 5 }))).toEqual([16, 32, 64, 128, 256]);
    expect((nn.tuner.choice([true, false]) as Dim).gridPoints('x')).toEqual([true, false]);
  });

  test('encode then decode returns the params (ints and choices exactly, floats to 1e-12)', () => {
    const space = new SearchSpace(
      { lr: nn.tuner.logUniform(1e-5, 1), u: nn.tuner.uniform(-2, 3), n: nn.tuner.int(8, 512, { log: true }), act: nn.tuner.choice(['a', 'b', 'c']), b: nn.tuner.beta(0.5, 0.999), fixed: 7 },
      'test',
    );
    expect(space.width).toBe(7); // 4 numbers + a 3-way one-hot
    const rng = new Random(4);
    for (let i = 0; i < 200; i++) {
      const p = space.sample(rng);
      const q = space.decode(space.encode(p));
      expect(q.n).toBe(p.n);
      expect(q.act).toBe(p.act);
      expect(q.fixed).toBe(7);
      for (const k of ['lr', 'u', 'b']) expect(q[k]).toBeCloseTo(p[k] as number, 10);
      for (const v of space.encode(p)) expect(v >= 0 && v <= 1).toBe(true);
    }
  });
});

describe('factory errors', () => {
  test.each([
    ['uniform low ≥ high', () => nn.tuner.uniform(1, 1), nn.ConfigError, /tuner\.uniform: low must be < high, got low 1, high 1/],
    ['logUniform low ≤ 0', () => nn.tuner.logUniform(0, 1), nn.ConfigError, /tuner\.logUniform: low must be > 0.*got 0/],
    ['logUniform NaN', () => nn.tuner.logUniform(NaN, 1), nn.ConfigError, /finite numbers, got low NaN/],
    ['int non-integer', () => nn.tuner.int(1.5, 4), nn.ConfigError, /tuner\.int: low and high must be integers, got low 1\.5/],
    ['int step 0', () => nn.tuner.int(1, 4, { step: 0 }), nn.ConfigError, /step must be an integer ≥ 1, got 0/],
    ['int log with low 0', () => nn.tuner.int(0, 4, { log: true }), nn.ConfigError, /log: true needs low ≥ 1, got 0/],
    ['int log with step', () => nn.tuner.int(1, 64, { log: true, step: 2 }), nn.ConfigError, /cannot be combined with step 2/],
    ['choice empty', () => nn.tuner.choice([]), nn.ConfigError, /tuner\.choice: expected a non-empty array/],
    ['choice duplicate', () => nn.tuner.choice([1, 1]), nn.ValueError, /distinct, got \[1,1\]/],
    ['choice NaN', () => nn.tuner.choice([NaN]), nn.ValueError, /got NaN/],
    ['beta ≥ 1', () => nn.tuner.beta(0.9, 1), nn.ConfigError, /tuner\.beta: expected 0 ≤ low < high < 1, got low 0\.9, high 1/],
    ['grid 1', () => nn.tuner.uniform(0, 1, { grid: 1 }), nn.ConfigError, /grid must be an integer ≥ 2.*got 1/],
  ])('%s', (_name, make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });
});

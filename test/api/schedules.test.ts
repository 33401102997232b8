import { describe, expect, test } from 'vitest';
import { ConfigError, ValueError } from '../../src/errors.js';
import { exponentialDecay, inverseSqrtDecay, inverseTimeDecay, piecewiseConstant } from '../../src/schedules.js';

// Each case: [epoch, lr0, expected]; expected values are worked out by hand in the comments.
function expectRates(f: (epoch: number, lr0: number) => number, cases: [number, number, number][]): void {
  for (const [epoch, lr0, expected] of cases) {
    const actual = f(epoch, lr0);
    if (Math.abs(actual - expected) > 1e-15) {
      throw new Error(`epoch ${epoch}, lr0 ${lr0}: expected ${expected}, got ${actual}`);
    }
  }
}

describe('inverseTimeDecay: lr0 / (1 + decayRate·p), p = epoch / decaySteps', () => {
  test('continuous, decaySteps 1', () => {
    expectRates(inverseTimeDecay({ decayRate: 0.5 }), [
      [0, 0.1, 0.1], // 0.1 / (1 + 0)
      [1, 0.1, 0.1 / 1.5], // 0.1 / (1 + 0.5·1) = 0.0666…
      [4, 0.1, 0.1 / 3], // 0.1 / (1 + 0.5·4) = 0.0333…
      [4, 1, 1 / 3], // scales with lr0
    ]);
  });

  test('decaySteps 2: p = epoch / 2, floored when staircase', () => {
    expectRates(inverseTimeDecay({ decayRate: 0.5, decaySteps: 2 }), [
      [3, 0.1, 0.1 / 1.75], // p = 1.5 → 0.1 / (1 + 0.75)
    ]);
    expectRates(inverseTimeDecay({ decayRate: 0.5, decaySteps: 2, staircase: true }), [
      [1, 0.1, 0.1], // p = floor(0.5) = 0
      [3, 0.1, 0.1 / 1.5], // p = floor(1.5) = 1 → 0.1 / 1.5
      [4, 0.1, 0.1 / 2], // p = 2 → 0.1 / (1 + 1)
    ]);
  });

  test('decayRate 0 is constant', () => {
    expectRates(inverseTimeDecay({ decayRate: 0 }), [[7, 0.3, 0.3]]);
  });
});

describe('exponentialDecay: lr0 · decayRate^p, p = epoch / decaySteps', () => {
  test('0.95^epoch', () => {
    expectRates(exponentialDecay({ decayRate: 0.95 }), [
      [0, 0.2, 0.2], // 0.2 · 0.95^0
      [1, 0.2, 0.19], // 0.2 · 0.95
      [2, 0.2, 0.2 * 0.9025], // 0.95² = 0.9025 → 0.1805
    ]);
  });

  test('decaySteps 10, continuous and staircase', () => {
    expectRates(exponentialDecay({ decayRate: 0.95, decaySteps: 10 }), [
      [5, 0.2, 0.2 * 0.9746794344808963], // 0.95^0.5 = √0.95 = 0.97467943448…
    ]);
    expectRates(exponentialDecay({ decayRate: 0.95, decaySteps: 10, staircase: true }), [
      [9, 0.2, 0.2], // p = floor(0.9) = 0
      [10, 0.2, 0.19], // p = 1
      [25, 0.2, 0.2 * 0.9025], // p = floor(2.5) = 2
    ]);
  });
});

describe('inverseSqrtDecay: k / √(epoch + 1)', () => {
  test('k defaults to lr0', () => {
    expectRates(inverseSqrtDecay(), [
      [0, 0.3, 0.3], // 0.3 / √1
      [3, 0.3, 0.15], // 0.3 / √4
      [8, 0.3, 0.1], // 0.3 / √9
    ]);
  });

  test('an explicit k ignores lr0', () => {
    expectRates(inverseSqrtDecay({ k: 1 }), [
      [3, 0.3, 0.5], // 1 / √4
      [15, 99, 0.25], // 1 / √16
    ]);
  });
});

describe('piecewiseConstant: staircase by epoch, boundaries inclusive (Keras)', () => {
  test('values by interval', () => {
    const boundaries = [2, 5], values = [1, 0.5, 0.1];
    const f = piecewiseConstant({ boundaries, values });
    // epoch ≤ 2 → 1; 2 < epoch ≤ 5 → 0.5; epoch > 5 → 0.1
    const got = [0, 1, 2, 2.5, 3, 5, 6, 100].map((e) => f(e, 123));
    expect(got).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.1, 0.1]);
    boundaries[0] = 0; // the schedule keeps its own copy
    values[0] = 7;
    expect(f(1, 123)).toBe(1);
  });

  test('no boundaries: one constant value', () => {
    expect(piecewiseConstant({ boundaries: [], values: [0.01] })(50, 1)).toBe(0.01);
  });
});

describe('argument validation', () => {
  test('decay options: ConfigError naming the bad value', () => {
    expect(() => inverseTimeDecay({ decayRate: -1 })).toThrow(ConfigError);
    expect(() => inverseTimeDecay({ decayRate: -1 })).toThrow(/decayRate must be a number ≥ 0, got -1/);
    expect(() => inverseTimeDecay({} as never)).toThrow(/decayRate must be a number ≥ 0, got undefined/);
    expect(() => inverseTimeDecay({ decayRate: NaN })).toThrow(/got NaN/);
    expect(() => inverseTimeDecay({ decayRate: 0.5, decaySteps: 0 })).toThrow(/decaySteps must be a number > 0, got 0/);
    expect(() => inverseTimeDecay({ decayRate: 0.5, staircase: 'yes' as never })).toThrow(/staircase must be a boolean, got yes/);
    expect(() => inverseTimeDecay(undefined as never)).toThrow(ConfigError);
    expect(() => exponentialDecay({ decayRate: 0 })).toThrow(/exponentialDecay: decayRate must be a number > 0, got 0/);
    expect(() => exponentialDecay({ decayRate: 0.9, decaySteps: -2 })).toThrow(/decaySteps must be a number > 0, got -2/);
  });

  test('inverseSqrtDecay k must be > 0', () => {
    expect(() => inverseSqrtDecay({ k: 0 })).toThrow(ConfigError);
    expect(() => inverseSqrtDecay({ k: -1 })).toThrow(/k must be a number > 0, got -1/);
    expect(() => inverseSqrtDecay({ k: Infinity })).toThrow(/got Infinity/);
  });

  test('piecewiseConstant: lengths, order and finiteness', () => {
    expect(() => piecewiseConstant({ boundaries: [1, 2], values: [1, 2] })).toThrow(ConfigError);
    expect(() => piecewiseConstant({ boundaries: [1, 2], values: [1, 2] })).toThrow(/values must have boundaries.length \+ 1 = 3 entries, got 2/);
    expect(() => piecewiseConstant({ boundaries: [5, 5], values: [1, 2, 3] })).toThrow(/boundaries\[1\] must be a number > boundaries\[0\] = 5, got 5/);
    expect(() => piecewiseConstant({ boundaries: [NaN], values: [1, 2] })).toThrow(/boundaries\[0\] must be a number, got NaN/);
    expect(() => piecewiseConstant({ boundaries: [1], values: [1, NaN] })).toThrow(/values\[1\] must be a finite number, got NaN/);
    expect(() => piecewiseConstant({ boundaries: 3 as never, values: [1] })).toThrow(/boundaries must be an array/);
  });

  test('a bad epoch or lr0 at call time is a ValueError, not NaN', () => {
    const f = inverseTimeDecay({ decayRate: 0.5 });
    expect(() => f(-1, 0.1)).toThrow(ValueError);
    expect(() => f(-1, 0.1)).toThrow(/inverseTimeDecay: epoch must be a finite number ≥ 0, got -1/);
    expect(() => f(NaN, 0.1)).toThrow(/got NaN/);
    expect(() => inverseSqrtDecay()(0, NaN)).toThrow(/inverseSqrtDecay: lr0 must be a finite number, got NaN/);
  });
});

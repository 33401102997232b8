import { describe, expect, test } from 'vitest';
import { augmentImages, oneHot, shuffle, split, standardScaler, trainTestSplit } from '../../src/data/index.js';
import { ConfigError, ShapeError, ValueError } from '../../src/errors.js';
import { Tensor, tensor, tensor2d } from '../../src/tensor.js';

// x row i = [10i, 10i + 1, 10i + 2] and y = i, so every output row says which input row it came from.
function indexed(n: number, yCols = 0): { x: Tensor; y: Tensor } {
  const x = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) x.set([10 * i, 10 * i + 1, 10 * i + 2], 3 * i);
  const y = new Float32Array(n * Math.max(1, yCols));
  for (let i = 0; i < n; i++) y.fill(i, i * Math.max(1, yCols), (i + 1) * Math.max(1, yCols));
  return { x: new Tensor(x, [n, 3]), y: new Tensor(y, yCols ? [n, yCols] : [n]) };
}

/** The source row index of each output row, after checking x and y rows still belong together. */
function aligned(x: Tensor, y: Tensor): number[] {
  const xv = x.dataSync(), yv = y.dataSync(), n = x.shape[0]!, w = y.size / n;
  const ids: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = yv[k * w]!;
    for (let j = 0; j < w; j++) expect(yv[k * w + j], `y row ${k} col ${j}`).toBe(i);
    expect(Array.from(xv.subarray(3 * k, 3 * k + 3)), `x row ${k} with y ${i}`).toEqual([10 * i, 10 * i + 1, 10 * i + 2]);
    ids.push(i);
  }
  return ids;
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const sorted = (a: number[]) => [...a].sort((p, q) => p - q);

describe('shuffle', () => {
  test('permutes x and y rows together; same seed → same permutation', () => {
    const { x, y } = indexed(50);
    const a = shuffle(x, y, { seed: 7 });
    const ids = aligned(a.x, a.y);
    expect(sorted(ids)).toEqual(range(0, 50));
    expect(ids).not.toEqual(range(0, 50));
    const same = shuffle(x, y, { seed: 7 }), other = shuffle(x, y, { seed: 8 });
    expect(aligned(same.x, same.y)).toEqual(ids);
    expect(aligned(other.x, other.y)).not.toEqual(ids);
    expect(aligned(x, y)).toEqual(range(0, 50)); // inputs untouched
  });

  test('y of rank 2 and x alone', () => {
    const { x, y } = indexed(20, 2);
    const a = shuffle(x, y, { seed: 1 });
    expect(a.y.shape).toEqual([20, 2]);
    const ids = aligned(a.x, a.y);
    const b = shuffle(x, undefined, { seed: 1 });
    expect(b.y).toBeUndefined();
    expect(b.x.dataSync()).toEqual(a.x.dataSync()); // same seed, same permutation with or without y
    expect(sorted(ids)).toEqual(range(0, 20));
  });
});

describe('trainTestSplit', () => {
  test('default testSize 0.25: ceil(0.25·10) = 3 test rows, aligned, disjoint, covering', () => {
    const { x, y } = indexed(10);
    const s = trainTestSplit(x, y, { seed: 3 });
    expect([s.xTrain.shape, s.xTest.shape, s.yTrain.shape, s.yTest.shape]).toEqual([[7, 3], [3, 3], [7], [3]]);
    const ids = [...aligned(s.xTrain, s.yTrain), ...aligned(s.xTest, s.yTest)];
    expect(sorted(ids)).toEqual(range(0, 10));
    expect(ids).not.toEqual(range(0, 10));
    const again = trainTestSplit(x, y, { seed: 3 });
    expect(again.xTest.dataSync()).toEqual(s.xTest.dataSync());
  });

  test('integer count, no shuffle keeps order (test rows are the tail), fraction rounding', () => {
    const { x, y } = indexed(10);
    const s = trainTestSplit(x, y, { testSize: 4, shuffle: false });
    expect(aligned(s.xTrain, s.yTrain)).toEqual(range(0, 6));
    expect(aligned(s.xTest, s.yTest)).toEqual(range(6, 10));
    const big = indexed(100);
    // 0.07·100 = 7.000000000000001 in f64; the count is 7, not 8.
    expect(trainTestSplit(big.x, big.y, { testSize: 0.07, seed: 1 }).xTest.shape).toEqual([7, 3]);
    expect(trainTestSplit(big.x, big.y, { testSize: 0.333, seed: 1 }).xTest.shape).toEqual([34, 3]); // ceil(33.3)
  });

  test('bad testSize is a ConfigError naming it', () => {
    const { x, y } = indexed(10);
    for (const t of [0, -1, 1.5, NaN]) expect(() => trainTestSplit(x, y, { testSize: t })).toThrow(ConfigError);
    expect(() => trainTestSplit(x, y, { testSize: 1.5 })).toThrow(/testSize must be a fraction in \(0, 1\) or an integer count ≥ 1, got 1.5/);
    expect(() => trainTestSplit(x, y, { testSize: 10 })).toThrow(/testSize 10 gives 10 test rows of 10/);
    expect(() => trainTestSplit(x, y, { testSize: 0.01 })).not.toThrow(); // ceil(0.1) = 1
    expect(() => trainTestSplit(x, y, { testSize: 0.99 })).toThrow(/gives 10 test rows of 10/);
    expect(() => trainTestSplit(x, y, { seed: 0.5 })).toThrow(/seed must be an integer, got 0.5/);
  });
});

describe('split', () => {
  test('1000 rows into [0.98, 0.01, 0.01] → 980, 10, 10, aligned, disjoint, covering', () => {
    const { x, y } = indexed(1000);
    const parts = split(x, y, [0.98, 0.01, 0.01], { seed: 11 });
    expect(parts.map((p) => [p.x.shape[0], p.y.shape[0]])).toEqual([[980, 980], [10, 10], [10, 10]]);
    const ids = parts.flatMap((p) => aligned(p.x, p.y));
    expect(sorted(ids)).toEqual(range(0, 1000));
    expect(ids).not.toEqual(range(0, 1000));
    expect(split(x, y, [0.98, 0.01, 0.01], { seed: 11 })[2]!.y.dataSync()).toEqual(parts[2]!.y.dataSync());
    expect(split(x, y, [0.98, 0.01, 0.01], { seed: 12 })[2]!.y.dataSync()).not.toEqual(parts[2]!.y.dataSync());
  });

  test('rounded sizes, last part takes the remainder; shuffle false keeps consecutive rows', () => {
    const { x, y } = indexed(7, 2);
    // round(0.5·7) = 4, round(0.3·7 = 2.1) = 2, last 7 − 6 = 1
    const parts = split(x, y, [0.5, 0.3, 0.2], { shuffle: false });
    expect(parts.map((p) => aligned(p.x, p.y))).toEqual([[0, 1, 2, 3], [4, 5], [6]]);
    expect(parts[0]!.y.shape).toEqual([4, 2]);
  });

  test('bad fractions and empty parts are ConfigErrors', () => {
    const { x, y } = indexed(10);
    expect(() => split(x, y, [0.5, 0.4])).toThrow(ConfigError);
    expect(() => split(x, y, [0.5, 0.4])).toThrow(/fractions must sum to 1, got 0.9/);
    expect(() => split(x, y, [1.5, -0.5])).toThrow(/fractions\[1\] must be a positive number, got -0.5/);
    expect(() => split(x, y, [1, 0])).toThrow(/fractions\[1\] must be a positive number, got 0/);
    expect(() => split(x, y, [])).toThrow(/non-empty array/);
    // 10 rows: round(9.8) = 10, round(0.1) = 0 → part 1 empty
    expect(() => split(x, y, [0.98, 0.01, 0.01])).toThrow(/part 1 \(fraction 0.01\) of 3 would get 0 of 10 rows/);
    expect(() => split(x, y, [0.3, 0.3, 0.4 + 1e-10])).not.toThrow(); // within the 1e-9 tolerance
  });
});

describe('shape checks shared by shuffle / trainTestSplit / split', () => {
  test('row counts must match; ranks must be 2 for x and 1 or 2 for y', () => {
    const { x } = indexed(10);
    const y9 = indexed(9).y;
    expect(() => shuffle(x, y9)).toThrow(ShapeError);
    expect(() => shuffle(x, y9)).toThrow(/x and y must have the same number of rows, got x 10 rows \[10,3\] and y 9 rows \[9\]/);
    expect(() => trainTestSplit(x, y9)).toThrow(/trainTestSplit: .*x 10 rows .* y 9 rows/);
    expect(() => split(x, y9, [0.5, 0.5])).toThrow(/split: .*x 10 rows .* y 9 rows/);
    expect(() => shuffle(tensor([1, 2, 3]))).toThrow(/expected x of rank 2 \[n, features\], got shape \[3\]/);
    expect(() => shuffle(x, tensor(new Float32Array(10), [10, 1, 1]))).toThrow(/expected y of rank 1 \[n\] or 2 \[n, outputs\], got shape \[10,1,1\]/);
  });
});

describe('standardScaler', () => {
  // Columns: [1, 2, 3, 6]: mean 3, squared deviations 4 + 1 + 0 + 9 = 14, variance 14/4 = 3.5;
  //          [10, 20, 60, 30]: mean 30, 400 + 100 + 900 + 0 = 1400, variance 350;
  //          constant 5: std 0 → 1, so it maps to 0.
  const x = tensor2d([[1, 10, 5], [2, 20, 5], [3, 60, 5], [6, 30, 5]]);

  test('mean and population std by hand; transform in f64, rounded once', () => {
    const s = standardScaler().fit(x);
    expect(Array.from(s.mean)).toEqual([3, 30, 5]);
    expect(Array.from(s.std)).toEqual([Math.fround(Math.sqrt(3.5)), Math.fround(Math.sqrt(350)), 1]);
    const z = s.transform(x).dataSync();
    const want = [[1, 10], [2, 20], [3, 60], [6, 30]].flatMap(([a, b]) => [(a! - 3) / Math.sqrt(3.5), (b! - 30) / Math.sqrt(350), 0]);
    expect(Array.from(z)).toEqual(want.map(Math.fround));
    expect(standardScaler().fitTransform(x).dataSync()).toEqual(z);
  });

  test('statistics accumulate in f64: a large offset keeps the small spread', () => {
    // f32 values 100000.5 and 100001.5 (exact in f32): mean 100001, std 0.5.
    const s = standardScaler().fit(tensor2d([[100000.5], [100001.5], [100000.5], [100001.5]]));
    expect(s.mean[0]).toBe(100001);
    expect(s.std[0]).toBe(0.5);
  });

  test('getters return copies', () => {
    const s = standardScaler().fit(x);
    s.mean[0] = 99;
    expect(s.mean[0]).toBe(3);
  });

  test('errors: not fitted, width mismatch, no rows', () => {
    const s = standardScaler();
    expect(() => s.transform(x)).toThrow(ConfigError);
    expect(() => s.transform(x)).toThrow(/not fitted; call fit\(x\)/);
    expect(() => s.mean).toThrow(ConfigError);
    s.fit(x);
    expect(() => s.transform(tensor2d([[1, 2]]))).toThrow(ShapeError);
    expect(() => s.transform(tensor2d([[1, 2]]))).toThrow(/fitted on 3 columns, got x with 2 columns \[1,2\]/);
    expect(() => standardScaler().fit(new Tensor(new Float32Array(0), [0, 3]))).toThrow(/needs at least 1 row/);
  });
});

describe('oneHot', () => {
  test('arrays, Int32Array, rank-1 and [n, 1] tensors', () => {
    const want = [[0, 0, 1], [1, 0, 0], [0, 1, 0]];
    expect(oneHot([2, 0, 1], 3).arraySync()).toEqual(want);
    expect(oneHot(Int32Array.from([2, 0, 1]), 3).arraySync()).toEqual(want);
    expect(oneHot(tensor([2, 0, 1]), 3).arraySync()).toEqual(want);
    expect(oneHot(tensor([[2], [0], [1]]), 3).shape).toEqual([3, 3]);
    expect(oneHot([], 4).shape).toEqual([0, 4]);
  });

  test('bad labels name the index and value; bad numClasses is a ConfigError', () => {
    expect(() => oneHot([0, 1.5], 3)).toThrow(ValueError);
    expect(() => oneHot([0, 1.5], 3)).toThrow(/labels\[1\] = 1.5 is not an integer class in \[0, 3\)/);
    expect(() => oneHot(tensor([0, 1, 3]), 3)).toThrow(/labels\[2\] = 3 is not an integer class/);
    expect(() => oneHot([-1], 3)).toThrow(/labels\[0\] = -1/);
    expect(() => oneHot([NaN], 3)).toThrow(/labels\[0\] = NaN/);
    expect(() => oneHot([0], 0)).toThrow(ConfigError);
    expect(() => oneHot([0], 2.5)).toThrow(/numClasses must be an integer ≥ 1, got 2.5/);
    expect(() => oneHot(tensor([[0, 1]]), 3)).toThrow(/expected labels of shape \[n\] or \[n, 1\], got \[1,2\]/);
  });
});

describe('augmentImages', () => {
  const H = 5, W = 7; // not square, so a swapped h/w shows up

  /** n images of H×W where pixel (r, c) of image i holds 1 + i·H·W + r·W + c: every value names its source. */
  function labelled(n: number): Tensor {
    return new Tensor(Float32Array.from({ length: n * H * W }, (_, k) => 1 + k), [n, H * W]);
  }

  /** Image i mirrored (if asked) then shifted by (dx, dy) with zero fill: the obvious per-pixel loop. */
  function expected(src: Float32Array, i: number, dx: number, dy: number, mirror: boolean): number[] {
    const out: number[] = [];
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const sr = r - dy, sc = mirror ? W - 1 - (c - dx) : c - dx;
        out.push(sr >= 0 && sr < H && sc >= 0 && sc < W ? src[i * H * W + sr * W + sc]! : 0);
      }
    }
    return out;
  }

  /** The (dx, dy, mirror) that reproduces each output row exactly; fails if none does. */
  function recover(x: Tensor, out: Tensor, m: number, flips: boolean): [number, number, boolean][] {
    const src = x.dataSync(), got = out.dataSync(), n = x.shape[0]!;
    const found: [number, number, boolean][] = [];
    for (let i = 0; i < n; i++) {
      const row = Array.from(got.subarray(i * H * W, (i + 1) * H * W));
      const matches: [number, number, boolean][] = [];
      for (const mirror of flips ? [false, true] : [false]) {
        for (let dy = -m; dy <= m; dy++) {
          for (let dx = -m; dx <= m; dx++) {
            if (expected(src, i, dx, dy, mirror).every((v, k) => v === row[k])) matches.push([dx, dy, mirror]);
          }
        }
      }
      expect(matches.length, `row ${i}: ${JSON.stringify(row)} matches no single shift/mirror`).toBe(1);
      found.push(matches[0]!);
    }
    return found;
  }

  test('each row is its own image shifted by one (dx, dy) in [−2, 2]², all 25 shifts occur', () => {
    const x = labelled(300);
    const shifts = recover(x, augmentImages(x, { imageShape: [H, W], seed: 5 }), 2, false);
    expect(new Set(shifts.map(([dx, dy]) => `${dx},${dy}`)).size).toBe(25);
  });

  test('a single bright pixel moves by exactly (dx, dy), or leaves the image at the edge', () => {
    const n = 200, m = 2;
    // The draws depend on the seed and row count only, so the labelled images reveal each row's (dx, dy).
    const shifts = recover(labelled(n), augmentImages(labelled(n), { imageShape: [H, W], maxShift: m, seed: 9 }), m, false);
    for (const [r0, c0] of [[2, 3], [0, 0]] as const) {
      const v = new Float32Array(n * H * W);
      for (let i = 0; i < n; i++) v[i * H * W + r0 * W + c0] = 1;
      const out = augmentImages(new Tensor(v, [n, H * W]), { imageShape: [H, W], maxShift: m, seed: 9 }).dataSync();
      let gone = 0;
      for (let i = 0; i < n; i++) {
        const [dx, dy] = shifts[i]!;
        const row = out.subarray(i * H * W, (i + 1) * H * W);
        const r = r0 + dy, c = c0 + dx, inside = r >= 0 && r < H && c >= 0 && c < W;
        expect(row.reduce((a, b) => a + b, 0), `row ${i} shift (${dx}, ${dy})`).toBe(inside ? 1 : 0);
        if (inside) expect(row[r * W + c], `row ${i}: pixel at (${r}, ${c})`).toBe(1);
        else gone++;
      }
      // From the centre (2, 3) a shift of ≤ 2 always stays inside; from (0, 0) any negative shift leaves.
      if (r0 === 2) expect(gone).toBe(0);
      else expect(gone).toBe(shifts.filter(([dx, dy]) => dx < 0 || dy < 0).length);
    }
  });

  test('flipHorizontal mirrors about half the rows: pixel (r, c) → (r, W − 1 − c)', () => {
    const n = 200;
    const v = new Float32Array(n * H * W);
    for (let i = 0; i < n; i++) v[i * H * W + 1 * W + 1] = 1; // pixel (1, 1)
    const out = augmentImages(new Tensor(v, [n, H * W]), { imageShape: [H, W], maxShift: 0, flipHorizontal: true, seed: 2 }).dataSync();
    let mirrored = 0;
    for (let i = 0; i < n; i++) {
      const at = out.subarray(i * H * W, (i + 1) * H * W).indexOf(1);
      expect([1 * W + 1, 1 * W + (W - 2)], `row ${i}`).toContain(at);
      if (at === 1 * W + (W - 2)) mirrored++;
    }
    expect(mirrored).toBeGreaterThan(70); // Binomial(200, 0.5): mean 100, sd ≈ 7
    expect(mirrored).toBeLessThan(130);
    // With shifts too, every row is exactly one (mirror, dx, dy) of its own image.
    const x = labelled(100);
    const found = recover(x, augmentImages(x, { imageShape: [H, W], maxShift: 1, flipHorizontal: true, seed: 4 }), 1, true);
    expect(new Set(found.map(([, , f]) => f))).toEqual(new Set([false, true]));
  });

  test('seeded, input untouched, maxShift 0 without flip copies', () => {
    const x = labelled(20), before = x.dataSync();
    const a = augmentImages(x, { imageShape: [H, W], seed: 1 }).dataSync();
    expect(augmentImages(x, { imageShape: [H, W], seed: 1 }).dataSync()).toEqual(a);
    expect(augmentImages(x, { imageShape: [H, W], seed: 2 }).dataSync()).not.toEqual(a);
    expect(x.dataSync()).toEqual(before);
    const copy = augmentImages(x, { imageShape: [H, W], maxShift: 0 });
    expect(copy.dataSync()).toEqual(before);
    expect(copy.read('test')).not.toBe(x.read('test'));
  });

  test('errors name the shapes and values', () => {
    const x = labelled(2);
    expect(() => augmentImages(x, { imageShape: [5, 6] })).toThrow(ShapeError);
    expect(() => augmentImages(x, { imageShape: [5, 6] })).toThrow(/imageShape \[5,6\] needs 30 features a row, got x of shape \[2,35\]/);
    expect(() => augmentImages(x, { imageShape: [35] as never })).toThrow(/imageShape must be \[height, width\]/);
    expect(() => augmentImages(x, {} as never)).toThrow(ConfigError);
    expect(() => augmentImages(x, { imageShape: [H, W], maxShift: -1 })).toThrow(/maxShift must be an integer ≥ 0, got -1/);
    expect(() => augmentImages(x, { imageShape: [H, W], maxShift: 1.5 })).toThrow(ConfigError);
    expect(() => augmentImages(tensor([1, 2]), { imageShape: [1, 2] })).toThrow(/expected x of rank 2/);
  });
});

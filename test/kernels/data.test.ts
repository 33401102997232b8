import { describe, expect, test } from 'vitest';
import { WASM_BUILDS, expectClose, pair, rand } from '../harness.js';

const MS = [1, 2, 3, 4, 5, 17, 64];
// Row lengths around the SIMD width (4) and the 16-element copy block, a prime and a wide row.
const NS = [1, 3, 4, 5, 11, 15, 16, 17, 128];

describe.each(WASM_BUILDS)('data kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(MS)('f32_gather_rows, count=%i', (count) => {
    for (const ncols of NS) {
      const rows = 23;
      const src = rand(rows * ncols, count * 100 + ncols);
      // A shuffled index with repeats, covering the first and the last source row.
      const idx = Int32Array.from({ length: count }, (_, r) => (r === 0 ? rows - 1 : (r * 7 + 3) % rows));
      if (count > 1) idx[count - 1] = 0;
      const [w, t] = both({ src, idx }, { dst: count * ncols + 1 }, (k, p) => k.f32_gather_rows(count, ncols, p.src!, p.idx!, p.dst!));
      const dims = `count=${count} ncols=${ncols}`;
      expectClose(w.out.dst!, t.out.dst!, { atol: 0 }, `gather ${dims}`);
      const want = Array.from(idx).flatMap((s) => Array.from(src.subarray(s * ncols, s * ncols + ncols)));
      expectClose(t.out.dst!.subarray(0, count * ncols), want, { atol: 0 }, `gather vs src rows ${dims}`);
      expect(w.out.dst![count * ncols], `wrote past the last row ${dims}`).toBe(t.out.dst![count * ncols]);
      expect(w.out.dst![count * ncols]).toBeGreaterThanOrEqual(100); // the untouched fill pattern
    }
  });

  test.each(MS)('f32_standardize, out of place and in place, m=%i', (m) => {
    for (const n of NS) {
      const x = rand(m * n, m * 31 + n, -5, 5), mean = rand(n, n, -1, 1), std = rand(n, n + 1, 0.1, 3);
      const [w, t] = both({ x, mean, std }, { y: m * n }, (k, p) => {
        k.f32_standardize(m, n, p.x!, p.mean!, p.std!, p.y!);
        k.f32_standardize(m, n, p.x!, p.mean!, p.std!, p.x!);
      });
      const dims = `m=${m} n=${n}`;
      // f32 difference then f32 division vs f64 then one rounding: at most 1 ulp apart.
      expectClose(w.out.y!, t.out.y!, { atol: 1e-7, rtol: 2.4e-7 }, `standardize ${dims}`);
      expectClose(w.out.x!, w.out.y!, { atol: 0 }, `wasm in place ${dims}`);
      expectClose(t.out.x!, t.out.y!, { atol: 0 }, `ts in place ${dims}`);
    }
  });

  test('hand-derived: standardize [[1,2],[3,6]] with mean [2,4], std [1,2] = [[−1,−1],[1,1]]', () => {
    const [w, t] = both({ x: [1, 2, 3, 6], mean: [2, 4], std: [1, 2] }, { y: 4 }, (k, p) =>
      k.f32_standardize(2, 2, p.x!, p.mean!, p.std!, p.y!),
    );
    expect(Array.from(t.out.y!)).toEqual([-1, -1, 1, 1]);
    expect(Array.from(w.out.y!)).toEqual([-1, -1, 1, 1]);
  });
});

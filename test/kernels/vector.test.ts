import { describe, expect, test } from 'vitest';
import { WASM_BUILDS, expectClose, pair, rand } from '../harness.js';

// Lengths around the SIMD width (4): the scalar tail and the vector loop both run.
const SIZES = [1, 3, 4, 5, 11, 64, 1027];

describe.each(WASM_BUILDS)('vector kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);

  test.each(SIZES)('f32_vadd / f32_vmul / f32_vscale / f32_vclamp, n=%i', (n) => {
    const a = rand(n, 1), b = rand(n, 2);
    const [w, t] = both({ a, b }, { add: n, mul: n, scale: n, clamp: n }, (k, p) => {
      k.f32_vadd(n, p.a!, p.b!, p.add!);
      k.f32_vmul(n, p.a!, p.b!, p.mul!);
      k.f32_vscale(n, p.a!, p.scale!, 0.3);
      k.f32_vclamp(n, p.a!, p.clamp!, -0.25, 0.5);
    });
    for (const key of ['add', 'mul', 'scale', 'clamp']) {
      expectClose(w.out[key]!, t.out[key]!, { atol: 0 }, `${key} n=${n}`);
    }
    expect(t.out.add![0]).toBeCloseTo(a[0]! + b[0]!, 6);
    expect(Math.max(...t.out.clamp!)).toBeLessThanOrEqual(0.5);
  });

  test('in place: y may equal x', () => {
    const n = 13, a = rand(n, 3);
    const [w, t] = both({ a }, {}, (k, p) => k.f32_vscale(n, p.a!, p.a!, -2));
    expectClose(w.out.a!, t.out.a!, { atol: 0 }, 'vscale in place');
    expectClose(t.out.a!, Array.from(a, (v) => Math.fround(v * -2)), { atol: 0 }, 'vscale in place vs formula');
  });

  test('f32_vfill writes exactly n elements', () => {
    const [w, t] = both({}, { y: 9 }, (k, p) => k.f32_vfill(7, p.y!, 2.5));
    expectClose(w.out.y!, t.out.y!, { atol: 0 }, 'vfill');
    expect(Array.from(t.out.y!.slice(0, 7))).toEqual(Array(7).fill(2.5));
    expect(t.out.y![7]).not.toBe(2.5);
  });
});

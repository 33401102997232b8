// Seeded data sets for the diagnose tests: two moons (not linearly separable) and Gaussian features.
import * as nn from '../../src/index.js';
import { Random } from '../../src/random.js';

/** n points of two interleaved half circles (classes alternate), with Gaussian noise and a fraction of flipped labels. */
export function moons(n: number, seed: number, noise = 0.1, flip = 0): { x: nn.Tensor; y: nn.Tensor } {
  const r = new Random(seed);
  const x = new Float32Array(2 * n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2, t = Math.PI * r.uniform();
    x[2 * i] = (c ? 1 - Math.cos(t) : Math.cos(t)) + noise * r.normal();
    x[2 * i + 1] = (c ? 0.5 - Math.sin(t) : Math.sin(t)) + noise * r.normal();
    y[i] = r.uniform() < flip ? 1 - c : c;
  }
  return { x: nn.tensor2d(x, [n, 2]), y: nn.tensor2d(y, [n, 1]) };
}

/** n rows of f standard-normal features; the label is whether the first feature is positive. */
export function gaussian(n: number, f: number, seed: number): { x: nn.Tensor; y: nn.Tensor; values: Float32Array } {
  const r = new Random(seed);
  const values = Float32Array.from({ length: n * f }, () => r.normal());
  const y = Float32Array.from({ length: n }, (_, i) => (values[i * f]! > 0 ? 1 : 0));
  return { x: nn.tensor2d(values, [n, f]), y: nn.tensor2d(y, [n, 1]), values };
}

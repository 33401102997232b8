import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { rand } from '../harness.js';

describe.each(['wasm', 'ts'] as const)('predictInto on %s', (backend) => {
  const model = () => nn.sequential({ seed: 4, layers: [nn.layers.dense({ units: 7, inputShape: [5], activation: 'relu' }), nn.layers.batchNormalization(), nn.layers.dense({ units: 3, activation: 'softmax' })] });

  test('writes exactly what predict returns, for one row and for many rows in chunks', async () => {
    await nn.setBackend(backend);
    const m = model();
    for (const [n, batchSize] of [[1, 32], [37, 8], [64, 64]] as const) {
      const input = rand(n * 5, n), output = new Float32Array(n * 3).fill(NaN);
      m.predictInto(input, output, { batchSize });
      expect(Array.from(output)).toEqual(Array.from(m.predict(nn.tensor2d(input, [n, 5]), { batchSize }).dataSync()));
    }
  });

  test('size mismatches are ShapeErrors naming both sizes; non-Float32Array is a ValueError', async () => {
    await nn.setBackend(backend);
    const m = model();
    expect(() => m.predictInto(new Float32Array(11), new Float32Array(6))).toThrow(/input has 11 values \(expected a multiple of 5\)/);
    expect(() => m.predictInto(new Float32Array(10), new Float32Array(5))).toThrow(/output 5 \(expected 6\)/);
    expect(() => m.predictInto([1, 2, 3, 4, 5] as never, new Float32Array(3))).toThrow(nn.ValueError);
  });
});

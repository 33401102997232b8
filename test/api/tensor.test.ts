import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

describe('tensor creation', () => {
  test('nested arrays give their shape; values round-trip', () => {
    const t = nn.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  test('flat values with a shape, Float32Array input, scalars and 1-d', async () => {
    const t = nn.tensor2d(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    expect(t.arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(await t.array()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(Array.from(await t.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(nn.scalar(2.5).arraySync()).toBe(2.5);
    expect(nn.scalar(2.5).shape).toEqual([]);
    expect(nn.tensor1d([1, 2]).shape).toEqual([2]);
    expect(nn.tensor([1, 2, 3, 4], [2, 2]).arraySync()).toEqual([[1, 2], [3, 4]]);
  });

  test('other typed arrays convert element by element; the source is copied', () => {
    const src = new Float64Array([0.1, 2, -3.5]);
    const t = nn.tensor(src);
    expect(Array.from(t.dataSync())).toEqual([Math.fround(0.1), 2, -3.5]);
    expect(Array.from(nn.tensor(new Int32Array([7, -8])).dataSync())).toEqual([7, -8]);
    const f = new Float32Array([1, 2]);
    const u = nn.tensor(f);
    f[0] = 9;
    expect(u.dataSync()[0]).toBe(1);
  });

  test('dataSync returns a copy: the tensor is a value', () => {
    const t = nn.tensor([1, 2]);
    t.dataSync()[0] = 99;
    expect(t.dataSync()[0]).toBe(1);
  });

  test('values are rounded to float32', () => {
    expect(nn.tensor([0.1]).dataSync()[0]).toBe(Math.fround(0.1));
  });

  test('shape errors name what was expected and what was given', () => {
    expect(() => nn.tensor([[1, 2], [3]])).toThrow(nn.ShapeError);
    expect(() => nn.tensor([[1, 2], [3]])).toThrow(/values\[1\] has length 1, expected length 2/);
    expect(() => nn.tensor([1, 2, 3], [2, 2])).toThrow(/shape \[2,2\] needs 4 values, got 3/);
    expect(() => nn.tensor2d([1, 2, 3, 4])).toThrow(/expected a rank-2 tensor, got shape \[4\]/);
    expect(() => nn.tensor2d([1, 2, 3, 4], [4] as never)).toThrow(/must have 2 dimensions/);
    expect(() => nn.tensor([1, 2], [-1, -2])).toThrow(nn.ShapeError);
  });

  test('non-numeric values and unsupported dtypes are typed errors', () => {
    expect(() => nn.tensor(['a', 'b'] as never)).toThrow(nn.ValueError);
    expect(() => nn.tensor([1], undefined, 'complex64' as never)).toThrow(nn.ConfigError);
  });

  test('a disposed tensor throws on use and says so', () => {
    const t = nn.tensor([1, 2]);
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(() => t.dataSync()).toThrow(/disposed/);
  });
});

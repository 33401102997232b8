// Junk at the API boundary is a typed error, never a raw TypeError/RangeError: BigInt values, array-likes
// with absurd lengths, cyclic objects; and duplicate layer names are rejected when added (as tfjs), since
// a model saved with them could not be loaded.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

const cyclic: unknown[] = [];
cyclic.push(cyclic);

describe('tensor data', () => {
  test.each([
    ['BigInt in nested arrays', () => nn.tensor2d([[1n, 2n]] as never), /values must be numbers, got bigint/],
    ['BigInt64Array', () => nn.tensor(new BigInt64Array([1n, 2n]) as never), /BigInt64Array/],
    ['BigUint64Array', () => nn.tensor1d(new BigUint64Array([1n]) as never), /BigUint64Array/],
    ['{length: 1e10}', () => nn.tensor({ length: 1e10 } as never), /10000000000 values is more than/],
    ['{length: -1}', () => nn.tensor({ length: -1 } as never), /integer length, got length -1/],
    ['{length: 1.5}', () => nn.tensor({ length: 1.5 } as never), /integer length/],
    ['array-like with strings', () => nn.tensor({ length: 2, 0: 1, 1: 'a' } as never), /got string at index 1/],
    ['a DataView', () => nn.tensor(new DataView(new ArrayBuffer(8)) as never), /DataView/],
    ['an object inside an array', () => nn.tensor([{ a: 1 }] as never), /values must be numbers, got object/],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(nn.SimdnnError);
    expect(run).toThrow(message);
  });

  test('a cyclic array is a typed error', () => {
    expect(() => nn.tensor(cyclic as never)).toThrow(nn.SimdnnError);
  });

  test('fit, predict and evaluate take the same junk as a ValueError', async () => {
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(model.fit({ length: 1e10 } as never, nn.tensor2d([[1]]))).rejects.toThrow(nn.ValueError);
    expect(() => model.predict([[1n, 2n]] as never)).toThrow(nn.ValueError);
    expect(() => model.evaluate(nn.tensor2d([[1, 2]]), { length: 1e10 } as never)).toThrow(nn.SimdnnError);
  });
});

describe('layer names', () => {
  test('a second layer with the same name is a ConfigError naming it, and the model keeps working', () => {
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 3, inputShape: [2], name: 'hidden' })] });
    expect(() => model.add(nn.layers.dense({ units: 1, name: 'hidden' }))).toThrow(/a layer named hidden is already in the model/);
    expect(model.layers.length).toBe(1);
    expect(model.predict(nn.tensor2d([[1, 2]])).shape).toEqual([1, 3]);
  });

  test('unique names save and load', async () => {
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 3, inputShape: [2], name: 'a' }), nn.layers.dense({ units: 1, name: 'b' })] });
    let stored: nn.ModelArtifacts | undefined;
    await nn.saveModel(model, nn.io.withSaveHandler((art) => { stored = art; }));
    const back = await nn.loadLayersModel(nn.io.fromMemory(stored));
    expect(back.layers.map((l) => l.name)).toEqual(['a', 'b']);
  });
});

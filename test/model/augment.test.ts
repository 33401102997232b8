import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { rand } from '../harness.js';

// 6×6 "images": a bright pixel whose column says the class (left half 0, right half 1).
function images(n: number, seed: number) {
  const x = new Float32Array(n * 36), y = new Float32Array(n);
  const r = rand(2 * n, seed, 0, 1);
  for (let i = 0; i < n; i++) {
    const row = 1 + Math.floor(r[2 * i]! * 4), cls = i % 2, col = cls ? 4 : 1;
    x[i * 36 + row * 6 + col] = 1;
    y[i] = cls;
  }
  return { x: nn.tensor2d(x, [n, 36]), y: nn.tensor2d(y, [n, 1]) };
}

function model() {
  const m = nn.sequential({ seed: 5, layers: [nn.layers.dense({ units: 8, inputShape: [36], activation: 'relu' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })] });
  m.compile({ optimizer: nn.train.adam(0.02), loss: 'binaryCrossentropy', metrics: ['acc'] });
  return m;
}

const flat = (m: nn.Sequential) => m.getWeights().flatMap((t) => Array.from(t.dataSync()));

describe.each(['wasm', 'ts'] as const)('fit with image augmentation on %s', (backend) => {
  test('augmentation is seeded, changes training, and maxShift 0 is the identity', async () => {
    await nn.setBackend(backend);
    const { x, y } = images(64, 1);
    const run = async (augment?: nn.data.ImageAugmentation) => {
      const m = model();
      await m.fit(x, y, { epochs: 3, batchSize: 16, seed: 7, augment });
      return flat(m);
    };
    const aug = () => nn.data.imageAugmentation({ imageShape: [6, 6], maxShift: 1, flipHorizontal: false });
    const a = await run(aug()), b = await run(aug());
    expect(a).toEqual(b);
    expect(await run()).not.toEqual(a);
    expect(await run(nn.data.imageAugmentation({ imageShape: [6, 6], maxShift: 0 }))).toEqual(await run());
  });

  test('validation rows are not augmented: val_loss equals evaluate on the held-out rows', async () => {
    await nn.setBackend(backend);
    const { x, y } = images(40, 2);
    const m = model();
    const h = await m.fit(x, y, { epochs: 2, batchSize: 8, seed: 3, validationSplit: 0.25, augment: nn.data.imageAugmentation({ imageShape: [6, 6], maxShift: 2, flipHorizontal: true }) });
    const xv = nn.tensor2d(x.dataSync().slice(30 * 36), [10, 36]), yv = nn.tensor2d(y.dataSync().slice(30), [10, 1]);
    const [loss] = m.evaluate(xv, yv) as nn.Tensor[];
    expect(h.history.val_loss![1]).toBeCloseTo(loss!.dataSync()[0]!, 5);
  });

  test('an imageShape that does not match the input width is a ConfigError', async () => {
    await nn.setBackend(backend);
    const { x, y } = images(8, 3);
    await expect(model().fit(x, y, { augment: nn.data.imageAugmentation({ imageShape: [5, 5] }) })).rejects.toThrow(/height·width = 36 input features, got imageShape \[5,5\]/);
    await expect(model().fit(x, y, { augment: {} as never })).rejects.toThrow(nn.ConfigError);
  });
});

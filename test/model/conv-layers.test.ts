// Shape-general layers: conv2d, pooling, flatten, reshape, batch norm over channels and dense on the
// last axis. Shapes and parameter counts as tfjs gives them, central-difference gradient checks of
// every new layer on both backends, and typed errors for shapes that cannot work.
import { beforeAll, describe, expect, it, test } from 'vitest';
import * as nn from '../../src/index.js';
import { rand } from '../harness.js';

const PASS = 1e-6;

function compiled(layers: nn.Layer[], loss = 'meanSquaredError', seed = 3): nn.Sequential {
  const m = nn.sequential({ seed, layers });
  m.compile({ optimizer: 'sgd', loss });
  return m;
}

function expectPass(r: nn.GradCheckResult): void {
  const worst = r.weights.reduce((a, b) => (b.maxError > a.maxError ? b : a));
  expect(r.maxError, `${worst.name}[${worst.index}]: analytic ${worst.analytic}, numeric ${worst.numeric}`).toBeLessThan(PASS);
  expect(r.weights.length).toBeGreaterThan(0);
}

describe('shapes', () => {
  test('the tfjs MNIST CNN: output shapes and parameter counts as tfjs-layers reports them', () => {
    const m = nn.sequential({
      layers: [
        nn.layers.conv2d({ inputShape: [28, 28, 1], kernelSize: 5, filters: 8, activation: 'relu' }),
        nn.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }),
        nn.layers.conv2d({ kernelSize: 5, filters: 16, activation: 'relu' }),
        nn.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }),
        nn.layers.flatten(),
        nn.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    expect(m.layers.map((l) => l.outputShape)).toEqual([[null, 24, 24, 8], [null, 12, 12, 8], [null, 8, 8, 16], [null, 4, 4, 16], [null, 256], [null, 10]]);
    // 5·5·1·8 + 8, 5·5·8·16 + 16, 256·10 + 10 (tfjs's summary: 208, 3216, 2570)
    expect(m.layers.map((l) => l.countParams())).toEqual([208, 0, 3216, 0, 0, 2570]);
    expect(m.inputShape).toEqual([null, 28, 28, 1]);
    const lines: string[] = [];
    m.summary(80, undefined, (l) => lines.push(l));
    expect(lines.some((l) => l.includes('[null,24,24,8]'))).toBe(true);
    expect(m.predict(nn.tensor4d(rand(2 * 784, 1, 0, 1), [2, 28, 28, 1])).shape).toEqual([2, 10]);
  });

  test.each([
    [{ kernelSize: 3, filters: 2, padding: 'same' as const }, [7, 5, 3], [7, 5, 2]],
    [{ kernelSize: 3, filters: 2, strides: 2 }, [7, 5, 3], [3, 2, 2]],
    [{ kernelSize: 3, filters: 2, strides: 2, padding: 'same' as const }, [7, 5, 3], [4, 3, 2]],
    [{ kernelSize: [3, 1] as [number, number], filters: 4, dilationRate: 2 }, [7, 5, 3], [3, 5, 4]],
  ])('conv2d %j on %j gives %j', (args, input, output) => {
    const m = nn.sequential({ layers: [nn.layers.conv2d({ ...args, inputShape: input })] });
    expect(m.outputShape).toEqual([null, ...output]);
    expect(m.predict(nn.tensor(rand(2 * input.reduce((a, b) => a * b), 2), [2, ...input])).shape).toEqual([2, ...output]);
  });

  test('pooling, flatten and reshape shapes; reshape infers -1', () => {
    const shape = (layer: nn.Layer) => nn.sequential({ layers: [layer] }).outputShape;
    expect(shape(nn.layers.maxPooling2d({ inputShape: [5, 7, 3] }))).toEqual([null, 2, 3, 3]);
    expect(shape(nn.layers.averagePooling2d({ inputShape: [5, 7, 3], padding: 'same' }))).toEqual([null, 3, 4, 3]);
    expect(shape(nn.layers.maxPooling2d({ inputShape: [5, 7, 3], poolSize: 3, strides: 1 }))).toEqual([null, 3, 5, 3]);
    expect(shape(nn.layers.globalAveragePooling2d({ inputShape: [5, 7, 3] }))).toEqual([null, 3]);
    expect(shape(nn.layers.flatten({ inputShape: [5, 7, 3] }))).toEqual([null, 105]);
    expect(shape(nn.layers.reshape({ inputShape: [12], targetShape: [-1, 3] }))).toEqual([null, 4, 3]);
  });

  test('flatten and reshape move no data: predictions are the inputs', () => {
    const x = nn.tensor4d(rand(2 * 24, 4), [2, 2, 3, 4]);
    const flat = nn.sequential({ layers: [nn.layers.flatten({ inputShape: [2, 3, 4] })] }).predict(x);
    expect(flat.shape).toEqual([2, 24]);
    expect(Array.from(flat.dataSync())).toEqual(Array.from(x.dataSync()));
    const back = nn.sequential({ layers: [nn.layers.reshape({ inputShape: [24], targetShape: [4, 6] })] }).predict(flat);
    expect(back.shape).toEqual([2, 4, 6]);
    expect(Array.from(back.dataSync())).toEqual(Array.from(x.dataSync()));
  });

  test('dense on the last axis of rank-3 input: the same kernel applied to every row', () => {
    const m = nn.sequential({ seed: 1, layers: [nn.layers.dense({ inputShape: [3, 4], units: 2 })] });
    expect(m.outputShape).toEqual([null, 3, 2]);
    expect(m.getWeights()[0]!.shape).toEqual([4, 2]);
    const x = nn.tensor3d(rand(2 * 12, 5), [2, 3, 4]);
    const y = m.predict(x).dataSync();
    const rows = nn.sequential({ seed: 1, layers: [nn.layers.dense({ inputShape: [4], units: 2 })] });
    rows.setWeights(m.getWeights());
    expect(Array.from(y)).toEqual(Array.from(rows.predict(nn.tensor2d(x.dataSync(), [6, 4])).dataSync()));
  });

  test('batch norm over the channels of images: statistics per channel over batch, height and width', () => {
    const bn = nn.layers.batchNormalization({ inputShape: [3, 3, 2], momentum: 0 });
    const m = compiled([bn]);
    expect(m.getWeights().map((w) => w.shape)).toEqual([[2], [2], [2], [2]]);
    const x = nn.tensor4d(rand(4 * 18, 6, -3, 5), [4, 3, 3, 2]);
    return m.fit(x, x, { epochs: 1, batchSize: 4 }).then(() => {
      // momentum 0: the moving statistics are the last batch's, per channel over 4·3·3 values.
      const v = x.dataSync();
      for (let c = 0; c < 2; c++) {
        const vals = Array.from({ length: 36 }, (_, i) => v[i * 2 + c]!);
        const mean = vals.reduce((a, b) => a + b) / 36;
        expect(m.getWeights()[2]!.dataSync()[c]).toBeCloseTo(mean, 4);
      }
    });
  });
});

describe('bad input: typed errors naming the layer, the expected and the given shape', () => {
  test.each([
    ['conv2d on [features] input', () => nn.sequential({ layers: [nn.layers.dense({ units: 4, inputShape: [3] }), nn.layers.conv2d({ name: 'c1', filters: 2, kernelSize: 3 })] }),
      nn.ShapeError, /c1: expects images of shape \[height, width, channels\].*got input shape \[4\]/],
    ['a kernel larger than the unpadded input', () => nn.sequential({ layers: [nn.layers.conv2d({ name: 'c2', inputShape: [4, 4, 1], filters: 2, kernelSize: 5 })] }),
      nn.ShapeError, /c2: the 5×5 window .* does not fit the 4×4 input/],
    ['strides 0', () => nn.layers.conv2d({ name: 'c3', filters: 2, kernelSize: 3, strides: 0 }), nn.ConfigError, /c3: strides must be an integer ≥ 1.*got 0/],
    ['filters 0', () => nn.layers.conv2d({ filters: 0, kernelSize: 3 }), nn.ConfigError, /filters must be a positive integer/],
    ['no kernelSize', () => nn.layers.conv2d({ filters: 2 } as never), nn.ConfigError, /kernelSize is required/],
    ['padding causal', () => nn.layers.conv2d({ filters: 2, kernelSize: 2, padding: 'causal' as never }), nn.ConfigError, /padding must be 'valid' or 'same', got "causal"/],
    ['channelsFirst', () => nn.layers.maxPooling2d({ dataFormat: 'channelsFirst' as never }), nn.ConfigError, /dataFormat must be 'channelsLast'/],
    ['strides and dilation together', () => nn.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }), nn.ConfigError, /together with dilationRate/],
    ['pooling a 2-D input', () => nn.sequential({ layers: [nn.layers.maxPooling2d({ name: 'p1', inputShape: [8] })] }), nn.ShapeError, /p1: expects images.*got input shape \[8\]/],
    ['a pool window larger than the input', () => nn.sequential({ layers: [nn.layers.maxPooling2d({ name: 'p2', inputShape: [1, 5, 2] })] }), nn.ShapeError, /p2: the 2×2 window/],
    ['reshape to a different size', () => nn.sequential({ layers: [nn.layers.reshape({ name: 'r1', inputShape: [10], targetShape: [3, 3] })] }), nn.ShapeError, /r1: cannot reshape input \[10\] \(10 values per sample\) to \[3,3\]/],
    ['reshape -1 that does not divide', () => nn.sequential({ layers: [nn.layers.reshape({ name: 'r2', inputShape: [10], targetShape: [-1, 3] })] }), nn.ShapeError, /10 is not a multiple of 3/],
    ['reshape with two -1', () => nn.layers.reshape({ targetShape: [-1, -1] }), nn.ConfigError, /at most one -1/],
    ['an inputShape with an unknown dimension', () => nn.layers.flatten({ inputShape: [null as never, 3] }), nn.ConfigError, /inputShape must be a non-empty list of positive integers/],
    ['batch norm on a middle axis', () => nn.sequential({ layers: [nn.layers.batchNormalization({ name: 'bn', inputShape: [4, 4, 3], axis: 1 })] }), nn.ConfigError, /bn: only the last axis \(-1 or 3/],
  ])('%s', (_name, run, type, message) => {
    expect(run).toThrow(type);
    expect(run).toThrow(message);
  });

  test('images given to a model that takes images of another size', () => {
    const m = nn.sequential({ layers: [nn.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 })] });
    expect(() => m.predict(nn.tensor4d(new Float32Array(2 * 64), [2, 8, 8, 1]))).not.toThrow();
    expect(() => m.predict(nn.tensor4d(new Float32Array(2 * 49), [2, 7, 7, 1]))).toThrow(/expected input shape \[\*, 8, 8, 1\], got \[2,7,7,1\]/);
    expect(() => m.predict(nn.tensor2d(new Float32Array(2 * 64), [2, 64]))).toThrow(nn.ShapeError);
  });

  test('categorical cross-entropy on an image-shaped output asks for flatten + dense', () => {
    const m = nn.sequential({ layers: [nn.layers.conv2d({ inputShape: [4, 4, 1], filters: 3, kernelSize: 1, activation: 'softmax' })] });
    expect(() => m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' })).toThrow(/needs a \[batch, classes\] output.*flatten\(\) and a dense layer/);
  });
});

describe.each(['wasm', 'ts'] as const)('gradCheck of the image layers (model on %s)', (backend) => {
  beforeAll(async () => {
    await nn.setBackend(backend);
  });
  const N = 3;
  const img = (h: number, w: number, c: number, seed = 9) => nn.tensor4d(rand(N * h * w * c, seed), [N, h, w, c]);
  const target = (units: number) => nn.tensor2d(rand(N * units, 10), [N, units]);
  const head = () => [nn.layers.flatten(), nn.layers.dense({ units: 2, activation: 'tanh' })];

  it.each([
    ['valid 3×3', { kernelSize: 3, filters: 3 }],
    ['same 3×3 stride 2 (uneven padding)', { kernelSize: 3, filters: 2, strides: 2, padding: 'same' as const }],
    ['2×3 dilation 2', { kernelSize: [2, 3] as [number, number], filters: 2, dilationRate: 2 }],
    ['1×1 without bias, tanh', { kernelSize: 1, filters: 4, useBias: false, activation: 'tanh' as const }],
  ])('conv2d %s → flatten → dense', (_name, args) => {
    const m = compiled([nn.layers.conv2d({ inputShape: [6, 5, 3], biasInitializer: 'randomNormal', ...args }), ...head()]);
    // ε = 1e-5: tanh's curvature makes the O(ε²) truncation of the difference ~1e-6 relative at 1e-4.
    expectPass(nn.gradCheck(m, img(6, 5, 3), target(2), { epsilon: 1e-5 }));
  });

  it('two convolutions: dL/dx of the second reaches the first', () => {
    const m = compiled([
      nn.layers.conv2d({ inputShape: [7, 7, 2], kernelSize: 3, filters: 3, activation: 'sigmoid' }),
      nn.layers.conv2d({ kernelSize: 3, filters: 2, padding: 'same' }),
      ...head(),
    ]);
    const r = nn.gradCheck(m, img(7, 7, 2), target(2));
    expectPass(r);
    expect(Math.abs(r.weights[0]!.analytic)).toBeGreaterThan(0);
  });

  it.each([
    ['maxPooling2d 2×2', () => nn.layers.maxPooling2d({})],
    ['maxPooling2d 3×3 stride 2 same', () => nn.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })],
    ['averagePooling2d 2×2', () => nn.layers.averagePooling2d({})],
    ['averagePooling2d 3×3 stride 2 same', () => nn.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' })],
  ])('conv2d → %s → flatten → dense', (_name, pool) => {
    const m = compiled([nn.layers.conv2d({ inputShape: [7, 6, 2], kernelSize: 2, filters: 3, biasInitializer: 'randomNormal' }), pool(), ...head()]);
    expectPass(nn.gradCheck(m, img(7, 6, 2), target(2)));
  });

  it.each([
    ['globalAveragePooling2d', () => nn.layers.globalAveragePooling2d()],
    ['globalMaxPooling2d', () => nn.layers.globalMaxPooling2d()],
  ])('conv2d → %s → dense', (_name, pool) => {
    const m = compiled([nn.layers.conv2d({ inputShape: [5, 5, 2], kernelSize: 3, filters: 4 }), pool(), nn.layers.dense({ units: 2 })]);
    expectPass(nn.gradCheck(m, img(5, 5, 2), target(2)));
  });

  it('batch norm over channels between convolutions, and reshape back to an image', () => {
    const m = compiled([
      nn.layers.dense({ inputShape: [12], units: 24 }),
      nn.layers.reshape({ targetShape: [3, 4, 2] }),
      nn.layers.conv2d({ kernelSize: 2, filters: 3 }),
      nn.layers.batchNormalization(),
      ...head(),
    ]);
    const r = nn.gradCheck(m, nn.tensor2d(rand(N * 12, 8), [N, 12]), target(2), { epsilon: 1e-5 });
    expectPass(r);
  });

  it('dense on rank-3 input with softmax over the last axis', () => {
    const m = compiled([nn.layers.dense({ inputShape: [3, 4], units: 3, activation: 'softmax' }), nn.layers.flatten(), nn.layers.dense({ units: 2 })]);
    expectPass(nn.gradCheck(m, nn.tensor3d(rand(N * 12, 7), [N, 3, 4]), target(2)));
  });
});

// End-to-end rows of `simdnn bench`: training samples/s (steady state) and predict latency for the MNIST MLP
// and the tfjs example CNN, on the current backend, over labelled rows given by the caller (the CLI passes
// the MNIST sample that ships in the package).
import * as nn from '../index.js';
import { msPerCall } from './time.js';

/** Labelled rows: x [n, 784] pixels in [0, 1], y [n, 10] one-hot. */
export interface Digits {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

export interface TrainingRow {
  model: 'mlp' | 'cnn';
  what: string;
  batchSize: number;
  trainSamples: number;
  samplesPerSec: number;
  predictB1Ms: number;
  predictB256Ms: number;
}

/**
 * The layers of the CNN the suite trains: the tfjs MNIST example's (conv 8@5×5 relu → maxpool 2 → conv
 * 16@5×5 relu → maxpool 2 → flatten → dense softmax) over 28×28×1 images, or over rows of 784 pixels
 * with `flatInput` (a reshape first).
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * import { mnistCnnLayers } from 'simdnn/bench';
 * const model = nn.sequential({ seed: 1, layers: mnistCnnLayers() });
 * console.log(model.countParams()); // 5994
 * ```
 */
export function mnistCnnLayers(opts: { flatInput?: boolean; classes?: number } = {}): nn.Layer[] {
  const first = { kernelSize: 5, filters: 8, activation: 'relu' } as const;
  return [
    ...(opts.flatInput ? [nn.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1] }), nn.layers.conv2d(first)] : [nn.layers.conv2d({ inputShape: [28, 28, 1], ...first })]),
    nn.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
    nn.layers.conv2d({ kernelSize: 5, filters: 16, activation: 'relu' }),
    nn.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
    nn.layers.flatten(),
    nn.layers.dense({ units: opts.classes ?? 10, activation: 'softmax' }),
  ];
}

const MODELS = {
  mlp: {
    what: 'MNIST MLP 784-128-64-10, Adam 1e-3',
    batchSize: 64,
    layers: () => [
      nn.layers.dense({ units: 128, inputShape: [784], activation: 'relu' }),
      nn.layers.dense({ units: 64, activation: 'relu' }),
      nn.layers.dense({ units: 10, activation: 'softmax' }),
    ],
    input: (x: Float32Array, n: number) => nn.tensor2d(x, [n, 784]),
  },
  cnn: {
    what: 'MNIST CNN conv 8@5×5 → pool → conv 16@5×5 → pool → dense 10, Adam 1e-3',
    batchSize: 32,
    layers: () => mnistCnnLayers(),
    input: (x: Float32Array, n: number) => nn.tensor4d(x, [n, 28, 28, 1]),
  },
};

function compiled(kind: keyof typeof MODELS): nn.Sequential {
  const model = nn.sequential({ seed: 1, layers: MODELS[kind].layers() });
  model.compile({ optimizer: nn.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** Samples/s of one epoch over `samples` rows after a warm-up epoch on a throwaway model, and predict latency. */
export async function trainingRow(kind: keyof typeof MODELS, data: Digits, samples: number, budgetMs: number): Promise<TrainingRow> {
  const spec = MODELS[kind];
  const n = Math.min(samples, data.n);
  const x = spec.input(data.x.subarray(0, n * 784), n), y = nn.tensor2d(data.y.subarray(0, n * 10), [n, 10]);
  const fitArgs = { epochs: 1, batchSize: spec.batchSize, seed: 1, verbose: 0 as const };
  const warm = compiled(kind);
  await warm.fit(x, y, fitArgs); // tiers up the kernels and the JS, sizes the heap
  warm.dispose();
  const model = compiled(kind);
  const t0 = performance.now();
  await model.fit(x, y, fitArgs);
  const samplesPerSec = n / ((performance.now() - t0) / 1000);
  const one = spec.input(data.x.subarray(0, 784), 1);
  const b = Math.min(256, data.n), batch = spec.input(data.x.subarray(0, b * 784), b);
  const predictB1Ms = msPerCall(() => void model.predict(one).dataSync(), { budgetMs: budgetMs / 2, minSamples: 5 });
  const predictB256Ms = msPerCall(() => void model.predict(batch).dataSync(), { budgetMs: budgetMs / 2, minSamples: 5 });
  model.dispose();
  return { model: kind, what: spec.what, batchSize: spec.batchSize, trainSamples: n, samplesPerSec, predictB1Ms, predictB256Ms };
}

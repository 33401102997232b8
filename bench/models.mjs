// The benchmarked models, as data, shared by bench/train-worker.mjs (every library, each in its own
// process) and bench/threads-fit.mjs (simdnn on 1 and 2 threads in one process), so both time the same
// networks: each builds its library's layers from the same description (kernel layers get glorotNormal,
// simdnn's and tfjs's dense default). Batch 64 for the MLP, as before; batch 32 for the CNN, as
// test/train/mnist-cnn.test.ts trains it.
export const CLASSES = 10;

export const MODELS = {
  mlp: {
    inputShape: [784], batchSize: 64,
    layers: [
      { kind: 'dense', units: 128, activation: 'relu' },
      { kind: 'dense', units: 64, activation: 'relu' },
      { kind: 'dense', units: CLASSES, activation: 'softmax' },
    ],
  },
  // The tfjs MNIST example's CNN.
  cnn: {
    inputShape: [28, 28, 1], batchSize: 32,
    layers: [
      { kind: 'conv2d', kernelSize: 5, filters: 8, activation: 'relu' },
      { kind: 'maxPooling2d', poolSize: 2, strides: 2 },
      { kind: 'conv2d', kernelSize: 5, filters: 16, activation: 'relu' },
      { kind: 'maxPooling2d', poolSize: 2, strides: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: CLASSES, activation: 'softmax' },
    ],
  },
};
const HAS_KERNEL = new Set(['dense', 'conv2d']);

/**
 * One library's layers for `spec`: `make(kind, args)` is its layer factory, `init(k)` the kernel
 * initializer of the k-th (from 1) layer with a kernel.
 */
export function buildLayers(spec, make, init) {
  let k = 0;
  return spec.layers.map(({ kind, ...args }, i) => make(kind, {
    ...args,
    ...(i === 0 ? { inputShape: spec.inputShape } : {}),
    ...(HAS_KERNEL.has(kind) ? { kernelInitializer: init(++k) } : {}),
  }));
}

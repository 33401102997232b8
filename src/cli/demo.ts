// `simdnn demo` (npm start): a 784-128-64-10 MLP on the MNIST sample, end to end: live progress, test
// accuracy, confusion matrix, throughput, the saved model and three SVG plots.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as nn from '../index.js';
import { int, type Values } from './args.js';
import { diagnosisLines, useBackend } from './commands.js';
import { fromMnist } from './data.js';
import { buildModel, trainModel, writeOutputs } from './model.js';
import { accuracyOf, confusion, formatConfusion, timedPredict } from './report.js';
import { Random } from '../random.js';

export async function demo(v: Values, print: (line: string) => void): Promise<void> {
  const seed = int(v, 'seed', 1, 0, 2 ** 32 - 1);
  const epochs = int(v, 'epochs', 8, 1, 1000);
  const batchSize = int(v, 'batch-size', 32, 1);
  const out = typeof v.out === 'string' ? v.out : 'simdnn-demo';
  await useBackend(v);
  const t0 = performance.now();
  const { train, test } = fromMnist(seed, int(v, 'train-samples', 8000), int(v, 'test-samples', 2000));
  print(`MNIST sample: ${train.n} training and ${test.n} test digits (loaded in ${((performance.now() - t0) / 1000).toFixed(1)}s)`);
  const model = buildModel(784, 10, train.meta, { hidden: [128, 64], activation: 'relu', dropout: 0, l2: 0, batchNorm: false, seed });
  print(`model: 784-128-64-10 MLP, relu, softmax, ${model.countParams().toLocaleString('en-US')} parameters; adam 1e-3, batch ${batchSize}, ` +
    `${epochs} epochs, 10% held out for validation; backend ${nn.getBackend()}${nn.getBackend() === 'wasm' ? ` (${nn.getWasmBuild()} build)` : ''}`);
  const t = await trainModel(model, train, {
    optimizer: 'adam', epochs, batchSize, valSplit: 0.1, earlyStopping: false, patience: 0, seed,
  });

  const x = nn.tensor2d(test.x, [test.n, 784]);
  const { out: probs, rate } = timedPredict(t.model, x);
  const m = confusion(probs, test.classOf!, 10);
  print('');
  print(`test accuracy: ${accuracyOf(m).toFixed(4)} on ${test.n} digits the model never saw`);
  print('confusion matrix (rows: true digit, columns: predicted digit):');
  print(formatConfusion(m, train.meta.classes));
  print('');
  print(`throughput: training ${Math.round(t.progress.samplesPerSecond).toLocaleString('en-US')} samples/s, ` +
    `inference ${Math.round(rate).toLocaleString('en-US')} samples/s (batch 256)`);
  for (const line of diagnosisLines(t, true, undefined)) print(line);

  const files = await writeOutputs(out, t, train.meta, 'MNIST 784-128-64-10 MLP');
  const landscape = join(files.model, '..', 'loss-landscape.svg');
  writeFileSync(landscape, nn.plot.lossLandscape(nn.tools.lossLandscape(...lineData(seed), { lr: 0.1, steps: 50 })));
  print('');
  print(`model (TF.js layers format): ${files.model} (+ weights.bin)`);
  print(`plots: ${files.learningCurves}`);
  print(`       ${files.gradientHealth}`);
  print(`       ${landscape}`);
  print(`total time: ${((performance.now() - t0) / 1000).toFixed(1)}s`);
}

/** 200 noisy points of y = 3x − 2 with x around 1, so the MSE bowl is tilted (w and b interact). */
function lineData(seed: number): [Float32Array, Float32Array] {
  const rng = new Random(seed);
  const x = new Float32Array(200), y = new Float32Array(200);
  for (let i = 0; i < 200; i++) {
    x[i] = 1 + 1.5 * (2 * rng.uniform() - 1);
    y[i] = 3 * x[i]! - 2 + 0.5 * rng.normal();
  }
  return [x, y];
}

// simdnn ↔ real @tensorflow/tfjs-layers 4.22 (cpu backend): models saved by one load in the other with
// the same predictions.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { maxAbsDiff, rand } from '../harness.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** tfjs loads a simdnn-written directory through fromMemory (tfjs-node's file:// is not installed). */
async function tfjsLoad(dir: string): Promise<tfl.LayersModel> {
  const doc = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(join(dir, doc.weightsManifest[0].paths[0]));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: doc.modelTopology, weightSpecs: doc.weightsManifest[0].weights, weightData }));
}

describe.each(['wasm', 'ts'] as const)('TF.js layers format on %s', (backend) => {
  test('a model trained and saved by simdnn loads in tfjs-layers with the same predictions', async () => {
    await nn.setBackend(backend);
    const model = nn.sequential({
      seed: 3,
      layers: [
        nn.layers.dense({ units: 16, inputShape: [6], activation: 'relu' }),
        nn.layers.batchNormalization(),
        nn.layers.dropout({ rate: 0.3 }),
        nn.layers.dense({ units: 8, activation: 'leakyRelu', alpha: 0.2 }),
        nn.layers.dense({ units: 8, activation: 'tanh' }),
        nn.layers.activation({ activation: 'sigmoid' }),
        nn.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = nn.tensor2d(rand(64 * 6, 1), [64, 6]);
    const labels = Array.from(rand(64, 2, 0, 3), Math.floor);
    const y = nn.tensor2d(labels.flatMap((l) => [0, 1, 2].map((c) => (c === l ? 1 : 0))), [64, 3]);
    await model.fit(x, y, { epochs: 3, batchSize: 16, seed: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'simdnn-'));
    const result = await model.save(`file://${dir}`);
    expect(result.modelArtifactsInfo.weightDataBytes).toBeGreaterThan(0);

    const loaded = await tfjsLoad(dir);
    const theirs = (loaded.predict(tf.tensor2d(x.dataSync(), [64, 6])) as tf.Tensor).dataSync();
    const ours = model.predict(x).dataSync();
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);

    // And back: simdnn reads its own files with identical predictions and weights.
    const again = await nn.loadLayersModel(`file://${dir}/model.json`);
    expect(maxAbsDiff(again.predict(x).dataSync(), ours)).toBe(0);
    const w0 = model.getWeights(), w1 = again.getWeights();
    expect(w1.map((t) => t.shape)).toEqual(w0.map((t) => t.shape));
  });

  test('a model built and saved by tfjs-layers loads in simdnn with the same predictions', async () => {
    await nn.setBackend(backend);
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 12, inputShape: [5], activation: 'relu' }),
        tfl.layers.batchNormalization({ momentum: 0.9 }),
        tfl.layers.dense({ units: 7, activation: 'sigmoid' }),
        tfl.layers.leakyReLU({ alpha: 0.1 }),
        tfl.layers.dropout({ rate: 0.2 }),
        tfl.layers.dense({ units: 4, activation: 'softmax' }),
      ],
    });
    // Non-trivial batch-norm statistics: set them directly (getWeights order is tfjs's).
    const names = theirs.weights.map((w) => w.originalName);
    const weights = theirs.getWeights().map((w, i) => (names[i]!.includes('moving_variance') ? tf.add(tf.abs(tf.randomNormal(w.shape, 0, 1, 'float32', i)), 0.5) : tf.randomNormal(w.shape, 0, 0.5, 'float32', i)));
    theirs.setWeights(weights);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await theirs.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    // Write it the way tfjs-node's file:// does: model.json with a weightsManifest, and weights.bin.
    const dir = mkdtempSync(join(tmpdir(), 'tfjs-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(artifacts!.weightData as ArrayBuffer));
    writeFileSync(join(dir, 'model.json'), JSON.stringify({
      modelTopology: artifacts!.modelTopology, format: artifacts!.format, generatedBy: artifacts!.generatedBy,
      convertedBy: null, weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts!.weightSpecs }],
    }));
    const ours = await nn.loadLayersModel(`file://${dir}/model.json`);
    const xv = rand(20 * 5, 9);
    const a = ours.predict(nn.tensor2d(xv, [20, 5])).dataSync();
    const b = (theirs.predict(tf.tensor2d(xv, [20, 5])) as tf.Tensor).dataSync();
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
    expect(ours.layers.map((l) => l.className)).toEqual(['Dense', 'BatchNormalization', 'Dense', 'LeakyReLU', 'Dropout', 'Dense']);
  });
});

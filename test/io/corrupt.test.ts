// Malformed, truncated and inconsistent model files give a ModelFormatError that says what is wrong.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

let dir = '';
let json: any;
let bin: Buffer;

beforeAll(async () => {
  const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }), nn.layers.batchNormalization(), nn.layers.dense({ units: 2 })] });
  dir = mkdtempSync(join(tmpdir(), 'simdnn-bad-'));
  await nn.saveModel(model, `file://${dir}`);
  json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  bin = readFileSync(join(dir, 'weights.bin'));
});

/** Writes a variant of the saved model into a fresh directory and loads it. */
function load(mutate: (doc: any) => any, weights: Uint8Array = bin) {
  const d = mkdtempSync(join(tmpdir(), 'simdnn-case-'));
  const doc = mutate(structuredClone(json));
  writeFileSync(join(d, 'model.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
  writeFileSync(join(d, 'weights.bin'), weights);
  return nn.loadLayersModel(`file://${d}/model.json`);
}

describe('corrupt model files', () => {
  test('the unmodified files load', async () => {
    const m = await load((d) => d);
    expect(m.layers.length).toBe(3);
  });

  test.each([
    ['truncated JSON', () => load(() => JSON.stringify(json).slice(0, 100)), /not valid JSON.*truncated/],
    ['truncated weights.bin', () => load((d) => d, bin.subarray(0, bin.length - 7)), /truncated|bytes/],
    ['weights.bin too long', () => load((d) => d, Buffer.concat([bin, Buffer.alloc(8)])), /describes \d+ bytes but the weight data has \d+/],
    ['wrong dtype', () => load((d) => { d.weightsManifest[0].weights[0].dtype = 'int32'; return d; }), /dtype "int32"/],
    ['missing weight', () => load((d) => { d.weightsManifest[0].weights.pop(); return d; }, bin.subarray(0, bin.length - 16)), /missing from the weights manifest/],
    ['renamed (extra) weight', () => load((d) => { d.weightsManifest[0].weights[1].name = 'other/bias'; return d; }), /missing|does not use/],
    ['wrong shape', () => load((d) => { d.weightsManifest[0].weights[0].shape = [4, 3]; return d; }), /shape \[4,3\] in the file, the model needs \[3,4\]/],
    ['absurd shape', () => load((d) => { d.weightsManifest[0].weights[0].shape = [1e9, 1e9]; return d; }), /invalid shape|needs bytes/],
    ['negative shape', () => load((d) => { d.weightsManifest[0].weights[0].shape = [-3, 4]; return d; }), /invalid shape/],
    ['unknown layer class', () => load((d) => { d.modelTopology.config.layers[1].class_name = 'LSTM'; return d; }), /unsupported layer class "LSTM"/],
    ['functional model', () => load((d) => { d.modelTopology.class_name = 'Model'; return d; }), /only Sequential/],
    ['no layers array', () => load((d) => { d.modelTopology.config.layers = 5; return d; }), /layers must be an array/],
    ['huge units', () => load((d) => { d.modelTopology.config.layers[0].config.units = 1e12; return d; }), /units must be a positive integer/],
    ['bad activation', () => load((d) => { d.modelTopology.config.layers[0].config.activation = 'swishy'; return d; }), /unknown activation "swishy"/],
    ['no manifest', () => load((d) => { delete d.weightsManifest; return d; }), /weightsManifest must be an array/],
    ['weights file missing', () => load((d) => { d.weightsManifest[0].paths = ['nope.bin']; return d; }), /cannot read weights file nope.bin/],
    ['deeply nested junk', () => load(() => '['.repeat(5000) + ']'.repeat(5000)), /modelTopology|JSON object/],
    ['not an object', () => load(() => '42'), /JSON object/],
  ])('%s', async (_name, run, message) => {
    const error = await run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(nn.ModelFormatError);
    expect(String((error as Error).message)).toMatch(message);
  });

  test('a missing file is a ModelFormatError naming the path', async () => {
    await expect(nn.loadLayersModel(`file://${dir}/nothing/model.json`)).rejects.toThrow(/cannot read .*nothing\/model.json/);
  });

  test('unsupported URL schemes and bad handlers are ConfigErrors', async () => {
    await expect(nn.loadLayersModel('ftp://x')).rejects.toThrow(nn.ConfigError);
    await expect(nn.loadLayersModel(nn.io.withSaveHandler(() => {}))).rejects.toThrow(/no load\(\)/);
  });

  test('in-memory round trip (edge runtimes: KV store or bundled asset)', async () => {
    const model = nn.sequential({ seed: 2, layers: [nn.layers.dense({ units: 3, inputShape: [2], activation: 'sigmoid' })] });
    let stored: nn.ModelArtifacts | undefined;
    await nn.saveModel(model, nn.io.withSaveHandler((a) => { stored = a; }));
    const back = await nn.loadLayersModel(nn.io.fromMemory(stored));
    const x = nn.tensor2d([[0.5, -1], [2, 3]]);
    expect(Array.from(back.predict(x).dataSync())).toEqual(Array.from(model.predict(x).dataSync()));
  });
});

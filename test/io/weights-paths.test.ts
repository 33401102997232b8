// file:// loading reads only weights files inside the model's folder: a model.json naming
// ../outside.bin, an absolute path, a URL or a NUL byte is a ModelFormatError before any weights are read.
import fsp from 'node:fs/promises';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import * as nn from '../../src/index.js';

// root/outside.bin holds VALID weights: if a path escaping root/model/ were followed, the load would succeed.
const root = mkdtempSync(join(tmpdir(), 'simdnn-paths-'));
const modelDir = join(root, 'model');
const outside = join(root, 'outside.bin');
let json: any;
let bin: Buffer;

beforeAll(async () => {
  const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
  await nn.saveModel(model, `file://${modelDir}`);
  json = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
  bin = readFileSync(join(modelDir, 'weights.bin'));
  writeFileSync(outside, bin);
  mkdirSync(join(modelDir, 'sub'));
  writeFileSync(join(modelDir, 'sub', 'w.bin'), bin);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Loads root/model/model.json after setting its manifest paths; returns the error and every file read. */
async function loadWith(paths: string[][]): Promise<{ error: unknown; read: string[] }> {
  const doc = structuredClone(json);
  const weights = doc.weightsManifest[0].weights;
  doc.weightsManifest = paths.map((p, i) => ({ paths: p, weights: i === 0 ? weights : [] }));
  writeFileSync(join(modelDir, 'model.json'), JSON.stringify(doc));
  const spy = vi.spyOn(fsp, 'readFile');
  const error = await nn.loadLayersModel(`file://${modelDir}/model.json`).then(() => null, (e: unknown) => e);
  return { error, read: spy.mock.calls.map((c) => String(c[0])) };
}

describe('weightsManifest paths outside the model folder', () => {
  test.each([
    ['../outside.bin'],
    ['sub/../../outside.bin'],
    ['./../outside.bin'],
    ['..\\outside.bin'],
    [outside],
    ['/etc/passwd'],
    ['http://x/y.bin'],
    [`file://${outside}`],
    ['C:\\outside.bin'],
    ['\\\\server\\share\\w.bin'],
    ['weights.bin\0.txt'],
    [''],
    ['.'],
    ['sub/..'],
  ])('%j is a ModelFormatError naming it, and nothing but model.json is read', async (path) => {
    const { error, read } = await loadWith([[path]]);
    expect(error).toBeInstanceOf(nn.ModelFormatError);
    expect((error as Error).message).toContain(`weightsManifest path ${JSON.stringify(path)}`);
    expect((error as Error).message).toMatch(/a relative path to a file inside the model's folder/);
    expect(read).toEqual([join(modelDir, 'model.json')]);
  });

  test('a bad path in a later group stops the load before the good first group is read', async () => {
    const { error, read } = await loadWith([['weights.bin'], ['../outside.bin']]);
    expect((error as Error).message).toContain('weightsManifest path "../outside.bin"');
    expect(read).toEqual([join(modelDir, 'model.json')]);
  });

  test.each([['weights.bin'], ['./weights.bin'], ['sub/w.bin'], ['sub/../weights.bin'], ['./sub/./w.bin']])('%j inside the folder loads', async (path) => {
    const { error, read } = await loadWith([[path]]);
    expect(error).toBeNull();
    expect(read).toHaveLength(2);
  });
});

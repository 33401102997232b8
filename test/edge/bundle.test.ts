// A browser app bundled from the BUILT package (dist/index.js) by esbuild with platform=browser and no
// other flags: the main entry must not pull Node built-ins (node:fs/promises, node:path) into what a
// bundler resolves. The bundle then runs in a bare node:vm context (no require, no process, no fetch)
// where it trains one epoch and predicts.
import { requireBuilt, ROOT } from '../built.js';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, expect, test } from 'vitest';

const APP = `
import * as nn from 'simdnn';
const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), y = nn.tensor2d([[0], [1], [1], [0]]);
const model = nn.sequential({ seed: 42, layers: [
  nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })] });
model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy' });
await nn.ready();
const history = await model.fit(x, y, { epochs: 1, batchSize: 4, seed: 1 });
globalThis.report({ backend: nn.getBackend(), loss: history.history.loss, predictions: Array.from(model.predict(x).dataSync()) });
`;

let dir = '';
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'simdnn-bundle-'));
  writeFileSync(join(dir, 'app.mjs'), APP);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('esbuild --bundle --platform=browser of the main entry, run with no require/process', async () => {
  const result = await build({
    entryPoints: [join(dir, 'app.mjs')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    // Resolve 'simdnn' to this checkout, as an installed package would be.
    nodePaths: [join(ROOT, '..')],
    alias: { simdnn: ROOT },
  });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0]!.text;
  // The specifier may appear as data (for process.getBuiltinModule), never in an import the bundler resolves.
  expect(/\bimport\(\s*["']node:|\brequire\(\s*["']node:/.test(code)).toBe(false);

  // ESM with top-level await cannot run as a vm script: wrap the bundle in an async function.
  let report: unknown;
  const context = createContext({
    console,
    WebAssembly,
    TextDecoder,
    TextEncoder,
    atob,
    btoa,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    report: (r: unknown) => (report = r),
  });
  const exported = /\nexport\s*\{[^}]*\};?\s*$/;
  await runInContext(`(async () => {\n${code.replace(exported, '')}\n})()`, context, { filename: 'bundle.js' });
  expect(runInContext('typeof require + typeof process + typeof fetch', context)).toBe('undefinedundefinedundefined');
  const r = report as { backend: string; loss: number[]; predictions: number[] };
  expect(r.backend).toBe('wasm');
  expect(r.loss).toHaveLength(1);
  expect(Number.isFinite(r.loss[0])).toBe(true);
  expect(r.predictions).toHaveLength(4);
  for (const p of r.predictions) expect(p > 0 && p < 1).toBe(true);
});

// The BUILT package (dist/index.js) in edge-runtime conditions:
//  1. a child Node process under the permission model that may read dist/ and nothing else, with fetch
//     replaced by a thrower: it imports simdnn, trains XOR and predicts, so the wasm bytes must come
//     from the JavaScript itself (no file read, no fetch);
//  2. a worker thread where compiling wasm from bytes throws (as on Cloudflare Workers): a module
//     compiled by the parent from build/simdnn-simd.wasm is transferred and passed to nn.setWasmModule;
//  3. the same worker without nn.setWasmModule: the error must tell the user to call it, not ready().
import { requireBuilt } from '../built.js';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const ENTRY = pathToFileURL(join(DIST, 'index.js')).href;

type Nn = typeof import('../../src/index.js');

/** The model both contexts build: seeded, so its predictions can be compared across processes. */
const MODEL_SOURCE = `
  const model = nn.sequential({ seed: 11, layers: [
    nn.layers.dense({ units: 16, inputShape: [4], activation: 'relu' }),
    nn.layers.dense({ units: 3, activation: 'softmax' }),
  ]});
  const probe = nn.tensor2d([[0.5, -1, 2, 0.25], [1, 1, 1, 1], [-3, 0.5, 0, 2]]);
  const predictions = Array.from(model.predict(probe).dataSync());`;

let expected: number[] = [];

beforeAll(async () => {
  requireBuilt();
  const nn = (await import(ENTRY)) as Nn;
  expected = new Function('nn', `${MODEL_SOURCE}\nreturn predictions;`)(nn) as number[];
});

describe('built package in an edge-like context', () => {
  test('no filesystem beyond dist/ and no fetch: import, train XOR, predict', () => {
    // Node ≥ 22.13 / 23.5 call it --permission; Node 20 only knows --experimental-permission.
    const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
    const script = `
      const fetches = [];
      globalThis.fetch = (url) => { fetches.push(String(url)); throw new Error('fetch is disabled here'); };
      const fs = await import('node:fs');
      const denied = (path) => { try { fs.readFileSync(path); return false; } catch (e) { return e.code === 'ERR_ACCESS_DENIED'; } };
      const sandbox = { packageJson: denied(process.env.PKG), wasmFile: denied(process.env.WASM) };
      const nn = await import(process.env.ENTRY);
      await nn.ready();
      ${MODEL_SOURCE}
      const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), y = nn.tensor2d([[0], [1], [1], [0]]);
      const xor = nn.sequential({ seed: 42, layers: [
        nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })] });
      xor.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy' });
      await xor.fit(x, y, { epochs: 300, batchSize: 4, seed: 1 });
      const xorOut = Array.from(xor.predict(x).dataSync(), (v) => (v > 0.5 ? 1 : 0));
      console.log(JSON.stringify({ sandbox, fetches, backend: nn.getBackend(), build: nn.getWasmBuild(), predictions, xorOut }));`;
    const out = execFileSync(process.execPath, [flag, `--allow-fs-read=${DIST}/`, '--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        ENTRY,
        PKG: join(ROOT, 'package.json'),
        WASM: join(ROOT, 'build/simdnn-simd.wasm'),
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = JSON.parse(out.trim().split('\n').at(-1)!);
    // The sandbox is real: the child could not read the package's own files outside dist/.
    expect(result.sandbox).toEqual({ packageJson: true, wasmFile: true });
    expect(result.fetches).toEqual([]);
    expect(result.backend).toBe('wasm');
    expect(['simd', 'relaxed']).toContain(result.build);
    expect(result.xorOut).toEqual([0, 1, 1, 0]);
    expect(result.predictions).toHaveLength(9);
    result.predictions.forEach((p: number, i: number) => expect(p).toBeCloseTo(expected[i]!, 5));
  });

  test('precompiled WebAssembly.Module via nn.setWasmModule where compiling bytes throws', async () => {
    const module = new WebAssembly.Module(readFileSync(join(ROOT, 'build/simdnn-simd.wasm')));
    const result = await inNoCompileWorker(module, `
        nn.setWasmModule(workerData.module);
        await nn.ready();
        ${MODEL_SOURCE}
        return { backend: nn.getBackend(), build: nn.getWasmBuild(), predictions };`);
    expect(result.error).toBeUndefined();
    expect(result.bytesRefused).toBe(true);
    expect(result.blocked).toEqual([]);
    expect(result.backend).toBe('wasm');
    expect(result.build).toBe('simd');
    const predictions = result.predictions as number[];
    expect(predictions).toHaveLength(9);
    predictions.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 5));
  });

  test('where compiling bytes throws, forgetting nn.setWasmModule names it (sync first use and ready())', async () => {
    const result = await inNoCompileWorker(null, `
        const failure = (e) => ({ name: e.name, message: e.message, backendError: e instanceof nn.BackendError });
        let sync = null, ready = null;
        try { nn.matMul([[1, 2]], [[3], [4]]).dataSync(); } catch (e) { sync = failure(e); }
        try { await nn.ready(); } catch (e) { ready = failure(e); }
        return { sync, ready };`);
    expect(result.error).toBeUndefined();
    const advice =
      'this runtime does not allow compiling WebAssembly from bytes: call nn.setWasmModule(module) with the imported simdnn-simd.wasm before first use';
    for (const failure of [result.sync, result.ready] as ({ name: string; message: string; backendError: boolean } | null)[]) {
      expect(failure).not.toBeNull();
      expect(failure!.backendError).toBe(true);
      expect(failure!.message).toContain(advice);
      expect(failure!.message).not.toContain('nn.ready()');
    }
  });
});

/**
 * Runs `body` (async, with `nn` and `workerData` in scope; its return value is posted back) in a worker
 * thread where compiling wasm from bytes throws, as on Cloudflare Workers. `blocked` lists the refused
 * calls nn made; `bytesRefused` confirms the sandbox refuses bytes.
 */
async function inNoCompileWorker(module: WebAssembly.Module | null, body: string): Promise<Record<string, unknown>> {
  // CommonJS eval code (worker_threads' eval mode); the ESM package is loaded with import().
  const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const blocked = [];
      const refuse = (what) => { blocked.push(what); throw new Error(what + ' is disabled here (edge runtime)'); };
      const Original = WebAssembly.Module;
      // A Proxy keeps 'instanceof WebAssembly.Module' working while construction from bytes throws.
      WebAssembly.Module = new Proxy(Original, { construct: () => refuse('new WebAssembly.Module') });
      WebAssembly.compile = () => refuse('WebAssembly.compile');
      WebAssembly.compileStreaming = () => refuse('WebAssembly.compileStreaming');
      const instantiate = WebAssembly.instantiate;
      WebAssembly.instantiate = (m, imports) => m instanceof Original ? instantiate(m, imports) : refuse('WebAssembly.instantiate(bytes)');
      (async () => {
        let bytesRefused = false;
        try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch { bytesRefused = true; }
        blocked.length = 0;
        const nn = await import(workerData.entry);
        const out = await (async () => { ${body} })();
        parentPort.postMessage({ bytesRefused, blocked, ...out });
      })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
  const worker = new Worker(code, { eval: true, workerData: { module, entry: ENTRY } });
  try {
    return await new Promise<Record<string, unknown>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

// simdnn/slim, the entry without the embedded wasm, as a Cloudflare Worker's bundler sees it: esbuild
// (--bundle --platform=neutral) bundles a Worker-style app from the BUILT package; the bundle must hold
// no base64 wasm and be far smaller than the main entry's. Each bundle then runs in a child Node process
// where compiling wasm from bytes throws once the runner has compiled build/simdnn-simd.wasm itself:
// with nn.setWasmModule it trains XOR like the main entry; without, the error names setWasmModule.
import { requireBuilt, ROOT } from '../built.js';
import { bundle, linkPackage, XOR_WORKER, type WorkerReply } from './worker-app.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const WASM = join(ROOT, 'build/simdnn-simd.wasm');
/** The base64 of "\0asm", the start of every embedded build. */
const WASM_MAGIC_BASE64 = 'AGFzbQ';

const APPS = {
  main: `import * as nn from 'simdnn';\n${XOR_WORKER}`,
  slim: `import * as nn from 'simdnn/slim';\nnn.setWasmModule(globalThis.SIMDNN_WASM);\n${XOR_WORKER}`,
  // No setWasmModule first: every way into the wasm backend must fail the same way; 'ts' still works,
  // and a module passed afterwards makes wasm ready.
  unset: `import * as nn from 'simdnn/slim';
const failure = (e) => ({ name: e.name, message: e.message, backendError: e instanceof nn.BackendError });
const out = {};
try { nn.matMul([[1, 2]], [[3], [4]]).dataSync(); } catch (e) { out.sync = failure(e); }
try { await nn.ready(); } catch (e) { out.ready = failure(e); }
try { await nn.setBackend('wasm'); } catch (e) { out.setBackend = failure(e); }
await nn.setBackend('ts');
out.ts = nn.matMul([[1, 2]], [[3], [4]]).dataSync()[0];
nn.setWasmModule(globalThis.SIMDNN_WASM);
await nn.setBackend('wasm');
out.wasm = [nn.getBackend(), nn.matMul([[1, 2]], [[3], [4]]).dataSync()[0]];
export default { fetch: async () => Response.json(out) };
`,
};

let dir = '';
const code: Record<string, string> = {};

/** Runs a bundle's `fetch` in a child Node; with refuseBytes only the runner's precompiled module can run. */
function runBundle(name: string, refuseBytes = true): { reply: unknown; blocked: string[] } {
  const file = join(dir, `${name}.bundle.mjs`);
  writeFileSync(file, code[name]!);
  const script = `
    const { readFileSync } = await import('node:fs');
    globalThis.SIMDNN_WASM = new WebAssembly.Module(readFileSync(process.env.WASM));
    const blocked = [];
    // NOTE: Node's Request/Response (undici) compile llhttp's wasm lazily: load them before refusing bytes.
    await new Response(JSON.stringify(new Request('http://warm.up').url)).json();
    if (process.env.REFUSE_BYTES) {
      const refuse = (what) => { blocked.push(what); throw new Error(what + ' is disabled here (edge runtime)'); };
      // A Proxy keeps 'instanceof WebAssembly.Module' working while construction from bytes throws.
      WebAssembly.Module = new Proxy(WebAssembly.Module, { construct: () => refuse('new WebAssembly.Module') });
      WebAssembly.compile = () => refuse('WebAssembly.compile');
    }
    const worker = (await import(process.env.BUNDLE)).default;
    const reply = await (await worker.fetch(new Request('http://worker.test/xor'))).json();
    console.log(JSON.stringify({ reply, blocked }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, WASM, BUNDLE: file, ...(refuseBytes ? { REFUSE_BYTES: '1' } : {}) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'simdnn-slim-'));
  linkPackage(dir);
  for (const [name, source] of Object.entries(APPS)) {
    writeFileSync(join(dir, `${name}.mjs`), source);
    code[name] = await bundle(dir, `${name}.mjs`);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simdnn/slim', () => {
  test('the bundle has no base64 wasm and is far smaller than the main entry bundle', () => {
    const base64 = (n: number): number => 4 * Math.ceil(n / 3);
    const embedded = base64(statSync(WASM).size) + base64(statSync(join(ROOT, 'build/simdnn-relaxed.wasm')).size);
    const main = Buffer.byteLength(code.main!), slim = Buffer.byteLength(code.slim!);
    console.log(`esbuild --bundle --platform=neutral: main entry ${main} B, slim ${slim} B (embedded base64 ${embedded} B)`);
    expect(code.main).toContain(WASM_MAGIC_BASE64); // the check below can see embedded bytes
    expect(code.slim).not.toContain(WASM_MAGIC_BASE64);
    expect(code.unset).not.toContain(WASM_MAGIC_BASE64);
    expect(main - slim).toBeGreaterThan(0.95 * embedded);
  });

  test('with nn.setWasmModule the slim bundle trains XOR like the main entry, compiling no bytes', () => {
    const slim = runBundle('slim'), main = runBundle('main', false);
    expect(slim.blocked).toEqual([]);
    const reply = slim.reply as WorkerReply;
    expect(reply).toMatchObject({ url: 'http://worker.test/xor', backend: 'wasm', build: 'simd' });
    expect(reply.predictions.map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    expect(reply.loaded).toEqual(reply.predictions);
    // The same seeded model on the main entry's embedded simd build.
    const expected = main.reply as WorkerReply;
    expect(expected.build).toBe('simd');
    reply.predictions.forEach((p, i) => expect(p).toBeCloseTo(expected.predictions[i]!, 6));
  });

  test('without nn.setWasmModule the wasm backend throws a BackendError naming it and simdnn/simdnn-simd.wasm', () => {
    const { reply, blocked } = runBundle('unset') as { reply: Record<string, unknown>; blocked: string[] };
    expect(blocked).toEqual([]);
    for (const way of ['sync', 'ready', 'setBackend']) {
      const failure = reply[way] as { name: string; message: string; backendError: boolean } | undefined;
      expect(failure, way).toBeDefined();
      expect(failure!.name).toBe('BackendError');
      expect(failure!.backendError).toBe(true);
      expect(failure!.message).toContain('call nn.setWasmModule(module)');
      expect(failure!.message).toContain("'simdnn/simdnn-simd.wasm'");
    }
    expect(reply.ts).toBe(11);
    expect(reply.wasm).toEqual(['wasm', 11]);
  });
});

// Cloudflare's own runtime, workerd (the binary inside the `workerd` npm package), serving on loopback
// two ES-module Workers bundled by esbuild from the BUILT package:
//  - `slim`: simdnn/slim with build/simdnn-simd.wasm declared as a `wasm` module in the capnp config
//    (what Wrangler does for a .wasm import) and passed to nn.setWasmModule; trains XOR and round-trips
//    the model through memory;
//  - `main`: the main entry with no setWasmModule: workerd refuses to compile its embedded bytes, so
//    the error must tell the user to call nn.setWasmModule.
// A workerd that cannot start is a failure, not a skip.
import { requireBuilt, ROOT } from '../built.js';
import { bundle, linkPackage, XOR_WORKER, type WorkerReply } from './worker-app.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const workerd = createRequire(import.meta.url)('workerd') as { default: string; compatibilityDate: string; version: string };

const SLIM = `import * as nn from 'simdnn/slim';
import wasm from 'simdnn-simd.wasm';
nn.setWasmModule(wasm);
${XOR_WORKER}`;

const MAIN = `import * as nn from 'simdnn';
export default {
  async fetch() {
    let bytesRefused = false;
    try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch { bytesRefused = true; }
    try {
      await nn.ready();
      return Response.json({ bytesRefused, backend: nn.getBackend() });
    } catch (e) {
      return Response.json({ bytesRefused, error: { name: e.name, message: e.message, backendError: e instanceof nn.BackendError } });
    }
  },
};
`;

/** A port free on 127.0.0.1 now (the OS picks it; workerd binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function config(ports: { slim: number; main: number }): string {
  const worker = (name: string, wasm: boolean): string => `const ${name} :Workerd.Worker = (
  modules = [
    (name = "worker", esModule = embed "${name}.js"),${wasm ? '\n    (name = "simdnn-simd.wasm", wasm = embed "simdnn-simd.wasm"),' : ''}
  ],
  compatibilityDate = "${workerd.compatibilityDate}",
);`;
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "slim", worker = .slim), (name = "main", worker = .main) ],
  sockets = [
    (name = "slim", address = "127.0.0.1:${ports.slim}", http = (), service = "slim"),
    (name = "main", address = "127.0.0.1:${ports.main}", http = (), service = "main"),
  ],
);
${worker('slim', true)}
${worker('main', false)}
`;
}

let dir = '';
let child: ChildProcess | null = null;
let log = '';
const ports = { slim: 0, main: 0 };

/** GETs a worker, retrying while workerd starts; fails with workerd's output if it never answers. */
async function get(port: number, path: string): Promise<unknown> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child?.exitCode !== null) throw new Error(`workerd exited with ${child?.exitCode}:\n${log}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      const text = await response.text();
      if (!response.ok) throw new Error(`workerd answered ${response.status}: ${text}\n${log}`);
      return JSON.parse(text);
    } catch (e) {
      if (!(e instanceof TypeError) || Date.now() > deadline) throw new Error(`no answer from workerd on ${port}: ${String(e)}\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'simdnn-workerd-'));
  linkPackage(dir);
  writeFileSync(join(dir, 'slim-app.mjs'), SLIM);
  writeFileSync(join(dir, 'main-app.mjs'), MAIN);
  // The .wasm stays an import: workerd links it to the `wasm` module of the config.
  writeFileSync(join(dir, 'slim.js'), await bundle(dir, 'slim-app.mjs', ['simdnn-simd.wasm']));
  writeFileSync(join(dir, 'main.js'), await bundle(dir, 'main-app.mjs'));
  copyFileSync(join(ROOT, 'build/simdnn-simd.wasm'), join(dir, 'simdnn-simd.wasm'));
  ports.slim = await freePort();
  ports.main = await freePort();
  writeFileSync(join(dir, 'config.capnp'), config(ports));
  child = spawn(workerd.default, ['serve', '--verbose', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (log += d));
  child.stderr!.on('data', (d: Buffer) => (log += d));
  await new Promise<void>((resolve, reject) => {
    child!.once('spawn', resolve);
    child!.once('error', reject);
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe(`workerd ${workerd.version}`, () => {
  test('simdnn/slim with the wasm module binding: trains XOR, round-trips the model in memory', async () => {
    const reply = (await get(ports.slim, '/xor')) as WorkerReply;
    expect(reply.url).toBe(`http://127.0.0.1:${ports.slim}/xor`);
    expect(reply.backend).toBe('wasm');
    expect(reply.build).toBe('simd'); // the module the config embeds
    expect(reply.predictions.map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    for (const [i, p] of reply.predictions.entries()) expect(Math.abs(p - [0, 1, 1, 0][i]!)).toBeLessThan(0.2);
    expect(reply.loaded).toEqual(reply.predictions);
  });

  test('the main entry without nn.setWasmModule: workerd refuses the bytes and the error names setWasmModule', async () => {
    const reply = (await get(ports.main, '/')) as { bytesRefused: boolean; error?: { name: string; message: string; backendError: boolean } };
    expect(reply.bytesRefused).toBe(true);
    expect(reply.error).toBeDefined();
    expect(reply.error!.backendError).toBe(true);
    expect(reply.error!.message).toContain('this runtime does not allow compiling WebAssembly from bytes: call nn.setWasmModule(module)');
  });
});

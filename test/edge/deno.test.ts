// The Deno example of docs/edge.md, run for real with the `deno` binary from the npm package and the
// documented permission flags: it trains XOR, saves file://./model into a temp dir, and this test loads
// the files back in Deno and compares predictions. A Deno that cannot start is a failure, not a skip.
import { requireBuilt, DIST, ROOT } from '../built.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { denoCommand } from './runtimes.js';

const DOC = readFileSync(join(ROOT, 'docs/edge.md'), 'utf8');

/** The ```ts block under "## Deno", with the `deno run` line it documents. */
function denoExample(): { flags: string[]; script: string } {
  const section = DOC.slice(DOC.indexOf('## Deno'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('docs/edge.md: no ```ts block under "## Deno"');
  const script = block[1]!;
  const run = /^\/\/ deno run (.*) xor\.ts$/m.exec(script);
  if (!run) throw new Error('docs/edge.md: the Deno example has no "// deno run <flags> xor.ts" line');
  return { flags: run[1]!.split(/\s+/), script };
}

let dir = '';
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'simdnn-deno-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('docs/edge.md Deno example: train XOR, save file:// with the documented flags, load back', () => {
  const { flags, script } = denoExample();
  expect(flags).toEqual(['--allow-read=./model', '--allow-write=./model']);
  expect(script).toContain("from 'npm:simdnn'");
  // The built package instead of the registry's; then load the saved files back and compare.
  const entry = pathToFileURL(join(DIST, 'index.js')).href;
  const source = `${script.replace("'npm:simdnn'", JSON.stringify(entry))}
const loaded = await nn.loadLayersModel('file://./model/model.json');
console.log(JSON.stringify({
  before: Array.from(model.predict(x).dataSync()),
  after: Array.from(loaded.predict(x).dataSync()),
  backend: nn.getBackend(),
  deno: Deno.version.deno,
}));
`;
  writeFileSync(join(dir, 'xor.ts'), source);
  const [node, deno] = denoCommand();
  const out = execFileSync(node, [deno, 'run', '--no-prompt', '--no-config', ...flags, 'xor.ts'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, DENO_DIR: join(dir, '.deno'), NO_COLOR: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { before: number[]; after: number[]; backend: string; deno: string };
  expect(result.deno).toMatch(/^2\./);
  expect(result.backend).toBe('wasm');
  expect(result.before).toHaveLength(4);
  expect(result.after).toEqual(result.before);
  expect(readFileSync(join(dir, 'model', 'model.json'), 'utf8')).toContain('weights.bin');
});

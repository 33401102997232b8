// The Bun example of docs/edge.md, run for real with the Bun binary from the npm package (@oven/bun-*,
// or bun/bin/bun.exe where bun's postinstall moved it there): it imports 'simdnn' through a
// node_modules link to this checkout (the exports map, as installed), trains XOR, saves file://./model
// into a temp dir, and this test loads the files back in Bun and compares predictions. A Bun that
// cannot start is a failure, not a skip.
import { requireBuilt, ROOT } from '../built.js';
import { linkPackage } from './worker-app.js';
import { bunBinary } from './runtimes.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const DOC = readFileSync(join(ROOT, 'docs/edge.md'), 'utf8');

/** The ```ts block under "## Bun", checked to carry its `// bun run xor.ts` line. */
function bunExample(): string {
  const section = DOC.slice(DOC.indexOf('## Bun'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('docs/edge.md: no ```ts block under "## Bun"');
  if (!/^\/\/ bun run xor\.ts$/m.test(block[1]!)) throw new Error('docs/edge.md: the Bun example has no "// bun run xor.ts" line');
  return block[1]!;
}

let dir = '';
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'simdnn-bun-'));
  linkPackage(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('docs/edge.md Bun example: train XOR, save file://, load back', () => {
  const script = bunExample();
  expect(script).toContain("from 'simdnn'");
  const source = `${script}
const loaded = await nn.loadLayersModel('file://./model/model.json');
console.log(JSON.stringify({
  before: Array.from(model.predict(x).dataSync()),
  after: Array.from(loaded.predict(x).dataSync()),
  backend: nn.getBackend(),
  bun: Bun.version,
}));
`;
  writeFileSync(join(dir, 'xor.ts'), source);
  // --no-install: Bun must not fetch packages on its own; 'simdnn' is the linked checkout.
  const out = execFileSync(bunBinary(), ['--no-install', 'run', 'xor.ts'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { before: number[]; after: number[]; backend: string; bun: string };
  expect(result.bun).toMatch(/^1\./);
  expect(result.backend).toBe('wasm');
  expect(result.before).toHaveLength(4);
  expect(result.after).toEqual(result.before);
  expect(readFileSync(join(dir, 'model', 'model.json'), 'utf8')).toContain('weights.bin');
});

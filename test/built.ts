// Tests that run the built package (dist/, made by `npm run build`, which `npm test` and `npm start` run first)
// call requireBuilt() first: a missing or stale build is a clear failure, not a confusing one.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Throws unless dist/index.js exists and is newer than every file in src/. */
export function requireBuilt(): void {
  const index = join(DIST, 'index.js');
  if (!existsSync(index)) throw new Error('dist/index.js is missing: run `npm run build` first');
  if (statSync(index).mtimeMs < newest(join(ROOT, 'src'))) {
    throw new Error('dist/ is older than src/: run `npm run build` (npm test and npm start do it)');
  }
}

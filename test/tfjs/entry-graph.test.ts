// `import 'simdnn'` never loads TensorFlow.js: no module statically reachable from the built main entry
// (or simdnn/slim) imports @tensorflow/*; only simdnn/tfjs does. esbuild walks the real import graph.
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

import { requireBuilt, ROOT } from '../built.js';

/** Packages imported statically by `entry` or any module of this package it reaches. */
async function packagesImported(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [join(ROOT, entry)], bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', metafile: true, logLevel: 'silent' });
  const found = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imp of input.imports) if (imp.external && imp.kind === 'import-statement' && !imp.path.startsWith('node:')) found.add(imp.path);
  }
  return [...found].sort();
}

describe('static import graph of the built entries', () => {
  test('dist/index.js and dist/slim.js import nothing from @tensorflow', async () => {
    requireBuilt();
    for (const entry of ['dist/index.js', 'dist/slim.js']) {
      expect((await packagesImported(entry)).filter((p) => p.startsWith('@tensorflow/')), entry).toEqual([]);
    }
  });

  test('the same check sees the tfjs imports of dist/adapters/tfjs/index.js', async () => {
    requireBuilt();
    const tf = (await packagesImported('dist/adapters/tfjs/index.js')).filter((p) => p.startsWith('@tensorflow/'));
    expect(tf).toEqual(['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-core']);
  });
});

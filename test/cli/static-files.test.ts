// The static file server behind `simdnn bench --serve` and the demo (scripts/serve.mjs) answers only
// for files inside the folders it was given, whatever "..", encodings or queries the path holds.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servedFile } from '../../src/cli/static-files.js';

const root = join(import.meta.dirname, '../..');

describe('servedFile', () => {
  it('maps paths inside the served folders, with a query or a trailing slash', () => {
    expect(servedFile(root, ['dist', 'demo'], '/dist/index.js?v=1')).toBe(join(root, 'dist/index.js'));
    expect(servedFile(root, ['dist', 'demo'], '/demo/')).toBe(join(root, 'demo/index.html'));
  });

  it('refuses everything outside them', () => {
    for (const path of ['/package.json', '/src/index.ts', '/dist/../package.json', '/dist/%2e%2e/package.json', '/../etc/passwd', '/%E0%A4%A', '/distx/a.js']) {
      expect(servedFile(root, ['dist', 'demo'], path), path).toBeNull();
    }
  });
});

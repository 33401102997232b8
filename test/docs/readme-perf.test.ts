// The README's performance tables are generated from the committed bench JSON (scripts/readme-perf.mjs):
// each block must be exactly what that JSON generates, so a table cannot be edited by hand or outlive
// the run it came from; and the generator refuses JSON without a date or from a --quick run.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
// @ts-expect-error a plain .mjs script without types
import { BLOCKS, perfBlock, regenerate } from '../../scripts/readme-perf.mjs';

const ROOT = join(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const names = Object.keys(BLOCKS as Record<string, { json: string }>);

describe('README performance tables', () => {
  test.each(names)('the %s block is what its committed bench JSON generates (regenerate with npm run readme:perf)', (name) => {
    const block = perfBlock(name) as string;
    expect(readme.includes(block), `README.md's perf:${name} block differs from ${(BLOCKS as Record<string, { json: string }>)[name]!.json}`).toBe(true);
    expect(block).toMatch(/\| ---: \|/); // a table, not an empty block
  });

  test('regenerating changes nothing', () => {
    expect(regenerate(readme)).toBe(readme);
  });

  test('a --quick run or a run without a date is refused', () => {
    const root = mkdtempSync(join(tmpdir(), 'simdnn-perf-'));
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    const kernels = JSON.parse(readFileSync(join(ROOT, 'bench/results/kernels.json'), 'utf8'));
    writeFileSync(join(root, 'bench/results/kernels.json'), JSON.stringify({ ...kernels, quick: true }));
    expect(() => perfBlock('kernels', root)).toThrow(/--quick run/);
    writeFileSync(join(root, 'bench/results/kernels.json'), JSON.stringify({ ...kernels, date: undefined }));
    expect(() => perfBlock('kernels', root)).toThrow(/no date/);
  });
});

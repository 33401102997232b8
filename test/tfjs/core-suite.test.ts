// tfjs-core's own test suite (4,227 specs in 4.22) on the 'simdnn' backend, in a child process (it
// runs under jasmine, not vitest; see core-suite/run.mjs). Needs `npm run build` (it bundles dist).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { requireBuilt } from '../built.js';
import { EXCLUDED } from './core-suite/exclusions.js';

// Specs passing on 'simdnn' at the last commit. 'cpu' passes 4,227: the 2 more are tfjs-core's
// "Switching cpu backends" specs, which run only on a backend named 'cpu'.
const PASS_FLOOR = 4225;
const SPECS = 4227;

interface Counts {
  backend: string;
  passed: number;
  failed: number;
  pending: number;
  excluded: number;
  overall: string;
  failures: Array<{ spec: string; message: string }>;
  suiteErrors?: string[];
}

describe("tfjs-core's test suite on 'simdnn'", () => {
  it('passes every spec it runs, at least the committed floor, with at most 1% excluded', () => {
    requireBuilt();
    const script = fileURLToPath(new URL('./core-suite/run.mjs', import.meta.url));
    const stdout = execFileSync(process.execPath, [script, 'simdnn'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    const last = stdout.trim().split('\n').pop() ?? '';
    const counts = JSON.parse(last) as Counts;
    const failures = counts.failures.map((f) => `${f.spec}: ${f.message}`).join('\n');
    expect(counts.suiteErrors ?? [], 'errors outside any spec').toEqual([]);
    expect(counts.failed, `failed specs:\n${failures}`).toBe(0);
    expect(counts.overall).toBe('passed');
    expect(counts.passed).toBeGreaterThanOrEqual(PASS_FLOOR);
    expect(counts.excluded).toBeLessThanOrEqual(Math.floor(SPECS / 100));
    // Every listed exclusion must still exclude something, or the list goes stale.
    expect(counts.excluded).toBeGreaterThanOrEqual(EXCLUDED.length);
  });
});

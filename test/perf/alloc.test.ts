// The training loop allocates nothing per step: a fit of 2N batches allocates no more JS heap than a fit
// of N batches (measured in a child process on the built package, with a young generation large enough
// that no GC runs during the measurement).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT as root, requireBuilt } from '../built.js';

// The wasm backend is held to zero. The TS reference backend is not: its kernels pass doubles between
// plain JS functions (boxed by V8), about 600 bytes a step; it is the spec and the fallback, not the fast path.
describe.each(['wasm'])('allocation per training step on %s', (backend) => {
  test('a training step allocates no JS objects', () => {
    requireBuilt();
    const steps = 150_000;
    const out = execFileSync(process.execPath, ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', join(root, 'test/perf/alloc-child.mjs'), backend, String(steps)], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    // A single object per step would be ≥ 16 bytes; what remains is noise from per-fit bookkeeping.
    expect(Math.abs(r.perStep), JSON.stringify(r)).toBeLessThan(8);
  });
});

describe('allocation per batch-1 prediction (predictInto) on wasm', () => {
  test('a warm predictInto call allocates no JS objects', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', join(root, 'test/perf/alloc-child.mjs'), 'wasm', '200000', 'predict'], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    expect(Math.abs(r.perCall), JSON.stringify(r)).toBeLessThan(4);
  });
});

// Smoke test of the end-to-end benchmark (bench/train.mjs --quick) for the simdnn contenders: the
// script runs, each contender in its own child process, and its JSON has every field with sane values.
// No timing assertions: speed is measured by `npm run bench:train`, never asserted.
// It runs the built dist/ (made by `npm test`'s pretest build, or `npm run build`).
import { requireBuilt } from '../built.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SIMDNN = ['simdnn-wasm', 'simdnn-relaxed', 'simdnn-ts'];

interface Run {
  contender: string;
  library: string;
  build: string;
  samplesPerSec: number;
  testAccuracy: number;
  trainSamples: number;
  testSamples: number;
  predictB1Ms: number;
  predictB256Ms: number;
  coldStart: { totalMs: number; nodeBootMs: number; importInitMs: number; buildMs: number; firstPredictMs: number };
  peakRssMB: number;
}

test('bench:train --quick runs the simdnn contenders and writes complete JSON', async () => {
  requireBuilt();
  const json = join(mkdtempSync(join(tmpdir(), 'simdnn-bench-')), 'train.json');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['bench/train.mjs', '--quick', '--only', SIMDNN.join(','), '--json', json],
    { cwd: ROOT, timeout: 60_000 },
  );
  expect(stdout).toMatch(/\| simdnn-relaxed \| \d+/); // the markdown table was printed
  const out = JSON.parse(readFileSync(json, 'utf8')) as {
    config: { quick: boolean; epochs: number; repeats: number };
    nodeReference: { wallMs: number; bootMs: number };
    results: Record<string, Run>;
    sweep: Record<string, { sweep: Record<string, number>; sweepSamples: number }>;
  };
  expect(out.config).toMatchObject({ quick: true, epochs: 1, repeats: 1 });
  expect(out.nodeReference.wallMs).toBeGreaterThan(0);
  expect(Object.keys(out.results)).toEqual(SIMDNN);
  const builds = Object.fromEntries(SIMDNN.map((n) => [n, out.results[n]!.build]));
  // Each child ran the code it claims: baseline SIMD without the flag, FMA build with it, plain TS.
  expect(builds).toEqual({ 'simdnn-wasm': 'simd', 'simdnn-relaxed': 'relaxed', 'simdnn-ts': 'ts' });
  for (const name of SIMDNN) {
    const r = out.results[name]!;
    expect(r.library).toBe('simdnn');
    expect(r.testSamples).toBe(2000);
    expect(r.samplesPerSec).toBeGreaterThan(0);
    // 2048 digits, one epoch: well above chance (0.1), and an accuracy is at most 1.
    expect(r.testAccuracy).toBeGreaterThan(0.5);
    expect(r.testAccuracy).toBeLessThanOrEqual(1);
    for (const v of [r.predictB1Ms, r.predictB256Ms, r.peakRssMB, ...Object.values(r.coldStart)]) {
      expect(Number.isFinite(v) && v > 0, `${name}: ${JSON.stringify(r)}`).toBe(true);
    }
    // Cold start counts from process start, so it includes every phase measured after it.
    const c = r.coldStart;
    expect(c.totalMs).toBeCloseTo(c.nodeBootMs + c.importInitMs + c.buildMs + c.firstPredictMs, 3);
  }
  // Same data, seed and build-independent arithmetic up to rounding: the accuracies agree closely.
  const accs = SIMDNN.map((n) => out.results[n]!.testAccuracy);
  expect(Math.max(...accs) - Math.min(...accs)).toBeLessThan(0.02);
  // The batch-size sweep ran for simdnn-wasm (tfjs-wasm was left out by --only).
  expect(Object.keys(out.sweep)).toEqual(['simdnn-wasm']);
  const sweep = out.sweep['simdnn-wasm']!.sweep;
  expect(Object.keys(sweep).map(Number)).toEqual([1, 8, 32, 64, 256, 512]);
  for (const v of Object.values(sweep)) expect(v).toBeGreaterThan(0);
}, 60_000);

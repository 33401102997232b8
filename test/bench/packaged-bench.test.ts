// The benchmark suite as a product (`simdnn bench`, src/bench) and the repo's kernel bench, which share the
// case list (src/bench/cases.ts): both run, cover every case, report every build they claim, and write
// JSON with sane values. No timing assertions: speed is measured by the benches, never asserted.
import { requireBuilt } from '../built.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cli, expectNoStack } from '../cli/run.js';
import { kernelCases } from '../../src/bench/cases.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'simdnn-bench-'));
const names = kernelCases().map((c) => c.name);

interface Report {
  quick: boolean;
  runtime: { name: string; version: string };
  backend: string;
  build: string;
  threads: number;
  machine: { cpu: string; cores: number };
  kernels: { kernel: string; unit: string; rate: number; msPerCall: number }[];
  training: { model: string; batchSize: number; trainSamples: number; samplesPerSec: number; predictB1Ms: number; predictB256Ms: number }[];
}

describe('simdnn bench', () => {
  test('--quick --json: every kernel case and both training rows, with the runtime, build and thread count', () => {
    const json = join(dir, 'bench.json');
    const r = cli(['bench', '--quick', '--json', json], { timeout: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report).toMatchObject({ quick: true, runtime: { name: 'node', version: process.versions.node }, backend: 'wasm', build: 'simd', threads: 1 });
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.kernels.map((k) => k.kernel)).toEqual(names);
    for (const k of report.kernels) {
      expect(Number.isFinite(k.rate) && k.rate > 0, `${k.kernel}: rate ${k.rate}`).toBe(true);
      expect(k.rate * 1e9 * k.msPerCall * 1e-3).toBeCloseTo(kernelCases().find((c) => c.name === k.kernel)!.work, -2);
    }
    expect(report.training.map((t) => [t.model, t.batchSize])).toEqual([['mlp', 64], ['cnn', 32]]);
    for (const t of report.training) {
      expect(t.samplesPerSec).toBeGreaterThan(0);
      expect(t.predictB1Ms).toBeGreaterThan(0);
      expect(t.predictB256Ms).toBeGreaterThan(t.predictB1Ms); // 256 samples cost more than one
    }
    // The printed table carries the same rows.
    expect(r.stdout).toContain('simdnn bench — node');
    for (const n of names) expect(r.stdout).toContain(`| ${n} |`);
  }, 150_000);

  test('--only kernels --filter, --backend ts; bad --only is a usage error', () => {
    const json = join(dir, 'ts.json');
    const r = cli(['bench', '--quick', '--only', 'kernels', '--filter', 'gemm 512', '--backend', 'ts', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.backend).toBe('ts');
    expect(report.kernels.map((k) => k.kernel)).toEqual(['gemm 512³ NN']);
    expect(report.training).toEqual([]);
    const bad = cli(['bench', '--only', 'gpu']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--only must be one of all, kernels, training, got "gpu"/);
    expectNoStack(bad);
  }, 60_000);
});

test('npm run bench (bench/kernels.mjs) has a ts, simd and relaxed rate for each case it runs', () => {
  requireBuilt();
  const json = join(dir, 'kernels.json');
  execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', 'bench/kernels.mjs', '--quick', '--only', 'conv fwd mnist', '--json', json], { cwd: ROOT, stdio: 'pipe' });
  const out = JSON.parse(readFileSync(json, 'utf8')) as { cols: string[]; quick: boolean; rows: Record<string, number | string>[] };
  expect(out.cols).toEqual(['ts', 'simd', 'relaxed']);
  expect(out.rows.map((r) => r.kernel)).toEqual(names.filter((n) => n.includes('conv fwd mnist')));
  for (const r of out.rows) for (const c of out.cols) expect(r[c], `${r.kernel} ${c}`).toBeGreaterThan(0);
}, 60_000);

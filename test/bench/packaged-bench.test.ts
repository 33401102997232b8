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
  kernels: { kernel: string; threads: number; unit: string; rate: number; msPerCall: number }[];
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

describe('simdnn bench --threads', () => {
  test('--threads 1,2: each row once per count, in the table and the JSON', () => {
    const json = join(dir, 'threads.json');
    const r = cli(['bench', '--quick', '--only', 'kernels', '--filter', 'adam', '--threads', '1,2', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.threads).toBe(2);
    expect(report.kernels.map((k) => [k.kernel, k.threads])).toEqual([['adam step n=100k', 1], ['adam step n=100k', 2]]);
    expect(r.stdout).toContain('threads 1, 2');
    expect(r.stdout).toMatch(/\| adam step n=100k \| 1 \|[^\n]*\n\| adam step n=100k \| 2 \|/);
  }, 60_000);

  test('runBench({ threads: [2, 1] }) in this process restores the count in use before it', async () => {
    const nn = await import('../../src/index.js');
    const { runBench } = await import('../../src/bench/index.js');
    await nn.setBackend('wasm');
    expect(nn.getThreads()).toBe(1);
    const r = await runBench({ quick: true, only: 'kernels', filter: 'sgd', threads: [2, 1] });
    expect(r.kernels.map((k) => k.threads)).toEqual([2, 1]);
    expect(nn.getThreads()).toBe(1);
    await nn.setThreads(2);
    const again = await runBench({ quick: true, only: 'kernels', filter: 'sgd' });
    expect(again.kernels.map((k) => k.threads)).toEqual([2]);
    expect(nn.getThreads()).toBe(2);
    await nn.setThreads(1);
  }, 60_000);

  test('--backend ts --threads 2: rows on 1 thread and a note that says why', () => {
    const json = join(dir, 'ts-threads.json');
    const r = cli(['bench', '--quick', '--only', 'kernels', '--filter', 'sgd', '--backend', 'ts', '--threads', '2', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report & { threadsNote?: string };
    expect(report.threads).toBe(1);
    expect(report.kernels.map((k) => k.threads)).toEqual([1]);
    expect(report.threadsNote).toBe('asked for 2 threads, ran on 1: the ts backend runs on one thread');
    expect(r.stdout).toContain('note: asked for 2 threads, ran on 1');
  }, 60_000);

  test.each(['0', '1,,2', 'two', '300'])('--threads %s is a usage error', (bad) => {
    const r = cli(['bench', '--threads', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--threads must be a comma-separated list of thread counts from 1 to 256, e\.g\. 1,2/);
    expectNoStack(r);
  });
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

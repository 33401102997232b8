// Smoke test of the end-to-end benchmark (bench/train.mjs --quick) for the simdnn contenders (MLP), and
// of --model cnn against both tfjs backends: the script runs, each contender in its own child process,
// and its JSON has every field with sane values.
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
  model: string;
  training: { supported: boolean; error?: string };
  samplesPerSec: number | null;
  testAccuracy: number | null;
  trainSamples: number;
  testSamples: number;
  predictB1Ms: number;
  predictB256Ms: number;
  coldStart: { totalMs: number; nodeBootMs: number; importInitMs: number; buildMs: number; firstPredictMs: number };
  peakRssMB: number;
}

interface Out {
  config: { model: string; quick: boolean; epochs: number; repeats: number; batchSize: number; perContender: Record<string, Record<string, number>> };
  reference: { train: string; predict: string };
  ratios: Record<string, Record<'samplesPerSec' | 'predictB1Ms' | 'predictB256Ms' | 'coldStartMs' | 'peakRssMB', number | null>>;
  nodeReference: { wallMs: number; bootMs: number };
  results: Record<string, Run>;
  sweep: Record<string, { sweep: Record<string, number>; sweepSamples: number }>;
}

/** Runs bench/train.mjs with `args` (and --json) and returns its stdout and parsed JSON. */
async function bench(args: string[], timeout: number): Promise<{ stdout: string; out: Out }> {
  const json = join(mkdtempSync(join(tmpdir(), 'simdnn-bench-')), 'train.json');
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/train.mjs', ...args, '--json', json], { cwd: ROOT, timeout });
  return { stdout, out: JSON.parse(readFileSync(json, 'utf8')) as Out };
}

/** Every timing, RSS and cold-start phase is a positive number, and the phases add up to the total. */
function expectSaneTimes(name: string, r: Run): void {
  for (const v of [r.predictB1Ms, r.predictB256Ms, r.peakRssMB, ...Object.values(r.coldStart)]) {
    expect(Number.isFinite(v) && v > 0, `${name}: ${JSON.stringify(r)}`).toBe(true);
  }
  // Cold start counts from process start, so it includes every phase measured after it.
  const c = r.coldStart;
  expect(c.totalMs).toBeCloseTo(c.nodeBootMs + c.importInitMs + c.buildMs + c.firstPredictMs, 3);
}

test('bench:train --quick runs the simdnn contenders and writes complete JSON', async () => {
  requireBuilt();
  const { stdout, out } = await bench(['--quick', '--only', SIMDNN.join(',')], 60_000);
  expect(stdout).toMatch(/\| simdnn-relaxed \| \d+/); // the markdown table was printed
  expect(out.config).toMatchObject({ model: 'mlp', quick: true, epochs: 1, repeats: 1, batchSize: 64 });
  expect(out.nodeReference.wallMs).toBeGreaterThan(0);
  expect(Object.keys(out.results)).toEqual(SIMDNN);
  const builds = Object.fromEntries(SIMDNN.map((n) => [n, out.results[n]!.build]));
  // Each child ran the code it claims: baseline SIMD without the flag, FMA build with it, plain TS.
  expect(builds).toEqual({ 'simdnn-wasm': 'simd', 'simdnn-relaxed': 'relaxed', 'simdnn-ts': 'ts' });
  for (const name of SIMDNN) {
    const r = out.results[name]!;
    expect(r.library).toBe('simdnn');
    expect(r.training).toEqual({ supported: true });
    expect(r.testSamples).toBe(2000);
    expect(r.samplesPerSec).toBeGreaterThan(0);
    // 2048 digits, one epoch: well above chance (0.1), and an accuracy is at most 1.
    expect(r.testAccuracy).toBeGreaterThan(0.5);
    expect(r.testAccuracy).toBeLessThanOrEqual(1);
    expectSaneTimes(name, r);
  }
  // tfjs-wasm, the MLP's reference, was left out by --only: no ratios.
  expect(out.reference).toEqual({ train: 'tfjs-wasm', predict: 'tfjs-wasm' });
  for (const name of SIMDNN) for (const v of Object.values(out.ratios[name]!)) expect(v).toBeNull();
  // Same data, seed and build-independent arithmetic up to rounding: the accuracies agree closely.
  const accs = SIMDNN.map((n) => out.results[n]!.testAccuracy!);
  expect(Math.max(...accs) - Math.min(...accs)).toBeLessThan(0.02);
  // The batch-size sweep ran for simdnn-wasm (tfjs-wasm was left out by --only).
  expect(Object.keys(out.sweep)).toEqual(['simdnn-wasm']);
  const sweep = out.sweep['simdnn-wasm']!.sweep;
  expect(Object.keys(sweep).map(Number)).toEqual([1, 8, 32, 64, 256, 512]);
  for (const v of Object.values(sweep)) expect(v).toBeGreaterThan(0);
}, 60_000);

test('bench:train --model cnn --quick: simdnn-wasm and tfjs-cpu train, tfjs-wasm reports training unsupported', async () => {
  requireBuilt();
  const names = ['simdnn-wasm', 'tfjs-wasm', 'tfjs-cpu'];
  // tfjs-cpu trains this CNN at ~15 samples/s, so quick mode gives it 64 training samples.
  const { stdout, out } = await bench(['--model', 'cnn', '--quick', '--only', names.join(',')], 90_000);
  expect(stdout).toMatch(/\| tfjs-wasm \| unsupported \|/);
  expect(out.config).toMatchObject({ model: 'cnn', quick: true, epochs: 1, batchSize: 32, perContender: { 'tfjs-cpu': { 'train-samples': 64 } } });
  expect(out.reference).toEqual({ train: 'tfjs-cpu', predict: 'tfjs-wasm' });
  expect(Object.keys(out.results)).toEqual(names);
  const [ours, wasm, cpu] = names.map((n) => out.results[n]!);
  expect([ours!.build, cpu!.build]).toEqual(['simd', 'cpu']);
  for (const [name, r] of Object.entries(out.results)) {
    expect(r.model).toBe('cnn');
    expectSaneTimes(name, r);
  }
  expect([ours!.trainSamples, cpu!.trainSamples]).toEqual([2048, 64]);
  expect(ours!.samplesPerSec).toBeGreaterThan(0);
  expect(cpu!.samplesPerSec).toBeGreaterThan(0);
  // 2048 digits, one epoch of the CNN: above chance; 64 digits (two steps) for tfjs-cpu: just a valid accuracy.
  expect(ours!.testAccuracy).toBeGreaterThan(0.4);
  expect(cpu!.testAccuracy).toBeGreaterThanOrEqual(0);
  expect(cpu!.testAccuracy).toBeLessThanOrEqual(1);
  // tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter: reported with its error, inference still timed.
  expect(wasm!.training).toEqual({ supported: false, error: "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'" });
  expect([wasm!.samplesPerSec, wasm!.testAccuracy]).toEqual([null, null]);
  // Ratios: training against tfjs-cpu, inference and cold start against tfjs-wasm.
  const q = out.ratios['simdnn-wasm']!;
  expect(q.samplesPerSec).toBeCloseTo(ours!.samplesPerSec! / cpu!.samplesPerSec!, 6);
  expect(q.predictB256Ms).toBeCloseTo(wasm!.predictB256Ms / ours!.predictB256Ms, 6);
  expect(q.coldStartMs).toBeCloseTo(wasm!.coldStart.totalMs / ours!.coldStart.totalMs, 6);
  expect(out.ratios['tfjs-wasm']).toEqual({ samplesPerSec: null, predictB1Ms: null, predictB256Ms: null, coldStartMs: null, peakRssMB: null });
  // The CNN's sweep is simdnn-wasm's alone (tfjs-wasm cannot train it).
  expect(Object.keys(out.sweep)).toEqual(['simdnn-wasm']);
}, 90_000);

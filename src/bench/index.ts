// `simdnn/bench`: the benchmark suite as a product. Runs the kernel cases (GFLOP/s, GB/s) and the MNIST
// training rows (samples/s, predict latency) on the current backend of whatever runtime imports it — Node,
// Bun, Deno, a browser — and reports them with the runtime, the wasm build and the thread count, as a
// table and as JSON, so that users can compare machines and runtimes. `simdnn bench` is its CLI.
import { currentBackend, getBackend, getWasmBuild, ready } from '../backend/index.js';
import { kernelCases } from './cases.js';
import { msPerCall } from './time.js';
import { trainingRow, type Digits, type TrainingRow } from './training.js';

export type { Digits, TrainingRow } from './training.js';
export { mnistCnnLayers } from './training.js';

export interface KernelRow {
  kernel: string;
  unit: 'GFLOP/s' | 'GB/s';
  rate: number;
  msPerCall: number;
}

export interface BenchReport {
  date: string;
  quick: boolean;
  runtime: { name: 'node' | 'bun' | 'deno' | 'browser' | 'unknown'; version: string };
  backend: string;
  build: string;
  /** simdnn computes on one thread today (issue 17 adds a pool). */
  threads: number;
  kernels: KernelRow[];
  training: TrainingRow[];
}

export interface BenchOptions {
  /** Shorter timings and fewer training samples (a smoke run, not a measurement). */
  quick?: boolean;
  /** Which part to run (default both). */
  only?: 'kernels' | 'training';
  /** Kernel rows whose name contains this string. */
  filter?: string;
  /** Labelled digits for the training rows; without them the training part is skipped. */
  data?: Digits;
  /** Called as each row finishes (progress). */
  onRow?: (label: string) => void;
}

/** Which JavaScript runtime this is, by its globals. */
export function detectRuntime(): BenchReport['runtime'] {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } }; process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  if (g.Bun) return { name: 'bun', version: g.Bun.version };
  if (g.Deno) return { name: 'deno', version: g.Deno.version.deno };
  if (g.process?.versions?.node) return { name: 'node', version: g.process.versions.node };
  if (g.navigator?.userAgent) return { name: 'browser', version: g.navigator.userAgent };
  return { name: 'unknown', version: '' };
}

/** Runs the suite on the current backend (nn.setBackend chooses it) and returns the report. */
export async function runBench(opts: BenchOptions = {}): Promise<BenchReport> {
  await ready();
  const quick = opts.quick ?? false;
  const backend = currentBackend();
  const kernels: KernelRow[] = [];
  if (opts.only !== 'training') {
    for (const c of kernelCases()) {
      if (opts.filter && !c.name.includes(opts.filter)) continue;
      const { run, buffers } = c.setup(backend);
      try {
        const ms = msPerCall(run, { budgetMs: quick ? 60 : 400, minSamples: quick ? 3 : 9 });
        kernels.push({ kernel: c.name, unit: c.unit, rate: c.work / (ms * 1e-3) / 1e9, msPerCall: ms });
      } finally {
        buffers.forEach((p) => backend.heap.release(p));
      }
      opts.onRow?.(c.name);
    }
  }
  const training: TrainingRow[] = [];
  if (opts.only !== 'kernels' && opts.data) {
    for (const kind of ['mlp', 'cnn'] as const) {
      const samples = kind === 'mlp' ? (quick ? 2048 : 8000) : quick ? 512 : 4000;
      training.push(await trainingRow(kind, opts.data, samples, quick ? 200 : 1000));
      opts.onRow?.(kind);
    }
  }
  return {
    date: new Date().toISOString(), quick, runtime: detectRuntime(), backend: getBackend(),
    build: getWasmBuild(), threads: 1, kernels, training,
  };
}

/** The report as markdown tables. */
export function formatReport(r: BenchReport): string {
  const lines = [
    `simdnn bench — ${r.runtime.name} ${r.runtime.version}, backend ${r.backend} (${r.build} build), ${r.threads} thread${r.threads > 1 ? 's' : ''}${r.quick ? ', quick (smoke run)' : ''}`,
  ];
  if (r.kernels.length) {
    lines.push('', '| kernel | rate | unit | ms/call |', '| --- | ---: | --- | ---: |');
    for (const k of r.kernels) lines.push(`| ${k.kernel} | ${k.rate.toFixed(k.rate >= 100 ? 0 : 1)} | ${k.unit} | ${k.msPerCall.toFixed(3)} |`);
  }
  if (r.training.length) {
    lines.push('', '| model | batch | train samples/s | predict b=1 (ms) | predict b=256 (ms) |', '| --- | ---: | ---: | ---: | ---: |');
    for (const t of r.training) {
      lines.push(`| ${t.what} | ${t.batchSize} | ${Math.round(t.samplesPerSec)} | ${t.predictB1Ms.toFixed(3)} | ${t.predictB256Ms.toFixed(2)} |`);
    }
  }
  return lines.join('\n');
}

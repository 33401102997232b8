// `simdnn/bench`: the benchmark suite as a product. Runs the kernel cases (GFLOP/s, GB/s) and the MNIST
// training rows (samples/s, predict latency) on the current backend of whatever runtime imports it — Node,
// Bun, Deno, a browser — and reports them with the runtime, the wasm build and the thread count, as a
// table and as JSON, so that users can compare machines and runtimes. With several thread counts the
// whole suite runs once per count (nn.setThreads), each row naming the threads it ran on. `simdnn bench`
// is its CLI.
import { currentBackend, getBackend, getWasmBuild, ready } from '../backend/index.js';
import { getThreads, setThreads, threadsUnavailable } from '../backend/threads/index.js';
import { kernelCases } from './cases.js';
import { msPerCall } from './time.js';
import { trainingRow, type Digits, type TrainingRow } from './training.js';

export type { Digits, TrainingRow } from './training.js';
export { mnistCnnLayers } from './training.js';

export interface KernelRow {
  kernel: string;
  /** Threads the row ran on (nn.getThreads() while it ran). */
  threads: number;
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
  /** The most threads any row ran on (1 for a one-thread run); each row has its own count. */
  threads: number;
  /** Set when a count asked for was not available here: why the rows ran on fewer threads. */
  threadsNote?: string;
  kernels: KernelRow[];
  training: (TrainingRow & { threads: number })[];
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
  /**
   * Thread counts to run the suite at, once each (nn.setThreads before each run; the count in use before
   * the suite is restored after it). Default: the count in use now (1 unless setThreads raised it).
   */
  threads?: readonly number[];
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

/**
 * Runs the suite on the current backend (nn.setBackend chooses it) and returns the report; with
 * `threads: [1, 2]` every row runs once on each count. Where threads cannot run (a browser main thread,
 * a page that is not cross-origin isolated, the 'ts' backend) a count resolves to 1: the rows say 1 and
 * `threadsNote` says why.
 */
export async function runBench(opts: BenchOptions = {}): Promise<BenchReport> {
  await ready();
  const quick = opts.quick ?? false;
  const before = getThreads();
  const counts = opts.threads && opts.threads.length > 0 ? opts.threads : [before];
  const kernels: KernelRow[] = [];
  const training: BenchReport['training'] = [];
  let note: string | undefined;
  try {
    for (const wanted of counts) {
      const threads = await setThreads(wanted);
      if (threads < wanted) note ??= `asked for ${wanted} threads, ran on ${threads}: ${threadsUnavailableHere()}`;
      const backend = currentBackend();
      if (opts.only !== 'training') {
        for (const c of kernelCases()) {
          if (opts.filter && !c.name.includes(opts.filter)) continue;
          const { run, buffers } = c.setup(backend);
          try {
            const ms = msPerCall(run, { budgetMs: quick ? 60 : 400, minSamples: quick ? 3 : 9 });
            kernels.push({ kernel: c.name, threads, unit: c.unit, rate: c.work / (ms * 1e-3) / 1e9, msPerCall: ms });
          } finally {
            buffers.forEach((p) => backend.heap.release(p));
          }
          opts.onRow?.(c.name);
        }
      }
      if (opts.only !== 'kernels' && opts.data) {
        for (const kind of ['mlp', 'cnn'] as const) {
          const samples = kind === 'mlp' ? (quick ? 2048 : 8000) : quick ? 512 : 4000;
          training.push({ ...(await trainingRow(kind, opts.data, samples, quick ? 200 : 1000)), threads });
          opts.onRow?.(kind);
        }
      }
    }
  } finally {
    await setThreads(before);
  }
  const threads = Math.max(1, ...kernels.map((k) => k.threads), ...training.map((t) => t.threads));
  return {
    date: new Date().toISOString(), quick, runtime: detectRuntime(), backend: getBackend(),
    build: getWasmBuild(), threads, ...(note ? { threadsNote: note } : {}), kernels, training,
  };
}

/** Why setThreads gave fewer threads than asked, in words (the checks of nn.setThreads). */
function threadsUnavailableHere(): string {
  return threadsUnavailable(currentBackend()) ?? 'unknown reason';
}

/** The report as markdown tables. */
export function formatReport(r: BenchReport): string {
  const lines = [
    `simdnn bench — ${r.runtime.name} ${r.runtime.version}, backend ${r.backend} (${r.build} build), ${threadsLabel(r)}${r.quick ? ', quick (smoke run)' : ''}`,
  ];
  if (r.threadsNote) lines.push('', `note: ${r.threadsNote}`);
  if (r.kernels.length) {
    lines.push('', '| kernel | threads | rate | unit | ms/call |', '| --- | ---: | ---: | --- | ---: |');
    for (const k of r.kernels) lines.push(`| ${k.kernel} | ${k.threads ?? 1} | ${k.rate.toFixed(k.rate >= 100 ? 0 : 1)} | ${k.unit} | ${k.msPerCall.toFixed(3)} |`);
  }
  if (r.training.length) {
    lines.push('', '| model | threads | batch | train samples/s | predict b=1 (ms) | predict b=256 (ms) |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const t of r.training) {
      lines.push(`| ${t.what} | ${t.threads ?? 1} | ${t.batchSize} | ${Math.round(t.samplesPerSec)} | ${t.predictB1Ms.toFixed(3)} | ${t.predictB256Ms.toFixed(2)} |`);
    }
  }
  return lines.join('\n');
}

/** "1 thread", "2 threads", or "threads 1, 2" when the rows ran on several counts. */
function threadsLabel(r: BenchReport): string {
  const counts = [...new Set([...r.kernels.map((k) => k.threads ?? 1), ...r.training.map((t) => t.threads ?? 1)])];
  if (counts.length > 1) return `threads ${counts.join(', ')}`;
  return `${r.threads} thread${r.threads > 1 ? 's' : ''}`;
}

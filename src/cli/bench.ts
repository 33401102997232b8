// `simdnn bench`: the packaged benchmark suite (src/bench) in this runtime, on the MNIST sample that ships
// in the package; prints the tables and, with --json FILE, writes the report with the machine's CPU.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { formatReport, runBench } from '../bench/index.js';
import { mnist } from '../datasets/mnist.js';
import { UsageError, choice, int, type Values } from './args.js';
import { serveBench } from './bench-serve.js';
import { useBackend } from './commands.js';

export async function bench(v: Values, print: (line: string) => void): Promise<void> {
  const only = choice(v, 'only', ['all', 'kernels', 'training'] as const, 'all');
  const threads = threadCounts(v);
  const data = only === 'kernels' ? undefined : mnist({ split: 'proportional', seed: 1 }).train;
  if (v.serve) return served(v, only, threads, data, print);
  for (const o of ['port', 'host']) if (v[o] !== undefined) throw new UsageError(`--${o} applies with --serve only`, 'bench');
  await useBackend(v);
  let done = 0;
  const report = await runBench({
    quick: v.quick === true,
    only: only === 'all' ? undefined : only,
    filter: typeof v.filter === 'string' ? v.filter : undefined,
    threads,
    data,
    onRow: () => void process.stderr.write(++done % 10 === 0 ? String(done) : '.'),
  });
  process.stderr.write('\n');
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: `${os.platform()} ${os.arch()}` };
  print(formatReport(report));
  print(`\n${machine.cpu}, ${machine.cores} cores, ${machine.platform}`);
  if (typeof v.json === 'string') {
    writeFileSync(v.json, JSON.stringify({ ...report, machine }, null, 2) + '\n');
    print(`wrote ${v.json}`);
  }
}

/** --threads 1,2: thread counts from 1 to 256, in the order given (default [1]). */
function threadCounts(v: Values): number[] {
  const raw = v.threads;
  if (raw === undefined) return [1];
  const parts = typeof raw === 'string' ? raw.split(',').map((p) => p.trim()) : [''];
  return parts.map((part) => {
    const n = Number(part);
    if (part === '' || !Number.isInteger(n) || n < 1 || n > 256) {
      throw new UsageError(`--threads must be a comma-separated list of thread counts from 1 to 256, e.g. 1,2; got ${JSON.stringify(raw)}`, 'bench');
    }
    return n;
  });
}

/** --serve: the same suite in a browser page; this process serves it and prints what it reports. */
async function served(v: Values, only: 'all' | 'kernels' | 'training', threads: number[], data: ReturnType<typeof mnist>['train'] | undefined, print: (line: string) => void): Promise<void> {
  if (v.backend !== undefined) throw new UsageError('--backend does not apply with --serve: the page runs the best wasm build its browser supports', 'bench');
  const port = int(v, 'port', 8080, 0, 65535);
  const host = typeof v.host === 'string' ? v.host : '127.0.0.1';
  const report = await serveBench({
    port, host, data,
    bench: { quick: v.quick === true, only: only === 'all' ? undefined : only, filter: typeof v.filter === 'string' ? v.filter : undefined, threads },
    onListening: (url) => print(`open ${url} in a browser; waiting for its report…`),
  });
  print(formatReport(report));
  print(`\n${report.runtime.version}; ${report.hardwareConcurrency} logical cores; cross-origin isolated: ${report.crossOriginIsolated ? 'yes' : 'no'}${report.inWorker ? '; ran in a Web Worker' : ''}`);
  if (typeof v.json === 'string') {
    writeFileSync(v.json, JSON.stringify(report, null, 2) + '\n');
    print(`wrote ${v.json}`);
  }
}

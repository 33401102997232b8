// `simdnn bench`: the packaged benchmark suite (src/bench) in this runtime, on the MNIST sample that ships
// in the package; prints the tables and, with --json FILE, writes the report with the machine's CPU.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { formatReport, runBench } from '../bench/index.js';
import { mnist } from '../datasets/mnist.js';
import { choice, type Values } from './args.js';
import { useBackend } from './commands.js';

export async function bench(v: Values, print: (line: string) => void): Promise<void> {
  const only = choice(v, 'only', ['all', 'kernels', 'training'] as const, 'all');
  await useBackend(v);
  const data = only === 'kernels' ? undefined : mnist({ split: 'proportional', seed: 1 }).train;
  let done = 0;
  const report = await runBench({
    quick: v.quick === true,
    only: only === 'all' ? undefined : only,
    filter: typeof v.filter === 'string' ? v.filter : undefined,
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

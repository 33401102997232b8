// nn.setThreads in Bun (Web Workers) and Deno (node:worker_threads): the child script of exit.test.ts
// trains on 2 threads of the built package and the runtime exits by itself; its losses agree with Node's.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, requireBuilt } from '../built.js';
import { bunBinary, denoCommand } from '../edge/runtimes.js';

const child = join(ROOT, 'test/threads/exit-child.mjs');
const last = (out: string) => JSON.parse(out.trim().split('\n').pop()!) as { threads: number; getThreads: number; loss: number[] };

describe('setThreads in other runtimes', () => {
  const node = () => last(execFileSync(process.execPath, [child, 'ok'], { encoding: 'utf8', timeout: 90_000 }));
  const runtimes: [string, () => [string, string[]]][] = [
    ['bun', () => [bunBinary(), [child, 'ok']]],
    ['deno', () => { const [exe, launcher] = denoCommand(); return [exe, [launcher, 'run', '-A', child, 'ok']]; }],
  ];
  it.each(runtimes)('%s: a 2-thread fit runs, agrees with Node within 1e-5, and the process exits on its own', (_, command) => {
    requireBuilt();
    const [exe, args] = command();
    // A generous timeout: it only catches a process that never exits, it is not a speed assertion.
    const r = spawnSync(exe, args, { encoding: 'utf8', timeout: 120_000, cwd: ROOT });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = last(r.stdout);
    expect([out.threads, out.getThreads]).toEqual([2, 2]);
    const want = node().loss;
    out.loss.forEach((l, i) => expect(Math.abs(l - want[i]!) / want[i]!).toBeLessThan(1e-5));
  });
});

// Runs the BUILT command line (dist/cli/main.js) as a child process, as a user would.
import { requireBuilt } from '../built.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): Run {
  requireBuilt();
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: opts.cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...opts.env },
    timeout: opts.timeout ?? 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A failure must be a message, not a Node stack trace. */
export function expectNoStack(r: Run): void {
  if (/\n\s+at .+[:(]\d+/.test(r.stderr + r.stdout)) throw new Error(`stack trace in output:\n${r.stderr}`);
}

// The pool never keeps a program alive: a Node program that trains on 2 threads and returns (or throws)
// exits by itself, with no setThreads(1) and no process.exit. Runs the built package in a child process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, requireBuilt } from '../built.js';

const child = join(ROOT, 'test/threads/exit-child.mjs');

describe('a threaded program exits on its own', () => {
  it('after a 2-thread fit: exit code 0, the fit ran on 2 threads', () => {
    requireBuilt();
    // A generous timeout: it only catches a hang, it is not a speed assertion.
    const r = spawnSync(process.execPath, [child, 'ok'], { encoding: 'utf8', timeout: 90_000 });
    expect(r.error, r.stderr).toBeUndefined();
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.threads).toBe(2);
    expect(out.getThreads).toBe(2);
    expect(out.loss).toHaveLength(2);
  });

  it('after an uncaught error following a 2-thread fit: exit code 1 with the error, no hang', () => {
    requireBuilt();
    const r = spawnSync(process.execPath, [child, 'throw'], { encoding: 'utf8', timeout: 90_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the program fails after a threaded fit');
  });
});

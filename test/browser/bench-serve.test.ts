// `simdnn bench --serve` in Chromium: the CLI serves the suite's page with COOP/COEP headers, the page runs
// the kernel and training rows in a Web Worker of the page (on 1 and then 2 threads: the pool's nested
// Workers) and posts its report, and the CLI prints it and exits.
import { requireBuilt } from '../built.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { launchChromium } from './chromium.js';
import { MAIN } from '../cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnn-bench-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simdnn bench --serve', () => {
  test('runs the suite in a Worker in Chromium, cross-origin isolated, on 1 and 2 threads, and prints the report', async () => {
    requireBuilt();
    const json = join(dir, 'report.json');
    const child = spawn(process.execPath, [MAIN, 'bench', '--serve', '--port', '0', '--quick', '--filter', 'gemm 512', '--threads', '1,2', '--json', json], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    let out = '', err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /open (http:\/\/\S+) in a browser/.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`simdnn bench --serve exited with ${code} before printing a URL: ${out}${err}`)));
    });
    const { context, close } = await launchChromium();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url);
      await page.waitForSelector('body[data-state="done"], body[data-state="failed"]', { timeout: 120_000 });
      expect(await page.textContent('#status')).toBe('done (cross-origin isolated)');
      expect(errors).toEqual([]);
      expect(await page.textContent('#report')).toMatch(/^simdnn bench — browser .*backend wasm \((relaxed|simd) build\)/);
    } finally {
      await close();
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/simdnn bench — browser Mozilla\/5\.0 .*HeadlessChrome/);
    expect(out).toMatch(/cross-origin isolated: yes; ran in a Web Worker/);
    expect(out).toMatch(/\| gemm 512³ NN \| 2 \|/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.runtime.name).toBe('browser');
    expect(report.crossOriginIsolated).toBe(true);
    expect(report.inWorker).toBe(true);
    expect(report.threads).toBe(2);
    expect(report.threadsNote).toBeUndefined();
    expect(report.kernels.map((k: { threads: number }) => k.threads)).toEqual([1, 2]);
    for (const k of report.kernels) {
      expect(k.kernel).toContain('gemm');
      expect(k.rate).toBeGreaterThan(0);
    }
    expect(report.training.map((t: { model: string; threads: number }) => [t.model, t.threads])).toEqual([['mlp', 1], ['cnn', 1], ['mlp', 2], ['cnn', 2]]);
    for (const t of report.training) expect(t.samplesPerSec).toBeGreaterThan(0);
  }, 180_000);

  test('--port without --serve and --backend with it are usage errors', async () => {
    const { cli } = await import('../cli/run.js');
    expect(cli(['bench', '--port', '1']).stderr).toMatch(/--port applies with --serve only/);
    expect(cli(['bench', '--serve', '--backend', 'ts']).stderr).toMatch(/--backend does not apply with --serve/);
    expect(cli(['bench', '--serve', '--port', '70000']).stderr).toMatch(/--port must be an integer in \[0, 65535\]/);
  });
});

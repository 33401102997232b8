// demo/threads.html in headless Chromium: the MNIST MLP trains inside a Web Worker with nn.setThreads(2),
// whose pool starts nested Web Workers from a Blob URL. On a cross-origin isolated page (scripts/serve.mjs
// sends COOP/COEP) the Worker gets 2 threads and the losses of 1 thread within 1e-5 relative (the batch is
// cut into a shard per thread, src/model/shards.ts, so sums are reassociated); the page's main
// thread stays at 1 (no Atomics.wait there). Served with --no-isolation the Worker gets 1 thread and says why.
import { requireBuilt } from '../built.js';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, startDemoServer } from './chromium.js';

const ROOT = join(import.meta.dirname, '../..');
const servers: ChildProcess[] = [];
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;

interface Report {
  error?: string;
  requested: number;
  used: number;
  threads: number;
  crossOriginIsolated: boolean;
  reason: string;
  losses: number[];
  samplesPerSec: number;
  backend: string;
}

/** Starts the demo server with `flags`; the servers are killed after the tests. */
async function startServer(flags: string[]): Promise<string> {
  const { url, server } = await startDemoServer(flags);
  servers.push(server);
  return url;
}

async function open(flags: string[]): Promise<{ page: Page; errors: string[] }> {
  const url = await startServer(flags);
  const page = await context!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}threads.html`);
  await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 30_000 });
  return { page, errors };
}

const train = (page: Page, threads: number) =>
  page.evaluate(([n]) => (globalThis as unknown as { trainInWorker: (n: number, e: number) => Promise<Report> }).trainInWorker(n!, 1), [threads]);

beforeAll(async () => {
  requireBuilt();
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-demo.mjs')], { stdio: 'pipe' });
  ({ context, close: closeBrowser } = await launchChromium());
}, 90_000);

afterAll(async () => {
  await closeBrowser?.();
  for (const s of servers) s.kill();
});

describe('demo/threads.html in Chromium', () => {
  test('isolated page: the Worker trains on 2 threads with the 1-thread losses within 1e-5 relative; the main thread stays at 1', async () => {
    const { page, errors } = await open([]);
    expect(await page.textContent('#isolated')).toBe('true');
    expect(await page.getAttribute('#main-threads', 'data-value')).toBe('1');
    expect(await page.textContent('#main-threads')).toMatch(/main thread cannot Atomics\.wait/);
    const one = await train(page, 1);
    expect(one.error).toBeUndefined();
    expect(one).toMatchObject({ used: 1, threads: 1, crossOriginIsolated: true, backend: 'wasm', reason: '' });
    const two = await train(page, 2);
    expect(two.error).toBeUndefined();
    expect(two).toMatchObject({ used: 2, threads: 2, crossOriginIsolated: true, reason: '' });
    expect(two.losses).toHaveLength(1);
    expect(Number.isFinite(two.losses[0])).toBe(true);
    expect(Math.abs(two.losses[0]! - one.losses[0]!) / one.losses[0]!).toBeLessThanOrEqual(1e-5);
    console.log(`Worker MLP epoch: 1 thread ${Math.round(one.samplesPerSec)} samples/s, 2 threads ${Math.round(two.samplesPerSec)} samples/s`);
    // The page's button path shows the same thing.
    await page.click('#run');
    await page.waitForSelector('body[data-state="trained"], body[data-state="error"]', { timeout: 60_000 });
    expect(await page.getAttribute('#threads-used', 'data-value')).toBe('2');
    expect(await page.textContent('#status')).toBe('trained on 2 threads in the Worker');
    expect(await page.textContent('#loss')).toBe(two.losses[0]!.toFixed(6));
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  test('--no-isolation: the Worker gets 1 thread and the page says why', async () => {
    const { page, errors } = await open(['--no-isolation']);
    expect(await page.textContent('#isolated')).toBe('false');
    await page.click('#run');
    await page.waitForSelector('body[data-state="trained"], body[data-state="error"]', { timeout: 60_000 });
    expect(await page.getAttribute('#threads-used', 'data-value')).toBe('1');
    expect(await page.textContent('#status')).toMatch(/^asked for 2 threads, got 1: the page is not cross-origin isolated .*SharedArrayBuffer/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

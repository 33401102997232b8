// The demo page in headless Chromium (playwright-core; the binary ships inside the @sparticuz/chromium npm
// package, so a fresh machine needs nothing installed by hand): trains the MNIST MLP and the tfjs example's
// CNN and reads the test accuracy from the page, classifies digits drawn with mouse events, checks the wasm build, saves and
// loads models through localstorage:// and indexeddb://, and trains XOR inside a Web Worker.
import { requireBuilt } from '../built.js';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, startDemoServer } from './chromium.js';

const ROOT = join(import.meta.dirname, '../..');

let server: ChildProcess | undefined;
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
let url = '';
const shots = mkdtempSync(join(tmpdir(), 'simdnn-shots-'));
const pageErrors: string[] = [];

beforeAll(async () => {
  requireBuilt();
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-demo.mjs')], { stdio: 'pipe' });
  ({ url, server } = await startDemoServer());
  ({ context, close: closeBrowser } = await launchChromium());
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
}, 90_000);

/** A slightly slanted vertical stroke on the pad, drawn in small mouse steps like a real hand. */
async function drawOne(): Promise<void> {
  const box = (await page.locator('#pad').boundingBox())!;
  await page.mouse.move(box.x + 0.55 * box.width, box.y + 0.15 * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + 0.47 * box.width, box.y + 0.85 * box.height, { steps: 20 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById('prediction')!.dataset.value !== '');
}

afterAll(async () => {
  await closeBrowser?.();
  server?.kill();
});

describe('demo page in Chromium', () => {
  test('shows the wasm backend with the relaxed-SIMD build', async () => {
    expect(await page.textContent('#backend')).toBe('wasm');
    expect(await page.textContent('#build')).toBe('relaxed');
  });

  test('trains on the MNIST sample to ≥ 85% test accuracy, then classifies a drawn 1 and 0', async () => {
    await page.click('#train');
    await page.waitForSelector('body[data-state="trained"]', { timeout: 100_000 });
    const accuracy = Number(await page.getAttribute('#accuracy', 'data-value'));
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
    expect(accuracy).toBeLessThanOrEqual(1);
    expect(await page.evaluate(() => (document.getElementById('progress') as HTMLProgressElement).value)).toBe(1);

    await drawOne();
    expect(await page.getAttribute('#prediction', 'data-value')).toBe('1');
    const box = (await page.locator('#pad').boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;

    // Then an ellipse, drawn smaller and off-centre: the 20×20 scaling and mass centring make it a 0.
    await page.click('#clear');
    expect(await page.getAttribute('#prediction', 'data-value')).toBe('');
    await page.mouse.move(...at(0.3 + 0.15, 0.3));
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      const t = (2 * Math.PI * i) / 40;
      await page.mouse.move(...at(0.3 + 0.15 * Math.cos(t), 0.3 + 0.22 * Math.sin(t)));
    }
    await page.mouse.up();
    await page.waitForFunction(() => document.getElementById('prediction')!.dataset.value !== '');
    expect(await page.getAttribute('#prediction', 'data-value')).toBe('0');
    const probs = await page.$$eval('#probs .bar span:last-child', (cells) => cells.map((c) => parseFloat(c.textContent!)));
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    // The 28×28 preview holds the digit as MNIST does: longest side 20 px, centre of mass at (14, 14).
    const preview = await page.evaluate(() => {
      const c = document.getElementById('preview') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let mass = 0, mx = 0, my = 0, x0 = 28, x1 = -1, y0 = 28, y1 = -1;
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const v = d[(y * 28 + x) * 4]! / 255;
          mass += v, mx += v * (x + 0.5), my += v * (y + 0.5);
          if (v > 0) (x0 = Math.min(x0, x)), (x1 = Math.max(x1, x)), (y0 = Math.min(y0, y)), (y1 = Math.max(y1, y));
        }
      }
      return { cx: mx / mass, cy: my / mass, side: Math.max(x1 - x0 + 1, y1 - y0 + 1) };
    });
    expect(Math.abs(preview.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(preview.cy - 14)).toBeLessThanOrEqual(0.5);
    expect(preview.side).toBe(20);

    const shot = join(shots, 'demo.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`browser test screenshot: ${shot}`);
    expect(pageErrors).toEqual([]);
  });

  test('trains the tfjs example CNN (conv-pool-conv-pool-dense) to ≥ 90% test accuracy and classifies a drawn 1', async () => {
    await page.click('#clear');
    await page.selectOption('#arch', 'cnn');
    await page.fill('#epochs', '3');
    await page.click('#train');
    await page.waitForSelector('body[data-state="training"]', { timeout: 10_000 });
    await page.waitForSelector('body[data-state="trained"]', { timeout: 100_000 });
    expect(await page.textContent('#architecture')).toMatch(/^conv2d\S* → max_pooling2d\S* → conv2d\S* → max_pooling2d\S* → flatten\S* → dense\S*$/);
    expect(await page.textContent('#status')).toMatch(/^CNN: 3 epochs on 2000 digits/);
    const accuracy = Number(await page.getAttribute('#accuracy', 'data-value'));
    console.log(`demo CNN: ${await page.textContent('#status')}, test accuracy ${accuracy}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(accuracy).toBeLessThanOrEqual(1);
    await drawOne();
    expect(await page.getAttribute('#prediction', 'data-value')).toBe('1');
    expect(pageErrors).toEqual([]);
  });

  test.each(['localstorage://demo-test', 'indexeddb://demo-test'])('saveModel / loadLayersModel round-trip through %s', async (target) => {
    const result = await page.evaluate(async (target) => {
      const nn = (globalThis as unknown as { simdnn: typeof import('../../src/index.js') }).simdnn;
      const model = nn.sequential({
        seed: 3,
        layers: [nn.layers.dense({ units: 5, inputShape: [3], activation: 'tanh' }), nn.layers.dense({ units: 2, activation: 'softmax' })],
      });
      const x = nn.tensor2d([[0.1, -0.2, 0.3], [1, 2, -3]]);
      const before = Array.from(model.predict(x).dataSync());
      const saved = await nn.saveModel(model, target);
      const loaded = await nn.loadLayersModel(target);
      const after = Array.from(loaded.predict(x).dataSync());
      return { before, after, bytes: saved.modelArtifactsInfo.weightDataBytes };
    }, target);
    expect(result.bytes).toBe((3 * 5 + 5 + 5 * 2 + 2) * 4);
    expect(result.after).toEqual(result.before);
    expect(result.before.some((v) => v !== 0.5)).toBe(true);
  });

  test('trains XOR inside a Web Worker', async () => {
    const result = await page.evaluate(
      () =>
        new Promise<{ accuracy?: number; backend?: string; build?: string; error?: string }>((resolve) => {
          const worker = new Worker('./xor-worker.js', { type: 'module' });
          worker.onmessage = (e) => {
            worker.terminate();
            resolve(e.data);
          };
          worker.onerror = (e) => resolve({ error: e.message || 'worker failed to load' });
          worker.postMessage('train');
        }),
    );
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ accuracy: 1, backend: 'wasm', build: 'relaxed' });
  });
});

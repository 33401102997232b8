// The 'simdnn' tfjs backend in headless Chromium (playwright-core + @sparticuz/chromium, as demo.test.ts):
// tfjs-core, tfjs-backend-cpu, tfjs-layers and simdnn/tfjs bundled for the browser with esbuild, then a
// tfjs-layers CNN trains in the page on 'simdnn' and on 'cpu' from the same seeds, to the same losses.
import { requireBuilt } from '../built.js';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const dir = mkdtempSync(join(tmpdir(), 'simdnn-tfjs-browser-'));
let browser: Browser | undefined;
let bundle = '';

beforeAll(async () => {
  // NOTE: never skipped: a browser that cannot be unpacked or launched fails here (SIMDNN_CHROMIUM may name another binary).
  const CHROMIUM = process.env.SIMDNN_CHROMIUM ?? (await sparticuz.executablePath());
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  requireBuilt();
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, [
    "import * as tf from '@tensorflow/tfjs-core';",
    "import '@tensorflow/tfjs-backend-cpu';",
    "import * as tfl from '@tensorflow/tfjs-layers';",
    `import ${JSON.stringify(join(ROOT, 'dist/adapters/tfjs/index.js'))};`,
    'globalThis.tf = tf; globalThis.tfl = tfl;',
  ].join('\n'));
  // ignoreAnnotations: the tfjs packages' "sideEffects" lists would drop the kernel registrations.
  await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', outfile: join(dir, 'tfjs.js'), ignoreAnnotations: true, logLevel: 'error', nodePaths: [join(ROOT, 'node_modules')] });
  bundle = join(dir, 'tfjs.js');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("tfjs-layers on 'simdnn' in Chromium", () => {
  test("a CNN trains on 'simdnn' to the same per-epoch losses as on 'cpu'", async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto('about:blank');
    await page.addScriptTag({ path: bundle });
    const result = await page.evaluate(async () => {
      const g = globalThis as unknown as { tf: typeof import('@tensorflow/tfjs-core'); tfl: typeof import('@tensorflow/tfjs-layers') };
      const { tf, tfl } = g;
      const N = 32, H = 10;
      let s = 7;
      const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
      const xs = Array.from({ length: N * H * H }, rnd);
      const ys = Array.from({ length: N }, (_, i) => [0, 1, 2].map((c) => (c === i % 3 ? 1 : 0))).flat();
      const train = async (backend: string) => {
        await tf.setBackend(backend);
        const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
        const m = tfl.sequential({ layers: [
          tfl.layers.conv2d({ inputShape: [H, H, 1], kernelSize: 3, filters: 4, activation: 'relu', kernelInitializer: init(1) }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(2) }),
        ] });
        m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
        const x = tf.tensor4d(xs, [N, H, H, 1]), y = tf.tensor2d(ys, [N, 3]);
        const h = await m.fit(x, y, { epochs: 4, batchSize: 8, shuffle: false, verbose: 0 });
        const used = tf.getBackend();
        m.dispose();
        tf.dispose([x, y]);
        return { used, losses: h.history.loss as number[], numTensors: tf.memory().numTensors };
      };
      return { cpu: await train('cpu'), simdnn: await train('simdnn'), wasm: typeof WebAssembly.validate };
    });
    expect(errors).toEqual([]);
    expect(result.simdnn.used).toBe('simdnn');
    expect(result.cpu.losses[3]!).toBeLessThan(result.cpu.losses[0]!);
    for (let e = 0; e < 4; e++) {
      const rel = Math.abs(result.simdnn.losses[e]! - result.cpu.losses[e]!) / result.cpu.losses[e]!;
      expect(rel, `epoch ${e + 1}: cpu ${result.cpu.losses[e]}, simdnn ${result.simdnn.losses[e]}`).toBeLessThanOrEqual(1e-4);
    }
    await page.close();
  }, 120_000);
});

// Browser Worker threads A/B: serves demo/ (scripts/serve.mjs, cross-origin isolated), opens
// demo/threads.html in headless Chromium and trains the MNIST MLP (784-128-10, 2000 digits, batch 32)
// in its Worker on 1 and 2 threads, interleaved, and prints the median samples/s of each.
// Usage: node bench/threads-browser.mjs [--rounds N] [--epochs N]   (after npm run build:demo)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sparticuz from '@sparticuz/chromium';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 5), epochs = arg('epochs', 3);

const server = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => {
  let out = '';
  server.stdout.on('data', (c) => {
    out += c;
    const m = /http:\/\/\S+/.exec(out);
    if (m) resolve(m[0]);
  });
});
const profile = mkdtempSync(join(tmpdir(), 'simdnn-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.SIMDNN_CHROMIUM ?? (await sparticuz.executablePath()), headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await context.newPage();
  await page.goto(`${url}threads.html`);
  await page.waitForSelector('body[data-state="ready"]');
  const train = (n) => page.evaluate(([n, e]) => globalThis.trainInWorker(n, e), [n, epochs]);
  await train(1); // warm-up: compile, load the digits
  const rates = { 1: [], 2: [] };
  let losses = null;
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 ? [2, 1] : [1, 2]) {
      const out = await train(n);
      if (out.error) throw new Error(out.error);
      if (out.threads !== n) throw new Error(`asked for ${n} threads, the Worker got ${out.threads}: ${out.reason}`);
      rates[n].push(out.samplesPerSec);
      const key = JSON.stringify(out.losses);
      if (losses !== null && key !== losses) throw new Error(`losses differ between thread counts: ${losses} vs ${key}`);
      losses = key;
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const build = await page.evaluate(() => globalThis.trainInWorker(1, 1).then((r) => r.build));
  console.log(`Chromium Worker, ${build} build, MNIST MLP 784-128-10, ${epochs} epochs × 2000 digits, batch 32, ${rounds} interleaved rounds`);
  console.log('| threads | median samples/s | runs |\n| ---: | ---: | --- |');
  for (const n of [1, 2]) console.log(`| ${n} | ${Math.round(median(rates[n]))} | ${rates[n].map(Math.round).join(', ')} |`);
  console.log(`2 threads / 1 thread: ${(median(rates[2]) / median(rates[1])).toFixed(2)}×; losses identical across counts: yes`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  server.kill();
}

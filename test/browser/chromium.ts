// Headless Chromium for the browser tests: the binary ships inside the @sparticuz/chromium npm package
// (playwright-core drives it), so a fresh machine needs nothing installed by hand.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type BrowserContext } from 'playwright-core';

// Our own flags, not the package's: its --single-process (made for AWS Lambda) would break Web Workers
// and persistent profiles.
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/**
 * A persistent-profile Chromium context; close() also removes the profile. NOTE: never skipped: a browser
 * that cannot be unpacked or launched fails the test. SIMDNN_CHROMIUM may name another binary.
 */
export async function launchChromium(viewport = { width: 1000, height: 760 }): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const binary = process.env.SIMDNN_CHROMIUM ?? (await sparticuz.executablePath());
  if (!existsSync(binary)) throw new Error(`Chromium not found at ${binary} (from ${process.env.SIMDNN_CHROMIUM ? 'SIMDNN_CHROMIUM' : '@sparticuz/chromium'})`);
  const profile = mkdtempSync(join(tmpdir(), 'simdnn-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: binary, headless: true, args: ARGS, viewport });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const ROOT = join(import.meta.dirname, '../..');

/**
 * Starts scripts/serve.mjs (the demo server) on a free port with `flags`; resolves to the URL it prints
 * and the process, which the caller kills.
 */
export function startDemoServer(flags: string[] = []): Promise<{ url: string; server: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /http:\/\/\S+/.exec(out);
      if (m) resolve({ url: m[0], server });
    });
    server.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code} before printing a URL: ${out}`)));
  });
}

// Saving never loses data: a child process saving models to file://dir in a loop is SIGKILLed at random
// moments, 20 times; after each kill the directory loads, and holds either the last completed save or
// the one in flight — never a mix (model.json of one save with weights.bin of another).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { STALE_MS } from '../../src/io/file-save.js';

import { ROOT as root, requireBuilt } from '../built.js';

/** Runs the saver from generation `first`, kills it `delay` ms after its first save began, returns its log. */
function saveAndKill(dir: string, first: number, delay: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'crash-saver.mjs'), join(root, 'dist', 'index.js'), dir, String(first)]);
    let out = '', err = '', timer: ReturnType<typeof setTimeout> | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (!timer && out.includes('saving')) timer = setTimeout(() => child.kill('SIGKILL'), delay);
    });
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`saver exited on its own: ${err}`));
      else resolve(out.trim().split('\n'));
    });
  });
}

/** The generation a directory holds; throws if model.json and weights.bin do not belong together. */
async function generation(dir: string): Promise<number> {
  const m = await nn.loadLayersModel(`file://${dir}`);
  const g = Number(/^gen_(\d+)$/.exec(m.name)![1]);
  for (const w of m.getWeights()) expect(w.dataSync().every((v) => v === g), `weights of gen_${g} hold ${g}`).toBe(true);
  expect(m.layers.length).toBe(g % 2 === 0 ? 2 : 3);
  m.dispose();
  return g;
}

describe('crash during save', () => {
  test('20 SIGKILLs at random moments: the directory always loads the old or the new model', async () => {
    requireBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'simdnn-crash-'));
    // Seed the directory with one complete save.
    let log = await saveAndKill(dir, 0, 150);
    expect(log).toContain('saved 0');
    let previous = await generation(dir);
    let midSave = 0, next = previous + 100;
    let state = 12345;
    for (let kill = 0; kill < 20; kill++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const delay = state % 60; // ms after the first save began: from "mid first save" to "several saves later"
      log = await saveAndKill(dir, next, delay);
      const saved = log.filter((l) => l.startsWith('saved')).map((l) => Number(l.split(' ')[1]));
      const started = log.filter((l) => l.startsWith('saving')).map((l) => Number(l.split(' ')[1]));
      if (log.at(-1)!.startsWith('saving')) midSave++;
      const g = await generation(dir);
      // The last completed save, or the one in flight when the kill came (its rename may have landed).
      const lastDone = saved.length ? saved.at(-1)! : previous;
      expect([lastDone, started.at(-1)], `kill ${kill} after ${delay} ms, log ${log.slice(-3).join(' | ')}`).toContain(g);
      previous = g;
      next = Math.max(...started) + 100;
    }
    const leftovers = readdirSync(dir).filter((f) => f !== 'model.json' && f !== 'weights.bin');
    console.log(`crash-save: 20 kills, ${midSave} with the last line "saving" (killed during a save); ${leftovers.length} temp files left behind`);

    // The next save removes the killed saves' temp files once they are stale (older than STALE_MS: a
    // younger one may belong to a save in flight in another process) and keeps everything else.
    expect(leftovers.length).toBeGreaterThan(0);
    const old = (Date.now() - STALE_MS - 60_000) / 1000;
    for (const f of leftovers) utimesSync(join(dir, f), old, old);
    const fresh = `weights.${Date.now().toString(36)}-zz.bin`;
    writeFileSync(join(dir, fresh), 'in flight');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const model = nn.sequential({ name: `gen_${next}`, layers: [nn.layers.dense({ units: 2, inputShape: [2], kernelInitializer: nn.initializers.constant({ value: next }), biasInitializer: nn.initializers.constant({ value: next }) })] });
    await model.save(`file://${dir}`);
    expect(readdirSync(dir).sort()).toEqual([fresh, 'model.json', 'notes.txt', 'weights.bin'].sort());
    const back = await nn.loadLayersModel(`file://${dir}`);
    expect(back.name).toBe(`gen_${next}`);
  });
});

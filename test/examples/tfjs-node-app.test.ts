// examples/tfjs-node-app/fruit.cjs is a tfjs-node program (CommonJS, tf.data.csv → map → shuffle → batch →
// fitDataset with validation → save file:// → loadLayersModel → predict) whose only change is the
// require line. It runs here through the package's self-reference (require('simdnn')); the installed
// package runs it too (test/package/installed.test.ts).
import { requireBuilt } from '../built.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const APP = join(ROOT, 'examples/tfjs-node-app/fruit.cjs');
const dir = mkdtempSync(join(tmpdir(), 'simdnn-fruit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a tfjs-node program with the require changed', () => {
  it('differs from its tfjs-node form in the require line only', () => {
    const lines = readFileSync(APP, 'utf8').split('\n');
    const mentions = lines.filter((l) => /simdnn|tfjs/.test(l) && !l.startsWith('//'));
    expect(mentions).toEqual(["const tf = require('simdnn'); // was: const tf = require('@tensorflow/tfjs-node');"]);
  });

  it('trains from the CSV, saves, loads and predicts the four fruits', () => {
    requireBuilt();
    const model = join(dir, 'model');
    const out = execFileSync(process.execPath, [APP, model], { encoding: 'utf8' });
    expect(out).toContain('columns: weight, diameter, colour, origin, fruit');
    const valAcc = Number(/val_acc ([\d.]+)/.exec(out)?.[1]);
    expect(valAcc, out).toBeGreaterThanOrEqual(0.9);
    expect(out.match(/→ (\w+) \(/g)).toEqual(['→ apple (', '→ banana (', '→ lemon (', '→ orange (']);
    expect(out).toContain('loaded model predicts as the trained one: true');
    for (const f of ['model.json', 'weights.bin']) expect(existsSync(join(model, f))).toBe(true);
  }, 60_000);
});

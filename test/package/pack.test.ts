// What `npm pack` ships: only the built JS + declarations, the two wasm binaries, README and LICENSE,
// no runtime dependencies; and a consumer outside the repo compiles against the packed types (strict
// tsc, no @types) and runs with nothing installed but the extracted package.
import { requireBuilt } from '../built.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'simdnn-pack-'));
const consumer = join(work, 'consumer');
const pkgDir = join(consumer, 'node_modules/simdnn');

interface PackInfo { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }
let info: PackInfo;

beforeAll(() => {
  requireBuilt();
  // --ignore-scripts: no lifecycle script runs; the suite tests the build already made.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  info = (JSON.parse(out) as PackInfo[])[0]!;
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, info.filename), '-C', pkgDir, '--strip-components=1']);
  const wasm = info.files.filter((f) => f.path.endsWith('.wasm')).map((f) => `${f.path} ${f.size} B`);
  console.log(`npm pack: ${info.filename} ${info.size} B packed, ${info.unpackedSize} B unpacked, ${info.files.length} files; ${wasm.join(', ')}`);
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  test('contains only dist JS + d.ts, the wasm builds, README, LICENSE and package.json', () => {
    const paths = info.files.map((f) => f.path);
    const allowed = /^(dist\/.+\.(js|d\.ts)|build\/(simdnn-(simd|relaxed)\.wasm|mnist-digits\.br)|README\.md|LICENSE|package\.json)$/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    // dist/ is src/ compiled (rootDir src): no test or source copies, no source maps.
    expect(paths.filter((p) => /^dist\/(test|src)\//.test(p) || p.endsWith('.map'))).toEqual([]);
    for (const needed of ['dist/index.js', 'dist/index.d.ts', 'dist/slim.js', 'dist/slim.d.ts', 'dist/datasets/mnist.js', 'dist/bench/index.js', 'dist/cli/bench.js', 'dist/adapters/tfjs/index.js', 'dist/adapters/tfjs/index.d.ts', 'build/simdnn-simd.wasm', 'build/simdnn-relaxed.wasm', 'build/mnist-digits.br', 'LICENSE', 'README.md']) {
      expect(paths).toContain(needed);
    }
    // Every file the exports map names is in the package.
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const targets: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') targets.push(v.replace(/^\.\//, ''));
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg.exports);
    expect(targets.length).toBeGreaterThan(4);
    expect(targets.filter((t) => t !== 'package.json' && !paths.includes(t))).toEqual([]);
  });

  test('declares MIT, no runtime dependencies, and only the optional tfjs peers of simdnn/tfjs', () => {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    const peers = ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-core'];
    expect(Object.keys(pkg.peerDependencies ?? {}).sort()).toEqual(peers);
    // Optional: npm 7+ installs required peers, which would pull tfjs into every simdnn install.
    for (const name of peers) expect(pkg.peerDependenciesMeta?.[name]?.optional, name).toBe(true);
    expect(readFileSync(join(pkgDir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  test('a strict TypeScript consumer compiles against the packed types and runs with nothing else installed', () => {
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, outDir: 'out' },
        files: ['main.ts'],
      }),
    );
    writeFileSync(
      join(consumer, 'main.ts'),
      `import * as nn from 'simdnn';
import * as slim from 'simdnn/slim';

// Never called: only compiled. The directive fails the build if the packed types degrade to any.
// @ts-expect-error units must be a number
const typeCheckOnly = () => nn.layers.dense({ units: 'many' });
const shapeOf = (t: nn.Tensor): readonly number[] => t.shape;
// simdnn/slim is the same API (the same functions: one code path), minus the embedded wasm.
const slimSequential: typeof nn.sequential = slim.sequential;

const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = nn.tensor2d([[0], [1], [1], [0]]);
const model: nn.Sequential = nn.sequential({ seed: 42, layers: [
  nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }),
  nn.layers.dense({ units: 1, activation: 'sigmoid' }),
]});
model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
const history: nn.History = await model.fit(x, y, { epochs: 300, batchSize: 4, seed: 1 });
const out: Float32Array = model.predict(x).dataSync() as Float32Array;
let saved = 0;
await nn.saveModel(model, nn.io.withSaveHandler((a: nn.ModelArtifacts) => { saved = a.weightData.byteLength; }));
console.log(JSON.stringify({ backend: nn.getBackend(), acc: history.history.acc!.at(-1), xor: Array.from(out, (v) => (v > 0.5 ? 1 : 0)), saved, shape: typeof shapeOf, typeCheckOnly: typeof typeCheckOnly, slimSame: slimSequential === nn.sequential }));
`,
    );
    try {
      execFileSync(process.execPath, [TSC, '-p', consumer], { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      // tsc prints its diagnostics on stdout; put them in the failure message.
      throw new Error(`the consumer does not compile against the packed types:\n${(e as { stdout?: string }).stdout}`);
    }
    const run = execFileSync(process.execPath, [join(consumer, 'out/main.js')], { cwd: consumer, encoding: 'utf8' });
    expect(JSON.parse(run.trim())).toEqual({ backend: 'wasm', acc: 1, xor: [0, 1, 1, 0], saved: (2 * 8 + 8 + 8 + 1) * 4, shape: 'function', typeCheckOnly: 'function', slimSame: true });
    // The wasm subpath exports resolve to the shipped binaries (for Cloudflare Workers' .wasm imports).
    const resolved = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `console.log(import.meta.resolve('simdnn/simdnn-simd.wasm'), import.meta.resolve('simdnn/simdnn-relaxed.wasm'))`],
      { cwd: consumer, encoding: 'utf8' },
    );
    for (const url of resolved.trim().split(' ')) expect(existsSync(new URL(url))).toBe(true);
  });
});

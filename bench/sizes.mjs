// What a user downloads: simdnn's wasm binaries, its dist/ JavaScript and its npm tarball, next to the
// minified bundles tfjs ships for the same job (tfjs-core + tfjs-layers + a backend). gzip is level 9
// (zlib), a fair stand-in for what a CDN or bundler serves.
//   npm run bench:sizes [-- --json FILE]   (the npm script builds first)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const argv = process.argv.slice(2);
const jsonPath = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : null;
const require = createRequire(join(ROOT, 'package.json'));

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

function files(dir, keep) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p, keep) : keep(p) ? [p] : [];
  });
}

/** Raw bytes and gzip of the files concatenated: one bundle-ish number for a set of modules. */
function measure(paths) {
  const bufs = paths.map((p) => readFileSync(p));
  const all = Buffer.concat(bufs);
  return { files: paths.length, raw: all.length, gzip: gz(all) };
}

function requireFile(spec) {
  try {
    return require.resolve(spec);
  } catch {
    throw new Error(`bench/sizes: ${spec} not found; are the tfjs dev dependencies installed?`);
  }
}

const rows = [];
const add = (group, what, m, note = '') => rows.push({ group, what, ...m, note });

// simdnn
for (const f of files(join(ROOT, 'build'), (p) => p.endsWith('.wasm'))) add('simdnn', relative(ROOT, f), measure([f]));
const distJs = files(join(ROOT, 'dist'), (p) => p.endsWith('.js'));
if (distJs.length === 0) throw new Error('bench/sizes: dist/ has no JavaScript; run `npm run build` first');
const embedded = distJs.filter((p) => p.endsWith('modules.generated.js'));
const mnistLoader = distJs.filter((p) => p.includes(`${join('dist', 'datasets')}`));
add('simdnn', 'dist/**/*.js, all (concatenated)', measure(distJs), 'tsc output, not minified; both wasm builds inside as base64');
add('simdnn', '  of which the embedded wasm (modules.generated.js)', measure(embedded), 'base64 of both builds');
add('simdnn', '  without the Node-only MNIST loader (simdnn/mnist)', measure(distJs.filter((p) => !mnistLoader.includes(p))), 'what the main entry can reach');
// npm's own count of the tarball; --ignore-scripts: the build already ran (pack would run prepare).
const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
add('simdnn', `npm pack --dry-run (${pack.entryCount} files)`, { files: pack.entryCount, raw: pack.unpackedSize, gzip: pack.size }, 'gzip column = tarball size');

// tfjs 4.22: the minified ES2017 bundles each package ships, and the backend-wasm binaries.
const tfjs = [
  ['@tensorflow/tfjs-core/dist/tf-core.es2017.min.js', 'tfjs-core'],
  ['@tensorflow/tfjs-layers/dist/tf-layers.es2017.min.js', 'tfjs-layers'],
  ['@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js', 'tfjs-backend-wasm (JS)'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm SIMD binary'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'tfjs-backend-wasm non-SIMD binary'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm threaded SIMD binary'],
  ['@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.es2017.min.js', 'tfjs-backend-cpu'],
].map(([spec, what]) => ({ spec, path: requireFile(spec), what }));
for (const t of tfjs) add('tfjs', `${t.what} (${t.spec.split('/dist/')[1]})`, measure([t.path]));
const pick = (...whats) => measure(tfjs.filter((t) => whats.includes(t.what)).map((t) => t.path));
const tfWasm = pick('tfjs-core', 'tfjs-layers', 'tfjs-backend-wasm (JS)', 'tfjs-backend-wasm SIMD binary');
add('tfjs', 'core + layers + backend-wasm JS + SIMD .wasm', tfWasm, 'the tfjs-wasm contender of bench:train');
add('tfjs', 'core + layers + backend-cpu', pick('tfjs-core', 'tfjs-layers', 'tfjs-backend-cpu'), 'the tfjs-cpu contender');
const version = JSON.parse(readFileSync(join(dirname(requireFile('@tensorflow/tfjs-core/package.json')), 'package.json'), 'utf8')).version;

const simdnnAll = rows.find((r) => r.what.startsWith('dist/**/*.js'));
console.log(`# Download sizes: simdnn ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version} vs tfjs ${version}\n`);
console.log('| | what | files | raw | gzip -9 | note |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(`| ${r.group} | ${r.what} | ${r.files} | ${kb(r.raw)} | ${kb(r.gzip)} | ${r.note} |`);
console.log(`\nsimdnn's whole dist/ (wasm embedded) is ${(tfWasm.gzip / simdnnAll.gzip).toFixed(1)}× smaller gzipped than tfjs-core + layers + backend-wasm ` +
  `(${kb(simdnnAll.gzip)} vs ${kb(tfWasm.gzip)}; simdnn unminified, tfjs minified). Sums without tree shaking: a bundler drops unused parts of either.`);
if (jsonPath) {
  writeFileSync(jsonPath, JSON.stringify({ tfjsVersion: version, rows }, null, 2));
  console.log(`wrote ${jsonPath}`);
}

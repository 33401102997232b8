// Runs tfjs-core's test suite (shipped in its npm package) on one backend with jasmine and prints one
// JSON line of counts: node test/tfjs/core-suite/run.mjs simdnn|cpu. Needs `npm run build` (it
// bundles dist/adapters/tfjs). Used by core-suite.test.ts, and by hand for the 'cpu' reference.
import { build } from 'esbuild';
import Jasmine from 'jasmine';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const backend = process.argv[2];
if (backend !== 'simdnn' && backend !== 'cpu') {
  console.error(`usage: node run.mjs simdnn|cpu (got ${JSON.stringify(backend)})`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'simdnn-tfjs-suite-'));
const bundle = join(dir, 'suite.mjs');
await build({
  entryPoints: [fileURLToPath(new URL('./entry.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: bundle,
  ignoreAnnotations: true,
  // ESM builds of tfjs-core everywhere: the suite's files and the entry must share one module graph.
  mainFields: ['module', 'main'],
  define: { SUITE_BACKEND: JSON.stringify(backend) },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'error',
});

const counts = { backend, passed: 0, failed: 0, pending: 0, excluded: 0, failures: [] };
// SUITE_NAMES=file writes every spec's status and name there (to compare two backends' runs).
const names = process.env.SUITE_NAMES ? [] : null;
const jasmine = new Jasmine();
jasmine.exitOnCompletion = false;
jasmine.jasmine.DEFAULT_TIMEOUT_INTERVAL = 60_000;
jasmine.env.clearReporters();
jasmine.env.addReporter({
  specDone(r) {
    names?.push(`${r.status} ${r.fullName}`);
    if (r.status === 'passed') counts.passed++;
    else if (r.status === 'failed') {
      counts.failed++;
      counts.failures.push({ spec: r.fullName, message: r.failedExpectations.map((e) => e.message).join(' | ').slice(0, 400) });
    } else if (r.status === 'excluded') counts.excluded++;
    else counts.pending++;
  },
});
jasmine.loadConfig({ spec_files: [bundle], random: false });
try {
  const done = await jasmine.execute();
  counts.overall = done.overallStatus;
  if (done.failedExpectations?.length) counts.suiteErrors = done.failedExpectations.map((e) => e.message);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (names) writeFileSync(process.env.SUITE_NAMES, names.join('\n') + '\n');
console.log(JSON.stringify(counts));

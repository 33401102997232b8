// The benchmarks' markdown tables, shared by the bench scripts (bench/train.mjs, bench/kernels.mjs), which
// print them, and scripts/readme-perf.mjs, which writes the same tables into the README from the committed
// JSON in bench/results/, so the README shows exactly what a bench run printed.
export const fmt = (v, digits) => (v >= 100 ? v.toFixed(0) : v.toFixed(digits));

/** " (N×)" for a ratio, '' for none. */
export const times = (v) => (v === null ? '' : ` (${v >= 10 ? v.toFixed(0) : v.toFixed(2)}×)`);

export function mainTable(results, ratio) {
  const rows = [
    '| contender | train samples/s | test acc | predict b=1 (ms) | predict b=256 (ms) | cold start (ms) | peak RSS (MB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, r] of Object.entries(results)) {
    const q = ratio[name];
    const train = r.training?.supported === false ? 'unsupported' : `${fmt(r.samplesPerSec, 1)}${times(q.samplesPerSec)}`;
    rows.push(`| ${name} | ${train} | ${r.testAccuracy === null ? '–' : r.testAccuracy.toFixed(4)} ` +
      `| ${r.predictB1Ms.toFixed(3)}${times(q.predictB1Ms)} | ${r.predictB256Ms.toFixed(2)}${times(q.predictB256Ms)} ` +
      `| ${fmt(r.coldStart.totalMs, 1)}${times(q.coldStartMs)} | ${r.peakRssMB.toFixed(0)}${times(q.peakRssMB)} |`);
  }
  return rows.join('\n');
}

export function coldTable(results, ref) {
  const rows = [
    '| contender | node boot → first line | import + backend init | model build | first predict | total |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| \`node -e 0\` (wall, spawn → exit) | | | | | ${ref.wallMs.toFixed(1)} |`,
    `| empty node, performance.now() at first line | ${ref.bootMs.toFixed(1)} | | | | ${ref.bootMs.toFixed(1)} |`,
  ];
  for (const [name, { coldStart: c }] of Object.entries(results)) {
    rows.push(`| ${name} | ${c.nodeBootMs.toFixed(1)} | ${c.importInitMs.toFixed(1)} | ${c.buildMs.toFixed(1)} | ${c.firstPredictMs.toFixed(1)} | ${c.totalMs.toFixed(1)} |`);
  }
  return rows.join('\n');
}

export function sweepTable(sweep, reference) {
  const names = Object.keys(sweep);
  const sizes = Object.keys(sweep[names[0]].sweep);
  const rows = [`| batch size | ${names.map((n) => `${n} samples/s`).join(' | ')} |${sweep[reference] ? ` ratio to ${reference} |` : ''}`,
    `| ---: | ${names.map(() => '---:').join(' | ')} |${sweep[reference] ? ' ---: |' : ''}`];
  for (const bs of sizes) {
    const cells = names.map((n) => fmt(sweep[n].sweep[bs], 1));
    const r = sweep[reference] && names.length > 1 ? ` ${(sweep[names[0]].sweep[bs] / sweep[reference].sweep[bs]).toFixed(2)}× |` : sweep[reference] ? ' |' : '';
    rows.push(`| ${bs} | ${cells.join(' | ')} |${r}`);
  }
  return rows.join('\n');
}

// Multiply-adds of one MLP prediction row (784-128-64-10), for predict GFLOP/s.
const MLP_MACS = 784 * 128 + 128 * 64 + 64 * 10;

/** The thread-count contenders of a `--threads` run ("simdnn-wasm 2t"), with their base name and count. */
function threaded(names) {
  return names.flatMap((name) => {
    const m = /^(.*) (\d+)t$/.exec(name);
    return m ? [{ name, base: m[1], threads: Number(m[2]) }] : [];
  });
}

/**
 * Per simdnn contender and thread count of a `--threads` run: samples/s, speedup over the same
 * contender's 1-thread run, batch-256 predict (and its GFLOP/s for the MLP). Throws when a contender
 * ran on another thread count than its name says (setThreads resolved to fewer).
 */
export function threadsTable(results, model) {
  const rows = ['| contender | threads | train samples/s | × 1 thread | predict b=256 (ms) | × 1 thread | b=256 GFLOP/s (per thread) |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const c of threaded(Object.keys(results))) {
    const r = results[c.name], one = results[`${c.base} 1t`];
    if (r.threads !== c.threads) throw new Error(`${c.name}: ran on ${r.threads} threads, asked ${c.threads}`);
    const gflops = model === 'mlp' ? (2 * MLP_MACS * 256) / (r.predictB256Ms * 1e6) : null;
    rows.push(`| ${c.base} | ${c.threads} | ${fmt(r.samplesPerSec, 1)} | ${one ? (r.samplesPerSec / one.samplesPerSec).toFixed(2) : '–'} ` +
      `| ${r.predictB256Ms.toFixed(2)} | ${one ? (one.predictB256Ms / r.predictB256Ms).toFixed(2) : '–'} | ${gflops === null ? '–' : `${gflops.toFixed(1)} (${(gflops / c.threads).toFixed(1)})`} |`);
  }
  return rows.join('\n');
}

/**
 * Training samples/s by batch size for each thread count of a `--threads` sweep, with × over 1 thread;
 * null when the sweep has no count above 1 with its 1-thread run beside it.
 */
export function threadsSweepTable(sweep) {
  const all = threaded(Object.keys(sweep));
  const runs = all.filter((c) => c.threads > 1 && sweep[`${c.base} 1t`]);
  if (runs.length === 0) return null;
  const names = all.map((c) => c.name);
  const rows = [`| batch size | ${names.map((n) => `${n} samples/s`).join(' | ')} | ${runs.map((c) => `${c.name} × 1t`).join(' | ')} |`,
    `| ---: | ${names.map(() => '---:').join(' | ')} | ${runs.map(() => '---:').join(' | ')} |`];
  for (const bs of Object.keys(sweep[names[0]].sweep)) {
    const ratios = runs.map((c) => `${(sweep[c.name].sweep[bs] / sweep[`${c.base} 1t`].sweep[bs]).toFixed(2)}×`);
    rows.push(`| ${bs} | ${names.map((n) => fmt(sweep[n].sweep[bs], 1)).join(' | ')} | ${ratios.join(' | ')} |`);
  }
  return rows.join('\n');
}

/**
 * The kernel table of bench/kernels.mjs: one row per kernel, a column per backend (`cols`, 'ts' first)
 * and the ratio of each wasm build to the TS reference measured in the same run.
 */
export function kernelTable(rows, cols) {
  const f = (v, d = 1) => (v == null ? '–' : v.toFixed(d));
  const wasm = cols.filter((c) => c !== 'ts');
  const header = ['kernel', 'unit', ...cols, ...wasm.map((c) => `${c}/ts`)];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) {
    const ratios = wasm.map((c) => (r[c] && r.ts ? `${f(r[c] / r.ts, 0)}×` : '–'));
    lines.push(`| ${r.kernel.replace(/\s+/g, ' ')} | ${r.unit} | ${cols.map((c) => f(r[c], c === 'ts' ? 2 : 1)).join(' | ')} | ${ratios.join(' | ')} |`);
  }
  return lines.join('\n');
}

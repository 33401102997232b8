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

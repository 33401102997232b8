// A small timer for the packaged benchmarks (`simdnn bench`), which cannot use tinybench (a dev
// dependency): calls are grouped so that one sample lasts ≥ 2 ms (the clock's resolution is coarse in
// browsers), and the median of the samples is the time per call, robust to the odd descheduled sample.

export interface TimeOptions {
  /** Total time to spend sampling, after warm-up (ms). */
  budgetMs: number;
  /** At least this many samples, even past the budget. */
  minSamples: number;
}

/** Median milliseconds per call of `fn`. */
export function msPerCall(fn: () => void, { budgetMs, minSamples }: TimeOptions): number {
  // Warm-up: lets the engine tier up and estimates the cost of one call.
  let calls = 0;
  const w0 = performance.now();
  do {
    fn();
    calls++;
  } while (performance.now() - w0 < Math.min(50, budgetMs / 4) || calls < 2);
  const estimate = (performance.now() - w0) / calls;
  const reps = Math.max(1, Math.ceil(2 / Math.max(estimate, 1e-6)));
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < minSamples || performance.now() - t0 < budgetMs) {
    const s = performance.now();
    for (let i = 0; i < reps; i++) fn();
    samples.push((performance.now() - s) / reps);
  }
  return median(samples);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

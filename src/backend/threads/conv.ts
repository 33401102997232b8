// Splits the convolution kernels across the pool by samples: sample b's output (forward) and its input
// gradient depend on sample b alone, so a block of samples is the same kernel call with shifted offsets,
// a smaller n and the worker's own im2col scratch; those are bit-identical to one thread. The filter
// gradient sums over all samples: each worker sums its block into its own partial buffer, and the caller
// adds the partials to its own block's sum in thread order, so a given thread count is bit-reproducible
// (it differs from one thread by the reassociation of that sum, ~1 ulp per add).
import type { Backend, Kernels } from '../backend.js';
import type { Pool } from './pool.js';
import { MIN_GEMM_WORK } from './split.js';

export const CONV_SPLIT_KERNELS = ['f32_conv2d_fwd', 'f32_conv2d_bwd_input', 'f32_conv2d_bwd_filter'] as const;

/** Replaces the conv kernels of `backend.k` with sample-split versions; returns the undo (which frees the scratch). */
export function installConvSplits(backend: Backend, pool: Pool): () => void {
  const k = backend.k, heap = backend.heap;
  const raw = { fwd: k.f32_conv2d_fwd, input: k.f32_conv2d_bwd_input, filter: k.f32_conv2d_bwd_filter, scratchBytes: k.f32_conv2d_scratch_bytes, vadd: k.f32_vadd };
  const threads = pool.workers + 1;
  const fwdJob = pool.names.indexOf('f32_conv2d_fwd'), inputJob = pool.names.indexOf('f32_conv2d_bwd_input');
  const filterJob = pool.names.indexOf('f32_conv2d_bwd_filter');
  // Each worker's im2col scratch, grown to the largest block it was given, freed by the undo.
  const scratch = new Array<number>(pool.workers).fill(0), scratchSize = new Array<number>(pool.workers).fill(0);
  // Each worker's partial filter gradient, likewise.
  const partial = new Array<number>(pool.workers).fill(0), partialSize = new Array<number>(pool.workers).fill(0);
  function grow(offsets: number[], sizes: number[], w: number, bytes: number): number {
    if (sizes[w]! < bytes) {
      heap.release(offsets[w]!);
      offsets[w] = 0;
      offsets[w] = heap.alloc(bytes);
      sizes[w] = bytes;
    }
    return offsets[w]!;
  }
  const scratchOf = (w: number, bytes: number) => grow(scratch, scratchSize, w, bytes);
  const parts = (n: number, work: number) => (work < MIN_GEMM_WORK || pool.closed ? 1 : Math.min(threads, n));
  /** First sample of block p of P. */
  const first = (p: number, n: number, P: number) => Math.floor((p * n) / P);

  const fwd: Kernels['f32_conv2d_fwd'] = (n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, x, filt, bias, y, scr, act, alpha) => {
    const P = parts(n, n * oh * ow * kh * kw * cin * cout);
    if (P < 2) return raw.fwd(n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, x, filt, bias, y, scr, act, alpha);
    // NOTE: every worker's scratch is allocated before any job starts, so no job runs while memory grows.
    for (let p = 1; p < P; p++) scratchOf(p - 1, raw.scratchBytes((first(p + 1, n, P) - first(p, n, P)) * oh * ow, kh * kw * cin));
    for (let p = 1; p < P; p++) {
      const b0 = first(p, n, P), a = pool.args[p - 1]!;
      a[0] = first(p + 1, n, P) - b0;
      a[1] = h; a[2] = w; a[3] = cin; a[4] = oh; a[5] = ow; a[6] = cout; a[7] = kh; a[8] = kw;
      a[9] = sh; a[10] = sw; a[11] = dh; a[12] = dw; a[13] = pt; a[14] = pl;
      a[15] = x + b0 * h * w * cin * 4; a[16] = filt; a[17] = bias; a[18] = y + b0 * oh * ow * cout * 4;
      a[19] = scratch[p - 1]!; a[20] = act; a[21] = alpha;
      pool.post(p - 1, fwdJob, 22);
    }
    try {
      raw.fwd(first(1, n, P), h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, x, filt, bias, y, scr, act, alpha);
    } catch (e) {
      return pool.finish(e);
    }
    pool.finish(undefined);
  };

  const input: Kernels['f32_conv2d_bwd_input'] = (n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, dy, filt, dx, scr) => {
    const P = parts(n, n * oh * ow * kh * kw * cin * cout);
    if (P < 2) return raw.input(n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, dy, filt, dx, scr);
    for (let p = 1; p < P; p++) scratchOf(p - 1, raw.scratchBytes((first(p + 1, n, P) - first(p, n, P)) * oh * ow, kh * kw * cin));
    for (let p = 1; p < P; p++) {
      const b0 = first(p, n, P), a = pool.args[p - 1]!;
      a[0] = first(p + 1, n, P) - b0;
      a[1] = h; a[2] = w; a[3] = cin; a[4] = oh; a[5] = ow; a[6] = cout; a[7] = kh; a[8] = kw;
      a[9] = sh; a[10] = sw; a[11] = dh; a[12] = dw; a[13] = pt; a[14] = pl;
      a[15] = dy + b0 * oh * ow * cout * 4; a[16] = filt; a[17] = dx + b0 * h * w * cin * 4; a[18] = scratch[p - 1]!;
      pool.post(p - 1, inputJob, 19);
    }
    try {
      raw.input(first(1, n, P), h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, dy, filt, dx, scr);
    } catch (e) {
      return pool.finish(e);
    }
    pool.finish(undefined);
  };

  const filter: Kernels['f32_conv2d_bwd_filter'] = (n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, x, dy, dfilt, scr, beta) => {
    const P = parts(n, n * oh * ow * kh * kw * cin * cout);
    if (P < 2) return raw.filter(n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, x, dy, dfilt, scr, beta);
    const taps = kh * kw * cin, F = taps * cout;
    for (let p = 1; p < P; p++) {
      scratchOf(p - 1, raw.scratchBytes((first(p + 1, n, P) - first(p, n, P)) * oh * ow, taps));
      grow(partial, partialSize, p - 1, F * 4);
    }
    for (let p = 1; p < P; p++) {
      const b0 = first(p, n, P), a = pool.args[p - 1]!;
      a[0] = first(p + 1, n, P) - b0;
      a[1] = h; a[2] = w; a[3] = cin; a[4] = oh; a[5] = ow; a[6] = cout; a[7] = kh; a[8] = kw;
      a[9] = sh; a[10] = sw; a[11] = dh; a[12] = dw; a[13] = pt; a[14] = pl;
      a[15] = x + b0 * h * w * cin * 4; a[16] = dy + b0 * oh * ow * cout * 4; a[17] = partial[p - 1]!; a[18] = scratch[p - 1]!; a[19] = 0;
      pool.post(p - 1, filterJob, 20);
    }
    try {
      raw.filter(first(1, n, P), h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl, x, dy, dfilt, scr, beta);
    } catch (e) {
      return pool.finish(e);
    }
    pool.finish(undefined);
    // The fixed-order reduction: dfilt = ((own + partial₁) + partial₂) + …
    for (let p = 1; p < P; p++) raw.vadd(F, dfilt, partial[p - 1]!, dfilt);
  };

  Object.assign(k, { f32_conv2d_fwd: fwd, f32_conv2d_bwd_input: input, f32_conv2d_bwd_filter: filter });
  return () => {
    Object.assign(k, { f32_conv2d_fwd: raw.fwd, f32_conv2d_bwd_input: raw.input, f32_conv2d_bwd_filter: raw.filter });
    for (const offset of [...scratch, ...partial]) heap.release(offset);
    for (const list of [scratch, scratchSize, partial, partialSize]) list.fill(0);
  };
}

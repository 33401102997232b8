// Splits the convolution forward and input-gradient kernels across the pool by samples: sample b's
// output (forward) and its input gradient (backward) depend on sample b alone, so a block of samples is
// the same kernel call with shifted offsets, a smaller n and the worker's own im2col scratch, and the
// results are bit-identical to one thread.
// NOTE: the filter gradient stays on the caller. Per-worker partial sums added in thread order were
// tried: bit-reproducible per count, but the reassociated sum drifts from one thread, and on the tfjs
// MNIST CNN (512 digits, batch 32) the epoch-3 loss differed by 1.5e-5 relative, over the 1e-5 asked.
import type { Backend, Kernels } from '../backend.js';
import type { Pool } from './pool.js';
import { MIN_GEMM_WORK } from './split.js';

export const CONV_SPLIT_KERNELS = ['f32_conv2d_fwd', 'f32_conv2d_bwd_input'] as const;

/** Replaces the conv kernels of `backend.k` with sample-split versions; returns the undo (which frees the scratch). */
export function installConvSplits(backend: Backend, pool: Pool): () => void {
  const k = backend.k, heap = backend.heap;
  const raw = { fwd: k.f32_conv2d_fwd, input: k.f32_conv2d_bwd_input, scratchBytes: k.f32_conv2d_scratch_bytes };
  const threads = pool.workers + 1;
  const fwdJob = pool.names.indexOf('f32_conv2d_fwd'), inputJob = pool.names.indexOf('f32_conv2d_bwd_input');
  // Each worker's im2col scratch, grown to the largest block it was given, freed by the undo.
  const scratch = new Array<number>(pool.workers).fill(0), scratchSize = new Array<number>(pool.workers).fill(0);
  function scratchOf(w: number, bytes: number): number {
    if (scratchSize[w]! < bytes) {
      heap.release(scratch[w]!);
      scratch[w] = 0;
      scratch[w] = heap.alloc(bytes);
      scratchSize[w] = bytes;
    }
    return scratch[w]!;
  }
  const parts = (n: number, work: number) => (work < MIN_GEMM_WORK || pool.closed ? 1 : Math.min(threads, n));
  /** The 14 geometry arguments after the sample count, as every f32_conv2d_* kernel takes them. */
  // NOTE: named parameters, not rest ones: a rest array would allocate on every split call.
  const geometry = (
    a: Float64Array, h: number, w: number, cin: number, oh: number, ow: number, cout: number, kh: number, kw: number,
    sh: number, sw: number, dh: number, dw: number, pt: number, pl: number,
  ) => {
    a[1] = h; a[2] = w; a[3] = cin; a[4] = oh; a[5] = ow; a[6] = cout; a[7] = kh; a[8] = kw;
    a[9] = sh; a[10] = sw; a[11] = dh; a[12] = dw; a[13] = pt; a[14] = pl;
  };
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
      geometry(a, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl);
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
      geometry(a, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, dw, pt, pl);
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

  Object.assign(k, { f32_conv2d_fwd: fwd, f32_conv2d_bwd_input: input });
  return () => {
    Object.assign(k, { f32_conv2d_fwd: raw.fwd, f32_conv2d_bwd_input: raw.input });
    for (const offset of scratch) heap.release(offset);
    scratch.fill(0);
    scratchSize.fill(0);
  };
}

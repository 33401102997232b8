// Splits the kernels that pay across the pool, by replacing their entries in a wasm backend's kernel
// table: the gemms and the fused dense forward by blocks of rows of C, the optimizer updates and the
// vector add (the data-parallel gradient sum, model/shards.ts) by element ranges. Every other kernel,
// and every call below the size thresholds, runs on the caller unchanged.
// A block is a call of the same kernel with shifted offsets and a smaller m (or n for elementwise), so
// assembly/gemm.ts is untouched; the row blocks are multiples of the register tile height and never
// smaller than MIN_ROWS, so no block falls to the small-m kernel (m <= SMALL_M) the whole call would not use.
import type { Backend, KernelName, Kernels } from '../backend.js';
import type { Pool } from './pool.js';

/** Smallest m·n·k that is split. bench/threads-split.mjs, 2 threads, shared 2-core machine (load ~1.5–2):
 *  64×64×64 (2¹⁸) 14.0 → 11.6 µs (1.20×), 256×10×128 27.6 → 21.7 µs (1.27×), 64×128×784 517 → 253 µs
 *  (2.04×); a job's handover is ~0.4 µs to a spinning worker. Below 2¹⁸ the gain is inside the noise. */
export const MIN_GEMM_WORK = 1 << 18;
/** Fewest rows of C a block gets: more than SMALL_M (7, assembly/gemm_small.ts), two tiles of rows. */
export const MIN_ROWS = 12;
/** Smallest element count an optimizer update is split at (~60 µs of Adam on one core). */
export const MIN_ELEMENTS = 1 << 16;
/** Element ranges start at multiples of 16 floats (64 bytes): whole SIMD vectors and cache lines,
 *  so only the last range has a scalar tail, exactly as in the one-thread call. */
const ELEMENT_ALIGN = 16;

type Gemm = Kernels['f32_gemm_nn'];

/** Names of the kernels this file splits. */
export const SPLIT_KERNELS = ['f32_gemm_nn', 'f32_gemm_nt', 'f32_gemm_tn', 'f32_dense_fwd', 'f32_sgd', 'f32_momentum', 'f32_rmsprop', 'f32_adam', 'f32_adamw', 'f32_vadd'] as const satisfies readonly KernelName[];

/**
 * Replaces the split kernels of `backend.k` with versions that use `pool` (threads = pool.workers + 1).
 * Returns the function that puts the original kernels back.
 */
export function installSplits(backend: Backend, pool: Pool): () => void {
  const k = backend.k;
  const raw = Object.fromEntries(SPLIT_KERNELS.map((name) => [name, k[name]])) as Pick<Kernels, (typeof SPLIT_KERNELS)[number]>;
  const threads = pool.workers + 1;
  const tile = backend.build === 'relaxed' ? 6 : 5; // MR of assembly/gemm_config.ts
  const id = (name: KernelName): number => pool.names.indexOf(name);
  const bounds = new Int32Array(threads + 1);

  /** Fills bounds[0..parts] with row-block edges (multiples of the tile height) and returns parts. */
  function rowBlocks(m: number, work: number): number {
    if (work < MIN_GEMM_WORK || pool.closed) return 1;
    const parts = Math.min(threads, Math.floor(m / MIN_ROWS));
    if (parts < 2) return 1;
    for (let p = 0; p < parts; p++) bounds[p] = Math.round((p * m) / parts / tile) * tile;
    bounds[parts] = m;
    return parts;
  }

  const finish = (own: unknown) => pool.finish(own);

  // C rows i0..i1 of op(A)·op(B): A's rows start at a + i0·lda (NN, NT) or its columns at a + i0 (TN).
  function gemm(name: 'f32_gemm_nn' | 'f32_gemm_nt' | 'f32_gemm_tn'): Gemm {
    const kernel = raw[name];
    const job = id(name);
    const transA = name === 'f32_gemm_tn';
    return (m, n, kk, a, lda, b, ldb, c, ldc, alpha, beta) => {
      const parts = rowBlocks(m, m * n * kk);
      if (parts < 2) return kernel(m, n, kk, a, lda, b, ldb, c, ldc, alpha, beta);
      for (let p = 1; p < parts; p++) {
        const i0 = bounds[p]!, args = pool.args[p - 1]!;
        args[0] = bounds[p + 1]! - i0;
        args[1] = n;
        args[2] = kk;
        args[3] = a + (transA ? i0 : i0 * lda) * 4;
        args[4] = lda;
        args[5] = b;
        args[6] = ldb;
        args[7] = c + i0 * ldc * 4;
        args[8] = ldc;
        args[9] = alpha;
        args[10] = beta;
        pool.post(p - 1, job, 11);
      }
      try {
        kernel(bounds[1]!, n, kk, a, lda, b, ldb, c, ldc, alpha, beta);
      } catch (e) {
        return finish(e);
      }
      finish(undefined);
    };
  }

  const denseJob = id('f32_dense_fwd');
  const dense: Kernels['f32_dense_fwd'] = (m, n, kk, x, w, bias, y, act, alpha) => {
    const parts = rowBlocks(m, m * n * kk);
    if (parts < 2) return raw.f32_dense_fwd(m, n, kk, x, w, bias, y, act, alpha);
    for (let p = 1; p < parts; p++) {
      const i0 = bounds[p]!, args = pool.args[p - 1]!;
      args[0] = bounds[p + 1]! - i0;
      args[1] = n;
      args[2] = kk;
      args[3] = x + i0 * kk * 4;
      args[4] = w;
      args[5] = bias;
      args[6] = y + i0 * n * 4;
      args[7] = act;
      args[8] = alpha;
      pool.post(p - 1, denseJob, 9);
    }
    try {
      raw.f32_dense_fwd(bounds[1]!, n, kk, x, w, bias, y, act, alpha);
    } catch (e) {
      return finish(e);
    }
    finish(undefined);
  };

  // Elementwise updates: the caller writes its arguments to `s`, ranges go to the workers with every
  // nonzero pointer argument (indices in `pointers`) shifted, and the caller runs the first range.
  // Written out per kernel (no rest arguments, no closures) so a threaded step allocates nothing either.
  const s = new Float64Array(16);
  /** Posts the ranges after the first one and returns the first range's length. */
  function postRanges(job: number, argc: number, pointers: readonly number[]): number {
    const n = s[0]!;
    const chunk = Math.ceil(n / threads / ELEMENT_ALIGN) * ELEMENT_ALIGN;
    for (let p = 1; p < threads && p * chunk < n; p++) {
      const i0 = p * chunk, args = pool.args[p - 1]!;
      for (let i = 0; i < argc; i++) args[i] = s[i]!;
      args[0] = Math.min(chunk, n - i0);
      for (let j = 0; j < pointers.length; j++) {
        const i = pointers[j]!;
        if (s[i] !== 0) args[i] = s[i]! + i0 * 4;
      }
      pool.post(p - 1, job, argc);
    }
    return Math.min(chunk, n);
  }
  const small = (n: number) => n < MIN_ELEMENTS || pool.closed;
  const [SGD, MOMENTUM, RMSPROP, ADAM, ADAMW] = (['f32_sgd', 'f32_momentum', 'f32_rmsprop', 'f32_adam', 'f32_adamw'] as const).map(id);
  const P2 = [1, 2], P3 = [1, 2, 3], P4 = [1, 2, 3, 4], P5 = [1, 2, 3, 4, 5];
  const sgd: Kernels['f32_sgd'] = (n, w, g, lr) => {
    if (small(n)) return raw.f32_sgd(n, w, g, lr);
    s[0] = n; s[1] = w; s[2] = g; s[3] = lr;
    const n0 = postRanges(SGD!, 4, P2);
    try {
      raw.f32_sgd(n0, w, g, lr);
    } catch (e) {
      return finish(e);
    }
    finish(undefined);
  };
  const momentum: Kernels['f32_momentum'] = (n, w, g, v, lr, mom, nesterov) => {
    if (small(n)) return raw.f32_momentum(n, w, g, v, lr, mom, nesterov);
    s[0] = n; s[1] = w; s[2] = g; s[3] = v; s[4] = lr; s[5] = mom; s[6] = nesterov;
    const n0 = postRanges(MOMENTUM!, 7, P3);
    try {
      raw.f32_momentum(n0, w, g, v, lr, mom, nesterov);
    } catch (e) {
      return finish(e);
    }
    finish(undefined);
  };
  const rmsprop: Kernels['f32_rmsprop'] = (n, w, g, ms, mom, mg, lr, rho, momentum, eps) => {
    if (small(n)) return raw.f32_rmsprop(n, w, g, ms, mom, mg, lr, rho, momentum, eps);
    s[0] = n; s[1] = w; s[2] = g; s[3] = ms; s[4] = mom; s[5] = mg; s[6] = lr; s[7] = rho; s[8] = momentum; s[9] = eps;
    const n0 = postRanges(RMSPROP!, 10, P5);
    try {
      raw.f32_rmsprop(n0, w, g, ms, mom, mg, lr, rho, momentum, eps);
    } catch (e) {
      return finish(e);
    }
    finish(undefined);
  };
  const adam: Kernels['f32_adam'] = (n, w, g, m, v, lr, b1, b2, eps, bc1, bc2) => {
    if (small(n)) return raw.f32_adam(n, w, g, m, v, lr, b1, b2, eps, bc1, bc2);
    s[0] = n; s[1] = w; s[2] = g; s[3] = m; s[4] = v; s[5] = lr; s[6] = b1; s[7] = b2; s[8] = eps; s[9] = bc1; s[10] = bc2;
    const n0 = postRanges(ADAM!, 11, P4);
    try {
      raw.f32_adam(n0, w, g, m, v, lr, b1, b2, eps, bc1, bc2);
    } catch (e) {
      return finish(e);
    }
    finish(undefined);
  };
  const adamw: Kernels['f32_adamw'] = (n, w, g, m, v, lr, b1, b2, eps, bc1, bc2, wd) => {
    if (small(n)) return raw.f32_adamw(n, w, g, m, v, lr, b1, b2, eps, bc1, bc2, wd);
    s[0] = n; s[1] = w; s[2] = g; s[3] = m; s[4] = v; s[5] = lr; s[6] = b1; s[7] = b2; s[8] = eps; s[9] = bc1; s[10] = bc2; s[11] = wd;
    const n0 = postRanges(ADAMW!, 12, P4);
    try {
      raw.f32_adamw(n0, w, g, m, v, lr, b1, b2, eps, bc1, bc2, wd);
    } catch (e) {
      return finish(e);
    }
    finish(undefined);
  };

  const VADD = id('f32_vadd');
  const vadd: Kernels['f32_vadd'] = (n, a, b, y) => {
    if (small(n)) return raw.f32_vadd(n, a, b, y);
    s[0] = n; s[1] = a; s[2] = b; s[3] = y;
    const n0 = postRanges(VADD, 4, P3);
    try {
      raw.f32_vadd(n0, a, b, y);
    } catch (e) {
      return finish(e);
    }
    finish(undefined);
  };

  Object.assign(k, {
    f32_gemm_nn: gemm('f32_gemm_nn'),
    f32_gemm_nt: gemm('f32_gemm_nt'),
    f32_gemm_tn: gemm('f32_gemm_tn'),
    f32_dense_fwd: dense,
    f32_sgd: sgd,
    f32_momentum: momentum,
    f32_rmsprop: rmsprop,
    f32_adam: adam,
    f32_adamw: adamw,
    f32_vadd: vadd,
  });
  return () => Object.assign(k, raw);
}

import { describe, test } from 'vitest';
import { Act } from '../../src/backend/act.js';
import type { Kernels } from '../../src/backend/backend.js';
import { WASM_BUILDS, createTsBackend, expectClose, pair, rand, runKernel } from '../harness.js';

// Blocking of assembly/gemm_config.ts: the tile height MR depends on the build (6 with FMA, 5 without).
const KC = 512, MC = 120, NC = 1024;
const tileRows = (build: string) => (build === 'relaxed' ? 6 : 5);

type Op = 'nn' | 'nt' | 'tn';
const OPS: Op[] = ['nn', 'nt', 'tn'];
interface Case {
  m: number;
  n: number;
  k: number;
  alpha?: number;
  beta?: number;
  /** extra elements per row of A, B and C beyond the minimum leading dimension */
  pad?: number;
  /** fill C with NaN before the call (only meaningful with beta 0) */
  nanC?: boolean;
}

/** Stored shapes: NN A m×k, B k×n; NT B stored n×k; TN A stored k×m. C is m×n. */
function layout(op: Op, { m, n, k, pad = 0 }: Case) {
  const [aRows, aCols] = op === 'tn' ? [k, m] : [m, k];
  const [bRows, bCols] = op === 'nt' ? [n, k] : [k, n];
  return { aRows, lda: aCols + pad, bRows, ldb: bCols + pad, ldc: n + pad };
}

function gemmCall(op: Op, c: Case) {
  const { lda, ldb, ldc } = layout(op, c);
  const { m, n, k, alpha = 1, beta = 0 } = c;
  return (kern: Kernels, p: Record<string, number>) => kern[`f32_gemm_${op}`](m, n, k, p.a!, lda, p.b!, ldb, p.c!, ldc, alpha, beta);
}

function gemmData(op: Op, c: Case, seed: number) {
  const { aRows, lda, bRows, ldb, ldc } = layout(op, c);
  const cInit = c.nanC ? new Float32Array(c.m * ldc).fill(NaN) : rand(c.m * ldc, seed + 2);
  return { inputs: { a: rand(aRows * lda, seed), b: rand(bRows * ldb, seed + 1) }, outputs: { c: cInit } };
}

/** f32 rounding of a k-term dot product of U[−1, 1] values, scaled by α, plus the β·C term. */
const tolerance = ({ k, alpha = 1 }: Case) => ({ atol: 2e-6 * Math.max(k, 1) * Math.max(Math.abs(alpha), 1) + 1e-6, rtol: 1e-6 });
const dims = (op: Op, c: Case) => `${op} m=${c.m} n=${c.n} k=${c.k} α=${c.alpha ?? 1} β=${c.beta ?? 0} pad=${c.pad ?? 0}`;

describe.each(WASM_BUILDS)('gemm kernels, wasm %s vs ts', (build) => {
  const { run: both } = pair(build);
  const MR = tileRows(build);

  function check(op: Op, c: Case, seed = 1) {
    const { inputs, outputs } = gemmData(op, c, seed);
    const [w, t] = both(inputs, outputs, gemmCall(op, c));
    // The whole C buffer is compared, so a write into the padding of a row fails too.
    expectClose(w.out.c!, t.out.c!, tolerance(c), dims(op, c));
    return { w: w.out.c!, t: t.out.c! };
  }

  test.each(OPS)('%s on tile edges: m, n, k around MR×8 and the SIMD width', (op) => {
    const Ms = [1, MR - 1, MR, MR + 1, 2 * MR + 3];
    const Ns = [1, 7, 8, 9, 19];
    const Ks = [1, 3, 4, 5, 17];
    Ms.forEach((m, i) =>
      Ns.forEach((n, j) => {
        for (const k of [Ks[(i + j) % 5]!, Ks[(i + j + 2) % 5]!]) check(op, { m, n, k }, i * 5 + j);
      }),
    );
  });

  test.each(OPS)('%s on the blocking edges: k around KC, m around MC, n around NC', (op) => {
    for (const k of [KC - 1, KC, KC + 1, 2 * KC + 3]) check(op, { m: MR + 1, n: 9, k });
    for (const m of [MC - 1, MC, MC + 1]) check(op, { m, n: 19, k: 17 });
    check(op, { m: 3, n: NC + 1, k: 5 });
    check(op, { m: MR + 1, n: NC + 1, k: 3 });
  });

  test.each(OPS)('%s with padded leading dimensions (ld = cols + 3) and α/β combinations', (op) => {
    const shape = { m: 2 * MR + 3, n: 19, k: KC + 1 }; // two k-blocks: β applies once, not per block
    for (const [alpha, beta] of [[1, 0], [0.5, 1], [-2, 0.25]] as const) {
      check(op, { ...shape, alpha, beta });
      check(op, { ...shape, alpha, beta, pad: 3 });
    }
    check(op, { m: MR + 1, n: 9, k: 17, alpha: -2, beta: 0.25, pad: 3 });
  });

  test.each(OPS)('%s with β = 0 ignores NaN already in C', (op) => {
    for (const c of [{ m: MR + 1, n: 9, k: 5 }, { m: 2 * MR + 3, n: 19, k: KC + 1, pad: 3 }]) {
      const { w } = check(op, { ...c, beta: 0, nanC: true });
      const ldc = layout(op, c).ldc;
      for (let i = 0; i < c.m; i++) {
        for (let j = 0; j < c.n; j++) if (Number.isNaN(w[i * ldc + j])) throw new Error(`${dims(op, c)}: NaN at (${i}, ${j})`);
      }
    }
  });

  test.each(OPS)('%s with k = 0 gives β·C', (op) => {
    for (const beta of [0, 0.5, 1]) {
      const c = { m: MR + 1, n: 9, k: 0, beta };
      const before = gemmData(op, c, 5).outputs.c;
      const { t } = check(op, c, 5);
      expectClose(t, Array.from(before, (v) => Math.fround(beta * v)), { atol: 0 }, `ts ${dims(op, c)} vs β·C`);
    }
  });

  test('the training shapes of a 784-128 layer at batch 128: NN forward, TN dW, NT dX', () => {
    check('nn', { m: 128, n: 128, k: 784 });
    check('tn', { m: 784, n: 128, k: 128 });
    check('nt', { m: 128, n: 784, k: 128 });
  });

  test.each([Act.linear, Act.relu, Act.leakyRelu, Act.sigmoid, Act.tanh, Act.step])(
    'f32_dense_fwd act=%i with and without bias on edge sizes',
    (act) => {
      const sizes = [[1, 1, 1], [MR + 1, 9, 17], [2 * MR + 3, 19, 5], [MR + 1, 9, KC + 1], [MC + 1, 8, 4], [3, NC + 1, 3]];
      for (const [m, n, k] of sizes as [number, number, number][]) {
        for (const withBias of [false, true]) {
          const x = rand(m * k, m + n), w = rand(k * n, k), bias = rand(n, n + 7);
          const ctx = `dense act=${act} bias=${withBias} m=${m} n=${n} k=${k}`;
          const call = (a: number) => (kern: Kernels, p: Record<string, number>) =>
            kern.f32_dense_fwd(m, n, k, p.x!, p.w!, withBias ? p.bias! : 0, p.y!, a, 0.2);
          const [wr, tr] = both({ x, w, bias }, { y: m * n }, call(act));
          const z = runKernel(createTsBackend(), { x, w, bias }, { y: m * n }, call(Act.linear)).out.y!;
          // step is discontinuous at 0: skip pre-activations within rounding distance of it.
          const keep = (i: number) => act !== Act.step || Math.abs(z[i]!) > 1e-4;
          const tol = { atol: 2e-6 * k + 2e-6, rtol: 2e-6 };
          expectClose(wr.out.y!.filter((_, i) => keep(i)), tr.out.y!.filter((_, i) => keep(i)), tol, ctx);
        }
      }
    },
  );
});

describe('gemm reference (ts) on hand-derived cases', () => {
  const ts = createTsBackend();
  // A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]]: A·B = [[58,64],[139,154]] (1·7+2·9+3·11 = 58, …).
  // With α = 2, β = 1 and C = [[1,1],[1,1]]: 2·A·B + C = [[117,129],[279,309]].
  const A = [1, 2, 3, 4, 5, 6], At = [1, 4, 2, 5, 3, 6];
  const B = [7, 8, 9, 10, 11, 12], Bt = [7, 9, 11, 8, 10, 12];
  const expected = [117, 129, 279, 309];
  const C0 = new Float32Array([1, 1, 1, 1]);

  test('nn, nt and tn give 2·A·B + C', () => {
    const nn = runKernel(ts, { a: A, b: B }, { c: C0 }, (k, p) => k.f32_gemm_nn(2, 2, 3, p.a!, 3, p.b!, 2, p.c!, 2, 2, 1));
    const nt = runKernel(ts, { a: A, b: Bt }, { c: C0 }, (k, p) => k.f32_gemm_nt(2, 2, 3, p.a!, 3, p.b!, 3, p.c!, 2, 2, 1));
    const tn = runKernel(ts, { a: At, b: B }, { c: C0 }, (k, p) => k.f32_gemm_tn(2, 2, 3, p.a!, 2, p.b!, 2, p.c!, 2, 2, 1));
    for (const [name, r] of [['nn', nn], ['nt', nt], ['tn', tn]] as const) expectClose(r.out.c!, expected, { atol: 0 }, name);
  });

  test('β = 0 does not read C (NaN in C gives A·B)', () => {
    const r = runKernel(ts, { a: A, b: B }, { c: new Float32Array(4).fill(NaN) }, (k, p) =>
      k.f32_gemm_nn(2, 2, 3, p.a!, 3, p.b!, 2, p.c!, 2, 1, 0),
    );
    expectClose(r.out.c!, [58, 64, 139, 154], { atol: 0 }, 'nn β=0');
  });

  test('dense: x = [1, 2], w = [[1, −1], [2, −3]], bias 0.5: z = [5.5, −6.5], relu → [5.5, 0]', () => {
    const r = runKernel(ts, { x: [1, 2], w: [1, -1, 2, -3], bias: [0.5, 0.5] }, { y: 2 }, (k, p) =>
      k.f32_dense_fwd(1, 2, 2, p.x!, p.w!, p.bias!, p.y!, Act.relu, 0),
    );
    expectClose(r.out.y!, [5.5, 0], { atol: 0 }, 'dense relu');
    const lin = runKernel(ts, { x: [1, 2], w: [1, -1, 2, -3] }, { y: 2 }, (k, p) => k.f32_dense_fwd(1, 2, 2, p.x!, p.w!, 0, p.y!, Act.linear, 0));
    expectClose(lin.out.y!, [5, -7], { atol: 0 }, 'dense linear, no bias');
  });
});

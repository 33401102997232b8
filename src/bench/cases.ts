// The kernel benchmark cases, one list for `npm run bench` (bench/kernels.mjs, every backend side by side)
// and `simdnn bench` (the installed package, the current backend): gemm shapes of the MNIST MLP and 512³,
// conv2d forward / dX / dW, activations and optimizer steps. Each case sizes its work so that a rate
// (GFLOP/s or GB/s) is work / time.
import { Act } from '../backend/act.js';
import type { Backend } from '../backend/backend.js';

export interface KernelCase {
  readonly name: string;
  readonly unit: 'GFLOP/s' | 'GB/s';
  /** Flops (GFLOP/s) or bytes moved (GB/s) per call. */
  readonly work: number;
  /** Allocates and fills the operands on `b`'s heap and returns the call to time (and the buffers to free). */
  setup(b: Backend): { run: () => void; buffers: number[] };
}

/** `n` floats of a fixed pseudo-random pattern in [-1, 1) on b's heap. */
function fill(b: Backend, n: number, seed: number, buffers: number[]): number {
  const p = b.heap.alloc(n * 4);
  buffers.push(p);
  const f = b.views.f32;
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    f[(p >>> 2) + i] = s / 2 ** 31 - 1;
  }
  return p;
}

/** A case whose setup fills `sizes` buffers and returns the call over their offsets. */
function kernel(name: string, unit: KernelCase['unit'], work: number, sizes: number[], call: (b: Backend, p: number[]) => () => void): KernelCase {
  return {
    name, unit, work,
    setup(b) {
      const buffers: number[] = [];
      const p = sizes.map((n, i) => fill(b, n, i + 1, buffers));
      return { run: call(b, p), buffers };
    },
  };
}

const GEMMS: [string, 'nn' | 'tn' | 'nt', number, number, number][] = [
  ['fc1 fwd [128×784]·[784×128] NN', 'nn', 128, 128, 784],
  ['fc1 dW Xᵀ·dZ 784×128×128 TN', 'tn', 784, 128, 128],
  ['fc1 dX dZ·Wᵀ 128×784×128 NT', 'nt', 128, 784, 128],
  ['fc2 fwd [64×128]·[128×10] NN', 'nn', 64, 10, 128],
  ['512³ NN', 'nn', 512, 512, 512],
];

// conv2d: NHWC x, [kh, kw, cin, cout] filter; each pass does 2·n·oh·ow·kh·kw·cin·cout flops.
const CONVS: [string, number, number, number, number, number, number, boolean][] = [
  ['mnist conv1 64×28×28×1 → 8@5×5 valid', 64, 28, 28, 1, 8, 5, false],
  ['mnist conv2 64×12×12×8 → 16@5×5 valid', 64, 12, 12, 8, 16, 5, false],
  ['3×3 same 8×32×32×32 → 32', 8, 32, 32, 32, 32, 3, true],
  ['1×1 16×16×16×32 → 64', 16, 16, 16, 32, 64, 1, false],
];

const N = 100_000; // elementwise and optimizer cases: a model of 100k parameters

/** Every kernel case, in table order. */
export function kernelCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [name, op, m, n, k] of GEMMS) {
    cases.push(kernel(`gemm ${name}`, 'GFLOP/s', 2 * m * n * k, [m * k, k * n, m * n], (b, [a, bb, c]) => {
      if (op === 'nn') return () => b.k.f32_gemm_nn(m, n, k, a!, k, bb!, n, c!, n, 1, 0);
      if (op === 'nt') return () => b.k.f32_gemm_nt(m, n, k, a!, k, bb!, k, c!, n, 1, 0);
      return () => b.k.f32_gemm_tn(m, n, k, a!, m, bb!, n, c!, n, 1, 0);
    }));
  }
  cases.push(kernel('dense fwd [64×784]·[784×128]+b, relu', 'GFLOP/s', 2 * 64 * 128 * 784, [64 * 784, 784 * 128, 128, 64 * 128],
    (b, [x, w, bias, y]) => () => b.k.f32_dense_fwd(64, 128, 784, x!, w!, bias!, y!, Act.relu, 0)));
  for (const [label, act] of [['relu', Act.relu], ['sigmoid', Act.sigmoid], ['tanh', Act.tanh]] as const) {
    cases.push(kernel(`activation ${label} n=100k`, 'GB/s', 8 * N, [N, N], (b, [x, y]) => () => b.k.f32_vact(N, x!, y!, act, 0)));
  }
  cases.push(kernel('sgd step n=100k', 'GB/s', 12 * N, [N, N], (b, [w, g]) => () => b.k.f32_sgd(N, w!, g!, 1e-9)));
  cases.push(kernel('adam step n=100k', 'GB/s', 28 * N, [N, N, N, N], (b, [w, g, m, v]) => {
    b.k.f32_vfill(N, v!, 0); // v ≥ 0, as Adam keeps it
    return () => b.k.f32_adam(N, w!, g!, m!, v!, 1e-9, 0.9, 0.999, 1e-7, 0.1, 0.001);
  }));
  for (const [label, n, h, w, cin, cout, k, same] of CONVS) {
    const oh = same ? h : h - k + 1, ow = same ? w : w - k + 1, p = same ? (k - 1) >> 1 : 0;
    const g = [n, h, w, cin, oh, ow, cout, k, k, 1, 1, 1, 1, p, p] as const;
    const m = n * oh * ow, kk = k * k * cin;
    for (const pass of ['fwd', 'dX', 'dW'] as const) {
      cases.push({
        name: `conv ${pass} ${label}`, unit: 'GFLOP/s', work: 2 * m * kk * cout,
        setup(b) {
          const buffers: number[] = [];
          const x = fill(b, n * h * w * cin, 1, buffers), f = fill(b, kk * cout, 2, buffers);
          const bias = fill(b, cout, 3, buffers), y = fill(b, m * cout, 4, buffers);
          const s = b.heap.alloc(b.k.f32_conv2d_scratch_bytes(m, kk));
          buffers.push(s);
          const run = pass === 'fwd' ? () => b.k.f32_conv2d_fwd(...g, x, f, bias, y, s, Act.relu, 0)
            : pass === 'dX' ? () => b.k.f32_conv2d_bwd_input(...g, y, f, x, s)
              : () => b.k.f32_conv2d_bwd_filter(...g, x, y, f, s, 0);
          return { run, buffers };
        },
      });
    }
  }
  return cases;
}

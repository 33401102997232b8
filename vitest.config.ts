import { defineConfig } from 'vitest/config';

// Registers the embedded wasm for files that import below src/index.ts (see test/setup.ts).
const SETUP = ['test/setup.ts'];

// Two projects run the same kernel suite:
//  - `simd`:    plain Node 20, where only the baseline SIMD build validates (what users get by default);
//  - `relaxed`: Node with --experimental-wasm-relaxed-simd (default from Node 22), so the relaxed-SIMD
//               (FMA) build is exercised too. SIMDNN_REQUIRE_RELAXED turns "not available" into a failure.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'simd', include: ['test/**/*.test.ts'], setupFiles: SETUP, pool: 'forks', testTimeout: 120_000 },
      },
      {
        test: {
          name: 'relaxed',
          // The kernels, plus end-to-end checks that the FMA build trains and agrees with the reference.
          include: [
            'test/kernels/**/*.test.ts',
            'test/ops/kernels.test.ts',
            'test/api/matmul.test.ts',
            'test/api/model-smoke.test.ts',
            'test/train/xor-moons.test.ts',
            'test/train/determinism.test.ts',
            'test/io/interop.test.ts',
            'test/threads/kernels.test.ts',
            'test/threads/threads.test.ts',
            'test/threads/cnn.test.ts',
          ],
          setupFiles: SETUP,
          pool: 'forks',
          testTimeout: 120_000,
          execArgv: ['--experimental-wasm-relaxed-simd'],
          env: { SIMDNN_REQUIRE_RELAXED: '1' },
        },
      },
    ],
  },
});

// The bundle entry of tfjs-core's own test suite, run by run.mjs on one backend. Bundled with
// --ignore-annotations: tfjs-core's package.json "sideEffects" would otherwise drop the test imports.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import '../../../dist/adapters/tfjs/index.js';
import { setTestEnvs, setupTestFilters } from '@tensorflow/tfjs-core/dist/jasmine_util.js';

import { EXCLUDED } from './exclusions.js';

declare const SUITE_BACKEND: string; // esbuild --define

setTestEnvs([{ name: SUITE_BACKEND, backendName: SUITE_BACKEND, isDataSync: true }]);
// Every spec runs except the listed exclusions (only applied to 'simdnn'; 'cpu' is the reference).
const excluded = SUITE_BACKEND === 'simdnn' ? EXCLUDED.map((e) => e.spec) : [];
setupTestFilters([], (name: string) => !excluded.some((s) => name.includes(s)));

// @ts-expect-error: the suite's index has no types worth checking
await import('@tensorflow/tfjs-core/dist/tests');

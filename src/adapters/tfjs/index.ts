// The entry `simdnn/tfjs`: importing it registers the 'simdnn' backend with @tensorflow/tfjs-core.
//   import * as tf from '@tensorflow/tfjs'; import 'simdnn/tfjs'; await tf.setBackend('simdnn');
// NOTE: a side-effect import, listed in package.json "sideEffects".
//
// @tensorflow/tfjs-core and @tensorflow/tfjs-backend-cpu are optional peer dependencies, not
// dependencies: an app using tfjs already has both (@tensorflow/tfjs depends on the cpu backend), a
// second copy of tfjs-core would hold a second kernel registry, and simdnn users without tfjs should
// not download either. tfjs-backend-cpu is imported, not bundled, for the same reason: its kernels
// register with the app's one tfjs-core, and simdnn delegates to exactly those.
import '../../backend/wasm/embedded.js';
import '@tensorflow/tfjs-backend-cpu';
import { registerBackend, registerKernel } from '@tensorflow/tfjs-core';

import { currentBackend, ready } from '../../backend/index.js';
import { SimdnnBackend } from './backend.js';
import { simdnnKernels } from './kernels.js';
import { installFusedOptimizers } from './optimizers.js';

export { SimdnnBackend } from './backend.js';
export { kernelTable } from './kernels.js';
export { FUSED_OPTIMIZERS_FLAG } from './optimizers.js';

/** Below tfjs-backend-cpu's priority (1): tfjs picks 'simdnn' only when the app asks for it. */
const PRIORITY = 0;

registerBackend(
  'simdnn',
  async () => {
    await ready(); // compiles the wasm module asynchronously (browser main threads forbid sync compiles)
    return new SimdnnBackend(currentBackend());
  },
  PRIORITY,
);
for (const config of simdnnKernels()) registerKernel(config);
installFusedOptimizers();

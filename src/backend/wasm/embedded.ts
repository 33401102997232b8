// Registers both wasm builds, embedded as base64, with the loader. Imported by the main entry only
// (src/index.ts), never by simdnn/slim; listed in package.json "sideEffects" so bundlers keep it.
import { registerEmbeddedWasm } from './loader.js';
import { RELAXED_WASM_BASE64, SIMD_WASM_BASE64 } from './modules.generated.js';

registerEmbeddedWasm({ simd: SIMD_WASM_BASE64, relaxed: RELAXED_WASM_BASE64 });

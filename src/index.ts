// The main entry: the public API (api.ts) with both wasm builds embedded as base64, so it runs with no
// file, fetch or setup. simdnn/slim (slim.ts) is the same API without the embedded bytes.
// NOTE: a side-effect import: package.json "sideEffects" lists this file and embedded.js, or bundlers
// drop it and the main entry would fail like simdnn/slim does.
import './backend/wasm/embedded.js';

export * from './api.js';

// simdnn/slim: the public API without the embedded wasm (~100 kB of base64 less), for runtimes that
// supply a precompiled module anyway (Cloudflare Workers). Call nn.setWasmModule(module) before first
// use, with the module compiled from the shipped simdnn/simdnn-simd.wasm, or use nn.setBackend('ts').
export * from './api.js';

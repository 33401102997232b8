// Every test file runs with the main entry's embedded wasm registered, as `import 'simdnn'` does, also
// the files that import modules below src/index.ts (the harness, backend tests). simdnn/slim, which
// registers none, is tested on the built package in separate processes (test/edge/slim.test.ts).
import '../src/backend/wasm/embedded.js';

// The Worker app the slim, workerd tests share: an ES-module Worker (`export default { fetch }`) that
// trains seeded XOR, round-trips the model through memory (withSaveHandler → fromMemory) and answers
// with both models' predictions; bundled by esbuild from the BUILT package as a user's bundler would.
import { ROOT } from '../built.js';
import { build } from 'esbuild';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** The Worker's body; `nn` is imported by the header each test puts above it. */
export const XOR_WORKER = `
export default {
  async fetch(request) {
    const errors = [];
    const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), y = nn.tensor2d([[0], [1], [1], [0]]);
    const model = nn.sequential({ seed: 42, layers: [
      nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }),
      nn.layers.dense({ units: 1, activation: 'sigmoid' }),
    ]});
    model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await nn.ready();
    await model.fit(x, y, { epochs: 300, batchSize: 4, seed: 1 });
    let saved = null;
    await nn.saveModel(model, nn.io.withSaveHandler((artifacts) => { saved = artifacts; }));
    const loaded = await nn.loadLayersModel(nn.io.fromMemory(saved));
    return Response.json({
      url: request.url,
      backend: nn.getBackend(),
      build: nn.getWasmBuild(),
      predictions: Array.from(model.predict(x).dataSync()),
      loaded: Array.from(loaded.predict(x).dataSync()),
    });
  },
};
`;

export interface WorkerReply { url: string; backend: string; build: string; predictions: number[]; loaded: number[] }

/** Makes `dir/node_modules/simdnn` this checkout, so bare `simdnn/...` imports resolve through its exports map. */
export function linkPackage(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules/simdnn'), 'dir');
}

/** Bundles `dir/<file>` (ESM, platform neutral, `external` left as imports) and returns the code. */
export async function bundle(dir: string, file: string, external: string[] = []): Promise<string> {
  const result = await build({
    entryPoints: [join(dir, file)],
    absWorkingDir: dir,
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    external,
    write: false,
    logLevel: 'silent',
  });
  if (result.errors.length) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join('; ')}`);
  return result.outputFiles[0]!.text;
}

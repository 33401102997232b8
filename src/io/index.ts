// nn.io: where TF.js layers-format artifacts go and come from (files, browser storage, memory).
// Turning a model into artifacts and back is the model's side (src/model/artifacts.ts, load.ts).
import { fromMemory, withSaveHandler } from './handlers.js';

export type { Json, ModelArtifacts, WeightManifestEntry } from './types.js';
export type { IOHandler, SaveResult } from './handlers.js';

/**
 * Save and load handlers, as tf.io: for runtimes without a filesystem (edge workers, KV stores,
 * bundled assets) pass these to {@link saveModel} / {@link loadLayersModel} instead of a URL.
 * @namespace
 */
export const io = {
  /**
   * A load handler over artifacts already in memory, as tf.io.fromMemory: either one
   * {@link ModelArtifacts} object, or (modelTopology, weightSpecs, weightData).
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
   * let saved: nn.ModelArtifacts | undefined;
   * await model.save(nn.io.withSaveHandler((artifacts) => { saved = artifacts; }));
   * const copy = await nn.loadLayersModel(nn.io.fromMemory(saved!));
   * // or from parts: nn.io.fromMemory(saved!.modelTopology, saved!.weightSpecs, saved!.weightData)
   * console.log(copy.predict(nn.tensor2d([[1, 2, 3]])).dataSync());
   * ```
   */
  fromMemory,
  /**
   * A save handler that passes the {@link ModelArtifacts} (topology JSON, weight manifest, one
   * float32 weight buffer) to `fn`, e.g. to write them to a KV store, as tf.io.withSaveHandler.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const store = new Map<string, string | ArrayBuffer>();
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
   * await model.save(nn.io.withSaveHandler(async (a) => {
   *   store.set('model.json', JSON.stringify({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs }));
   *   store.set('weights.bin', a.weightData);
   * }));
   * console.log((store.get('weights.bin') as ArrayBuffer).byteLength); // 12: 2 kernel + 1 bias float32s
   * ```
   */
  withSaveHandler,
};

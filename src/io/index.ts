// nn.io and nn.loadLayersModel: saving and loading in the TF.js layers format.
import type { Sequential } from '../model/sequential.js';
import { fromArtifacts, toArtifacts } from './artifacts.js';
import { fromMemory, getHandler, withSaveHandler, type IOHandler, type SaveResult } from './handlers.js';

export type { ModelArtifacts, WeightManifestEntry } from './artifacts.js';
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

/**
 * Saves `model` in the TF.js layers format (model.json + one weights file), as model.save in tfjs:
 * to 'file://dir' (Node, Deno, Bun; writes dir/model.json and dir/weights.bin atomically),
 * 'localstorage://name', 'indexeddb://name', 'downloads://name' (browsers), or an
 * {@link IOHandler}. tfjs-layers can load the result with tf.loadLayersModel.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 4, inputShape: [8], activation: 'relu' })] });
 * const dir = mkdtempSync(join(tmpdir(), 'model-'));
 * await nn.saveModel(model, `file://${dir}`);
 * const loaded = await nn.loadLayersModel(`file://${dir}/model.json`);
 * console.log(loaded.countParams()); // 36
 * ```
 * @example
 * ```ts browser
 * // In a browser (not Node):
 * import * as nn from 'simdnn';
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 4, inputShape: [8] })] });
 * await nn.saveModel(model, 'indexeddb://my-model');
 * const again = await nn.loadLayersModel('indexeddb://my-model');
 * ```
 */
export async function saveModel(model: Sequential, target: string | IOHandler): Promise<SaveResult> {
  const handler = getHandler(target, 'save');
  return handler.save!(toArtifacts(model));
}

/**
 * Loads a model saved by simdnn or by tfjs-layers (model.json + weights), as tf.loadLayersModel:
 * from 'file://path/model.json' (or 'file://dir'), 'localstorage://name', 'indexeddb://name', or an
 * {@link IOHandler} such as nn.io.fromMemory. Malformed files are a ModelFormatError; layers simdnn
 * does not have are a ModelFormatError naming them. The model comes back uncompiled.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const dir = mkdtempSync(join(tmpdir(), 'model-'));
 * await nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] }).save(`file://${dir}`);
 * const model = await nn.loadLayersModel(`file://${dir}/model.json`);
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' }); // to train it further
 * ```
 * @example
 * ```ts browser
 * // In a browser (not Node):
 * import * as nn from 'simdnn';
 * const model = await nn.loadLayersModel('localstorage://my-model');
 * ```
 */

export async function loadLayersModel(source: string | IOHandler): Promise<Sequential> {
  const handler = getHandler(source, 'load');
  return fromArtifacts(await handler.load!());
}

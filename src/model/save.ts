// nn.saveModel (model.save): a model's artifacts handed to a storage handler.
import { getHandler, type IOHandler, type SaveResult } from '../io/handlers.js';
import { toArtifacts } from './artifacts.js';
import type { Sequential } from './sequential.js';

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

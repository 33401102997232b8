// nn.io and nn.loadLayersModel: saving and loading in the TF.js layers format.
import type { Sequential } from '../model/sequential.js';
import { fromArtifacts, toArtifacts } from './artifacts.js';
import { fromMemory, getHandler, withSaveHandler, type IOHandler, type SaveResult } from './handlers.js';

export type { ModelArtifacts, WeightManifestEntry } from './artifacts.js';
export type { IOHandler, SaveResult } from './handlers.js';

export const io = { fromMemory, withSaveHandler };

/** Saves `model` to a URL ('file://dir', 'localstorage://name', …) or an IOHandler. */
export async function saveModel(model: Sequential, target: string | IOHandler): Promise<SaveResult> {
  const handler = getHandler(target, 'save');
  return handler.save!(toArtifacts(model));
}

/** Loads a model saved by simdnn or by tfjs-layers (model.json + weights), as tf.loadLayersModel. */
export async function loadLayersModel(source: string | IOHandler): Promise<Sequential> {
  const handler = getHandler(source, 'load');
  return fromArtifacts(await handler.load!());
}

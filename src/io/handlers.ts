// Where models are saved to and loaded from: file:// (Node, Deno, Bun), in-memory handlers (edge
// runtimes: KV stores, bundled assets), and in browsers downloads://, localstorage://, indexeddb://.
import { ConfigError, ModelFormatError } from '../errors.js';
import type { ModelArtifacts, WeightManifestEntry } from './types.js';
import { saveFiles } from './file-save.js';
import { nodeFs } from './node-builtins.js';

export interface SaveResult {
  modelArtifactsInfo: { dateSaved: Date; modelTopologyType: 'JSON'; modelTopologyBytes: number; weightSpecsBytes: number; weightDataBytes: number };
}

/**
 * Where a model is saved to or loaded from, as tf.io.IOHandler: pass one to saveModel / model.save
 * (needs save) or loadLayersModel (needs load) in place of a URL.
 *
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * // A handler over a key-value store (here a Map; in a Worker, a KV namespace).
 * const kv = new Map<string, nn.ModelArtifacts>();
 * const handler = (key: string): nn.IOHandler => ({
 *   async save(artifacts) {
 *     kv.set(key, artifacts);
 *     return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', modelTopologyBytes: 0, weightSpecsBytes: 0, weightDataBytes: artifacts.weightData.byteLength } };
 *   },
 *   async load() {
 *     return kv.get(key)!;
 *   },
 * });
 * await nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [2] })] }).save(handler('m'));
 * const model = await nn.loadLayersModel(handler('m'));
 * ```
 */
export interface IOHandler {
  /**
   * Stores the artifacts; resolves to a description of what was saved.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [2] })] });
   * let artifacts: nn.ModelArtifacts | undefined;
   * await model.save(nn.io.withSaveHandler((a) => { artifacts = a; })); // save calls handler.save
   * // Calling a handler directly:
   * const handler = nn.io.withSaveHandler((a) => console.log(a.weightSpecs.map((w) => w.name)));
   * const { modelArtifactsInfo } = await handler.save!(artifacts!);
   * console.log(modelArtifactsInfo.weightDataBytes); // 24: 2×2 kernel + 2 bias float32s
   * ```
   */
  save?(artifacts: ModelArtifacts): Promise<SaveResult>;
  /**
   * Resolves to the artifacts of a saved model.
   *
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * let saved: nn.ModelArtifacts | undefined;
   * await nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] })
   *   .save(nn.io.withSaveHandler((a) => { saved = a; }));
   * const artifacts = await nn.io.fromMemory(saved!).load!();
   * console.log(artifacts.weightSpecs); // [{name: 'dense_…/kernel', shape: [2, 1], …}, {…/bias}]
   * ```
   */
  load?(): Promise<ModelArtifacts>;
}

/** The model.json document (topology + manifest) for a set of artifacts. */
export function modelJson(a: ModelArtifacts, weightsPath = './weights.bin') {
  return {
    modelTopology: a.modelTopology,
    format: a.format ?? 'layers-model',
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsPath], weights: a.weightSpecs }],
  };
}

export function info(a: ModelArtifacts): SaveResult {
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(a.modelTopology).length,
      weightSpecsBytes: JSON.stringify(a.weightSpecs).length,
      weightDataBytes: a.weightData.byteLength,
    },
  };
}

/** Parses model.json text; `readPath` fetches each weights file named in the manifest. */
export async function parseModelJson(text: string, readPath: (path: string) => Promise<ArrayBuffer>): Promise<ModelArtifacts> {
  let doc: { modelTopology?: unknown; weightsManifest?: unknown };
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(`model.json is not valid JSON (${(e as Error).message}); the file may be truncated`);
  }
  if (typeof doc !== 'object' || doc === null) throw new ModelFormatError('model.json: expected a JSON object');
  if (!doc.modelTopology) throw new ModelFormatError('model.json: no modelTopology');
  const manifest = doc.weightsManifest;
  if (!Array.isArray(manifest)) throw new ModelFormatError('model.json: weightsManifest must be an array of {paths, weights}');
  const specs: WeightManifestEntry[] = [];
  const paths: string[] = [];
  // Every entry and path is checked before the first weights file is read.
  for (const group of manifest as { paths?: unknown; weights?: unknown }[]) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights) || !group.paths.every((p) => typeof p === 'string')) {
      throw new ModelFormatError('model.json: each weightsManifest entry needs paths (strings) and weights (array)');
    }
    for (const path of group.paths as string[]) checkWeightsPath(path);
    specs.push(...(group.weights as WeightManifestEntry[]));
    paths.push(...(group.paths as string[]));
  }
  const buffers: ArrayBuffer[] = [];
  for (const path of paths) buffers.push(await readPath(path));
  return { modelTopology: doc.modelTopology as never, weightSpecs: specs, weightData: concat(buffers) };
}

/**
 * A weights path must name a file inside the model's folder: relative, no URL scheme or drive, no NUL,
 * and no `..` that climbs out of the folder. Both / and \ count as separators, so a model.json is
 * judged the same on every OS.
 * NOTE: a model folder is untrusted input (a download); `../../.ssh/id_rsa` must not be read as weights.
 * The check is on the path text: a symlink inside the folder is followed, as tfjs-node does.
 */
export function checkWeightsPath(path: string): void {
  const bad = (why: string) =>
    new ModelFormatError(`model.json: weightsManifest path ${JSON.stringify(path)} ${why}; expected a relative path to a file inside the model's folder, as "weights.bin"`);
  if (path.includes('\0')) throw bad('contains a NUL byte');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) throw bad('is a URL or a drive path');
  if (/^[/\\]/.test(path)) throw bad('is absolute');
  let depth = 0;
  for (const part of path.split(/[/\\]/)) {
    if (part === '' || part === '.') continue;
    depth += part === '..' ? -1 : 1;
    if (depth < 0) throw bad("leaves the model's folder");
  }
  if (depth === 0) throw bad('names the folder itself, not a file');
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  if (buffers.length === 1) return buffers[0]!;
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** file://dir on save (writes dir/model.json and dir/weights.bin); file://dir/model.json on load. */
function fileHandler(path: string): IOHandler {
  return {
    async save(a) {
      const dir = path.endsWith('model.json') ? path.slice(0, -'model.json'.length) || '.' : path;
      await saveFiles(dir, a, (weightsPath) => modelJson(a, weightsPath));
      return info(a);
    },
    async load() {
      const [{ readFile }, { dirname, join, relative, resolve, isAbsolute, sep }] = await nodeFs(`file://${path}`);
      const file = path.endsWith('.json') ? path : join(path, 'model.json');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        throw new ModelFormatError(`cannot read ${file}: ${(e as Error).message}`);
      }
      const folder = resolve(dirname(file));
      return parseModelJson(text, async (p) => {
        // parseModelJson has checked p; this is the same rule in this OS's own path terms.
        const target = resolve(folder, p), inside = relative(folder, target);
        if (inside === '' || isAbsolute(inside) || inside === '..' || inside.startsWith('..' + sep)) {
          throw new ModelFormatError(`model.json: weightsManifest path ${JSON.stringify(p)} resolves to ${target}, outside ${folder}`);
        }
        try {
          const bytes = await readFile(target);
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        } catch (e) {
          throw new ModelFormatError(`cannot read weights file ${p} named in ${file}: ${(e as Error).message}`);
        }
      });
    },
  };
}

const LS_PREFIX = 'simdnn_models/';

function localStorageHandler(name: string): IOHandler {
  const store = () => {
    const ls = (globalThis as { localStorage?: Storage }).localStorage;
    if (!ls) throw new ConfigError('localstorage:// needs window.localStorage (browsers only)');
    return ls;
  };
  return {
    async save(a) {
      const bytes = new Uint8Array(a.weightData);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      store().setItem(LS_PREFIX + name, JSON.stringify({ ...modelJson(a), weightData: btoa(bin) }));
      return info(a);
    },
    async load() {
      const text = store().getItem(LS_PREFIX + name);
      if (text === null) throw new ModelFormatError(`localstorage://${name}: no model saved under this name`);
      const doc = JSON.parse(text) as { weightData?: string };
      const bin = atob(doc.weightData ?? '');
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return parseModelJson(text, async () => bytes.buffer);
    },
  };
}

function indexedDbHandler(name: string): IOHandler {
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
      if (!idb) return reject(new ConfigError('indexeddb:// needs indexedDB (browsers only)'));
      const req = idb.open('simdnn_models', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('models');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const run = async <T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      const req = f(db.transaction('models', mode).objectStore('models'));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    }).finally(() => db.close());
  };
  return {
    async save(a) {
      await run('readwrite', (s) => s.put({ json: JSON.stringify(modelJson(a)), weightData: a.weightData }, name));
      return info(a);
    },
    async load() {
      const rec = (await run('readonly', (s) => s.get(name))) as { json: string; weightData: ArrayBuffer } | undefined;
      if (!rec) throw new ModelFormatError(`indexeddb://${name}: no model saved under this name`);
      return parseModelJson(rec.json, async () => rec.weightData);
    },
  };
}

function downloadsHandler(name: string): IOHandler {
  return {
    async save(a) {
      const doc = (globalThis as { document?: Document }).document;
      if (!doc) throw new ConfigError('downloads:// needs a browser document');
      const click = (blob: Blob, file: string) => {
        const link = doc.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = file;
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      };
      click(new Blob([JSON.stringify(modelJson(a, `./${name}.weights.bin`))], { type: 'application/json' }), `${name}.json`);
      click(new Blob([a.weightData], { type: 'application/octet-stream' }), `${name}.weights.bin`);
      return info(a);
    },
  };
}

/** Resolves a URL string ('file://…', 'localstorage://…', …) or passes an IOHandler through. */
export function getHandler(target: string | IOHandler, op: 'save' | 'load'): IOHandler {
  if (typeof target === 'object' && target !== null && (typeof target.save === 'function' || typeof target.load === 'function')) {
    if (!target[op]) throw new ConfigError(`${op}: this IOHandler has no ${op}() method`);
    return target;
  }
  if (typeof target !== 'string') throw new ConfigError(`${op}: expected a URL string or an IOHandler, got ${typeof target}`);
  const m = /^([a-z]+):\/\/(.+)$/.exec(target);
  const scheme = m?.[1], rest = m?.[2] ?? '';
  const handler =
    scheme === 'file' ? fileHandler(rest)
    : scheme === 'localstorage' ? localStorageHandler(rest)
    : scheme === 'indexeddb' ? indexedDbHandler(rest)
    : scheme === 'downloads' && op === 'save' ? downloadsHandler(rest)
    : null;
  if (!handler) {
    throw new ConfigError(
      `${op}: unsupported URL ${JSON.stringify(target)}; expected file://path, localstorage://name, indexeddb://name` +
        `${op === 'save' ? ', downloads://name' : ''}, or an IOHandler (nn.io.fromMemory / nn.io.withSaveHandler)`,
    );
  }
  return handler;
}

/** A load handler over artifacts already in memory (model.json object + weight bytes), as tf.io.fromMemory. */
export function fromMemory(modelJsonOrArtifacts: unknown, weightSpecs?: WeightManifestEntry[], weightData?: ArrayBuffer): IOHandler {
  return {
    async load() {
      const o = modelJsonOrArtifacts as Partial<ModelArtifacts> & { weightsManifest?: { weights: WeightManifestEntry[] }[] };
      if (weightSpecs || weightData) return { modelTopology: o as never, weightSpecs: weightSpecs ?? [], weightData: weightData ?? new ArrayBuffer(0) };
      if (o?.modelTopology && o.weightSpecs) return o as ModelArtifacts;
      throw new ModelFormatError('fromMemory: expected model artifacts {modelTopology, weightSpecs, weightData} or (modelTopology, weightSpecs, weightData)');
    },
  };
}

/** A save handler that passes the artifacts to `fn` (e.g. to write them to a KV store), as tf.io.withSaveHandler. */
export function withSaveHandler(fn: (artifacts: ModelArtifacts) => Promise<unknown> | unknown): IOHandler {
  return {
    async save(a) {
      await fn(a);
      return info(a);
    },
  };
}

// Fuzzed model loading: byte flips, truncations, extensions and random JSON value replacements in
// model.json / weights.bin. Every load resolves to a model or rejects with nn.ModelFormatError — never
// another error type, never a hang (each load must settle within 1 s) and never a large allocation.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { parseModelJson } from '../../src/io/handlers.js';

const SEED = 424242;
let jsonText = '';
let weights = new Uint8Array(0);

beforeAll(async () => {
  const model = nn.sequential({
    seed: 4,
    layers: [
      nn.layers.dense({ units: 6, inputShape: [5], activation: 'relu', kernelRegularizer: 'l2' }),
      nn.layers.batchNormalization(),
      nn.layers.dropout({ rate: 0.2 }),
      nn.layers.dense({ units: 4, activation: 'leakyRelu' }),
      nn.layers.activation({ activation: 'tanh' }),
      nn.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'simdnn-fuzz-'));
  await nn.saveModel(model, `file://${dir}`);
  jsonText = readFileSync(join(dir, 'model.json'), 'utf8');
  weights = new Uint8Array(readFileSync(join(dir, 'weights.bin')));
  model.dispose();
});

/** Values that stress a loader: huge and odd numbers, wrong types, deep nesting, long arrays. */
const nasty = fc.oneof(
  fc.constantFrom<unknown>(1e308, -1e308, 2 ** 53 + 1, 2 ** 31, 2 ** 32, 1 << 30, 1e9, -1, 0, 0.5, -0, null, true, '', 'float16', 'int32', 'Dense', 'Conv2D', {}, []),
  fc.integer({ min: 1, max: 200_000 }).map((d) => ({ deep: d })), // replaced by nesting of that depth in the text
  fc.array(fc.integer({ min: -5, max: 1 << 30 }), { maxLength: 6 }),
  fc.string({ maxLength: 20 }),
  fc.double(),
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** All paths to values in a JSON document. */
function paths(doc: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...at, i], out));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) paths(v, [...at, k], out);
  return out;
}

/** Replaces the value at `path` (or deletes it) and returns the new model.json text. */
function replaceAt(path: (string | number)[], value: unknown, remove: boolean): string {
  const doc = JSON.parse(jsonText) as Json;
  const MARK = '"__DEEP__"';
  let depth = 0;
  if (value && typeof value === 'object' && 'deep' in value) {
    depth = (value as { deep: number }).deep;
    value = '__DEEP__';
  }
  if (path.length === 0) return depth ? '['.repeat(depth) + ']'.repeat(depth) : JSON.stringify(value);
  let parent = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  const text = JSON.stringify(doc);
  return depth ? text.replace(MARK, '['.repeat(depth) + ']'.repeat(depth)) : text;
}

type Mutation = { what: string; json: string; bin: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 8 })).map(([seed, pos, count]) => {
    const bytes = new TextEncoder().encode(jsonText);
    for (let i = 0; i < count; i++) bytes[(pos + i * 7919 + seed) % bytes.length] = (seed >> (i % 24)) & 0xff;
    return { what: `model.json: ${count} bytes flipped at ${pos % bytes.length}`, json: new TextDecoder().decode(bytes), bin: weights };
  }),
  fc.nat().map((p) => ({ what: `model.json truncated at ${p % jsonText.length}`, json: jsonText.slice(0, p % jsonText.length), bin: weights })),
  fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 16 })).map(([seed, pos, count]) => {
    const bin = weights.slice();
    for (let i = 0; i < count; i++) bin[(pos + i * 31) % bin.length] = (seed * (i + 1)) & 0xff;
    return { what: `weights.bin: ${count} bytes changed`, json: jsonText, bin }; // wrong values, right length: a valid model
  }),
  fc.nat().map((p) => ({ what: `weights.bin truncated at ${p % weights.length}`, json: jsonText, bin: weights.slice(0, p % weights.length) })),
  fc.integer({ min: 1, max: 1 << 20 }).map((extra) => {
    const bin = new Uint8Array(weights.length + extra);
    bin.set(weights);
    return { what: `weights.bin with ${extra} extra bytes`, json: jsonText, bin };
  }),
  fc.tuple(fc.nat(), nasty, fc.boolean()).map(([i, value, remove]) => {
    const all = paths(JSON.parse(jsonText));
    const path = all[i % all.length]!;
    const shown = value && typeof value === 'object' && 'deep' in value ? `nesting depth ${(value as { deep: number }).deep}` : JSON.stringify(value)?.slice(0, 40);
    return { what: `${remove ? 'removed' : `${shown} at`} ${path.join('.')}`, json: replaceAt(path, value, remove), bin: weights };
  }),
);

/** Loads through the same parser the file:// handler uses, with a 1 s guard against hangs. */
async function load(m: Mutation): Promise<nn.Sequential | Error> {
  const handler: nn.IOHandler = { load: () => parseModelJson(m.json, async () => m.bin.slice().buffer as ArrayBuffer) };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${m.what}`)), 1000)));
  try {
    return await Promise.race([nn.loadLayersModel(handler), hang]);
  } catch (e) {
    return e as Error;
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzzed model loading', () => {
  test('every mutation loads or throws ModelFormatError, in bounded time and memory', async () => {
    const heap = currentBackend().heap;
    const heapBefore = heap.bytesInUse;
    const before = process.memoryUsage();
    let cases = 0, loaded = 0, maxRss = 0, maxBuffers = 0;
    const messages = new Set<string>();
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        cases++;
        const result = await load(m);
        if (result instanceof nn.Sequential) {
          loaded++;
          result.predict(nn.tensor2d(new Float32Array(5), [1, 5]));
          result.dispose();
        } else {
          if (!(result instanceof nn.ModelFormatError)) throw new Error(`${m.what}: ${result?.name}: ${result?.message}`);
          messages.add(result.message.replace(/\d+/g, 'N').slice(0, 60));
        }
        const now = process.memoryUsage();
        maxRss = Math.max(maxRss, now.rss - before.rss);
        maxBuffers = Math.max(maxBuffers, now.arrayBuffers - before.arrayBuffers);
      }),
      { seed: SEED, numRuns: 1500 },
    );
    console.log(
      `fuzzed loads: ${cases} cases, ${loaded} loaded, ${messages.size} distinct error messages; ` +
        `max growth rss ${(maxRss / 2 ** 20).toFixed(1)} MiB, arrayBuffers ${(maxBuffers / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(cases).toBe(1500);
    expect(loaded).toBeGreaterThan(0);
    expect(messages.size).toBeGreaterThan(10);
    // No load may allocate anything close to the sizes an absurd shape asks for (gigabytes).
    expect(maxBuffers).toBeLessThan(64 * 2 ** 20);
    expect(maxRss).toBeLessThan(256 * 2 ** 20);
    expect(heap.bytesInUse).toBe(heapBefore);
  });

  test('the file:// handler gives the same answers (a sample of mutations written to disk)', async () => {
    const samples = fc.sample(mutation, { seed: SEED + 1, numRuns: 40 });
    for (const m of samples) {
      const dir = mkdtempSync(join(tmpdir(), 'simdnn-fuzzf-'));
      writeFileSync(join(dir, 'model.json'), m.json);
      writeFileSync(join(dir, 'weights.bin'), m.bin);
      const viaFile = await nn.loadLayersModel(`file://${dir}`).then((x) => x, (e: Error) => e);
      const viaMemory = await load(m);
      expect(viaFile instanceof nn.Sequential || viaFile instanceof nn.ModelFormatError, `${m.what}: ${String(viaFile)}`).toBe(true);
      expect(viaFile.constructor, m.what).toBe(viaMemory.constructor);
      if (viaFile instanceof nn.Sequential) viaFile.dispose();
      if (viaMemory instanceof nn.Sequential) viaMemory.dispose();
    }
  });
});

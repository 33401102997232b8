// A failing file:// save reports its own error. The first failure (here a rename, as under Deno with
// --allow-write but no --allow-read) must propagate; failed temp-file removals after it are named in its
// message and attached as its cause, never thrown in its place.
import { mkdtempSync } from 'node:fs';
import * as realFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import * as nn from '../../src/index.js';

type Fs = typeof realFs;

/** Makes the file:// handler see `fs` (node-builtins.ts asks process.getBuiltinModule first). */
function withFs(overrides: Partial<Fs>): void {
  const original = process.getBuiltinModule.bind(process);
  const fs = new Proxy(realFs, { get: (target, key) => (overrides as Record<PropertyKey, unknown>)[key] ?? Reflect.get(target, key) });
  vi.spyOn(process, 'getBuiltinModule').mockImplementation(((id: string) => (id === 'node:fs/promises' ? fs : original(id))) as typeof process.getBuiltinModule);
}

function denied(what: string): Error {
  return Object.assign(new Error(`Requires read access to "${what}", run again with the --allow-read flag`), { code: 'EACCES' });
}

const model = () => nn.sequential({ seed: 3, layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });

afterEach(() => vi.restoreAllMocks());

describe('file:// save errors', () => {
  test('a failed rename propagates even when removing the temp files fails too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simdnn-save-err-'));
    const renameError = denied('model.json.tmp');
    const rmError = denied('weights.tmp');
    withFs({ rename: async () => Promise.reject(renameError), rm: async () => Promise.reject(rmError) });
    const error = await nn.saveModel(model(), `file://${dir}`).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBe(renameError);
    expect(error!.message).toContain('Requires read access to "model.json.tmp"');
    expect(error!.message).toContain('removing the temp files afterwards also failed');
    expect(error!.message).toContain('Requires read access to "weights.tmp"');
    // Three removals (both temp names and the uniquely named weights) all failed.
    expect(error!.cause).toBeInstanceOf(AggregateError);
    expect((error!.cause as AggregateError).errors).toEqual([rmError, rmError, rmError]);
  });

  test('a single failed removal is the cause itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simdnn-save-err-'));
    const renameError = denied('model.json.tmp');
    const rmError = denied('weights.tmp');
    let calls = 0;
    withFs({ rename: async () => Promise.reject(renameError), rm: async (...args: Parameters<Fs['rm']>) => (++calls === 2 ? Promise.reject(rmError) : realFs.rm(...args)) });
    const error = await nn.saveModel(model(), `file://${dir}`).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBe(renameError);
    expect(error!.cause).toBe(rmError);
  });
});

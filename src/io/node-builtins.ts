// Node's fs/promises and path for the file:// handler, fetched at run time so that bundlers (esbuild,
// webpack, Vite) never see a `node:` specifier and the main entry bundles for browsers with no flags.
import type * as FsPromises from 'node:fs/promises';
import type * as NodePath from 'node:path';
import { ConfigError } from '../errors.js';

interface BuiltinHost {
  process?: { getBuiltinModule?: (id: string) => unknown };
}

/**
 * One Node built-in: process.getBuiltinModule (Node >= 20.16, Bun, Deno 2), else a dynamic import
 * whose specifier is not a literal.
 * NOTE: esbuild resolves even a literal `import('node:fs/promises')` and fails for platform=browser,
 * so the specifier must stay a variable here.
 */
async function builtin<T>(id: string, where: string): Promise<T> {
  const fromProcess = (globalThis as BuiltinHost).process?.getBuiltinModule?.(id);
  if (fromProcess) return fromProcess as T;
  try {
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ id)) as T;
  } catch (e) {
    throw new ConfigError(`${where} needs Node's ${id} (Node, Deno or Bun), which this runtime does not provide: ${(e as Error).message}`, { cause: e });
  }
}

/** node:fs/promises and node:path, for file:// saves and loads. */
export function nodeFs(where: string): Promise<[typeof FsPromises, typeof NodePath]> {
  return Promise.all([builtin<typeof FsPromises>('node:fs/promises', where), builtin<typeof NodePath>('node:path', where)]);
}

/** node:fs (createReadStream), for nn.data.csv on a path or file:// URL. */
export function nodeFsStream(where: string): Promise<typeof import('node:fs')> {
  return builtin<typeof import('node:fs')>('node:fs', where);
}

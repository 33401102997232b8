// Files of a package folder over node:http, for `simdnn bench --serve` and the demo server
// (scripts/serve.mjs): only the named top-level folders are served, so a request can never read a
// file outside them ("..", encoded or not, is resolved before the check).
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

/** The file `urlPath` names under `root`, if it lies in one of the `served` folders (a trailing / means index.html). */
export function servedFile(root: string, served: readonly string[], urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  // normalize() has resolved any "..", so a file outside the served folders fails this check.
  const top = file.slice(root.length + 1).split(sep)[0]!;
  return file.startsWith(root + sep) && served.includes(top) ? file : null;
}

/** Answers with that file (and `headers`), or 404 when it is not served or does not exist. */
export function serveStatic(root: string, served: readonly string[], urlPath: string, res: ServerResponse, headers: Record<string, string> = {}): void {
  const file = servedFile(root, served, urlPath);
  let size = -1;
  try {
    if (file) {
      const st = statSync(file);
      if (st.isFile()) size = st.size;
    }
  } catch {
    // missing: 404 below
  }
  if (!file || size < 0) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${urlPath}\n`);
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': size });
  createReadStream(file).pipe(res);
}

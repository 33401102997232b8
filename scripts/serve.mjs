// `npm run demo`: a tiny static server for the demo. It serves the package root but only the folders
// the page needs (demo/, dist/, build/), so /demo/main.js can import ../dist/index.js unbundled.
// Usage: node scripts/serve.mjs [--port N] [--no-isolation]   (N = 0 picks a free port; the URL is printed
// on stdout). Pages are cross-origin isolated (COOP/COEP headers: SharedArrayBuffer and shared wasm memory,
// which threads need) unless --no-isolation.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVED = ['demo', 'dist', 'build'];
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

function resolvePath(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  const top = file.slice(root.length + 1).split(sep)[0];
  // normalize() has resolved any "..", so a file outside the served folders fails this check.
  return file.startsWith(root + sep) && SERVED.includes(top) ? file : null;
}

const ISOLATION = process.argv.includes('--no-isolation')
  ? {}
  : { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

const server = createServer((req, res) => {
  if (req.url === '/' || req.url === '/demo') {
    res.writeHead(302, { location: '/demo/' }).end();
    return;
  }
  const file = resolvePath(req.url ?? '/');
  let size = -1;
  try {
    if (file) size = statSync(file).isFile() ? statSync(file).size : -1;
  } catch {
    // missing: 404 below
  }
  if (!file || size < 0) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${req.url}\n`);
    return;
  }
  res.writeHead(200, {
    ...ISOLATION,
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(res);
});

const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`simdnn demo: http://127.0.0.1:${actual}/demo/`);
});

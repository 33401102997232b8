// `npm run demo`: a tiny static server for the demo. It serves the package root but only the folders
// the page needs (demo/, dist/, build/), so /demo/main.js can import ../dist/index.js unbundled. Needs the
// build (dist/cli/static-files.js serves the files, as for `simdnn bench --serve`).
// Usage: node scripts/serve.mjs [--port N] [--no-isolation]   (N = 0 picks a free port; the URL is printed
// on stdout). Pages are cross-origin isolated (COOP/COEP headers: SharedArrayBuffer and shared wasm memory,
// which threads need) unless --no-isolation.
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../dist/cli/static-files.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVED = ['demo', 'dist', 'build'];
const ISOLATION = process.argv.includes('--no-isolation')
  ? {}
  : { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

const server = createServer((req, res) => {
  if (req.url === '/' || req.url === '/demo') {
    res.writeHead(302, { location: '/demo/' }).end();
    return;
  }
  serveStatic(root, SERVED, req.url ?? '/', res, { ...ISOLATION, 'cache-control': 'no-store' });
});

const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`simdnn demo: http://127.0.0.1:${actual}/demo/`);
});

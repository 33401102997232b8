// `simdnn bench --serve`: the benchmark suite in a browser. Serves a page (and the package's dist/ and
// build/ folders it imports) from the installed package, with COOP/COEP headers so the page is
// cross-origin isolated (shared memory, as threads need). The page runs runBench in a Web Worker (a
// browser main thread may not Atomics.wait, so threads only run in a Worker) on the digits this process
// hands it and posts the report back; the command prints it like `simdnn bench` does and exits.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchReport } from '../bench/index.js';
import type { Digits } from '../bench/training.js';
import { serveStatic } from './static-files.js';

/** The package root: dist/cli/ is two levels below it, in the repository and in node_modules alike. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVED = ['dist', 'build'];
/** Cross-origin isolation: the page gets SharedArrayBuffer and shared wasm memory. */
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };

/** What the page reports: the suite's report plus what only the browser knows. */
export interface BrowserReport extends BenchReport {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** The suite ran in a dedicated Web Worker of the page (where nn.setThreads can start a pool). */
  inWorker: boolean;
}

/** The page's Worker: runs the suite with the options and digits the page posts, posts progress and the report. */
const WORKER = `import { runBench } from '/dist/bench/index.js';
self.onmessage = async (event) => {
  const { bench, data } = event.data;
  try {
    const report = await runBench({ ...bench, data, onRow: (label) => self.postMessage({ row: label }) });
    self.postMessage({ report });
  } catch (e) {
    self.postMessage({ error: String((e && e.stack) || e) });
  }
};
`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>simdnn bench</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}pre{background:#f4f4f4;padding:1em;overflow:auto}</style></head>
<body data-state="running"><h1>simdnn bench</h1><p>The suite runs in a Web Worker of this cross-origin isolated page, so <code>--threads</code> can use a pool of Workers.</p><p id="status">running…</p><pre id="report"></pre>
<script type="module">
import { formatReport } from '/dist/bench/index.js';
const status = document.getElementById('status');
/** Runs the suite in a module Worker: threads need Atomics.wait, which a page's main thread may not call. */
function inWorker(bench, data) {
  const worker = new Worker('/bench-worker.js', { type: 'module', name: 'simdnn-bench' });
  let rows = 0;
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      if (e.data.row !== undefined) status.textContent = 'running in a Worker… ' + ++rows + ' rows, last: ' + e.data.row;
      else if (e.data.error !== undefined) reject(new Error(e.data.error));
      else resolve(e.data.report);
    };
    worker.onerror = (e) => reject(new Error(e.message || 'the bench Worker failed to load'));
    worker.postMessage({ bench, data });
  }).finally(() => worker.terminate());
}
try {
  const opts = await (await fetch('/options.json')).json();
  let data;
  if (opts.digits > 0) {
    const values = new Float32Array(await (await fetch('/digits.bin')).arrayBuffer());
    data = { x: values.subarray(0, opts.digits * 784), y: values.subarray(opts.digits * 784), n: opts.digits };
  }
  const report = await inWorker(opts.bench, data);
  const full = { ...report, crossOriginIsolated: self.crossOriginIsolated === true, hardwareConcurrency: navigator.hardwareConcurrency ?? 0, inWorker: true };
  document.getElementById('report').textContent = formatReport(report);
  status.textContent = 'done' + (full.crossOriginIsolated ? ' (cross-origin isolated)' : '');
  await fetch('/report', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(full) });
  document.body.dataset.state = 'done';
} catch (e) {
  status.textContent = 'failed: ' + (e && e.stack || e);
  document.body.dataset.state = 'failed';
  await fetch('/report', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: String(e && e.message || e) }) });
}
</script></body></html>
`;

function body(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > limit) reject(new Error(`report larger than ${limit} bytes`));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

export interface ServeOptions {
  port: number;
  host: string;
  bench: Omit<BenchOptions, 'data' | 'onRow'>;
  data?: Digits;
  /** Called once with the URL to open. */
  onListening: (url: string) => void;
}

/** Serves the page until it posts its report; resolves to that report (rejects with the page's error). */
export function serveBench(opts: ServeOptions): Promise<BrowserReport> {
  const digits = opts.data ? new Float32Array(opts.data.n * 794) : null;
  if (opts.data && digits) {
    digits.set(opts.data.x.subarray(0, opts.data.n * 784));
    digits.set(opts.data.y.subarray(0, opts.data.n * 10), opts.data.n * 784);
  }
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = (req.url ?? '/').split('?')[0]!;
      if (req.method === 'POST' && url === '/report') {
        body(req, 1 << 22).then((text) => {
          res.writeHead(204).end();
          server.close();
          server.closeAllConnections();
          const report = JSON.parse(text) as BrowserReport | { error: string };
          if ('error' in report) reject(new Error(`the browser page failed: ${report.error}`));
          else resolve(report);
        }, reject);
        return;
      }
      if (url === '/' || url === '/index.html') {
        res.writeHead(200, { ...ISOLATION, 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      } else if (url === '/bench-worker.js') {
        res.writeHead(200, { ...ISOLATION, 'content-type': 'text/javascript; charset=utf-8' }).end(WORKER);
      } else if (url === '/options.json') {
        res.writeHead(200, { ...ISOLATION, 'content-type': 'application/json' }).end(JSON.stringify({ bench: opts.bench, digits: opts.data?.n ?? 0 }));
      } else if (url === '/digits.bin' && digits) {
        res.writeHead(200, { ...ISOLATION, 'content-type': 'application/octet-stream', 'content-length': digits.byteLength });
        res.end(Buffer.from(digits.buffer, digits.byteOffset, digits.byteLength));
      } else serveStatic(ROOT, SERVED, url, res, ISOLATION);
    });
    server.on('error', reject);
    server.listen(opts.port, opts.host, () => {
      const { port } = server.address() as AddressInfo;
      opts.onListening(`http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${port}/`);
    });
  });
}

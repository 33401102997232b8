// demo/threads.html: starts demo/threads-worker.js, which trains the MNIST MLP with nn.setThreads(N) and
// reports the threads it got. Also shows what setThreads resolves to on this page's main thread (1: a
// browser main thread may not Atomics.wait). Exposes train(n, epochs) for test/browser/threads.test.ts.
import * as nn from '../dist/index.js';

const $ = (id) => document.getElementById(id);
let worker = null;

/** Trains in the Worker on `threads` threads; resolves to the Worker's report. */
function train(threads, epochs) {
  worker ??= new Worker('./threads-worker.js', { type: 'module' });
  return new Promise((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => resolve({ error: e.message || 'the Worker failed to load' });
    worker.postMessage({ threads, epochs });
  });
}
globalThis.trainInWorker = train;

function show(r) {
  if (r.error) {
    $('status').textContent = `failed: ${r.error}`;
    document.body.dataset.state = 'error';
    return;
  }
  $('threads-used').textContent = String(r.threads);
  $('threads-used').dataset.value = String(r.threads);
  $('rate').textContent = `${Math.round(r.samplesPerSec)} (${r.seconds.toFixed(2)} s, ${r.backend} ${r.build} build)`;
  $('loss').textContent = r.losses.map((l) => l.toFixed(6)).join(', ');
  $('status').textContent = r.reason
    ? `asked for ${r.requested} threads, got ${r.threads}: ${r.reason}`
    : `trained on ${r.threads} thread${r.threads > 1 ? 's' : ''} in the Worker`;
  document.body.dataset.state = 'trained';
}

async function main() {
  $('isolated').textContent = String(self.crossOriginIsolated === true);
  const onMain = await nn.setThreads(2);
  $('main-threads').textContent = `${onMain}${onMain === 1 ? ' (a browser main thread cannot Atomics.wait: threads run in a Worker)' : ''}`;
  $('main-threads').dataset.value = String(onMain);
  $('run').disabled = false;
  $('run').addEventListener('click', async () => {
    $('run').disabled = true;
    $('status').textContent = 'training…';
    document.body.dataset.state = 'training';
    try {
      show(await train(Number($('threads').value) || 2, Number($('epochs').value) || 1));
    } finally {
      $('run').disabled = false;
    }
  });
  $('status').textContent = 'ready';
  document.body.dataset.state = 'ready';
}

main().catch((e) => {
  $('status').textContent = `error: ${e.message}`;
  document.body.dataset.state = 'error';
});

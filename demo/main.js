// The demo page: loads the MNIST sample, trains an MLP or the tfjs example's CNN with simdnn on the page's
// main thread (fit yields to the event loop, so the chart and progress update live), then classifies
// drawn digits.
import * as nn from '../dist/index.js';
import { mnistCnnLayers } from '../dist/bench/index.js';
import { drawChart } from './chart.js';
import { attachPad, showDigit, toMnist } from './digit.js';

const $ = (id) => document.getElementById(id);
// Exposed for the browser console and the browser test (test/browser/demo.test.ts).
globalThis.simdnn = nn;

function setState(state, status) {
  document.body.dataset.state = state;
  if (status !== undefined) $('status').textContent = status;
}

/** Parses demo/data/mnist-sample.bin (format documented in scripts/build-demo.mjs). */
async function loadSample(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} (run \`npm run build:demo\` to create it)`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const view = new DataView(bytes.buffer);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'SNM1') throw new Error(`${url}: not an SNM1 sample file`);
  const nTrain = view.getUint32(4, true), nTest = view.getUint32(8, true), px = view.getUint32(12, true) ** 2;
  let at = 16;
  const take = (n) => {
    const x = new Float32Array(n * px);
    for (let i = 0; i < x.length; i++) x[i] = bytes[at + i] / 255;
    at += n * px;
    const labels = bytes.slice(at, at + n);
    at += n;
    const y = new Float32Array(n * 10);
    labels.forEach((d, i) => (y[i * 10 + d] = 1));
    // The same pixels as rows for the MLP and as NHWC images for the CNN (tensors copy their values).
    return { rows: nn.tensor2d(x, [n, px]), images: nn.tensor4d(x, [n, 28, 28, 1]), y: nn.tensor2d(y, [n, 10]), n };
  };
  return { train: take(nTrain), test: take(nTest) };
}

let model = null;
let arch = 'mlp';

/** The chosen architecture: an MLP over rows of 784 pixels, or the tfjs MNIST example's CNN over 28×28×1 images. */
function makeModel(kind, units) {
  if (kind === 'cnn') {
    return nn.sequential({ seed: 1, layers: mnistCnnLayers() });
  }
  return nn.sequential({
    seed: 1,
    layers: [
      nn.layers.dense({ units, inputShape: [784], activation: 'relu' }),
      nn.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

async function train(data) {
  const epochs = Math.max(1, Math.min(50, Number($('epochs').value) || 10));
  const units = Math.max(8, Math.min(512, Number($('units').value) || 128));
  const batchSize = 32;
  model?.dispose();
  arch = $('arch').value === 'cnn' ? 'cnn' : 'mlp';
  model = makeModel(arch, units);
  // NOTE: the CNN learns faster with 3e-3 (as examples/mnist-cnn.mjs); the MLP keeps Keras's default 1e-3.
  model.compile({ optimizer: nn.train.adam(arch === 'cnn' ? 3e-3 : 1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  $('architecture').textContent = model.layers.map((l) => l.name).join(' → ');
  const x = (set) => (arch === 'cnn' ? set.images : set.rows);
  const batchesPerEpoch = Math.ceil(data.train.n / batchSize);
  const chart = { losses: [], accuracies: [], totalBatches: epochs * batchesPerEpoch, batchesPerEpoch };
  let epoch = 0, lastDraw = 0;
  const started = performance.now();
  setState('training', `epoch 1 / ${epochs}`);
  $('accuracy').textContent = '–';
  $('accuracy').dataset.value = '';
  await model.fit(x(data.train), data.train.y, {
    epochs,
    batchSize,
    seed: 1,
    validationData: [x(data.test), data.test.y],
    callbacks: {
      onBatchEnd: (batch, logs) => {
        chart.losses.push(logs.loss);
        $('progress').value = chart.losses.length / chart.totalBatches;
        // Redraw at most ~30 times a second: drawing every batch would cost more than training.
        if (performance.now() - lastDraw > 33) {
          lastDraw = performance.now();
          drawChart($('chart'), chart);
        }
      },
      onEpochEnd: (e, logs) => {
        epoch = e + 1;
        chart.accuracies.push(logs.val_acc);
        drawChart($('chart'), chart);
        $('status').textContent =
          `epoch ${epoch} / ${epochs} · loss ${logs.loss.toFixed(4)} · test accuracy ${(100 * logs.val_acc).toFixed(1)}%`;
      },
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const [, acc] = model.evaluate(x(data.test), data.test.y);
  const accuracy = acc.dataSync()[0];
  $('accuracy').textContent = `${(100 * accuracy).toFixed(1)}% on ${data.test.n} held-out digits`;
  $('accuracy').dataset.value = String(accuracy);
  setState('trained', `${arch.toUpperCase()}: ${epochs} epochs on ${data.train.n} digits in ${seconds.toFixed(1)} s (${Math.round((epochs * data.train.n) / seconds)} samples/s)`);
  $('hint').textContent = 'Draw a digit: the prediction updates after each stroke.';
  classify();
}

function classify() {
  const pixels = toMnist($('pad'));
  showDigit($('preview'), pixels);
  if (!pixels || !model) {
    $('prediction').textContent = '';
    $('prediction').dataset.value = '';
    $('probs').replaceChildren();
    return;
  }
  const input = arch === 'cnn' ? nn.tensor4d(pixels, [1, 28, 28, 1]) : nn.tensor2d(pixels, [1, 784]);
  const probs = model.predict(input).dataSync();
  const best = probs.indexOf(Math.max(...probs));
  $('prediction').textContent = String(best);
  $('prediction').dataset.value = String(best);
  $('probs').replaceChildren(
    ...Array.from(probs, (p, d) => {
      const row = document.createElement('div');
      row.className = d === best ? 'bar top' : 'bar';
      row.innerHTML = `<b>${d}</b><span><i style="width:${(100 * p).toFixed(1)}%"></i></span><span>${(100 * p).toFixed(1)}%</span>`;
      return row;
    }),
  );
}

async function main() {
  await nn.ready();
  $('backend').textContent = nn.getBackend();
  $('build').textContent = nn.getWasmBuild();
  const clear = attachPad($('pad'), classify);
  $('clear').addEventListener('click', () => {
    clear();
    classify();
  });
  const data = await loadSample('./data/mnist-sample.bin');
  drawChart($('chart'), { losses: [], accuracies: [], totalBatches: 1, batchesPerEpoch: 1 });
  $('train').disabled = false;
  $('train').addEventListener('click', async () => {
    $('train').disabled = true;
    try {
      await train(data);
    } catch (e) {
      setState('error', `training failed: ${e.message}`);
    } finally {
      $('train').disabled = false;
    }
  });
  setState('ready', `${data.train.n} training and ${data.test.n} test digits loaded`);
}

main().catch((e) => setState('error', `error: ${e.message}`));

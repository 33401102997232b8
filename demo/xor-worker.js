// Trains XOR inside a Web Worker (module worker) and posts the result: proves simdnn runs off the
// main thread, where the wasm module may also be compiled synchronously.
import * as nn from '../dist/index.js';

self.onmessage = async () => {
  try {
    await nn.ready();
    const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = nn.tensor2d([[0], [1], [1], [0]]);
    const model = nn.sequential({
      seed: 42,
      layers: [nn.layers.dense({ units: 8, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })],
    });
    model.compile({ optimizer: nn.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 300, batchSize: 4, seed: 1 });
    const p = Array.from(model.predict(x).dataSync());
    const accuracy = p.filter((v, i) => (v > 0.5 ? 1 : 0) === [0, 1, 1, 0][i]).length / 4;
    self.postMessage({ accuracy, predictions: p, loss: history.history.loss.at(-1), backend: nn.getBackend(), build: nn.getWasmBuild() });
  } catch (e) {
    self.postMessage({ error: String(e?.stack ?? e) });
  }
};

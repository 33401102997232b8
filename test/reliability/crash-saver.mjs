// Child process for crash-save.test.ts: saves models to file://<dir> in a loop, forever, until killed.
// Generation g alternates between two topologies (different weight sizes) and fills every weight with g,
// so the parent can tell which save a directory holds and whether model.json and weights.bin match.
// Usage: node crash-saver.mjs <dist/index.js> <dir> <first generation>
const [lib, dir, first] = process.argv.slice(2);
const nn = await import(lib);
await nn.setBackend('ts'); // no wasm compile: the child starts faster, and saving does not depend on it

function model(g) {
  const hidden = g % 2 === 0 ? [nn.layers.dense({ units: 64, inputShape: [100], activation: 'relu' })]
    : [nn.layers.dense({ units: 32, inputShape: [100], activation: 'tanh' }), nn.layers.dense({ units: 48 })];
  const m = nn.sequential({ name: `gen_${g}`, layers: [...hidden, nn.layers.dense({ units: 10, activation: 'softmax' })] });
  m.setWeights(m.getWeights().map((w) => nn.tensor(new Float32Array(w.size).fill(g), w.shape)));
  return m;
}

for (let g = Number(first); ; g++) {
  const m = model(g);
  process.stdout.write(`saving ${g}\n`);
  await nn.saveModel(m, `file://${dir}`);
  process.stdout.write(`saved ${g}\n`);
}

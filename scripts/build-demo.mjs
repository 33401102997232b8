// Builds the demo's data file: a compact MNIST sample (2000 train / 500 test digits, balanced, seeded)
// taken from the `mnist` package through simdnn's own loader, written as uint8 pixels + labels so the
// browser downloads ~2 MB instead of the package's 21 MB of JSON. Build output: demo/data/ is gitignored.
//
// Format of demo/data/mnist-sample.bin (little-endian):
//   bytes 0..3   magic "SNM1"
//   u32 nTrain, u32 nTest, u32 side (28)
//   nTrain·784 pixels (uint8, 0..255), nTrain labels (uint8), nTest·784 pixels, nTest labels
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const loader = join(root, 'dist/datasets/mnist.js');
if (!existsSync(loader)) {
  console.error(`build-demo: ${loader} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const { mnist } = await import(pathToFileURL(loader).href);

const TRAIN = 2000;
const TEST = 500;
const { train, test } = mnist({ split: 'balanced', train: TRAIN, test: TEST, seed: 7 });

const side = 28;
const px = side * side;
const header = 16;
const out = new Uint8Array(header + (TRAIN + TEST) * (px + 1));
const view = new DataView(out.buffer);
out.set([0x53, 0x4e, 0x4d, 0x31], 0); // "SNM1"
view.setUint32(4, TRAIN, true);
view.setUint32(8, TEST, true);
view.setUint32(12, side, true);
let at = header;
for (const set of [train, test]) {
  // The package stores round(k/255, 3) for grey levels k, so round(v·255) recovers k exactly.
  for (let i = 0; i < set.n * px; i++) out[at + i] = Math.round(set.x[i] * 255);
  at += set.n * px;
  for (let i = 0; i < set.n; i++) out[at + i] = set.labels[i];
  at += set.n;
}

const file = join(root, 'demo/data/mnist-sample.bin');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, out);
console.log(`build-demo: wrote ${file} (${TRAIN} train + ${TEST} test digits, ${out.length} bytes)`);

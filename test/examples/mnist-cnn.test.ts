// examples/mnist-cnn.mjs against the built dist/: one epoch (the example's argument) in a temp
// directory, a test accuracy a CNN reaches after one pass, and the saved model loads back.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { ROOT, requireBuilt } from '../built.js';

test('examples/mnist-cnn.mjs trains, reports its accuracy and saves a loadable model', async () => {
  requireBuilt();
  const cwd = mkdtempSync(join(tmpdir(), 'simdnn-example-'));
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'examples/mnist-cnn.mjs'), '1'], { cwd, timeout: 120_000 });
  expect(stdout).toMatch(/conv2d_\d+ \(Conv2D\)\s+\[null,24,24,8\]\s+208/);
  const acc = Number(/test accuracy ([\d.]+)/.exec(stdout)?.[1]);
  expect(acc).toBeGreaterThan(0.9);
  const model = await nn.loadLayersModel(`file://${join(cwd, 'mnist-cnn-model')}/model.json`);
  expect(model.inputShape).toEqual([null, 28, 28, 1]);
  expect(model.countParams()).toBe(5994);
}, 120_000);

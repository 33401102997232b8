// The README's size paragraph is generated (scripts/readme-sizes.mjs); this measures the current build
// again and fails when any number in it is more than 3% off, so a stale size cannot stay in the docs.
import { requireBuilt } from '../built.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
// @ts-expect-error a plain .mjs script without types
import { BEGIN, END, measureSizes, sizesBlock } from '../../scripts/readme-sizes.mjs';

const numbers = (text: string) => [...text.matchAll(/([0-9]+\.[0-9]) KB/g)].map((m) => Number(m[1]));

test('README sizes are those of this build (within 3%; regenerate with npm run readme:sizes)', () => {
  requireBuilt();
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const a = readme.indexOf((BEGIN as string).slice(0, 20)), b = readme.indexOf(END as string);
  expect(a, 'README.md has no sizes block').toBeGreaterThan(0);
  const written = numbers(readme.slice(a, b));
  const measured = numbers(sizesBlock(measureSizes()) as string);
  expect(written.length).toBe(7);
  expect(measured.length).toBe(7);
  written.forEach((w, i) => expect(Math.abs(w - measured[i]!) / measured[i]!, `number ${i}: README ${w} KB, measured ${measured[i]} KB`).toBeLessThan(0.03));
}, 60_000);

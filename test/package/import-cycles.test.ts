// src/ has no import cycles (type-only imports excepted): the model side serializes, io only moves
// artifacts, and fit and the Sequential class do not import each other.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Value imports and re-exports between src files (`import type` / `export type` do not count). */
function graph(): Map<string, string[]> {
  const files = sources(SRC), known = new Set(files), g = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const deps = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)]
      .map((m) => resolve(dirname(f), m[1]!.replace(/\.js$/, '.ts')))
      .filter((d) => known.has(d));
    g.set(f, deps);
  }
  return g;
}

function cycles(g: Map<string, string[]>): string[] {
  const found = new Set<string>(), done = new Set<string>(), path: string[] = [];
  const visit = (n: string) => {
    if (path.includes(n)) {
      found.add(path.slice(path.indexOf(n)).concat(n).map((p) => relative(SRC, p)).join(' → '));
      return;
    }
    if (done.has(n)) return;
    path.push(n);
    for (const d of g.get(n) ?? []) visit(d);
    path.pop();
    done.add(n);
  };
  for (const n of g.keys()) visit(n);
  return [...found];
}

test('the import graph of src/ is acyclic', () => {
  const g = graph();
  expect(g.size).toBeGreaterThan(50);
  expect(cycles(g)).toEqual([]);
});

test('the check finds a cycle when there is one', () => {
  const g = graph();
  const a = join(SRC, 'model/sequential.ts'), b = join(SRC, 'model/fit.ts');
  g.set(b, [...g.get(b)!, a]); // fit imports sequential again, as it did before
  expect(cycles(g).some((c) => c.includes('model/fit.ts') && c.includes('model/sequential.ts'))).toBe(true);
});

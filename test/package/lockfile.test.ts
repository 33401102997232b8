// package-lock.json agrees with package.json, so `npm ci` installs what package.json says and
// `npm install` leaves the lock unchanged (it used to rewrite it, adding the root package's `bin`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

interface Manifest {
  name?: string;
  bin?: string | Record<string, string>;
  [field: string]: unknown;
}

/** bin as npm records it in the lock: an object of name → path, with no leading "./". */
function binOf(pkg: Manifest): Record<string, string> | undefined {
  if (pkg.bin === undefined) return undefined;
  const bin = typeof pkg.bin === 'string' ? { [pkg.name!]: pkg.bin } : pkg.bin;
  return Object.fromEntries(Object.entries(bin).map(([k, v]) => [k, v.replace(/^\.\//, '')]));
}

/** Every way the lock's root package (packages[""]) differs from package.json, one line each. */
function lockDrift(pkg: Manifest, lock: { lockfileVersion?: number; packages?: Record<string, Manifest> }): string[] {
  const root = lock.packages?.[''];
  if (!root) return [`the lock has no packages[""] (lockfileVersion ${lock.lockfileVersion}; npm 7+ writes 2 or 3)`];
  const drift: string[] = [];
  for (const field of DEP_FIELDS) {
    const want = (pkg[field] ?? {}) as Record<string, string>, got = (root[field] ?? {}) as Record<string, string>;
    for (const [name, range] of Object.entries(want)) {
      if (got[name] !== range) drift.push(`${field}.${name}: package.json has ${range}, the lock ${got[name] ?? 'nothing'}`);
    }
    for (const name of Object.keys(got)) if (!(name in want)) drift.push(`${field}.${name}: in the lock (${got[name]}), not in package.json`);
  }
  const want = JSON.stringify(binOf(pkg)), got = JSON.stringify(binOf({ ...root, name: pkg.name }));
  if (want !== got) drift.push(`bin: package.json has ${want ?? 'none'}, the lock ${got ?? 'none'}`);
  return drift;
}

describe('package-lock.json', () => {
  const pkg = read('package.json'), lock = read('package-lock.json');

  test('its root package has the dependencies, ranges and bin of package.json', () => {
    expect(lockDrift(pkg, lock)).toEqual([]);
    expect(lock.packages[''].name).toBe(pkg.name);
    expect(lock.packages[''].version).toBe(pkg.version);
  });

  test('every locked devDependency is installed from the lock (a node_modules entry)', () => {
    for (const name of Object.keys(pkg.devDependencies ?? {})) expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
  });

  test('lockDrift reports a missing bin, a changed range, a missing and an extra dependency', () => {
    const root = lock.packages[''];
    const mutate = (f: (r: any) => void) => {
      const copy = structuredClone(lock);
      f(copy.packages['']);
      return lockDrift(pkg, copy);
    };
    expect(mutate((r) => delete r.bin)).toEqual([`bin: package.json has ${JSON.stringify(pkg.bin)}, the lock none`]);
    const [first] = Object.keys(root.devDependencies);
    expect(mutate((r) => (r.devDependencies[first!] = '^0.0.1'))).toEqual([`devDependencies.${first}: package.json has ${pkg.devDependencies[first!]}, the lock ^0.0.1`]);
    expect(mutate((r) => delete r.devDependencies[first!])).toEqual([`devDependencies.${first}: package.json has ${pkg.devDependencies[first!]}, the lock nothing`]);
    expect(mutate((r) => (r.dependencies = { leftpad: '^1.0.0' }))).toEqual(['dependencies.leftpad: in the lock (^1.0.0), not in package.json']);
    expect(lockDrift(pkg, { lockfileVersion: 1 })).toHaveLength(1);
  });
});

// The Bun and Deno executables that the npm packages `bun` and `deno` ship (dev dependencies), for the
// tests that run simdnn in those runtimes for real. A runtime that cannot start is a failure, not a skip.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Bun executable. npm installs it in the platform package (@oven/bun-linux-x64/bin/bun); bun's
 * postinstall, where npm runs it, moves it over the placeholder bun/bin/bun.exe. Either one that runs.
 */
export function bunBinary(): string {
  const bunDir = dirname(require.resolve('bun/package.json'));
  const platforms = Object.keys((JSON.parse(readFileSync(join(bunDir, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> }).optionalDependencies);
  const candidates = [join(bunDir, 'bin/bun.exe')];
  for (const pkg of platforms) {
    try {
      candidates.push(join(dirname(require.resolve(`${pkg}/package.json`, { paths: [bunDir] })), 'bin/bun'));
    } catch {
      // Not this platform's package: npm skipped it.
    }
  }
  const tried: string[] = [];
  for (const bin of candidates.filter((c) => existsSync(c))) {
    try {
      execFileSync(bin, ['--version'], { stdio: 'ignore' });
      return bin;
    } catch (e) {
      tried.push(`${bin}: ${String(e)}`);
    }
  }
  throw new Error(`no runnable Bun binary in the bun npm package (run npm ci); tried:\n${tried.join('\n') || candidates.join('\n')}`);
}

/** `deno` as a command: Node running the npm package's launcher (bin.cjs), which execs the binary inside it. */
export function denoCommand(): [string, string] {
  return [process.execPath, join(dirname(require.resolve('deno/package.json')), 'bin.cjs')];
}

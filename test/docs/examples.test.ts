// Every @example in the API reference type-checks against src/ and runs without throwing, and every
// public function, method, factory and class has one (so an undocumented export fails here).
// Examples fenced as ```ts browser (localStorage, downloads, IndexedDB) or ```ts worker (a bundler's
// .wasm import) need another runtime: they are only type-checked.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { collectExamples, type ApiExamples } from './extract.js';

const ROOT = resolve(import.meta.dirname, '../..');
const INDEX = join(ROOT, 'src/index.js');
const COMPILE_ONLY = new Set(['browser', 'worker']);
// What a Workers project declares so `import wasm from '….wasm'` type-checks.
const WASM_TYPES = "declare module '*.wasm' { const module: WebAssembly.Module; export default module; }";
let api: ApiExamples;

/** Type-checks every example as a module of its own that imports src/ in place of 'simdnn'. */
function typeErrors(examples: { code: string; where: string }[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const files = new Map(examples.map((e, i) => [join(ROOT, `test/docs/__example_${i}.ts`), e.code.replace(/from 'simdnn'/g, `from '${INDEX}'`)]));
  files.set(join(ROOT, 'test/docs/__wasm.d.ts'), WASM_TYPES);
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.getSourceFile = (f, v, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : getSourceFile(f, v, ...rest));
  const program = ts.createProgram([...files.keys()], { ...config.options, noEmit: true, noUnusedLocals: false }, host);
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName)).map((d) => {
    const i = Number(/__example_(\d+)/.exec(d.file!.fileName)![1]);
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${examples[i]!.where} (example line ${line + 1}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Runs one example: CommonJS transpile (imports become require), 'simdnn' is the src/ module. */
async function run(code: string): Promise<void> {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const nodeRequire = createRequire(import.meta.url);
  const req = (id: string) => (id === 'simdnn' ? nn : nodeRequire(id));
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  await new AsyncFunction('require', 'exports', 'module', js)(req, {}, { exports: {} });
}

describe('API reference examples', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'simdnn-docs-'));
  const savedTmp = process.env.TMPDIR;
  beforeAll(async () => {
    api = await collectExamples(ROOT);
    process.env.TMPDIR = tmp; // examples that write files use os.tmpdir(): keep them in one place
  }, 60_000);
  afterAll(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(tmp, { recursive: true, force: true });
  });

  test('every public function, method, factory and class has an @example', () => {
    expect(api.documented).toBeGreaterThan(100);
    expect(api.missing).toEqual([]);
  });

  test('every example type-checks', () => {
    expect(api.examples.length).toBeGreaterThan(100);
    expect(typeErrors(api.examples)).toEqual([]);
  }, 60_000);

  test('every example runs without throwing (browser-only ones excepted)', async () => {
    const failures: string[] = [];
    const log = console.log;
    console.log = () => {}; // summary() and friends print
    try {
      for (const e of api.examples.filter((e) => !e.tags.some((t) => COMPILE_ONLY.has(t)))) {

        try {
          await run(e.code);
        } catch (err) {
          failures.push(`${e.where}: ${(err as Error).stack ?? String(err)}`);
        } finally {
          await nn.setBackend('wasm'); // an example may switch backends
        }
      }
    } finally {
      console.log = log;
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

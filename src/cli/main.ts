#!/usr/bin/env node
// `simdnn`: dispatches to train / evaluate / predict / tune / demo / bench. Every failure ends as one readable message
// on stderr and a non-zero exit code (2: bad usage, 1: bad data or a failed run); stack traces only
// with SIMDNN_DEBUG=1.
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { SimdnnError } from '../errors.js';
import { COMMANDS, UsageError, commandHelp, mainHelp, parse, type Command } from './args.js';
import { evaluate, predict, train } from './commands.js';
import { DataError } from './csv.js';
import { bench } from './bench.js';
import { demo } from './demo.js';
import { tune } from './tune.js';

const RUN = { train, evaluate, predict, tune, demo, bench } satisfies Record<Command, unknown>;

export async function main(argv: string[]): Promise<number> {
  const print = (line: string) => void process.stdout.write(line + '\n');
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    print(topic && Object.hasOwn(COMMANDS, topic) ? commandHelp(topic as Command) : mainHelp());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    print(pkg.version);
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, first)) throw new UsageError(`unknown command ${JSON.stringify(first)}; expected one of ${Object.keys(COMMANDS).join(', ')}`);
  const command = first as Command;
  const values = parse(command, rest);
  if (values.help) {
    print(commandHelp(command));
    return 0;
  }
  try {
    await RUN[command](values, print);
  } catch (e) {
    // Option checks deep in a command know the option, not the command: point --help at the right one.
    if (e instanceof UsageError && !e.command) throw new UsageError(e.message, command);
    throw e;
  }
  return 0;
}

/** The one line printed for a failure, and the exit code. */
export function describe(e: unknown): { message: string; code: number } {
  if (e instanceof UsageError) {
    const help = e.command ? `simdnn ${e.command} --help` : 'simdnn --help';
    return { message: `simdnn: ${e.message}\nRun \`${help}\` for usage.`, code: 2 };
  }
  if (e instanceof DataError) return { message: `simdnn: ${e.message}`, code: 1 };
  if (e instanceof SimdnnError) return { message: `simdnn: ${e.name}: ${e.message}`, code: 1 };
  const err = e as NodeJS.ErrnoException;
  return { message: `simdnn: ${err?.message ?? String(e)}`, code: 1 };
}

// Run when executed (node dist/cli/main.js, or the `simdnn` bin link), not when imported by tests.
const invoked = process.argv[1] ? import.meta.url === pathToFileURL(realpath(process.argv[1])).href : false;
if (invoked) {
  const fail = (e: unknown) => {
    const { message, code } = describe(e);
    process.stderr.write(message + '\n');
    if (process.env.SIMDNN_DEBUG) process.stderr.write(String((e as Error)?.stack) + '\n');
    process.exitCode = code;
  };
  process.on('unhandledRejection', fail);
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), fail);
}

function realpath(p: string): string {
  try {
    return realpathSync(p); // the bin link in node_modules/.bin is a symlink: compare the real file
  } catch {
    return p;
  }
}

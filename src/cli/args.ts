// Command-line options of `simdnn`: the option tables (node:util parseArgs), help texts, and checked
// conversion of option strings to numbers and lists, so that bad input is a UsageError, never a crash.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad command-line input: printed as one message with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
interface OptionDoc {
  type: 'string' | 'boolean';
  arg?: string;
  help: string;
  short?: string;
}

const MODEL: Record<string, OptionDoc> = {
  layers: { type: 'string', arg: 'N,N,...', help: 'hidden layer sizes (default 128,64)' },
  activation: { type: 'string', arg: 'NAME', help: 'hidden activation: relu, leakyRelu, sigmoid, tanh, linear (default relu)' },
  optimizer: { type: 'string', arg: 'NAME', help: 'sgd, momentum, rmsprop, adam, adamw (default adam)' },
  lr: { type: 'string', arg: 'RATE', help: 'learning rate (default 0.001; sgd/momentum 0.01)' },
  epochs: { type: 'string', arg: 'N', help: 'training epochs (default 10)' },
  'batch-size': { type: 'string', arg: 'N', help: 'mini-batch size (default 32)' },
  seed: { type: 'string', arg: 'N', help: 'seed for initialization, shuffling, dropout and splits (default 1)' },
  dropout: { type: 'string', arg: 'RATE', help: 'dropout rate after each hidden layer, in [0, 1) (default 0)' },
  l2: { type: 'string', arg: 'COEF', help: 'L2 penalty on every kernel (default 0)' },
  'batch-norm': { type: 'boolean', help: 'batch normalization between each hidden dense layer and its activation' },
  'val-split': { type: 'string', arg: 'FRACTION', help: 'fraction of the training rows held out for validation (default 0.1)' },
  'early-stopping': { type: 'boolean', help: 'stop when val_loss stops improving; keep the best weights' },
  patience: { type: 'string', arg: 'N', help: 'epochs without improvement before early stopping (default 3)' },
  'human-error': { type: 'string', arg: 'RATE', help: 'human-level error rate (or loss, for regression) for the bias/variance diagnosis (default: unknown, 0)' },
};
const DATA: Record<string, OptionDoc> = {
  csv: { type: 'string', arg: 'FILE', help: 'CSV file with a header row (read as a stream); every column but the label(s) is a feature: decimal numbers (1.5, -2e3) or categories (one-hot)' },
  delimiter: { type: 'string', arg: 'CHAR', help: "field delimiter: ',' ';' 'tab' or any one character (default: detected from the header line)" },
  categorical: { type: 'string', arg: 'COL[,COL...]', help: 'feature columns to one-hot as categories (text columns like "red", "NY" are detected without it)' },
  label: { type: 'string', arg: 'COL[,COL...]', help: 'label column, or several one-hot columns' },
  task: { type: 'string', arg: 'KIND', help: 'classification, regression or auto (default: auto, from the label values)' },
  mnist: { type: 'boolean', help: 'use the bundled MNIST sample (8000 train / 2000 test digits) instead of a CSV' },
  'train-samples': { type: 'string', arg: 'N', help: 'with --mnist: use only the first N training digits' },
  'test-samples': { type: 'string', arg: 'N', help: 'with --mnist: use only the first N test digits' },
};
const COMMON: Record<string, OptionDoc> = {
  backend: { type: 'string', arg: 'NAME', help: 'wasm (default) or ts' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

export const COMMANDS = {
  train: {
    usage: 'simdnn train (--csv FILE --label COL | --mnist) [options]',
    about: 'Train an MLP (or, with --mnist --cnn, a CNN) and save it (TF.js layers format) with learning-curve and gradient plots.',
    options: {
      ...DATA, ...MODEL,
      cnn: { type: 'boolean', help: 'with --mnist: the tfjs MNIST example CNN (conv 8@5×5 relu, maxpool 2, conv 16@5×5 relu, maxpool 2, dense 10) instead of an MLP' },
      out: { type: 'string', arg: 'DIR', help: 'output directory (default simdnn-model)' }, ...COMMON,
    },
  },
  evaluate: {
    usage: 'simdnn evaluate --model DIR (--csv FILE | --mnist) [options]',
    about: 'Loss, accuracy and confusion matrix (classification) or MSE, MAE and R² (regression) of a saved model.',
    options: { model: { type: 'string', arg: 'DIR', help: 'directory written by `simdnn train`' }, ...DATA, ...COMMON },
  },
  predict: {
    usage: 'simdnn predict --model DIR --csv FILE [--output FILE]',
    about: 'Predictions for each CSV row (label columns, if present, are ignored), as CSV.',
    options: {
      model: { type: 'string', arg: 'DIR', help: 'directory written by `simdnn train`' },
      csv: DATA.csv!, delimiter: DATA.delimiter!,
      output: { type: 'string', arg: 'FILE', help: 'write the predictions here instead of stdout' },
      ...COMMON,
    },
  },
  tune: {
    usage: 'simdnn tune (--csv FILE --label COL | --mnist) [options]',
    about: 'Search hyper-parameters of the `train` MLP (learning rate, width, depth, activation, batch size, dropout); trial 0 is the default.',
    options: {
      csv: DATA.csv!, delimiter: DATA.delimiter!, categorical: DATA.categorical!, label: DATA.label!, task: DATA.task!, mnist: DATA.mnist!, 'train-samples': DATA['train-samples']!,
      strategy: { type: 'string', arg: 'NAME', help: 'bayesian (default: a Gaussian process + expected improvement, after 2 random trials per searched parameter), random or grid' },
      trials: { type: 'string', arg: 'N', help: 'trials to run (default 20)' },
      epochs: { type: 'string', arg: 'N', help: 'epochs per trial (default 4)' },
      objective: { type: 'string', arg: 'NAME', help: 'val_acc (default for classification) or val_loss (default for regression)' },
      'val-split': { type: 'string', arg: 'FRACTION', help: 'fraction of the training rows held out to score trials (default 0.2)' },
      halving: { type: 'boolean', help: 'successive halving: stop trials that are behind at 1, η, η², … epochs' },
      'min-epochs': { type: 'string', arg: 'N', help: 'with --halving: epochs before the first cut (default 1)' },
      eta: { type: 'string', arg: 'N', help: 'with --halving: keep the best 1/η at each cut (default 3)' },
      'time-limit': { type: 'string', arg: 'SECONDS', help: 'start no new trial after this many seconds' },
      space: { type: 'string', arg: 'FILE', help: 'JSON search space over lr, units, depth, layers, activation, optimizer, batchSize, dropout, l2, batchNorm, e.g. {"lr": {"logUniform": [1e-4, 1e-1]}, "layers": {"choice": ["64", "128,64"]}}' },
      resume: { type: 'string', arg: 'FILE', help: 'continue a search from its tune.json (same space, strategy and seed)' },
      seed: MODEL.seed!,
      out: { type: 'string', arg: 'DIR', help: 'output directory for tune.json and the plots (default simdnn-tune)' },
      ...COMMON,
    },
  },
  demo: {
    usage: 'simdnn demo [options]   (npm start)',
    about: 'Train a 784-128-64-10 MLP on the MNIST sample; print accuracy, confusion matrix and throughput; write the model and SVG plots.',
    options: {
      epochs: { type: 'string', arg: 'N', help: 'training epochs (default 8)' },
      'batch-size': MODEL['batch-size']!,
      seed: MODEL.seed!,
      'train-samples': DATA['train-samples']!,
      'test-samples': DATA['test-samples']!,
      out: { type: 'string', arg: 'DIR', help: 'output directory (default simdnn-demo)' },
      ...COMMON,
    },
  },
  bench: {
    usage: 'simdnn bench [--quick] [--only kernels|training] [--threads N,N,...] [--json FILE] [--serve [--port N]]',
    about: 'Benchmark this machine and runtime: kernel GFLOP/s and GB/s, MNIST MLP and CNN training samples/s and predict latency.',
    options: {
      quick: { type: 'boolean', help: 'a short smoke run (fewer samples, shorter timings): not a measurement' },
      only: { type: 'string', arg: 'PART', help: 'kernels or training (default: both)' },
      filter: { type: 'string', arg: 'TEXT', help: 'only the kernel rows whose name contains TEXT' },
      threads: { type: 'string', arg: 'N,N,...', help: 'run the suite once per thread count (nn.setThreads), e.g. 1,2 (default 1); where threads cannot run the rows say 1 and a note says why' },
      json: { type: 'string', arg: 'FILE', help: 'also write the report as JSON (runtime, build, threads, CPU, every row)' },
      serve: { type: 'boolean', help: 'run the suite in a browser instead: serve a page (cross-origin isolated), print its URL, wait for its report' },
      port: { type: 'string', arg: 'N', help: 'with --serve: the port (default 8080; 0 picks a free one)' },
      host: { type: 'string', arg: 'HOST', help: 'with --serve: the address to listen on (default 127.0.0.1)' },
      ...COMMON,
    },
  },
} satisfies Record<string, { usage: string; about: string; options: Record<string, OptionDoc> }>;

export type Command = keyof typeof COMMANDS;
export type Values = Record<string, string | boolean | undefined>;

export function mainHelp(): string {
  const lines = ['simdnn — train and run neural networks from the command line (SIMD WebAssembly kernels)', '', 'Usage:'];
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage}`);
  lines.push('', 'Commands:');
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)}${c.about}`);
  lines.push('', 'Run `simdnn <command> --help` for the options of a command.');
  return lines.join('\n');
}

export function commandHelp(command: Command): string {
  const c = COMMANDS[command];
  const lines = [`Usage: ${c.usage}`, '', c.about, '', 'Options:'];
  for (const [name, o] of Object.entries(c.options as Record<string, OptionDoc>)) {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.arg ? ` ${o.arg}` : ''}`;
    lines.push(`  ${flag.padEnd(28)}${o.help}`);
  }
  return lines.join('\n');
}

/** Parses argv for `command`; unknown options and missing values become UsageErrors. */
export function parse(command: Command, argv: string[]): Values {
  const docs = COMMANDS[command].options as Record<string, OptionDoc>;
  const options: Options = {};
  for (const [name, o] of Object.entries(docs)) options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    if (positionals.length > 0 && !values.help) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, command);
    return values as Values;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // parseArgs messages name the option; drop its advice about '--' (positionals are not used here).
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option '(.*?)'.*$/s, "unknown option '$1'");
    throw new UsageError(msg, command);
  }
}

/** An integer option in [min, max]; `fallback` when absent. */
export function int(values: Values, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`--${name} must be an integer${max < Number.MAX_SAFE_INTEGER ? ` in [${min}, ${max}]` : ` ≥ ${min}`}, got ${JSON.stringify(raw)}`);
  }
  return v;
}

/** A number option with lo ≤ v (< or ≤) hi; `fallback` when absent. */
export function num(values: Values, name: string, fallback: number | undefined, lo: number, hi: number, hiOpen = false): number | undefined {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v) || v < lo || (hiOpen ? v >= hi : v > hi)) {
    const range = hi === Infinity ? `≥ ${lo}` : `in [${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    throw new UsageError(`--${name} must be a number ${range}, got ${JSON.stringify(raw)}`);
  }
  return v;
}

/** One of `choices`; `fallback` when absent. */
export function choice<T extends string>(values: Values, name: string, choices: readonly T[], fallback: T): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (!choices.includes(raw as T)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
}

/** A comma-separated list of positive integers, e.g. --layers 128,64. */
export function intList(values: Values, name: string, fallback: number[]): number[] {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError(`--${name} must be a comma-separated list of positive integers, e.g. 128,64`);
  return raw.split(',').map((part) => {
    const v = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(v) || v < 1 || v > 100_000) {
      throw new UsageError(`--${name}: ${JSON.stringify(part)} is not a layer size (an integer from 1 to 100000), in ${JSON.stringify(raw)}`);
    }
    return v;
  });
}

/** A required string option. */
export function required(values: Values, name: string, command: Command): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`missing --${name}`, command);
  return raw;
}

// `simdnn tune`: hyper-parameter search (nn.tuner.search) over the MLP recipe of `simdnn train`, with the
// default configuration as trial 0 so every run says how much the search gained over it. Writes the
// resumable results (tune.json, after every trial) and two plots, and prints the `simdnn train` command
// that reproduces the best configuration.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as nn from '../index.js';
import { UsageError, choice, int, num, type Values } from './args.js';
import { source, trainingData, useBackend } from './commands.js';
import { buildModel, compileFor, makeOptimizer } from './model.js';
import { TuneProgress, fmtScore } from './tune-progress.js';
import { defaultSpace, initialFor, readJson, readSpace, recipe, trainFlags } from './tune-space.js';

type Print = (line: string) => void;

export async function tune(v: Values, print: Print): Promise<void> {
  const src = source(v, 'tune');
  const seed = int(v, 'seed', 1, 0, 2 ** 32 - 1);
  const strategy = choice(v, 'strategy', ['bayesian', 'random', 'grid'] as const, 'bayesian');
  const trials = int(v, 'trials', 20, 1, 10_000);
  const epochs = int(v, 'epochs', 4, 1, 10_000);
  const valSplit = num(v, 'val-split', 0.2, 0, 1, true)!;
  if (valSplit === 0) throw new UsageError('--val-split must be > 0: trials are scored on the held-out rows', 'tune');
  const timeLimit = num(v, 'time-limit', undefined, 0, Infinity);
  if (timeLimit === 0) throw new UsageError('--time-limit must be a number of seconds > 0, got "0"', 'tune');
  const halving = !!v.halving;
  const minEpochs = int(v, 'min-epochs', 1, 1, epochs);
  const eta = int(v, 'eta', 3, 2, 100);
  if (!halving && (v['min-epochs'] !== undefined || v.eta !== undefined)) throw new UsageError('--min-epochs and --eta apply with --halving only', 'tune');
  const out = resolve(typeof v.out === 'string' ? v.out : 'simdnn-tune');
  const space = typeof v.space === 'string' ? readSpace(v.space) : defaultSpace();
  // The tuner checks what the file holds (format, settings, every trial) and says what is wrong.
  const resume = typeof v.resume === 'string' ? (readJson('resume', v.resume) as object) : undefined;

  await useBackend(v);
  const { data } = await trainingData(v, src, 'tune', seed);
  const { meta } = data;
  const classify = meta.task === 'classification';
  const objective = choice(v, 'objective', ['val_acc', 'val_loss'] as const, classify ? 'val_acc' : 'val_loss');
  if (objective === 'val_acc' && !classify) throw new UsageError('--objective val_acc needs a classification task', 'tune');
  const features = data.x.length / data.n, outputs = classify ? meta.classes.length : meta.labels.length;
  const x = nn.tensor2d(data.x, [data.n, features]);
  const y = nn.tensor2d(data.y, [data.n, outputs]);

  const mode = objective === 'val_acc' ? 'max' : 'min';
  // As fit splits: floor(n·(1 − split)) rows train (round(n·split) is one off for e.g. 120 rows, 0.11).
  const held = data.n - Math.floor(data.n * (1 - valSplit));
  print(`data: ${data.n} rows (${data.n - held} train, last ${held} held out to score trials), ${features} features, ${meta.task}` +
    (classify ? '' : ` of ${meta.labels.join(', ')} (standardized: val_loss is the MSE in units of the target's variance)`));
  print(`search: ${strategy}, up to ${trials} trials × ${epochs} epoch${epochs === 1 ? '' : 's'}, objective ${objective} (${mode === 'max' ? 'higher' : 'lower'} is better)` +
    (halving ? `, successive halving from ${minEpochs} epoch${minEpochs > 1 ? 's' : ''} (η = ${eta})` : '') +
    (timeLimit !== undefined ? `, no new trial after ${timeLimit}s` : '') + `; backend ${nn.getBackend()}`);
  const initial = initialFor(space);
  print(`trial 0 is the default of \`simdnn train\`: ${describeParams(initial)}`);

  mkdirSync(out, { recursive: true });
  const jsonFile = join(out, 'tune.json');
  const recorded = (resume as { trials?: unknown } | undefined)?.trials;
  const progress = new TuneProgress({ trials, epochs, objective, mode, out: process.stdout, ...(Array.isArray(recorded) ? { recorded } : {}) });
  const result = await nn.tuner.search({
    space,
    strategy,
    trials,
    seed,
    epochs,
    objective,
    mode,
    data: { x, y, validationSplit: valSplit },
    initial: [initial],
    ...(halving ? { earlyStopping: { minEpochs, eta } } : {}),
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    ...(resume ? { resume } : {}),
    build: (params) => {
      const r = recipe(params);
      const model = buildModel(features, outputs, meta, { ...r, seed });
      compileFor(model, meta.task, makeOptimizer(r.optimizer, r.lr));
      return model;
    },
    onTrialBegin: (trial) => progress.begin(trial.id, describeParams(trial.params)),
    onEpochEnd: (trial, epoch, logs) => progress.epoch(trial.id, epoch, logs),
    onTrialEnd: (trial, sofar) => {
      progress.end(trial);
      writeAtomic(jsonFile, JSON.stringify(sofar.toJSON(), null, 1));
    },
  });
  writeAtomic(jsonFile, JSON.stringify(result.toJSON(), null, 1));

  const done = result.trials.filter((t) => t.status !== 'failed');
  if (done.length === 0) {
    // Nothing to rank, reproduce or plot (the plots would throw on no finite score).
    const first = result.trials.find((t) => t.id === 0) ?? result.trials[0]!;
    throw new nn.ValueError(`every trial failed (trial #${first.id}: ${first.error ?? 'unknown error'}); the trials are in ${jsonFile}`);
  }
  print('');
  print(`${result.trials.length} trials in ${progress.seconds().toFixed(1)}s, ${result.epochsSpent} epochs trained` +
    (result.trials.length > done.length ? `, ${result.trials.length - done.length} failed` : ''));
  print(`best trials (${objective}):`);
  for (const t of result.trials.slice(0, 5)) print(`  #${String(t.id).padEnd(3)} ${fmtScore(t.score)}  ${t.status === 'pruned' ? `pruned at ${t.epochs}` : `${t.epochs} epoch${t.epochs === 1 ? '' : 's'}`}  ${describeParams(t.params)}`);
  const def = result.trials.find((t) => t.id === 0);
  const best = result.best;
  if (def && def.status !== 'failed') {
    const gain = best.score - def.score;
    print(`default (trial 0): ${objective} ${fmtScore(def.score)}; best (trial ${best.id}): ${fmtScore(best.score)} ` +
      (best.id === 0 ? '(the default was not beaten)' : `(${gain >= 0 ? '+' : ''}${gain.toFixed(4)})`));
  }
  const dataFlags = v.mnist ? `--mnist${v['train-samples'] !== undefined ? ` --train-samples ${data.n}` : ''}` : `--csv ${String(v.csv)} --label ${String(v.label)}`;
  print(`reproduce: simdnn train ${dataFlags} ${trainFlags(best.params, epochs, seed, valSplit)}`);
  const trialsSvg = join(out, 'trials.svg'), parallelSvg = join(out, 'parallel.svg');
  // x: the learning rate when it is searched, else the first searched parameter (a space file may fix lr or leave it out).
  const searched = Object.keys(space).filter((k) => typeof space[k] === 'object');
  const xParam = searched.includes('lr') ? 'lr' : searched[0]!;
  const color = searched.find((k) => k !== xParam);
  writeFileSync(trialsSvg, nn.plot.trials(result, { x: xParam, ...(color ? { color } : {}), title: `${objective} by ${xParam === 'lr' ? 'learning rate' : xParam}` }));
  writeFileSync(parallelSvg, nn.plot.parallelCoordinates(result, { title: `${result.trials.length} trials, ${strategy} search` }));
  print(`results: ${jsonFile} (resume with --resume)`);
  print(`plots: ${trialsSvg}`);
  print(`       ${parallelSvg}`);
}

function describeParams(p: nn.Params): string {
  return Object.entries(p).map(([k, val]) => `${k}=${typeof val === 'number' && !Number.isInteger(val) ? +val.toPrecision(3) : String(val)}`).join(' ');
}

/** Written next to itself and renamed, so a killed run leaves the previous complete tune.json. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

// The CLI's model recipe (an MLP from --layers/--activation/... options), its training run with
// progress, gradient norms and plots, and the files it writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mnistCnnLayers } from '../bench/training.js';
import * as nn from '../index.js';
import type { ActivationIdentifier } from '../activations.js';
import { Progress, type TextOut } from './progress.js';
import type { Meta, Prepared } from './data.js';

export interface ModelOptions {
  hidden: number[];
  activation: string;
  dropout: number;
  l2: number;
  batchNorm: boolean;
  seed: number;
}

export interface FitOptions {
  optimizer: string;
  lr?: number;
  epochs: number;
  batchSize: number;
  valSplit: number;
  earlyStopping: boolean;
  patience: number;
  seed: number;
}

/** inputs → [dense (→ batchNorm) → activation (→ dropout)]* → softmax (classification) or linear outputs. */
export function buildModel(inputs: number, outputs: number, meta: Meta, o: ModelOptions): nn.Sequential {
  const model = nn.sequential({ seed: o.seed });
  const act = o.activation as ActivationIdentifier;
  const kernelRegularizer = o.l2 > 0 ? nn.regularizers.l2({ l2: o.l2 }) : undefined;
  o.hidden.forEach((units, i) => {
    const first = i === 0 ? { inputShape: [inputs] } : {};
    if (o.batchNorm) {
      // Keras's usual order: the dense layer without bias (batch norm's β replaces it), then normalize, then activate.
      model.add(nn.layers.dense({ ...first, units, useBias: false, kernelRegularizer }));
      model.add(nn.layers.batchNormalization());
      model.add(nn.layers.activation({ activation: act }));
    } else {
      model.add(nn.layers.dense({ ...first, units, activation: act, kernelRegularizer }));
    }
    if (o.dropout > 0) model.add(nn.layers.dropout({ rate: o.dropout }));
  });
  const last = o.hidden.length === 0 ? { inputShape: [inputs] } : {};
  const classify = meta.task === 'classification';
  model.add(nn.layers.dense({ ...last, units: outputs, activation: classify ? 'softmax' : 'linear', kernelRegularizer }));
  return model;
}

/**
 * The tfjs MNIST example's CNN over 28×28 digits given as rows of 784 pixels: a reshape to [28, 28, 1]
 * (no data moves, so the CLI's row-based data, evaluate and predict are unchanged), conv 8@5×5 relu,
 * maxpool 2, conv 16@5×5 relu, maxpool 2, flatten, dense 10 softmax.
 */
export function buildCnn(outputs: number, seed: number): nn.Sequential {
  return nn.sequential({ seed, layers: mnistCnnLayers({ flatInput: true, classes: outputs }) });
}

export function makeOptimizer(name: string, lr: number | undefined): nn.Optimizer {
  switch (name) {
    case 'sgd': return nn.train.sgd(lr ?? 0.01);
    case 'momentum': return nn.train.momentum(lr ?? 0.01, 0.9);
    case 'rmsprop': return nn.train.rmsprop(lr ?? 0.001);
    case 'adamw': return nn.train.adamw(lr ?? 0.001);
    default: return nn.train.adam(lr ?? 0.001);
  }
}

export interface Trained {
  model: nn.Sequential;
  history: nn.History;
  progress: Progress;
  grads: nn.GradientNorms;
  stoppedEarly: boolean;
}

/** The task's loss and metric: categorical cross-entropy with accuracy (softmax outputs), or MSE with MAE. */
export function compileFor(model: nn.Sequential, task: Meta['task'], optimizer: nn.Optimizer | 'sgd'): void {
  const classify = task === 'classification';
  model.compile({ optimizer, loss: classify ? 'categoricalCrossentropy' : 'meanSquaredError', metrics: classify ? ['accuracy'] : ['mae'] });
}

/** Compiles and fits with a progress display and gradient-norm recording. */
export async function trainModel(model: nn.Sequential, data: Prepared, f: FitOptions, out: TextOut = process.stdout): Promise<Trained> {
  compileFor(model, data.meta.task, makeOptimizer(f.optimizer, f.lr));
  const outputs = model.layers[model.layers.length - 1]!.outputSize;
  const x = nn.tensor2d(data.x, [data.n, data.x.length / data.n]);
  const y = nn.tensor2d(data.y, [data.n, outputs]);
  // The same split arithmetic as fit, so the progress bar knows the batches per epoch in advance.
  const nTrain = f.valSplit > 0 ? Math.floor(data.n * (1 - f.valSplit)) : data.n;
  const batchSize = Math.min(f.batchSize, Math.max(nTrain, 1));
  const progress = new Progress({ epochs: f.epochs, steps: Math.ceil(nTrain / batchSize), samples: nTrain, out });
  const grads = nn.tools.gradientNorms();
  const stopper = f.earlyStopping ? nn.callbacks.earlyStopping({ monitor: f.valSplit > 0 ? 'val_loss' : 'loss', patience: f.patience, restoreBestWeights: true }) : null;
  const history = await model.fit(x, y, {
    epochs: f.epochs,
    batchSize,
    validationSplit: f.valSplit,
    seed: f.seed,
    callbacks: [progress, grads, ...(stopper ? [stopper] : [])],
  });
  return { model, history, progress, grads, stoppedEarly: !!stopper && stopper.stoppedEpoch >= 0 };
}

/** Saves model.json + weights.bin + preprocessing.json + the two training plots into `dir`; returns the paths. */
export async function writeOutputs(dir: string, t: Trained, meta: Meta, title: string): Promise<Record<string, string>> {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  await nn.saveModel(t.model, `file://${abs}`);
  const files = {
    model: join(abs, 'model.json'),
    preprocessing: join(abs, 'preprocessing.json'),
    learningCurves: join(abs, 'learning-curves.svg'),
    gradientHealth: join(abs, 'gradient-health.svg'),
  };
  writeFileSync(files.preprocessing, JSON.stringify(meta, null, 1));
  writeFileSync(files.learningCurves, nn.plot.learningCurves(t.history, { title }));
  if (t.grads.norms.length > 0) writeFileSync(files.gradientHealth, nn.plot.gradientHealth(t.grads, { relative: true }));
  return files;
}

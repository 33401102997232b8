// Numeric options outside their range are ConfigErrors where they are written, not NaN weights later:
// optimizer epsilons (0, negative or NaN made Adam/RMSProp divide by zero), clipNorm/clipValue ≤ 0,
// batch-norm epsilon Infinity, leakyReLU alpha Infinity.
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';

describe('option ranges', () => {
  test.each([
    ['adam epsilon 0', () => nn.train.adam(1e-3, 0.9, 0.999, 0), /adam: epsilon must be a finite number > 0, got 0/],
    ['adam epsilon NaN', () => nn.train.adam(1e-3, 0.9, 0.999, NaN), /epsilon .* got NaN/],
    ['adam epsilon -1e-7', () => nn.train.adam(1e-3, 0.9, 0.999, -1e-7), /epsilon/],
    ['adamw epsilon 0', () => nn.train.adamw(1e-3, 0.9, 0.999, 0), /epsilon/],
    ['rmsprop epsilon 0', () => nn.train.rmsprop(1e-3, 0.9, 0, 0), /rmsprop: epsilon/],
    ['rmsprop epsilon Infinity', () => nn.train.rmsprop(1e-3, 0.9, 0, Infinity), /rmsprop: epsilon/],
    ['adam learning rate NaN', () => nn.train.adam(NaN), /learningRate/],
    ['adam beta1 1', () => nn.train.adam(1e-3, 1), /beta1 must be in \[0, 1\)/],
    ['clipNorm 0', () => nn.train.sgd(0.1, { clipNorm: 0 }), /clipNorm must be a finite number > 0, got 0/],
    ['clipNorm -1', () => nn.train.sgd(0.1, { clipNorm: -1 }), /clipNorm/],
    ['clipValue 0', () => nn.train.sgd(0.1, { clipValue: 0 }), /clipValue/],
    ['clipValue NaN', () => nn.train.sgd(0.1, { clipValue: NaN }), /clipValue/],
    ['batchNormalization epsilon Infinity', () => nn.layers.batchNormalization({ epsilon: Infinity }), /epsilon must be a finite number > 0, got Infinity/],
    ['batchNormalization epsilon 0', () => nn.layers.batchNormalization({ epsilon: 0 }), /epsilon/],
    ['batchNormalization epsilon NaN', () => nn.layers.batchNormalization({ epsilon: NaN }), /epsilon/],
    ['batchNormalization momentum 2', () => nn.layers.batchNormalization({ momentum: 2 }), /momentum/],
    ['leakyReLU alpha Infinity', () => nn.layers.leakyReLU({ alpha: Infinity }), /alpha must be a finite number ≥ 0, got Infinity/],
    ['leakyReLU alpha NaN', () => nn.layers.leakyReLU({ alpha: NaN }), /alpha/],
    ['dense leakyRelu alpha Infinity', () => nn.layers.dense({ units: 2, activation: 'leakyRelu', alpha: Infinity }), /alpha/],
    ['dropout rate 1', () => nn.layers.dropout({ rate: 1 }), /rate/],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(nn.ConfigError);
    expect(make).toThrow(message);
  });

  test('the accepted edges still work: epsilon 1e-12, clipNorm 1e-6, alpha 0', async () => {
    const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 2, inputShape: [2], activation: 'leakyRelu', alpha: 0 }), nn.layers.dense({ units: 1 })] });
    model.compile({ optimizer: nn.train.adam(1e-2, 0.9, 0.999, 1e-12, { clipNorm: 1e-6 }), loss: 'mse' });
    const h = await model.fit(nn.tensor2d([[1, 2], [3, 4]]), nn.tensor2d([[1], [2]]), { epochs: 3 });
    expect(h.history.loss!.every(Number.isFinite)).toBe(true);
  });
});

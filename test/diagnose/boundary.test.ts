// Review of nn.diagnose at the API boundary: histories, error numbers, splits and gradient records with
// bad values throw a SimdnnError that names the field, never a TypeError (fast-check over junk).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';

const junk = fc.oneof(fc.constantFrom<unknown>(NaN, Infinity, -1, 2, 0.5, '', 'x', null, undefined, true, [], {}, [NaN], [1, 'a'], { a: 1 }), fc.anything());

describe('diagnose(history)', () => {
  it('a history whose logs are not arrays is a ValueError naming the key, not a TypeError', () => {
    const bad = { history: { loss: 0.3, val_loss: 0.4 } } as unknown as nn.History;
    expect(() => nn.diagnose(bad)).toThrow(nn.ValueError);
    expect(() => nn.diagnose(bad)).toThrow(/history\.loss must be an array of per-epoch numbers, got 0\.3/);
  });

  it('random junk in every field throws a SimdnnError (or diagnoses), never a TypeError', () => {
    const key = fc.constantFrom('loss', 'val_loss', 'acc', 'val_acc');
    const history = fc.dictionary(key, fc.oneof(junk, fc.array(fc.double(), { maxLength: 3 })), { maxKeys: 4 }).map((h) => ({ history: h }));
    const options = fc.oneof(fc.record({ humanLevelError: junk, tolerance: junk }, { requiredKeys: [] }), junk);
    const numbers = fc.record({ trainError: junk, devError: junk, testError: junk, humanLevelError: junk, tolerance: junk, measure: fc.oneof(fc.constantFrom('error', 'loss'), junk) }, { requiredKeys: ['trainError'] });
    const record = fc.record({ layers: fc.oneof(fc.constant(['a']), junk), epochs: junk, norms: fc.oneof(fc.constant([[1]]), junk), weightNorms: fc.oneof(fc.constant([[1]]), junk), deadReLU: junk }, { requiredKeys: [] });
    const typed = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (!(e instanceof nn.SimdnnError)) throw e;
      }
    };
    fc.assert(
      fc.property(history, options, numbers, record, junk, (h, o, n, r, any) => {
        typed(() => nn.diagnose(h as nn.History, o as nn.DiagnoseOptions));
        typed(() => nn.diagnose(n as nn.DiagnoseErrors));
        typed(() => nn.diagnose(any as nn.DiagnoseErrors));
        typed(() => nn.diagnose.gradients(r as never, o as never));
      }),
      { seed: 8, numRuns: 500 },
    );
  });
});

describe('diagnose(model, splits)', () => {
  const model = nn.sequential({ seed: 1, layers: [nn.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
  model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), y = nn.tensor2d([[0], [1], [1], [0]]);

  it('splits with wrong shapes or types throw typed errors', () => {
    expect(() => nn.diagnose(model, { train: [x, nn.tensor2d([[1]])], dev: [x, y] })).toThrow(nn.ShapeError);
    expect(() => nn.diagnose(model, { train: [nn.tensor2d([[1, 2, 3]]), nn.tensor2d([[1]])], dev: [x, y] })).toThrow(nn.ShapeError);
    expect(() => nn.diagnose(model, { train: [x, y] } as nn.DiagnoseSplits)).toThrow(/dev must be \[x, y\]/);
    expect(() => nn.diagnose(model, { train: [x, y], dev: [x, y], batchSize: 0 })).toThrow(nn.ConfigError);
  });
});

import { expect, test } from 'vitest';
import * as nn from '../../src/index.js';

test('onBatchEnd logs carry the batch loss and the running epoch accuracy (Keras semantics)', async () => {
  const x = nn.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1], [0, 0], [1, 1]]);
  const y = nn.tensor2d([[0], [1], [1], [0], [0], [0]]);
  const model = nn.sequential({ seed: 2, layers: [nn.layers.dense({ units: 4, inputShape: [2], activation: 'tanh' }), nn.layers.dense({ units: 1, activation: 'sigmoid' })] });
  model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const logs: nn.Logs[] = [];
  const h = await model.fit(x, y, { epochs: 1, batchSize: 2, shuffle: false, callbacks: { onBatchEnd: (_b, l) => void logs.push({ ...l }) } });
  expect(logs.map((l) => l.batch)).toEqual([0, 1, 2]);
  expect(logs.every((l) => l.size === 2 && Number.isFinite(l.loss) && l.acc! >= 0 && l.acc! <= 1)).toBe(true);
  // The last running accuracy is the epoch's accuracy; the epoch loss is the mean of the batch losses.
  expect(logs[2]!.acc).toBeCloseTo(h.history.acc![0]!, 6);
  expect((logs[0]!.loss! + logs[1]!.loss! + logs[2]!.loss!) / 3).toBeCloseTo(h.history.loss![0]!, 6);
});

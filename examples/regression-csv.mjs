// Regression from a CSV: predict a house price from four numeric columns. Reads examples/data/houses.csv,
// standardizes the features, trains a small MLP with MSE and reports the error in the price's own units.
// Run: node examples/regression-csv.mjs
// The CLI does the same in one line:
//   npx simdnn train --csv examples/data/houses.csv --label price_k --layers 32,16 --epochs 200 --lr 0.01
import { readFileSync } from 'node:fs';
import * as nn from '../dist/index.js';

const [header, ...lines] = readFileSync(new URL('./data/houses.csv', import.meta.url), 'utf8').trim().split('\n');
const columns = header.split(',');
const rows = lines.map((l) => l.split(',').map(Number));
const label = columns.indexOf('price_k');
const x = nn.tensor2d(rows.map((r) => r.filter((_, j) => j !== label)));
const y = nn.tensor2d(rows.map((r) => [r[label]]));

// Hold out 20% for testing, then scale features with statistics from the training rows only.
const { xTrain, xTest, yTrain, yTest } = nn.data.trainTestSplit(x, y, { testSize: 0.2, seed: 1 });
const scaler = nn.data.standardScaler().fit(xTrain);
const yMean = yTrain.dataSync().reduce((a, b) => a + b, 0) / yTrain.shape[0];

const model = nn.sequential({
  seed: 3,
  layers: [
    nn.layers.dense({ units: 32, inputShape: [columns.length - 1], activation: 'relu' }),
    nn.layers.dense({ units: 16, activation: 'relu' }),
    nn.layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: nn.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] });
// Targets centred on their mean: the output layer starts near 0, so this saves many epochs.
const centre = (t) => nn.tensor2d(t.dataSync().map((v) => v - yMean), t.shape);
await model.fit(scaler.transform(xTrain), centre(yTrain), { epochs: 200, batchSize: 16, seed: 3 });

const pred = model.predict(scaler.transform(xTest)).dataSync().map((v) => v + yMean);
const truth = yTest.dataSync();
const mae = pred.reduce((s, p, i) => s + Math.abs(p - truth[i]), 0) / pred.length;
const baseline = truth.reduce((s, t) => s + Math.abs(t - yMean), 0) / truth.length;
console.log(`test MAE ${mae.toFixed(1)}k (predicting the mean would give ${baseline.toFixed(1)}k) on ${truth.length} houses`);
for (let i = 0; i < 5; i++) console.log(`  predicted ${pred[i].toFixed(0)}k, actual ${truth[i].toFixed(0)}k`);

// Writes the 8000 training digits of the proportional MNIST split as raw float32 (x: n×784, then y: n×10
// one-hot) for reference benchmarks outside Node (bench/pytorch.py). Usage: node bench/export-digits.mjs FILE
import { writeFileSync } from 'node:fs';
import { mnist } from '../dist/datasets/mnist.js';

const { train } = mnist({ split: 'proportional', seed: 1 });
const out = new Float32Array(train.n * 794);
out.set(train.x.subarray(0, train.n * 784));
out.set(train.y.subarray(0, train.n * 10), train.n * 784);
writeFileSync(process.argv[2], out);
console.log(`${process.argv[2]}: ${train.n} digits`);

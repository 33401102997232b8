// The memory model: tidy / keep / dispose / memory() counts return to baseline, nested scopes, async
// functions rejected, heap-resident tensors across setBackend and memory growth, and the
// FinalizationRegistry releasing the heap blocks of tensors nobody disposed (child process, --expose-gc).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { currentBackend } from '../../src/backend/index.js';
import { DIST, requireBuilt } from '../built.js';

describe.each(['wasm', 'ts'] as const)('memory model on %s', (backend) => {
  test('tidy disposes what it made except the result; counts and heap return to baseline', async () => {
    await nn.setBackend(backend);
    const x = nn.tensor2d([[1, 2], [3, 4]]);
    const base = nn.memory(), heap0 = currentBackend().heap.bytesInUse;
    const out = nn.tidy(() => {
      const { mean, variance } = nn.moments(x, 0);
      const z = x.sub(mean).div(variance.add(1e-8).sqrt());
      expect(nn.memory().numTensors - base.numTensors).toBeGreaterThan(4);
      return { z, m: mean };
    });
    expect(nn.memory().numTensors - base.numTensors).toBe(2);
    expect(out.z.arraySync()).toEqual([[-1, -1], [1, 1]]);
    expect(out.m.arraySync()).toEqual([2, 3]);
    nn.dispose(out);
    const end = nn.memory();
    expect(end.numTensors).toBe(base.numTensors);
    expect(end.numBytes).toBe(base.numBytes);
    expect(end.numBytesInHeap).toBe(base.numBytesInHeap);
    expect(currentBackend().heap.bytesInUse).toBe(heap0);
  });

  test('nested tidy: an inner result belongs to the outer scope; keep survives both; user tensors made inside are disposed', async () => {
    await nn.setBackend(backend);
    const base = nn.memory().numTensors;
    let inner!: nn.Tensor, kept!: nn.Tensor, made!: nn.Tensor;
    const outer = nn.tidy('outer', () => {
      made = nn.tensor1d([1, 2, 3]); // JS-side, still owned by the scope
      inner = nn.tidy(() => made.mul(2).add(1));
      kept = nn.keep(inner.neg());
      expect(inner.isDisposed).toBe(false);
      return inner.sum();
    });
    expect(made.isDisposed).toBe(true);
    expect(inner.isDisposed).toBe(true); // returned by the inner scope, not by the outer one
    expect(kept.arraySync()).toEqual([-3, -5, -7]);
    expect(outer.arraySync()).toBe(15);
    expect(nn.memory().numTensors - base).toBe(2);
    nn.dispose([outer, kept]);
    expect(nn.memory().numTensors).toBe(base);
  });

  test('a returned view keeps the storage of a disposed intermediate alive', async () => {
    await nn.setBackend(backend);
    const base = nn.memory();
    const v = nn.tidy(() => nn.tensor1d([1, 2, 3, 4]).add(1).reshape([2, 2]));
    expect(nn.memory().numBytesInHeap - base.numBytesInHeap).toBe(16);
    expect(v.arraySync()).toEqual([[2, 3], [4, 5]]);
    v.dispose();
    expect(nn.memory().numBytesInHeap).toBe(base.numBytesInHeap);
    expect(nn.memory().numTensors).toBe(base.numTensors);
  });

  test('tidy rejects async functions and promises, and cleans up when fn throws', async () => {
    await nn.setBackend(backend);
    const base = nn.memory().numTensors;
    expect(() => nn.tidy((async () => nn.ones([1])) as never)).toThrow(/tidy takes a synchronous function, got an async one/);
    expect(() => nn.tidy((() => Promise.resolve(nn.ones([1]))) as never)).toThrow(/returned a promise/);
    expect(() =>
      nn.tidy(() => {
        nn.ones([4]).add(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(nn.memory().numTensors).toBe(base);
    expect(() => nn.tidy(3 as never)).toThrow(nn.ValueError);
  });

  test('dispose takes tensors, arrays and objects; twice is a no-op; use after dispose names the op', async () => {
    await nn.setBackend(backend);
    const a = nn.ones([2]).add(1), b = nn.zeros([3]), c = a.reshape([1, 2]);
    const base = nn.memory();
    nn.dispose({ a, nested: [b, { c }], other: 5 });
    nn.dispose(a);
    expect([a, b, c].every((t) => t.isDisposed)).toBe(true);
    expect(nn.memory().numTensors).toBe(base.numTensors - 3);
    expect(() => a.dataSync()).toThrow(/dataSync: the tensor of shape \[2\] is disposed/);
    expect(() => nn.matMul(c, [[1], [1]])).toThrow(/matMul: the tensor of shape \[1,2\] is disposed/);
    expect(() => a.argMax()).toThrow(/argMax: the tensor/);
  });

  test('op results are heap-resident: 100 chained ops copy in once; heap bytes track numBytesInHeap', async () => {
    await nn.setBackend(backend);
    const base = nn.memory();
    const x = nn.tensor1d(new Float32Array(1024).fill(1));
    const y = nn.tidy(() => {
      let t = x.add(0);
      for (let i = 0; i < 100; i++) t = t.mul(1.01).sub(0.001);
      return t;
    });
    const m = nn.memory();
    expect(m.numBytesInHeap - base.numBytesInHeap).toBe(4096); // only y's block is left
    expect(m.heapBytesInUse).toBe(currentBackend().heap.bytesInUse);
    let want = 1;
    for (let i = 0; i < 100; i++) want = Math.fround(Math.fround(want * Math.fround(1.01)) - Math.fround(0.001));
    expect(y.dataSync()[0]).toBeCloseTo(want, 4);
    y.dispose();
    x.dispose();
    expect(nn.memory().numBytesInHeap).toBe(base.numBytesInHeap);
  });
});

test('setBackend keeps existing tensors valid; ops mix tensors from both backends', async () => {
  await nn.setBackend('wasm');
  const w = nn.tensor1d([1, 2, 3]).mul(2);
  await nn.setBackend('ts');
  const t = nn.tensor1d([10, 20, 30]).add(0);
  expect(w.arraySync()).toEqual([2, 4, 6]);
  const s = nn.add(w, t); // w is copied from the wasm heap into the ts backend's scratch
  expect(s.arraySync()).toEqual([12, 24, 36]);
  await nn.setBackend('wasm');
  expect(nn.sub(t, w).arraySync()).toEqual([8, 16, 24]);
  expect(nn.concat([w, t]).arraySync()).toEqual([2, 4, 6, 10, 20, 30]);
  nn.dispose([w, t, s]);
});

test('memory growth replaces the wasm buffer; tensors made before still read right', async () => {
  await nn.setBackend('wasm');
  const b = currentBackend();
  const early = nn.tensor1d([1, 2, 3, 4]).add(0.5);
  const bytes = b.memory.buffer.byteLength;
  const big = nn.zeros([Math.ceil(bytes / 4) + 1024]); // larger than the whole memory: forces a grow
  expect(b.memory.buffer.byteLength).toBeGreaterThan(bytes);
  expect(early.arraySync()).toEqual([1.5, 2.5, 3.5, 4.5]);
  expect(early.add(big.slice(0, 4)).arraySync()).toEqual([1.5, 2.5, 3.5, 4.5]);
  nn.dispose([early, big]);
});

const SCRIPT = `
const nn = await import(process.env.ENTRY);
const { currentBackend } = await import(process.env.BACKEND);
await nn.setBackend(process.env.WHICH);
const heap = () => currentBackend().heap.bytesInUse;
const x = nn.tensor2d(Array.from({ length: 64 * 64 }, (_, i) => Math.sin(i)), [64, 64]);
const kept = nn.tidy(() => nn.matMul(x, x).relu()); // the product itself is disposed by tidy
const keptBefore = Array.from(kept.dataSync());
const baseline = heap(), tensors0 = nn.memory().numTensors;
(function churn() {
  for (let i = 0; i < 300; i++) nn.matMul(x, x).add(i).sum(0);   // never disposed
})();
const peak = heap();
for (let round = 0; round < 30 && heap() > baseline; round++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 20));
}
const after = heap();
const same = Array.from(kept.dataSync()).every((v, i) => v === keptBefore[i]);
console.log(JSON.stringify({ baseline, peak, after, same, tensors: nn.memory().numTensors - tensors0 }));
`;

describe.each(['wasm', 'ts'] as const)('undisposed op results on %s', (which) => {
  test('900 dropped heap tensors return their heap after gc; a reachable one keeps its values', () => {
    requireBuilt();
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, WHICH: which, ENTRY: pathToFileURL(join(DIST, 'index.js')).href, BACKEND: pathToFileURL(join(DIST, 'backend/index.js')).href },
    });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { baseline: number; peak: number; after: number; same: boolean; tensors: number };
    console.log(`${which}: heap baseline ${r.baseline} B, after 900 undisposed op results ${r.peak} B, after gc ${r.after} B`);
    expect(r.peak - r.baseline).toBeGreaterThan(300 * 2 * 64 * 64 * 4 * 0.5); // most blocks still held before gc
    expect(r.after).toBe(r.baseline);
    expect(r.tensors).toBe(0);
    expect(r.same).toBe(true);
  });
});

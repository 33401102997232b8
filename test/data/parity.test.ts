// nn.data against @tensorflow/tfjs-data 4.22 on the same CSV and pipelines: columns, parsed values,
// batches (no shuffle) and the seeded shuffle order (tfjs's alea-seeded shuffle is deterministic).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfd from '@tensorflow/tfjs-data';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/index.js';

const CSV = 'a,b,label,name\n1,2.5,0,x\n3,,1,"y,z"\n-4,6e-1,1,w\r\n7,8,0,v\n9,10,1,u\n';
const dir = mkdtempSync(join(tmpdir(), 'simdnn-csv-'));
const file = join(dir, 'd.csv');
writeFileSync(file, CSV);

const tfArr = async (ds: { toArray(): Promise<unknown[]> }) => plain(await ds.toArray());
function plain(v: unknown): unknown {
  if (v && typeof (v as { arraySync?: unknown }).arraySync === 'function') return { shape: (v as { shape: number[] }).shape, v: (v as { arraySync(): unknown }).arraySync() };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

describe('nn.data parity with tfjs-data 4.22', () => {
  const config = { columnConfigs: { label: { isLabel: true } } };
  it('csv: same column names and parsed rows from a file path and a file:// URL', async () => {
    const ours = nn.data.csv(file, config), theirs = tfd.csv(`file://${file}`, config);
    expect(await ours.columnNames()).toEqual(await theirs.columnNames());
    const rows = await tfArr(theirs);
    expect(await nn.data.csv(`file://${file}`, config).toArray()).toEqual(rows);
    expect(plain(await ours.toArray())).toEqual(rows);
    expect((rows as { xs: { name: string } }[])[1]!.xs.name).toBe('y,z');
  });

  it('csv without labels and configuredColumnsOnly yields plain row objects like tfjs', async () => {
    const cfg = { columnConfigs: { a: { dtype: 'int32' as const }, b: { default: 0 } }, configuredColumnsOnly: true };
    expect(await nn.data.csv(file, cfg).columnNames()).toEqual(await tfd.csv(`file://${file}`, cfg).columnNames());
    expect(plain(await nn.data.csv(file, cfg).toArray())).toEqual(await tfArr(tfd.csv(`file://${file}`, cfg)));
  });

  it('the same batches for map → batch (small last batch) and take/skip/repeat', async () => {
    const pipe = <D extends { map: Function }>(d: D) =>
      (d as any).map(({ xs, ys }: any) => ({ xs: [xs.a, xs.b ?? 0], ys: ys.label })).skip(1).repeat(2).take(7).batch(3);
    const ours = plain(await pipe(nn.data.csv(file, config)).toArray());
    const theirs = await tfArr(pipe(tfd.csv(`file://${file}`, config)));
    expect(ours).toEqual(theirs);
    expect((theirs as { xs: { shape: number[] } }[]).map((b) => b.xs.shape)).toEqual([[3, 2], [3, 2], [1, 2]]);
  });

  it('batch of nested objects and smallLastBatch false', async () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ p: i, q: { r: [i, i * 2] } }));
    expect(plain(await nn.data.array(items).batch(3, false).toArray())).toEqual(await tfArr(tfd.array(items).batch(3, false)));
  });

  it('seeded shuffle gives tfjs-data order, and two iterations differ (reshuffleEachIteration)', async () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    const ours = nn.data.array(items).shuffle(5, 'seed-1'), theirs = tfd.array(items).shuffle(5, 'seed-1');
    const o1 = await ours.toArray(), t1 = await theirs.toArray();
    expect(o1).toEqual(t1);
    const o2 = await ours.toArray();
    expect(o2).toEqual(await theirs.toArray());
    expect(o2).not.toEqual(o1);
    expect([...o1].sort((a, b) => a - b)).toEqual(items);
  });

  it('zip of an array and an object, filter, generator and async iteration', async () => {
    const a = [1, 2, 3, 4], b = [10, 20, 30];
    expect(await nn.data.zip([nn.data.array(a), nn.data.array(b)]).toArray()).toEqual(await tfd.zip([tfd.array(a), tfd.array(b)]).toArray());
    expect(await nn.data.zip({ x: nn.data.array(a), y: nn.data.array(b) }).filter((e: any) => e.x !== 2).toArray())
      .toEqual(await tfd.zip({ x: tfd.array(a), y: tfd.array(b) }).filter((e: any) => e.x !== 2).toArray());
    const gen = nn.data.generator(function* () { yield 1; yield 2; });
    const seen: number[] = [];
    for await (const v of gen) seen.push(v);
    await gen.prefetch(2).forEachAsync((v) => void seen.push(v));
    expect(seen).toEqual([1, 2, 1, 2]);
  });
});

describe('nn.data.csv bad input: typed errors naming source, line and column', () => {
  it('wrong column count', async () => {
    await expect(nn.data.csv('a,b\n1,2\n3,4,5\n').toArray()).rejects.toThrow(/line 3 has 3 columns, expected 2/);
    await expect(nn.data.csv('a,b\n1,2\n3\n').toArray()).rejects.toBeInstanceOf(nn.ValueError);
  });
  it('non-numeric cell in a numeric column', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2\n3,oops\n');
    const err = await nn.data.csv(join(dir, 'bad.csv'), { columnConfigs: { b: { dtype: 'float32' } } }).toArray().catch((e) => e);
    expect(err).toBeInstanceOf(nn.ValueError);
    expect(err.message).toMatch(/bad\.csv: line 3, column "b": expected a float32 number, got "oops"/);
  });
  it('a label column missing from the header', async () => {
    const err = await nn.data.csv(file, { columnConfigs: { price: { isLabel: true } } }).toArray().catch((e) => e);
    expect(err).toBeInstanceOf(nn.ConfigError);
    expect(err.message).toMatch(/d\.csv: columnConfigs names column "price", which is not among the columns \(a, b, label, name\)/);
  });
});

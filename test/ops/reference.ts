// Plain-JS reference for the op tests: n-d arrays as (values, shape), every op as the obvious index loop
// in f64. Independent of src/ops (no shared broadcasting or axis code), so a bug there cannot hide here.

export interface Arr {
  v: number[];
  shape: number[];
}

export const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

export function strides(s: readonly number[]): number[] {
  const out = new Array<number>(s.length);
  let k = 1;
  for (let d = s.length - 1; d >= 0; d--) {
    out[d] = k;
    k *= s[d]!;
  }
  return out;
}

/** Multi-index of flat position i in shape s. */
export function unravel(i: number, s: readonly number[]): number[] {
  const idx = new Array<number>(s.length);
  for (let d = s.length - 1; d >= 0; d--) {
    idx[d] = i % s[d]!;
    i = Math.floor(i / s[d]!);
  }
  return idx;
}

export function ravel(idx: readonly number[], s: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < s.length; d++) i = i * s[d]! + idx[d]!;
  return i;
}

/** Elementwise f over broadcast a and b (NumPy rules written out per element). */
export function broadcastRef(a: Arr, b: Arr, f: (x: number, y: number) => number): Arr {
  const r = Math.max(a.shape.length, b.shape.length);
  const pa = [...Array(r - a.shape.length).fill(1), ...a.shape], pb = [...Array(r - b.shape.length).fill(1), ...b.shape];
  const shape = pa.map((d, i) => Math.max(d, pb[i]!));
  const v = new Array<number>(size(shape));
  for (let i = 0; i < v.length; i++) {
    const idx = unravel(i, shape);
    const ia = ravel(idx.map((k, d) => (pa[d] === 1 ? 0 : k)), pa), ib = ravel(idx.map((k, d) => (pb[d] === 1 ? 0 : k)), pb);
    v[i] = f(a.v[ia]!, b.v[ib]!);
  }
  return { v, shape };
}

/** Reduce over `axes` (sorted, distinct) with an initial value and a combiner; `post` maps (acc, count). */
export function reduceRef(x: Arr, axes: number[], keepDims: boolean, init: number, f: (acc: number, e: number) => number, post = (acc: number, _n: number) => acc): Arr {
  const shape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const acc = new Array<number>(size(shape)).fill(init), count = axes.reduce((p, a) => p * x.shape[a]!, 1);
  for (let i = 0; i < x.v.length; i++) {
    const idx = unravel(i, x.shape).map((k, d) => (axes.includes(d) ? 0 : k));
    const o = ravel(idx, shape);
    acc[o] = f(acc[o]!, x.v[i]!);
  }
  return { v: acc.map((a) => post(a, count)), shape: keepDims ? shape : x.shape.filter((_, i) => !axes.includes(i)) };
}

export function argRef(x: Arr, axis: number, better: (e: number, best: number) => boolean): Arr {
  const shape = x.shape.filter((_, i) => i !== axis), v = new Array<number>(size(shape));
  for (let o = 0; o < v.length; o++) {
    const idx = unravel(o, shape);
    let best = NaN, bi = -1;
    for (let k = 0; k < x.shape[axis]!; k++) {
      const full = [...idx.slice(0, axis), k, ...idx.slice(axis)];
      const e = x.v[ravel(full, x.shape)]!;
      if (bi < 0 || better(e, best)) {
        best = e;
        bi = k;
      }
    }
    v[o] = bi;
  }
  return { v, shape };
}

export function transposeRef(x: Arr, perm: number[]): Arr {
  const shape = perm.map((p) => x.shape[p]!), v = new Array<number>(x.v.length);
  for (let i = 0; i < v.length; i++) {
    const idx = unravel(i, shape), src = new Array<number>(perm.length);
    perm.forEach((p, d) => (src[p] = idx[d]!));
    v[i] = x.v[ravel(src, x.shape)]!;
  }
  return { v, shape };
}

export function sliceRef(x: Arr, begin: number[], sz: number[]): Arr {
  const v = new Array<number>(size(sz));
  for (let i = 0; i < v.length; i++) v[i] = x.v[ravel(unravel(i, sz).map((k, d) => k + begin[d]!), x.shape)]!;
  return { v, shape: sz };
}

export function concatRef(xs: Arr[], axis: number): Arr {
  const shape = [...xs[0]!.shape];
  shape[axis] = xs.reduce((p, x) => p + x.shape[axis]!, 0);
  const v = new Array<number>(size(shape));
  for (let i = 0; i < v.length; i++) {
    const idx = unravel(i, shape);
    let k = idx[axis]!, j = 0;
    while (k >= xs[j]!.shape[axis]!) k -= xs[j++]!.shape[axis]!;
    const src = [...idx];
    src[axis] = k;
    v[i] = xs[j]!.v[ravel(src, xs[j]!.shape)]!;
  }
  return { v, shape };
}

export function gatherRef(x: Arr, indices: number[], axis: number): Arr {
  const shape = [...x.shape];
  shape[axis] = indices.length;
  const v = new Array<number>(size(shape));
  for (let i = 0; i < v.length; i++) {
    const idx = unravel(i, shape);
    idx[axis] = indices[idx[axis]!]!;
    v[i] = x.v[ravel(idx, x.shape)]!;
  }
  return { v, shape };
}

/** Seeded integers and shapes (mulberry32). */
export function rng(seed: number): { next(): number; int(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), pick: (xs) => xs[Math.floor(next() * xs.length)]! };
}

/** Seeded float32-representable values in [lo, hi). */
export function values(n: number, r: ReturnType<typeof rng>, lo = -2, hi = 2): number[] {
  return Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * r.next()));
}

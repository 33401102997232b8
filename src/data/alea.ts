// Alea (Johannes Baagøe) with its Mash string hash, as seedrandom 3 implements it: tfjs-data seeds
// Dataset.shuffle with seedrandom.alea(seed), so the same seed gives tfjs's order here.
function mash(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  };
}

/** A [0, 1) generator with .int32(), equal to seedrandom.alea(seed). */
export function alea(seed: string): { (): number; int32(): number } {
  const m = mash();
  let c = 1, s0 = m(' '), s1 = m(' '), s2 = m(' ');
  s0 -= m(seed);
  if (s0 < 0) s0 += 1;
  s1 -= m(seed);
  if (s1 < 0) s1 += 1;
  s2 -= m(seed);
  if (s2 < 0) s2 += 1;
  const next = () => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    return (s2 = t - (c = t | 0));
  };
  return Object.assign(next, { int32: () => (next() * 0x100000000) | 0 });
}

// Generates assembly/gemm_tiles.generated.ts: the packing routines and the register-tiled
// micro-kernels of the packed gemm (driver: assembly/gemm.ts). Run by scripts/build-wasm.mjs.
//
// Two tile heights live in one source and ASC_FEATURE_RELAXED_SIMD picks one at compile time (the
// other is dead code and is removed):
//   relaxed build: 6×8 with relaxed_madd (vfmadd231ps): 12 accumulators + 2 B + 1 A = 15 xmm;
//   simd build:    5×8 with mul+add, which needs a temporary: 10 + 2 + 1 + 1 = 14 xmm.
// V8's x64 wasm backend allocates only xmm0–14, so these are the largest tiles without spills
// (probe: /work/shared/reference/simd-sgemm/RESULTS.md §2; 6×8 relaxed 51–53, 5×8 simd 38–40 GFLOP/s).
// The k loop is not unrolled: unrolling hoists loads, spills, and lost 25–35% in the probe.
// The direct convolution (assembly/conv_direct.ts) uses the same tiles reading A in place: rtile (rows at a
// runtime byte stride) and ctile (rows at consecutive floats, constant offsets, which ran 5–15% faster).
// Keep MR_RELAXED, MR_SIMD and NR equal to MR / NR in assembly/gemm_config.ts.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const MR_RELAXED = 6;
const MR_SIMD = 5;
const NR = 8;
const NV = NR / 4; // f32x4 columns per tile row

const out = [];
const w = (...lines) => out.push(...lines);

// ---- packing -------------------------------------------------------------------------------------
// Packed A: MR-row panels, element (i, p) of a panel at [p·MR + i]. Packed B: NR-column panels,
// element (p, j) at [p·NR + j]. Panels are zero padded, so a tile reads past the edge harmlessly.

/** 4×4 transpose of rows r0..r3 stored as 4 columns at dst, dst + stride, … (shared helper). */
function genTranspose() {
  w(
    '',
    '// Stores the 4×4 transpose of rows r0..r3: column q (lane q of every row) at dst + q·stride.',
    '@inline function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {',
    '  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);',
    '  const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);',
    '  v128.store(dst, i64x2.shuffle(t0, t1, 0, 2));',
    '  v128.store(dst + stride, i64x2.shuffle(t0, t1, 1, 3));',
    '  v128.store(dst + 2 * stride, i64x2.shuffle(t2, t3, 0, 2));',
    '  v128.store(dst + 3 * stride, i64x2.shuffle(t2, t3, 1, 3));',
    '}',
  );
}

/** The partial-panel loop both packers share: element (i, p) read at src(i, p), zero beyond `rows`. */
function edgePanel(R, rows, src) {
  return [
    `    for (let p = 0; p < kc; p++) {`,
    `      for (let i = 0; i < ${R}; i++) store<f32>(dst + (<usize>i << 2), i < ${rows} ? load<f32>(${src}) : 0);`,
    `      dst += ${R * 4};`,
    `    }`,
  ];
}

function genPackA(MR) {
  // NN: A(i, p) at a + (i·lda + p)·4, rows contiguous in p: 4×4 transposes for rows 0–3.
  const rest = [];
  if (MR - 4 === 2) {
    // rows 4, 5: interleave pairs, one 64-bit store per k
    rest.push(
      `      const r4 = v128.load(s + 4 * ldaB), r5 = v128.load(s + 5 * ldaB);`,
      `      const u0 = i32x4.shuffle(r4, r5, 0, 4, 1, 5), u1 = i32x4.shuffle(r4, r5, 2, 6, 3, 7);`,
      `      v128.store64_lane(dst, u0, 0, 16);`,
      `      v128.store64_lane(dst, u0, 1, ${MR * 4 + 16});`,
      `      v128.store64_lane(dst, u1, 0, ${2 * MR * 4 + 16});`,
      `      v128.store64_lane(dst, u1, 1, ${3 * MR * 4 + 16});`,
    );
  } else if (MR - 4 === 1) {
    rest.push(`      const r4 = v128.load(s + 4 * ldaB);`);
    for (let q = 0; q < 4; q++) rest.push(`      store<f32>(dst, f32x4.extract_lane(r4, ${q}), ${q * MR * 4 + 16});`);
  } else throw new Error(`MR ${MR}: only 5 and 6 are generated`);
  w(
    '',
    `/** Packs an mc×kc block of A (A(i, p) at a + (i·lda + p)·4) into ${MR}-row panels at dst. */`,
    `function pack_a_nn_${MR}(a: usize, lda: i32, mc: i32, kc: i32, dst: usize): void {`,
    `  const ldaB = <usize>lda << 2;`,
    `  for (let ir = 0; ir < mc; ir += ${MR}) {`,
    `    const src = a + <usize>ir * ldaB;`,
    `    if (mc - ir < ${MR}) {`,
    ...edgePanel(MR, 'mc - ir', 'src + <usize>i * ldaB + (<usize>p << 2)').map((l) => '  ' + l),
    `      continue;`,
    `    }`,
    `    let p = 0;`,
    `    for (; p + 4 <= kc; p += 4) {`,
    `      const s = src + (<usize>p << 2);`,
    `      transpose4(v128.load(s), v128.load(s + ldaB), v128.load(s + 2 * ldaB), v128.load(s + 3 * ldaB), dst, ${MR * 4});`,
    ...rest,
    `      dst += ${MR * 16};`,
    `    }`,
    `    for (; p < kc; p++) {`,
    ...Array.from({ length: MR }, (_, i) => `      store<f32>(dst, load<f32>(src + ${i} * ldaB + (<usize>p << 2)), ${i * 4});`),
    `      dst += ${MR * 4};`,
    `    }`,
    `  }`,
    `}`,
  );
  // TN: A stored k×m, A(i, p) at a + (p·lda + i)·4: MR contiguous floats per k.
  const tail = MR === 6 ? `store<u64>(dst, load<u64>(s, 16), 16);` : `store<f32>(dst, load<f32>(s, 16), 16);`;
  w(
    '',
    `/** Packs an mc×kc block of Aᵀ (A(i, p) at a + (p·lda + i)·4) into ${MR}-row panels at dst. */`,
    `function pack_a_tn_${MR}(a: usize, lda: i32, mc: i32, kc: i32, dst: usize): void {`,
    `  const ldaB = <usize>lda << 2;`,
    `  for (let ir = 0; ir < mc; ir += ${MR}) {`,
    `    const src = a + (<usize>ir << 2);`,
    `    if (mc - ir < ${MR}) {`,
    ...edgePanel(MR, 'mc - ir', 'src + <usize>p * ldaB + (<usize>i << 2)').map((l) => '  ' + l),
    `      continue;`,
    `    }`,
    `    for (let p = 0; p < kc; p++) {`,
    `      const s = src + <usize>p * ldaB;`,
    `      v128.store(dst, v128.load(s));`,
    `      ${tail}`,
    `      dst += ${MR * 4};`,
    `    }`,
    `  }`,
    `}`,
  );
}

function genPackB() {
  // NN: B(p, j) at b + (p·ldb + j)·4: NR contiguous floats per k.
  w(
    '',
    `/** Packs a kc×nc block of B (B(p, j) at b + (p·ldb + j)·4) into ${NR}-column panels at dst. */`,
    `function pack_b_nn(b: usize, ldb: i32, kc: i32, nc: i32, dst: usize): void {`,
    `  const ldbB = <usize>ldb << 2;`,
    `  for (let jr = 0; jr < nc; jr += ${NR}) {`,
    `    const src = b + (<usize>jr << 2);`,
    `    if (nc - jr < ${NR}) {`,
    ...edgePanel(NR, 'nc - jr', 'src + <usize>p * ldbB + (<usize>i << 2)').map((l) => '  ' + l),
    `      continue;`,
    `    }`,
    `    for (let p = 0; p < kc; p++) {`,
    `      const s = src + <usize>p * ldbB;`,
    ...Array.from({ length: NV }, (_, j) => `      v128.store(dst, v128.load(s, ${j * 16}), ${j * 16});`),
    `      dst += ${NR * 4};`,
    `    }`,
    `  }`,
    `}`,
  );
  // NT: B stored n×k, B(p, j) at b + (j·ldb + p)·4: 4×4 transposes of 4 columns × 4 k.
  w(
    '',
    `/** Packs a kc×nc block of Bᵀ (B(p, j) at b + (j·ldb + p)·4) into ${NR}-column panels at dst. */`,
    `function pack_b_nt(b: usize, ldb: i32, kc: i32, nc: i32, dst: usize): void {`,
    `  const ldbB = <usize>ldb << 2;`,
    `  for (let jr = 0; jr < nc; jr += ${NR}) {`,
    `    const src = b + <usize>jr * ldbB;`,
    `    if (nc - jr < ${NR}) {`,
    ...edgePanel(NR, 'nc - jr', 'src + <usize>i * ldbB + (<usize>p << 2)').map((l) => '  ' + l),
    `      continue;`,
    `    }`,
    `    let p = 0;`,
    `    for (; p + 4 <= kc; p += 4) {`,
    ...Array.from({ length: NV }, (_, v) => [
      `      const s${v} = src + ${4 * v} * ldbB + (<usize>p << 2);`,
      `      transpose4(v128.load(s${v}), v128.load(s${v} + ldbB), v128.load(s${v} + 2 * ldbB), v128.load(s${v} + 3 * ldbB), dst + ${v * 16}, ${NR * 4});`,
    ]).flat(),
    `      dst += ${NR * 16};`,
    `    }`,
    `    for (; p < kc; p++) {`,
    `      for (let j = 0; j < ${NR}; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + <usize>j * ldbB + (<usize>p << 2)));`,
    `      dst += ${NR * 4};`,
    `    }`,
    `  }`,
    `}`,
  );
}

// ---- micro-kernels -------------------------------------------------------------------------------

/**
 * C[mr × 4nv] = A panel · B panel (accum 0) or C += A panel · B panel (accum 1), over packed panels of
 * height MR (so edge tiles reuse the full panels and skip the padding); ldc in bytes. Accumulators
 * stay in locals. α and β are handled by the driver (α scales the packed A block, β ∉ {0, 1}
 * pre-scales C): with α/β applied here (f32 parameters, or f32 globals read after the loop), V8 11.3
 * scheduled all six broadcasts above the FMAs and spilled 4 accumulators per k step (6×8 relaxed
 * fell from ~50 to ~20 GFLOP/s). A plain store or add after the loop keeps the loop spill-free.
 */
function genTile(MR, mr, nv) {
  const acc = (i, j) => `c${i}${j}`;
  const name = `tile${MR}_${mr}x${4 * nv}`;
  w('', `function ${name}(kc: i32, a: usize, b: usize, c: usize, ldc: usize, accum: i32): void {`);
  for (let i = 0; i < mr; i++) w(`  let ${Array.from({ length: nv }, (_, j) => `${acc(i, j)} = f32x4.splat(0)`).join(', ')};`);
  w(`  for (let p = 0; p < kc; p++) {`);
  w(`    const ${Array.from({ length: nv }, (_, j) => `b${j} = v128.load(b, ${j * 16})`).join(', ')};`);
  for (let i = 0; i < mr; i++) {
    w(`    const a${i} = v128.load32_splat(a, ${i * 4});`);
    w(`    ${Array.from({ length: nv }, (_, j) => `${acc(i, j)} = madd(a${i}, b${j}, ${acc(i, j)});`).join(' ')}`);
  }
  w(`    a += ${MR * 4};`, `    b += ${NR * 4};`, `  }`);
  w(`  if (accum) {`);
  for (let i = 0; i < mr; i++) {
    w(`    ${Array.from({ length: nv }, (_, j) => `v128.store(c, f32x4.add(v128.load(c, ${j * 16}), ${acc(i, j)}), ${j * 16});`).join(' ')}`);
    if (i < mr - 1) w(`    c += ldc;`);
  }
  w(`  } else {`);
  for (let i = 0; i < mr; i++) {
    w(`    ${Array.from({ length: nv }, (_, j) => `v128.store(c, ${acc(i, j)}, ${j * 16});`).join(' ')}`);
    if (i < mr - 1) w(`    c += ldc;`);
  }
  w(`  }`, `}`);
  return name;
}

function genTiles(MR) {
  const cases = [];
  for (let mr = 1; mr <= MR; mr++) for (let nv = 1; nv <= NV; nv++) cases.push([mr, nv, genTile(MR, mr, nv)]);
  w(
    '',
    `/** Dispatches an mr×4nv tile (mr ≤ ${MR}, nv ≤ ${NV}) over ${MR}-row packed panels. */`,
    `function tile${MR}(mr: i32, nv: i32, kc: i32, a: usize, b: usize, c: usize, ldc: usize, accum: i32): void {`,
    `  switch (mr * ${NV + 1} + nv) {`,
    ...cases.map(([mr, nv, name]) => `    case ${mr * (NV + 1) + nv}: ${name}(kc, a, b, c, ldc, accum); break;`),
    `  }`,
    `}`,
  );
}

// ---- offset tiles (direct convolution, assembly/conv_direct.ts) -----------------------------------

/**
 * The same register tile with A read in place instead of from a packed panel: row i of A at step
 * (i1, i2) is the f32 at p + i·r (rtile: r a runtime byte stride; ctile: r = 4, consecutive floats, as
 * immediate offsets), and the two-level loop (n1 × n2 steps) moves p by s2 per inner step and by s1
 * after each inner run (b likewise by t2 / t1). The conv forward maps rows to output pixels (inner loop
 * over one kernel row's kw·cin contiguous taps, outer over kernel rows); the filter gradient maps rows to
 * the consecutive taps of one kernel row (loops over the output pixels of one image). B is 4·nv
 * contiguous floats at b; ldc in bytes; C (=, or += when accum) as in genTile.
 */
function genOffTile(MR, mr, nv, kind) {
  const contiguous = kind === 'c';
  const acc = (i, j) => `c${i}${j}`;
  const name = `${kind}tile${MR}_${mr}x${4 * nv}`;
  const offs = kind === 'r' ? 'r: usize, ' : '';
  w('', `function ${name}(n1: i32, n2: i32, p: usize, s1: usize, s2: usize, b: usize, t1: usize, t2: usize, ${offs}c: usize, ldc: usize, accum: i32): void {`);
  for (let i = 0; i < mr; i++) w(`  let ${Array.from({ length: nv }, (_, j) => `${acc(i, j)} = f32x4.splat(0)`).join(', ')};`);
  // One loop with the outer step as a branch, so the accumulators live in a single loop (as in genTile).
  w(`  let i2 = n2, i1 = n1;`, `  while (i1 > 0 && i2 > 0) {`);
  w(`    const ${Array.from({ length: nv }, (_, j) => `b${j} = v128.load(b, ${j * 16})`).join(', ')};`);
  for (let i = 0; i < mr; i++) {
    if (kind === 'r' && i === 1) w(`    let q = p + r;`);
    else if (kind === 'r' && i > 1) w(`    q += r;`);
    w(`    const a${i} = v128.load32_splat(${contiguous ? `p, ${4 * i}` : i ? 'q' : 'p'});`);
    w(`    ${Array.from({ length: nv }, (_, j) => `${acc(i, j)} = madd(a${i}, b${j}, ${acc(i, j)});`).join(' ')}`);
  }
  w(`    p += s2;`, `    b += t2;`, `    if (--i2 == 0) {`, `      i2 = n2;`, `      i1--;`, `      p += s1;`, `      b += t1;`, `    }`, `  }`);
  w(`  if (accum) {`);
  for (let i = 0; i < mr; i++) {
    w(`    ${Array.from({ length: nv }, (_, j) => `v128.store(c, f32x4.add(v128.load(c, ${j * 16}), ${acc(i, j)}), ${j * 16});`).join(' ')}`);
    if (i < mr - 1) w(`    c += ldc;`);
  }
  w(`  } else {`);
  for (let i = 0; i < mr; i++) {
    w(`    ${Array.from({ length: nv }, (_, j) => `v128.store(c, ${acc(i, j)}, ${j * 16});`).join(' ')}`);
    if (i < mr - 1) w(`    c += ldc;`);
  }
  w(`  }`, `}`);
  return name;
}

function genOffTiles(MR, kind) {
  const contiguous = kind === 'c';
  const cases = [];
  for (let mr = 1; mr <= MR; mr++) for (let nv = 1; nv <= NV; nv++) cases.push([mr, nv, genOffTile(MR, mr, nv, kind)]);
  const offs = kind === 'r' ? 'r, ' : '';
  w(
    '',
    `/** Dispatches an mr×4nv ${contiguous ? 'contiguous-row' : 'strided-row'} tile (mr ≤ ${MR}, nv ≤ ${NV}). */`,
    `function ${kind}tile${MR}(mr: i32, nv: i32, n1: i32, n2: i32, p: usize, s1: usize, s2: usize, b: usize, t1: usize, t2: usize, ${offs.split(', ').filter(Boolean).map((o) => `${o}: usize, `).join('')}c: usize, ldc: usize, accum: i32): void {`,
    `  switch (mr * ${NV + 1} + nv) {`,
    ...cases.map(([mr, nv, name]) => `    case ${mr * (NV + 1) + nv}: ${name}(n1, n2, p, s1, s2, b, t1, t2, ${offs}c, ldc, accum); break;`),
    `  }`,
    `}`,
  );
}

// ---- file ----------------------------------------------------------------------------------------
w(
  '// Auto-generated by scripts/gen-gemm.mjs, do not edit.',
  `// Packing routines and register-tiled micro-kernels of the packed gemm: ${MR_RELAXED}×${NR} (relaxed build)`,
  `// and ${MR_SIMD}×${NR} (simd build), with edge tiles for every mr ≤ MR and every multiple of 4 columns ≤ ${NR};`,
  '// strided/contiguous-row tiles (A read in place, for the direct convolution) of the same shapes.',
  "import { madd } from './simd';",
);
genTranspose();
for (const MR of [MR_RELAXED, MR_SIMD]) {
  genPackA(MR);
  genTiles(MR);
  genOffTiles(MR, 'c');
  genOffTiles(MR, 'r');
}
genPackB();
w(
  '',
  '/** Packs an mc×kc block of op(A) whose element (0, 0) is at a; trans 1: A stored k×m. */',
  '@inline export function pack_a(trans: i32, a: usize, lda: i32, mc: i32, kc: i32, dst: usize): void {',
  `  if (ASC_FEATURE_RELAXED_SIMD) {`,
  `    if (trans) pack_a_tn_${MR_RELAXED}(a, lda, mc, kc, dst); else pack_a_nn_${MR_RELAXED}(a, lda, mc, kc, dst);`,
  `  } else {`,
  `    if (trans) pack_a_tn_${MR_SIMD}(a, lda, mc, kc, dst); else pack_a_nn_${MR_SIMD}(a, lda, mc, kc, dst);`,
  `  }`,
  '}',
  '',
  '/** Packs a kc×nc block of op(B) whose element (0, 0) is at b; trans 1: B stored n×k. */',
  '@inline export function pack_b(trans: i32, b: usize, ldb: i32, kc: i32, nc: i32, dst: usize): void {',
  '  if (trans) pack_b_nt(b, ldb, kc, nc, dst); else pack_b_nn(b, ldb, kc, nc, dst);',
  '}',
  '',
  '/** C[mr × 4nv] (=, or += when accum) packed A panel · packed B panel; C is not read unless accum; ldc in bytes. */',
  '@inline export function tile(mr: i32, nv: i32, kc: i32, a: usize, b: usize, c: usize, ldc: usize, accum: i32): void {',
  `  if (ASC_FEATURE_RELAXED_SIMD) tile${MR_RELAXED}(mr, nv, kc, a, b, c, ldc, accum);`,
  `  else tile${MR_SIMD}(mr, nv, kc, a, b, c, ldc, accum);`,
  '}',
  '',
  '/** The offset tile with A rows i at p + i·r (r in bytes, e.g. consecutive output pixels of one row). */',
  '@inline export function rtile(mr: i32, nv: i32, n1: i32, n2: i32, p: usize, s1: usize, s2: usize, b: usize, t1: usize, t2: usize, r: usize, c: usize, ldc: usize, accum: i32): void {',
  `  if (ASC_FEATURE_RELAXED_SIMD) rtile${MR_RELAXED}(mr, nv, n1, n2, p, s1, s2, b, t1, t2, r, c, ldc, accum);`,
  `  else rtile${MR_SIMD}(mr, nv, n1, n2, p, s1, s2, b, t1, t2, r, c, ldc, accum);`,
  '}',
  '',
  '/** The offset tile with A rows i at p + 4i (consecutive floats, e.g. the taps of one kernel row). */',
  '@inline export function ctile(mr: i32, nv: i32, n1: i32, n2: i32, p: usize, s1: usize, s2: usize, b: usize, t1: usize, t2: usize, c: usize, ldc: usize, accum: i32): void {',
  `  if (ASC_FEATURE_RELAXED_SIMD) ctile${MR_RELAXED}(mr, nv, n1, n2, p, s1, s2, b, t1, t2, c, ldc, accum);`,
  `  else ctile${MR_SIMD}(mr, nv, n1, n2, p, s1, s2, b, t1, t2, c, ldc, accum);`,
  '}',
  '',
  '',
);

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../assembly/gemm_tiles.generated.ts');
writeFileSync(target, out.join('\n'));
console.log(`wrote assembly/gemm_tiles.generated.ts (${MR_RELAXED}x${NR} and ${MR_SIMD}x${NR} tiles with edges)`);

// Direct (implicit-gemm) convolution, the fast path of assembly/conv.ts where it wins: the gemm's register
// tiles read the input in place (tiles from scripts/gen-gemm.mjs), so no im2col matrix is written and packed
// (two passes over m·k floats, which cost as much as the product when cout is small). Padding: a group of
// images is copied into the caller's scratch with zero borders, after which every window lies inside the
// buffer and the tiles need no bounds checks. Each entry returns false for a shape it does not handle, and
// conv.ts then runs im2col. Same-process A/B against im2col (bench/conv-ab.mjs, CPU time, medians):
//   fwd: rows = MR output pixels of one row. cin·sw = 1: they are consecutive floats, read at constant offsets
//        (ctile; conv1 64×28×28×1→8 5×5: 1.8× simd, 2.2× relaxed; 1→32: 1.1×, 1.2–1.6×). Otherwise they sit at
//        a runtime stride (rtile), whose address adds cost 5–15% against a packed tile, so it is used only while
//        packing dominates, cout ≤ 8 (3→8 3×3 same: 1.5–1.7×; 8→16 5×5 loses 0.95×, 32→32 3×3 0.83–0.89×; an
//        otile with one runtime offset per row did no better).
//   dW:  rows = taps, which within one kernel row are consecutive floats (constant offsets, ctile); the loop
//        walks one image's output pixels with B = its dY rows (conv1 2.6–3.4×, conv2 1.1–1.24×, 32→32 3×3
//        1.07× relaxed; the simd build keeps im2col where a pixel step spans more than 192 bytes, see below).
// dX stays on im2col + col2im, measured against three direct forms: a transposed conv (forward of the padded
// dY with the flipped filter) computes 2.25× the flops for conv2 (8×8 → 12×12) and ran 0.4–0.5× there (0.7–0.9×
// on 3×3 same); adding the tile rows straight into the input windows (col2im in the tile epilogue) ran 0.56–0.78×;
// a kernel with input pixels in the lanes for cin = 1 (conv1) ran 0.7–0.8×.
import { workspace } from './runtime';
import { A_PANEL_BYTES, B_PANEL_BYTES, MR, NR } from './gemm_config';
import { ctile, pack_b, rtile } from './gemm_tiles.generated';
import { f32_bias_act, ACT_LINEAR } from './activations';
import { f32_vscale } from './vector';
import { at, copy, zero } from './simd';

/** Images g0 … g0+cnt−1 of src [·, h, w, c] → dst [cnt, SH, SW, c]: dst row r, column q hold src (r − pt, q − pl), 0 outside. */
function pad_images(src: usize, h: i32, w: i32, c: i32, g0: i32, cnt: i32, SH: i32, SW: i32, pt: i32, pl: i32, dst: usize): void {
  const left = min(pl, SW), ncopy = max(0, min(w, SW - pl)), right = SW - left - ncopy;
  for (let b = 0; b < cnt; b++) {
    const sb = at(src, (g0 + b) * h * w * c);
    for (let r = 0; r < SH; r++) {
      const d = at(dst, (b * SH + r) * SW * c), iy = r - pt;
      if (iy < 0 || iy >= h) {
        zero(SW * c, d);
        continue;
      }
      zero(left * c, d);
      copy(ncopy * c, at(sb, iy * w * c), at(d, left * c));
      zero(right * c, at(d, (left + ncopy) * c));
    }
  }
}

/** Source layout after padding: rows SH, columns SW, whether src is used in place, images per group. */
let SH: i32 = 0, SW: i32 = 0, IMG: i32 = 0, GROUP: i32 = 0, IN_PLACE: bool = false;

/** Plans the padded source for windows of extent hn × wn over src [n, h, w, c]; false when one image does not fit sf floats. */
function plan_source(n: i32, h: i32, w: i32, c: i32, hn: i32, wn: i32, pt: i32, pl: i32, sf: i32): bool {
  if (pt < 0 || pl < 0 || c <= 0) return false; // c = 0 would divide by an empty image
  IN_PLACE = pt == 0 && pl == 0 && hn <= h && wn <= w;
  SH = IN_PLACE ? h : hn;
  SW = IN_PLACE ? w : wn;
  const img = <i64>SH * SW * c;
  if (img > sf && !IN_PLACE) return false;
  IMG = <i32>img;
  GROUP = IN_PLACE ? n : sf / IMG;
  return GROUP > 0;
}

/** The group's source: src itself in place, else the padded copy in scratch. */
function group_source(src: usize, h: i32, w: i32, c: i32, g0: i32, cnt: i32, pt: i32, pl: i32, scratch: usize): usize {
  if (IN_PLACE) return at(src, g0 * IMG);
  pad_images(src, h, w, c, g0, cnt, SH, SW, pt, pl, scratch);
  return scratch;
}

/**
 * out[cnt·oh·ow × N] = windows of the source (cnt images at base, SW columns, c channels, strides sh/sw, height
 * dilation dh) · packed B (K = kh·kw·c rows, NR-column panels at bp), MR pixels of one output row per tile: at
 * consecutive floats when cin·sw = 1 (ctile), else at a constant stride (rtile). N % 4 ≠ 0 goes through the spill tile.
 */
function fwd_tiles(
  cnt: i32, c: i32, oh: i32, ow: i32, N: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, base: usize, bp: usize, out: usize,
  bias: usize, act: i32, alpha: f32,
): void {
  const epilogue = act != ACT_LINEAR || bias != 0;
  const K = kh * kw * c, rowC = kw * c;
  const s1 = <usize>((dh * SW * c - rowC) << 2), panB = <usize>K * (NR * 4), ldcB = <usize>N << 2;
  const rowB = <usize>(sh * SW * c) << 2, pixB = <usize>(sw * c) << 2;
  const spill = workspace + B_PANEL_BYTES + A_PANEL_BYTES;
  for (let r = 0; r < cnt * oh; r++) {
    const row = base + <usize>(r / oh) * (<usize>IMG << 2) + <usize>(r % oh) * rowB;
    for (let ox = 0; ox < ow; ox += MR) {
      const mr = min(MR, ow - ox), a = row + <usize>ox * pixB, q = r * ow + ox;
      for (let jr = 0; jr < N; jr += NR) {
        const nr = min(NR, N - jr), nv = (nr + 3) >> 2;
        const bpan = bp + <usize>(jr / NR) * panB, cp = at(out, q * N + jr);
        const full = (nr & 3) == 0, dst = full ? cp : spill, ldd = full ? ldcB : NR * 4;
        if (pixB == 4) ctile(mr, nv, kh, rowC, a, s1, 4, bpan, 0, NR * 4, dst, ldd, 0);
        else rtile(mr, nv, kh, rowC, a, s1, 4, bpan, 0, NR * 4, pixB, dst, ldd, 0);
        if (!full) for (let i = 0; i < mr; i++) for (let j = 0; j < nr; j++) store<f32>(at(cp, i * N + j), load<f32>(at(spill, i * NR + j)));
      }
    }
    // Bias and activation on the row just computed, while it is in L1 (a separate pass over y was ~15% of conv1).
    if (epilogue) f32_bias_act(ow, N, at(out, r * ow * N), N, bias, act, alpha);
  }
}

/** The forward pass: src [n, h, w, c] → out [n, oh, ow, N], stride sh/sw, dilation (dh, 1). */
function fwd_core(
  n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, N: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, pt: i32, pl: i32,
  src: usize, bp: usize, out: usize, scratch: usize, sf: i32, bias: usize, act: i32, alpha: f32,
): bool {
  if (!plan_source(n, h, w, c, (oh - 1) * sh + (kh - 1) * dh + 1, (ow - 1) * sw + kw, pt, pl, sf)) return false;
  for (let g0 = 0; g0 < n; g0 += GROUP) {
    const cnt = min(GROUP, n - g0);
    const base = group_source(src, h, w, c, g0, cnt, pt, pl, scratch), og = at(out, g0 * oh * ow * N);
    fwd_tiles(cnt, c, oh, ow, N, kh, kw, sh, sw, dh, base, bp, og, bias, act, alpha);
  }
  return true;
}

/** True when a K × N filter fits the B panel as NR-column panels. */
@inline function fits(K: i32, N: i32): bool {
  return <i64>K * ((N + NR - 1) / NR) * (NR * 4) <= B_PANEL_BYTES;
}

/** f32_conv2d_fwd without im2col; sf = scratch floats. False: not handled (nothing written). */
export function direct_fwd(
  n: i32, h: i32, w: i32, cin: i32, oh: i32, ow: i32, cout: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
  x: usize, filt: usize, bias: usize, y: usize, scratch: usize, sf: i32, act: i32, alpha: f32,
): bool {
  const K = kh * kw * cin;
  if ((cout > 8 && sw * cin != 1) || dw != 1 || n * oh * ow == 0 || !fits(K, cout)) return false;
  const bp = workspace;
  pack_b(0, filt, cout, K, cout, bp);
  return fwd_core(n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, dh, pt, pl, x, bp, y, scratch, sf, bias, act, alpha);
}

/**
 * f32_conv2d_bwd_filter without im2col: dW rows are taps, and MR consecutive taps of one kernel row are
 * consecutive floats of the (padded) input, so the tile reads them at constant offsets (ctile) while it walks
 * the output pixels of one image with B = that image's dY rows; every image accumulates into dfilt in place.
 * Needs dw = 1 and cout % 4 == 0 (dY rows are read 4 floats at a time); sf = scratch floats. False: not handled.
 */
export function direct_bwd_filter(
  n: i32, h: i32, w: i32, cin: i32, oh: i32, ow: i32, cout: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32,
  x: usize, dy: usize, dfilt: usize, scratch: usize, sf: i32, beta: f32,
): bool {
  if (dw != 1 || (cout & 3) != 0 || n * oh * ow == 0) return false;
  // NOTE: each pixel step reads a new x and a new dY row (sw·cin·4 + cout·4 bytes apart). Without FMA a step is
  // short enough that past ~3 cache lines it waits on L2: 32→32 3×3 (256 B) ran 0.92× im2col in the simd build
  // (1.07× relaxed), 1→32 5×5 (132 B) 1.2–1.3×, 8→16 5×5 (96 B) 1.1–1.15×.
  if (!ASC_FEATURE_RELAXED_SIMD && (sw * cin + cout) * 4 > 192) return false;
  if (!plan_source(n, h, w, cin, (oh - 1) * sh + (kh - 1) * dh + 1, (ow - 1) * sw + kw, pt, pl, sf)) return false;
  const rowC = kw * cin;
  // β other than 0 and 1 scales dfilt once; every image then accumulates (β = 0: the first one stores).
  if (beta != 0 && beta != 1) f32_vscale(kh * rowC * cout, dfilt, dfilt, beta);
  const pixB = <usize>(sw * cin) << 2, rowB = <usize>(sh * SW * cin) << 2, kyB = <usize>(dh * SW * cin) << 2;
  const s1 = rowB - <usize>ow * pixB, ldcB = <usize>cout << 2; // s1 may wrap (stride > window): u32 arithmetic
  for (let g0 = 0; g0 < n; g0 += GROUP) {
    const cnt = min(GROUP, n - g0);
    const base = group_source(x, h, w, cin, g0, cnt, pt, pl, scratch);
    for (let b = 0; b < cnt; b++) {
      const xb = base + (<usize>(b * IMG) << 2), dyb = at(dy, (g0 + b) * oh * ow * cout);
      const accum = g0 + b == 0 && beta == 0 ? 0 : 1;
      for (let ky = 0; ky < kh; ky++) {
        const xr = xb + <usize>ky * kyB;
        for (let q = 0; q < rowC; q += MR) {
          const mr = min(MR, rowC - q), d = at(dfilt, (ky * rowC + q) * cout);
          for (let jr = 0; jr < cout; jr += NR) {
            ctile(mr, min(NR, cout - jr) >> 2, oh, ow, at(xr, q), s1, pixB, at(dyb, jr), 0, ldcB, at(d, jr), ldcB, accum);
          }
        }
      }
    }
  }
  return true;
}

// Blocking of the packed gemm (assembly/gemm.ts) and the workspace it needs.
// Probe (/work/shared/reference/simd-sgemm RESULTS.md §2): KC in 128–512, MC in 60–240, NC in
// 512–4096 were all within ±3% up to 512³; KC=512 gained ~7% at 1024³.

/** Rows of the register tile: 6×8 with FMA (12 accumulators + 2 B + 1 A = 15 xmm, V8 uses xmm0–14);
 *  5×8 with mul+add, which needs one more temporary. scripts/gen-gemm.mjs generates both. */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;
/** Columns of the register tile: two f32x4. */
export const NR: i32 = 8;
/** Depth of one packed panel (k-block). */
export const KC: i32 = 512;
/** Rows of one packed A block: a multiple of both tile heights (6 and 5). */
export const MC: i32 = 120;
/** Columns of one packed B block: a multiple of NR. */
export const NC: i32 = 1024;

/** Byte sizes of the workspace parts: packed B block, packed A block, one MR×NR spill tile. */
export const B_PANEL_BYTES: i32 = KC * NC * 4;
export const A_PANEL_BYTES: i32 = KC * MC * 4;
export const TILE_BYTES: i32 = 64 * 4;

export const GEMM_WORKSPACE_BYTES: i32 = B_PANEL_BYTES + A_PANEL_BYTES + TILE_BYTES;

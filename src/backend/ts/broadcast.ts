// Reference twin of assembly/broadcast.ts: m rows of f32_vbinary with row strides ra, rb (elements).
import type { MemoryViews, Round } from '../memory.js';
import { binaryKernels } from './binary.js';

export function broadcastKernels(v: MemoryViews, round: Round = Math.fround) {
  const { f32_vbinary } = binaryKernels(v, round);
  return {
    /** Row i < m of y = f32_vbinary(n, a + i·ra, sa, b + i·rb, sb, op) (offsets in elements ×4 bytes). */
    f32_vbinary_rows(m: number, n: number, a: number, ra: number, sa: number, b: number, rb: number, sb: number, y: number, op: number): void {
      for (let i = 0; i < m; i++) f32_vbinary(n, a + i * ra * 4, sa, b + i * rb * 4, sb, y + i * n * 4, op);
    },
  };
}

// Reads and patches the memory import of a wasm binary. The module imports its memory (env.memory) so
// the host owns it; whether that memory is shared is part of the import's limits, so the one shipped
// binary (non-shared, as Cloudflare Workers and non-isolated pages need) becomes the shared variant by
// flipping one flag byte before compiling: no second binary in the package.
import { BackendError } from '../../errors.js';

/** Limits of a module's memory import, and where its flag byte sits in the bytes. */
export interface MemoryImport {
  readonly module: string;
  readonly name: string;
  /** Byte offset of the limits flag (bit 0: has maximum, bit 1: shared). */
  readonly flagOffset: number;
  readonly shared: boolean;
  readonly initial: number;
  readonly maximum: number | null;
}

const IMPORT_SECTION = 2;

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}
  byte(): number {
    if (this.at >= this.bytes.length) throw new BackendError(`wasm binary: truncated at byte ${this.at}`);
    return this.bytes[this.at++]!;
  }
  /** Unsigned LEB128, up to 32 bits. */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new BackendError(`wasm binary: LEB128 longer than 5 bytes at byte ${this.at}`);
  }
  name(): string {
    const length = this.u32();
    const start = this.at;
    this.at += length;
    if (this.at > this.bytes.length) throw new BackendError(`wasm binary: name runs past the end at byte ${start}`);
    return new TextDecoder().decode(this.bytes.subarray(start, this.at));
  }
  limits(): { flagOffset: number; flags: number; initial: number; maximum: number | null } {
    const flagOffset = this.at;
    const flags = this.byte();
    const initial = this.u32();
    const maximum = flags & 1 ? this.u32() : null;
    return { flagOffset, flags, initial, maximum };
  }
}

/** The memory import of a wasm binary, or null when it defines its own memory. */
export function findMemoryImport(bytes: Uint8Array): MemoryImport | null {
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new BackendError(`wasm binary: expected the magic bytes 00 61 73 6d, got ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16)).join(' ')}`);
  }
  const r = new Reader(bytes, 8);
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.at + size;
    if (id !== IMPORT_SECTION) {
      r.at = end;
      continue;
    }
    const count = r.u32();
    for (let i = 0; i < count; i++) {
      const module = r.name();
      const name = r.name();
      const kind = r.byte();
      if (kind === 0) r.u32(); // function: type index
      else if (kind === 1) {
        r.byte(); // table: element type
        r.limits();
      } else if (kind === 2) {
        const { flagOffset, flags, initial, maximum } = r.limits();
        return { module, name, flagOffset, shared: (flags & 2) !== 0, initial, maximum };
      } else if (kind === 3) r.at += 2; // global: value type, mutability
      else if (kind === 4) {
        r.byte(); // tag: attribute
        r.u32();
      } else throw new BackendError(`wasm binary: unknown import kind ${kind} at byte ${r.at - 1}`);
    }
    return null;
  }
  return null;
}

/**
 * A copy of `bytes` whose memory import is shared (or not). A shared memory must declare a maximum,
 * so a binary whose import has none cannot be made shared: that is a BackendError.
 */
export function withSharedMemory(bytes: Uint8Array, shared: boolean): Uint8Array {
  const memory = findMemoryImport(bytes);
  if (!memory) throw new BackendError('wasm binary: expected a memory import (env.memory), got a module that defines its own memory');
  if (shared && memory.maximum === null) {
    throw new BackendError('wasm binary: a shared memory import needs a maximum, and this one declares none');
  }
  const out = bytes.slice();
  out[memory.flagOffset] = (out[memory.flagOffset]! & ~2) | (shared ? 2 : 0);
  return out;
}

// The model's weights in the backend heap: one flat block of trainable weights (so an optimizer step
// is one kernel call), a parallel block of gradients, optimizer state blocks, and one block of
// non-trainable weights (batch-norm moving statistics). Offsets follow layer order.
import type { Backend } from '../backend/backend.js';
import { ShapeError, fmtShape } from '../errors.js';
import { size, type WeightSpec } from '../layers/layer.js';
import type { ParamRange } from '../optimizers.js';
import type { Random } from '../random.js';

const ALIGN = 4; // floats: keep every weight 16-byte aligned for SIMD

export class WeightStore {
  readonly specs: WeightSpec[];
  /** Float offset of each spec inside its block (trainable or fixed). */
  private readonly at = new Map<WeightSpec, number>();
  readonly trainableCount: number;
  readonly fixedCount: number;
  private blocks: { params: number; grads: number; fixed: number; state: number[] } | null = null;
  backend: Backend | null = null;

  constructor(specs: WeightSpec[]) {
    this.specs = specs;
    let t = 0, f = 0;
    for (const s of specs) {
      const n = size(s);
      if (s.trainable) {
        this.at.set(s, t);
        t += Math.ceil(n / ALIGN) * ALIGN;
      } else {
        this.at.set(s, f);
        f += Math.ceil(n / ALIGN) * ALIGN;
      }
    }
    this.trainableCount = t;
    this.fixedCount = f;
  }

  /** Allocates the blocks on `backend` and fills them with `values` (in spec order) or initializers. */
  materialize(backend: Backend, rng: Random, values?: Float32Array[]): void {
    this.release();
    const heap = backend.heap;
    const t = Math.max(this.trainableCount, 1) * 4, f = Math.max(this.fixedCount, 1) * 4;
    // Checked as a whole first: a model too large for wasm32 fails before its first block grows memory.
    heap.checkFits(2 * t + f, `the model's weights and gradients (${this.trainableCount + this.fixedCount} floats)`);
    const params = heap.alloc(t);
    let grads = 0;
    try {
      grads = heap.alloc(t);
      this.blocks = { params, grads, fixed: heap.alloc(f), state: [] };
    } catch (e) {
      heap.release(params);
      heap.release(grads);
      throw e;
    }
    this.backend = backend;
    backend.k.f32_vfill(this.trainableCount, this.blocks.params, 0);
    backend.k.f32_vfill(this.trainableCount, this.blocks.grads, 0);
    backend.k.f32_vfill(this.fixedCount, this.blocks.fixed, 0);
    this.specs.forEach((s, i) => {
      let v = values?.[i];
      if (!v) {
        v = new Float32Array(size(s));
        s.initializer.fill(v, s.shape, rng);
      }
      backend.views.f32.set(v, this.ptr(s) >>> 2);
    });
  }

  get isMaterialized(): boolean {
    return this.blocks !== null;
  }

  /** Byte offset of a weight. */
  ptr(s: WeightSpec): number {
    const b = this.need();
    return (s.trainable ? b.params : b.fixed) + this.at.get(s)! * 4;
  }

  /** Byte offset of a trainable weight's gradient. */
  gradPtr(s: WeightSpec): number {
    const b = this.need();
    return b.grads + this.at.get(s)! * 4;
  }

  get params(): number {
    return this.need().params;
  }
  get grads(): number {
    return this.need().grads;
  }

  /** Optimizer state: `slots` zeroed blocks shaped like the trainable block (kept across fits). */
  state(slots: number): number[] {
    const b = this.need();
    const backend = this.backend!;
    if (b.state.length < slots) {
      backend.heap.checkFits((slots - b.state.length) * Math.max(this.trainableCount, 1) * 4, `the optimizer state (${slots} × ${this.trainableCount} floats)`);
    }
    while (b.state.length < slots) {
      const p = backend.heap.alloc(Math.max(this.trainableCount, 1) * 4);
      backend.k.f32_vfill(this.trainableCount, p, 0);
      b.state.push(p);
    }
    return b.state.slice(0, slots);
  }

  /** Forgets optimizer state (a new compile starts a new optimizer). */
  resetState(): void {
    if (!this.blocks) return;
    for (const p of this.blocks.state) this.backend!.heap.release(p);
    this.blocks.state = [];
  }

  /** Trainable weights as ranges of the flat block, with their weight-decay flag (for adamw). */
  ranges(): ParamRange[] {
    return this.specs
      .filter((s) => s.trainable)
      .map((s) => ({ w: this.ptr(s), g: this.gradPtr(s), n: size(s), decay: s.decay }));
  }

  /** Copies of every weight's values, in spec order. */
  read(): Float32Array[] {
    const f = this.backend!.views.f32;
    return this.specs.map((s) => f.slice(this.ptr(s) >>> 2, (this.ptr(s) >>> 2) + size(s)));
  }

  /** Writes values in spec order; each must match its weight's size. */
  write(values: Float32Array[], where: string): void {
    if (values.length !== this.specs.length) {
      throw new ShapeError(`${where}: expected ${this.specs.length} weight arrays, got ${values.length}`);
    }
    values.forEach((v, i) => {
      const s = this.specs[i]!;
      if (v.length !== size(s)) {
        throw new ShapeError(`${where}: weight ${s.name} has shape ${fmtShape(s.shape)} (${size(s)} values), got ${v.length} values`);
      }
    });
    const f = this.backend!.views.f32;
    values.forEach((v, i) => f.set(v, this.ptr(this.specs[i]!) >>> 2));
  }

  release(): void {
    if (!this.blocks || !this.backend) return;
    const heap = this.backend.heap;
    for (const p of [this.blocks.params, this.blocks.grads, this.blocks.fixed, ...this.blocks.state]) heap.release(p);
    this.blocks = null;
  }

  private need() {
    if (!this.blocks) throw new Error('internal: weights used before materialize()');
    return this.blocks;
  }
}


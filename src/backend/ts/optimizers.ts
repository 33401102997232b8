// Reference twins of assembly/optimizers.ts: one step of each optimizer over the flat parameter
// block, as the obvious loop in f64 rounded to f32 on every store; the state read back later in the
// same step (v, ms, mg, m) is the rounded value, as in wasm. tfjs-core 4.22
// src/optimizers/*.ts semantics; per-step scalars (bias corrections) come from the caller.
import type { MemoryViews, Round } from '../memory.js';

export function optimizersKernels(v: MemoryViews, round: Round = Math.fround) {
  const f32 = round; // Math.fround; the identity in the f64 backend (gradient checks)
  return {
    /** w[i] −= lr·g[i], i < n. */
    f32_sgd(n: number, w: number, g: number, lr: number): void {
      const f = v.f32, W = w >>> 2, G = g >>> 2;
      lr = f32(lr);
      for (let i = 0; i < n; i++) f[W + i] = f[W + i]! - lr * f[G + i]!;
    },

    /** v = momentum·v + g; w −= lr·v, or with nesterov ≠ 0 w −= lr·(g + momentum·v) (v updated). */
    f32_momentum(n: number, w: number, g: number, vel: number, lr: number, momentum: number, nesterov: number): void {
      const f = v.f32, W = w >>> 2, G = g >>> 2, V = vel >>> 2;
      lr = f32(lr);
      momentum = f32(momentum);
      for (let i = 0; i < n; i++) {
        const gi = f[G + i]!;
        const vi = (f[V + i] = f32(momentum * f[V + i]! + gi));
        f[W + i] = f[W + i]! - lr * (nesterov !== 0 ? gi + momentum * vi : vi);
      }
    },

    /**
     * ms = ρ·ms + (1−ρ)·g²; centered (mg ≠ 0): mg = ρ·mg + (1−ρ)·g, denom = ms − mg² + ε, else
     * denom = ms + ε; mom = momentum·mom + lr·g/√denom; w −= mom.
     */
    // NOTE: tfjs 4.22 centered uses √(ms − (mg² + ε)); we add ε like TF/Keras (see assembly/optimizers.ts).
    f32_rmsprop(
      n: number, w: number, g: number, ms: number, mom: number, mg: number,
      lr: number, rho: number, momentum: number, eps: number,
    ): void {
      const f = v.f32, W = w >>> 2, G = g >>> 2, S = ms >>> 2, P = mom >>> 2, A = mg >>> 2;
      lr = f32(lr);
      rho = f32(rho);
      momentum = f32(momentum);
      eps = f32(eps);
      for (let i = 0; i < n; i++) {
        const gi = f[G + i]!;
        let d = (f[S + i] = f32(rho * f[S + i]! + (1 - rho) * gi * gi));
        if (mg !== 0) {
          const mgi = (f[A + i] = f32(rho * f[A + i]! + (1 - rho) * gi));
          d -= mgi * mgi;
        }
        const pi = (f[P + i] = f32(momentum * f[P + i]! + (lr * gi) / Math.sqrt(d + eps)));
        f[W + i] = f[W + i]! - pi;
      }
    },

    /** m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w −= lr·(m/bc1)/(√(v/bc2) + ε). */
    f32_adam(
      n: number, w: number, g: number, m: number, vv: number,
      lr: number, beta1: number, beta2: number, eps: number, bc1: number, bc2: number,
    ): void {
      adam(v.f32, f32, n, w, g, m, vv, lr, beta1, beta2, eps, bc1, bc2, 0);
    },

    /** AdamW: w −= lr·wd·w, then exactly the f32_adam update (wd = 0 for biases). */
    f32_adamw(
      n: number, w: number, g: number, m: number, vv: number,
      lr: number, beta1: number, beta2: number, eps: number, bc1: number, bc2: number, wd: number,
    ): void {
      adam(v.f32, f32, n, w, g, m, vv, lr, beta1, beta2, eps, bc1, bc2, wd);
    },

    /**
     * tfjs's Adam op sequence for one variable, each operation rounded: m = m·β1 + g·c1;
     * v = v·β2 + (g·g)·c2; w = ((m/d1) / (√(v/d2) + ε))·nlr + w (scalars as tfjs holds them).
     */
    f32_adam_tfjs(
      n: number, w: number, g: number, m: number, vv: number,
      beta1: number, c1: number, beta2: number, c2: number, d1: number, d2: number, eps: number, nlr: number,
    ): void {
      const f = v.f32, W = w >>> 2, G = g >>> 2, M = m >>> 2, V = vv >>> 2;
      const b1 = f32(beta1), b2 = f32(beta2), k1 = f32(c1), k2 = f32(c2), e = f32(eps), r = f32(nlr);
      const q1 = f32(d1), q2 = f32(d2);
      for (let i = 0; i < n; i++) {
        const gi = f[G + i]!;
        const mi = (f[M + i] = f32(f32(f[M + i]! * b1) + f32(gi * k1)));
        const vi = (f[V + i] = f32(f32(f[V + i]! * b2) + f32(f32(gi * gi) * k2)));
        const q = f32(f32(mi / q1) / f32(f32(Math.sqrt(f32(vi / q2))) + e));
        f[W + i] = f32(f32(q * r) + f[W + i]!);
      }
    },

    /** g[i] += l1·sign(w[i]) + 2·l2·w[i], i < n; sign(0) = 0. */
    f32_l1l2_grad(n: number, w: number, g: number, l1: number, l2: number): void {
      const f = v.f32, W = w >>> 2, G = g >>> 2;
      l1 = f32(l1);
      l2 = f32(l2);
      for (let i = 0; i < n; i++) {
        const wi = f[W + i]!;
        f[G + i] = f[G + i]! + l1 * Math.sign(wi) + 2 * l2 * wi;
      }
    },

    /** Returns l1·Σ|w| + l2·Σw², i < n, summed in f64. */
    f32_l1l2_loss(n: number, w: number, l1: number, l2: number): number {
      const f = v.f32, W = w >>> 2;
      let a = 0, q = 0;
      for (let i = 0; i < n; i++) {
        const wi = f[W + i]!;
        a += Math.abs(wi);
        q += wi * wi;
      }
      return f32(f32(l1) * a + f32(l2) * q);
    },
  };
}

function adam(
  f: Float32Array, f32: Round, n: number, w: number, g: number, m: number, vv: number,
  lr: number, beta1: number, beta2: number, eps: number, bc1: number, bc2: number, wd: number,
): void {
  const W = w >>> 2, G = g >>> 2, M = m >>> 2, V = vv >>> 2;
  lr = f32(lr);
  beta1 = f32(beta1);
  beta2 = f32(beta2);
  eps = f32(eps);
  bc1 = f32(bc1);
  bc2 = f32(bc2);
  const decay = f32(lr * f32(wd)); // lr·wd in f32, as the wasm kernel forms it
  for (let i = 0; i < n; i++) {
    const gi = f[G + i]!;
    const wi = f[W + i]! - decay * f[W + i]!;
    const mi = (f[M + i] = f32(beta1 * f[M + i]! + (1 - beta1) * gi));
    const vi = (f[V + i] = f32(beta2 * f[V + i]! + (1 - beta2) * gi * gi));
    f[W + i] = wi - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
  }
}

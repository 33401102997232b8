// The control block the caller and the workers share: one 512-byte slot per worker in a
// SharedArrayBuffer. A job is a kernel index and up to 16 numeric arguments; the caller bumps SEQ and
// notifies, the worker runs the kernel and stores SEQ into DONE. Everything is Int32/Float64 views
// over the one buffer, so dispatching a job allocates nothing.

/** Bytes per worker slot (a multiple of 64, so no two workers' hot words share a cache line). */
export const SLOT_BYTES = 512;
export const SLOT_I32 = SLOT_BYTES / 4;
/** Int32 word indices inside a slot. */
export const SEQ = 0; // job counter, written by the caller
export const DONE = 1; // the last job finished, written by the worker
export const KERNEL = 2; // kernel index into the names list; QUIT ends the worker's loop
export const STATUS = 3; // 0: the kernel returned, 1: it threw (message in MESSAGE_AT)
export const ARGC = 4;
export const MESSAGE_LENGTH = 5;
/**
 * Who runs the posted job: 0 nobody yet, 1 the worker, 2 the caller. The caller resets it to 0 when it
 * posts; the worker and the caller both compare-exchange it from 0, so exactly one of them runs the job.
 * A caller that finished its own block and finds its worker has not started (descheduled, asleep) runs
 * the worker's block itself rather than wait: on cores busy with other work a split then costs about
 * what one thread costs instead of many times more.
 */
export const CLAIM = 6;
export const QUIT = -1;
/**
 * KERNEL value of a trace job: the worker runs the list of kernel calls in its trace region (one
 * shard of a data-parallel training step, src/model/shards.ts) instead of one kernel.
 */
export const TRACE = -2;
/**
 * Float64 words of each worker's trace region (after the slots): word 0 is the call count, then per call
 * the kernel index, the argument count, the slot its return value is stored in, and the arguments.
 * 8192 words (64 KiB) hold a few hundred calls; a step that needs more is not sharded.
 */
export const TRACE_WORDS = 8192;
/** Where a trace entry's fields are, relative to the entry. */
export const ENTRY_KERNEL = 0, ENTRY_ARGC = 1, ENTRY_RESULT = 2, ENTRY_ARGS = 3;
/** Float64 arguments start at this byte of a slot; MAX_ARGS of them (conv2d takes 22). */
export const ARGS_AT = 64;
export const MAX_ARGS = 24;
/** The UTF-8 error message of a kernel that threw, truncated to what fits. */
export const MESSAGE_AT = ARGS_AT + MAX_ARGS * 8;
export const MESSAGE_BYTES = SLOT_BYTES - MESSAGE_AT;
/**
 * How long a thread polls a word before it sleeps in Atomics.wait, in ms (the clock is read every
 * 256 polls). Sleeping and being woken costs ~0.1–0.5 ms here (futex + scheduler; more on a loaded
 * machine), longer than most gemms of a step, so a worker that slept between the jobs of a step made
 * every split slower than one thread: with a 20000-poll spin (~0.1 ms) a 64×128×784 gemm took 1.09 ms
 * on 2 threads vs 0.48 ms on one; spinning through the gaps of a step it took 0.30 ms (1.48×,
 * bench/threads-split.mjs, same shared machine). 2 ms covers the gaps between the steps of a fit; an
 * idle pool burns at most that much CPU per thread before sleeping.
 */
export const SPIN_MS = 2;

/** Reads the error message a worker left in its slot. */
export function readMessage(control: SharedArrayBuffer, slot: number): string {
  const i32 = new Int32Array(control, slot * SLOT_BYTES, SLOT_I32);
  const length = Math.min(i32[MESSAGE_LENGTH]!, MESSAGE_BYTES);
  const bytes = new Uint8Array(control, slot * SLOT_BYTES + MESSAGE_AT, length).slice();
  return new TextDecoder().decode(bytes);
}

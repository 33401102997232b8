// The script every pool worker runs, as a string: Node evaluates it with `new Worker(src, { eval: true })`,
// Web Workers (browsers, Deno, Bun) load it from a Blob URL, so no file has to be found next to the
// bundle. It instantiates the caller's compiled module on the caller's shared memory, points the
// instance's gemm workspace at its own heap block, then loops: wait for a job, run it, report.
import { ARGC, ARGS_AT, CLAIM, DONE, ENTRY_ARGC, ENTRY_ARGS, ENTRY_KERNEL, ENTRY_RESULT, KERNEL, MAX_ARGS, MESSAGE_AT, MESSAGE_BYTES, MESSAGE_LENGTH, QUIT, SEQ, SLOT_BYTES, SLOT_I32, SPIN_MS, STATUS, TRACE, TRACE_WORDS } from './control.js';

/** What the caller posts to a new worker. */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly slot: number;
  /** Byte offset of this worker's trace region in `control`. */
  readonly traceAt: number;
  readonly workspace: number;
  readonly names: readonly string[];
}

export const WORKER_SOURCE = `'use strict';
(() => {
  const run = (init, reply) => {
    let ex;
    try {
      const imports = { env: { memory: init.memory, abort(_m, _f, line, col) { throw new Error('wasm kernel aborted at assembly line ' + line + ':' + col); } } };
      ex = new WebAssembly.Instance(init.module, imports).exports;
      if (ex.set_workspace) ex.set_workspace(init.workspace);
    } catch (e) {
      reply({ error: String(e) });
      return;
    }
    const fns = init.names.map((name) => ex[name]);
    const i32 = new Int32Array(init.control, init.slot * ${SLOT_BYTES}, ${SLOT_I32});
    const f64 = new Float64Array(init.control, init.slot * ${SLOT_BYTES} + ${ARGS_AT}, ${MAX_ARGS});
    const msg = new Uint8Array(init.control, init.slot * ${SLOT_BYTES} + ${MESSAGE_AT}, ${MESSAGE_BYTES});
    const trace = new Float64Array(init.control, init.traceAt, ${TRACE_WORDS});
    let call = -1; // the trace entry running, for the error message
    const argv = [];
    for (let n = 0; n <= ${MAX_ARGS}; n++) argv.push(new Array(n).fill(0));
    const encoder = new TextEncoder();
    reply({ ready: true });
    let seen = 0; // NOTE: not a load: the caller may post the first job before this line runs
    for (;;) {
      let seq = Atomics.load(i32, ${SEQ});
      const until = performance.now() + ${SPIN_MS};
      for (let spin = 1; seq === seen; spin++) {
        if ((spin & 255) === 0 && performance.now() > until) break;
        seq = Atomics.load(i32, ${SEQ});
      }
      while (seq === seen) {
        Atomics.wait(i32, ${SEQ}, seen);
        seq = Atomics.load(i32, ${SEQ});
      }
      seen = seq;
      // The caller may have run this job itself (it found the job unclaimed after its own block).
      if (Atomics.compareExchange(i32, ${CLAIM}, 0, 1) !== 0) {
        Atomics.store(i32, ${DONE}, seen);
        Atomics.notify(i32, ${DONE});
        continue;
      }
      const id = i32[${KERNEL}];
      if (id === ${QUIT}) break;
      try {
        if (id === ${TRACE}) {
          // One shard of a step: the calls in order, each return value stored in its entry.
          call = -1;
          for (let c = 0, count = trace[0], p = 1; c < count; c++) {
            call = c;
            const args = argv[trace[p + ${ENTRY_ARGC}]];
            for (let a = 0; a < args.length; a++) args[a] = trace[p + ${ENTRY_ARGS} + a];
            const r = fns[trace[p + ${ENTRY_KERNEL}]].apply(null, args);
            trace[p + ${ENTRY_RESULT}] = typeof r === 'number' ? r : 0;
            p += ${ENTRY_ARGS} + args.length;
          }
        } else {
          const args = argv[i32[${ARGC}]];
          for (let a = 0; a < args.length; a++) args[a] = f64[a];
          fns[id].apply(null, args);
        }
        i32[${STATUS}] = 0;
      } catch (e) {
        const text = encoder.encode((id === ${TRACE} ? 'call ' + call + ' of the shard: ' : '') + String(e && e.message ? (e.name || 'Error') + ': ' + e.message : e));
        const n = Math.min(text.length, ${MESSAGE_BYTES});
        msg.set(text.subarray(0, n));
        i32[${MESSAGE_LENGTH}] = n;
        i32[${STATUS}] = 1;
      }
      Atomics.store(i32, ${DONE}, seen);
      Atomics.notify(i32, ${DONE});
    }
    Atomics.store(i32, ${DONE}, seen);
    Atomics.notify(i32, ${DONE});
  };
  if (typeof require === 'function') {
    const { parentPort } = require('node:worker_threads');
    parentPort.once('message', (init) => run(init, (m) => parentPort.postMessage(m)));
  } else {
    self.onmessage = (event) => {
      self.onmessage = null;
      run(event.data, (m) => self.postMessage(m));
    };
  }
})();
`;

// tests/js/memory.test.mjs: 100 configure / train / reset cycles per lab leave the WASM engine's
// heap where it was (issue 16). Each cycle does what the worker does for one run
// (web/src/worker/run.ts): a new Session configured from a preset, a few steps, the curve and
// reports, the lab's views, its state saved and loaded back, one configure
// refused for a bad knob, then the Session deleted (Reset builds the next one). Measured through
// Engine.memoryUse() (bindings/bindings.cpp: dlmalloc's bytes in use, and the memory's size).
//
// The bound is 0 bytes: with no Session alive, what malloc holds is the data files and the
// engine's caches, and it is the same to the byte after every cycle once the first cycle of each
// lab has filled those caches (measured: the same count after each of the 700 cycles). A cycle that
// loses one allocation of any size fails. The memory itself (which never shrinks) must not grow
// after the warm-up either. Views that evaluate the whole test set (predicted, confusion: 0.1 s
// for the MLP, 1.2 s for the CNN) run in the warm-up cycle and every 50th, not in every cycle.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, engineInProcess } from './helpers.mjs';

const CYCLES = 100;
const WARMUP = 1;
const SLOW_VIEWS = new Set(['predicted', 'confusion']);
const data = path.join(root, 'build/data');
const haveMnist = fs.existsSync(path.join(data, 'mnist-train.bin'));

// [preset, knobs (small: cheap cycles), steps per cycle, bad knob]
const CASES = [
  ['xor', { iterations: 200 }, 50, { lr: 'fast' }],
  ['mnist-mlp', { train_limit: 256, batch_size: 32, epochs: 1 }, 4, { hidden: '0' }],
  ['mnist-cnn', { train_limit: 32, batch_size: 8, conv1_filters: 4, conv2_filters: 8, hidden: 16 }, 2, { conv1_kernel: '99' }],
  ['lstm-airline', { units: 8, epochs: 2 }, 10, { look_back: '-1' }],
  ['gan-mnist', { batch_size: 8, g_hidden: '16', d_hidden: '16', iterations: 20 }, 2, { d_lr: 'x' }],
  ['autoencoder', { epochs: 2 }, 5, { code: '0' }],
  ['universality', { iterations: 100 }, 20, { hidden: '-3' }],
];

let engine;
before(async () => {
  engine = await engineInProcess();
  const files = ['airline-passengers.csv', ...(haveMnist ? ['mnist-train.bin', 'mnist-test.bin'] : [])];
  for (const name of files) engine.provideDataFile(name, fs.readFileSync(path.join(data, name)));
});

/** One run as the page has it, from configure to reset. */
function cycle(preset, knobs, steps, bad, i) {
  const session = engine.newSession();
  try {
    const described = session.configure(preset, knobs);
    assert.throws(() => session.configure(preset, { ...knobs, ...bad }), Error, `${preset}: ${JSON.stringify(bad)} refused`);
    const r = session.run(steps);
    assert.equal(r.step, steps, `${preset}: steps run`);
    session.curve();
    session.reports();
    session.params();
    for (const name of described.views) {
      if (SLOW_VIEWS.has(name) && i % 50 !== 0) continue;
      try {
        session.view(name);
      } catch (e) {
        if (!/give|at most/.test(e.message)) throw e;   // a view that wants an input (a picked point) says so
      }
    }
    session.loadState(session.saveState());
  } finally {
    session.delete();
  }
}

for (const [preset, knobs, steps, bad] of CASES) {
  const needsMnist = /mnist|gan/.test(preset);
  test(`${CYCLES} configure/train/reset cycles of ${preset} leave the engine's heap as it was`, { skip: needsMnist && !haveMnist && 'no MNIST in build/data' }, () => {
    const t0 = performance.now();
    let base = null;
    const inUse = [];
    for (let i = 0; i < CYCLES; i++) {
      cycle(preset, knobs, steps, bad, i);
      const m = engine.memoryUse();
      inUse.push(m.mallocBytes);
      if (i === WARMUP - 1) base = m;
    }
    const after = engine.memoryUse();
    const grew = inUse.map((b, i) => [i, b - base.mallocBytes]).filter(([i, d]) => i >= WARMUP && d !== 0);
    console.log(`${preset}: ${CYCLES} cycles in ${((performance.now() - t0) / 1000).toFixed(1)} s; malloc ${base.mallocBytes} -> ${after.mallocBytes} bytes, memory ${base.memoryBytes} -> ${after.memoryBytes}`);
    assert.deepEqual(grew.slice(0, 5), [], `${preset}: bytes in use after cycle [i, change since the warm-up]`);
    assert.equal(after.memoryBytes, base.memoryBytes, `${preset}: the WebAssembly memory grew`);
  });
}

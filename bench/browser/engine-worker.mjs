// bench/browser/engine-worker.mjs: our engine in a module Worker, loaded as
// web/src/mnist/worker.ts loads it (build/wasm/engine.mjs + bindings/facade.mjs,
// the two data files handed over with provideDataFile). Jobs:
//   {task: 'mlp', seed, build}              one epoch of mnist-mlp, then the test accuracy
//   {task: 'gemm', n, reps, inner, build}   M.benchGemm(n, reps, inner) seconds per product, if the build has it
//   {task: 'autoencoder', epochs, warmup, build}  the autoencoder preset, run(steps per epoch) until done: ms per epoch
//   {task: 'gan', steps, warmup, build}     the gan-mnist preset (mnist-train.bin only), run(1) until done: steps per second
//   {task: 'lstm', preset, epochs, warmup, build}  an LSTM airline preset (the CSV handed over), run(steps per epoch) until done: ms per epoch
//   {task: 'cnn', steps, repeats, warmup, build}  mnist-cnn (the lecture's CNN, batch 128), run(steps) `repeats` times: training samples per second
// build: 'default' (engine.mjs, bit-identical to native) or 'relaxed' (the
// opt-in engine-relaxed.mjs, fused multiply-add). A benchmark never falls
// back: if this browser rejects the relaxed module, the job fails.
import createDefault from '../../build/wasm/engine.mjs';
import { Engine } from '../../bindings/facade.mjs';

const DATA = ['mnist-train.bin', 'mnist-test.bin'];

async function fetchBytes(name) {
  const url = new URL(`../../build/data/${name}`, import.meta.url);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The chosen build's module, checked to be that build. */
async function createEngine(build = 'default') {
  if (build !== 'default' && build !== 'relaxed') throw new Error(`unknown build ${build}`);
  const create = build === 'relaxed' ? (await import('../../build/wasm/engine-relaxed.mjs')).default : createDefault;
  const M = await create();
  const want = build === 'relaxed' ? 'relaxed-simd' : 'simd128';
  const got = typeof M.engineBuild === 'function' ? M.engineBuild() : 'simd128';
  if (got !== want) throw new Error(`asked for the ${want} build, got ${got}`);
  return M;
}

async function mlp({ seed = 1, build }) {
  const engine = new Engine(await createEngine(build));
  for (const name of DATA) engine.provideDataFile(name, await fetchBytes(name));
  // the engine parses and checks the files on the first configure: keep that out of the timing
  const probe = engine.newSession();
  probe.configure('mnist-mlp', { epochs: '1', train_limit: '1', batch_size: '1' });
  probe.delete();

  const session = engine.newSession();
  const info = session.configure('mnist-mlp', { epochs: '1', seed: String(seed) });
  const e = info.experiment;
  const all = 60000;
  const limit = e.data?.train_limit ?? 0;
  const count = limit > 0 ? Math.min(limit, all) : all;
  const val = Math.round(count * (e.data?.validation_split ?? 0));
  const train = count - val;
  const batch = e.schedule?.batch_size ?? 1;
  const steps = Math.ceil(train / batch);

  // all steps but the last, then the last (which also runs the epoch's end and the test set)
  const t0 = performance.now();
  let m = session.run(steps - 1);
  const t1 = performance.now();
  while (!m.done) m = session.run(1);
  const t2 = performance.now();
  if (m.diverged) throw new Error('diverged');
  const reports = session.reports();
  const last = reports[reports.length - 1];
  const perStep = (t1 - t0) / (steps - 1);
  const trainSeconds = (t1 - t0 + perStep) / 1000;
  session.delete();
  return {
    build: engine.build, samples: train, batch, steps, seed,
    train_seconds: trainSeconds,                      // the steps' time, last step estimated as the mean one
    eval_seconds: (t2 - t1 - perStep) / 1000,         // the last call minus one step: epoch end + test set
    total_seconds: (t2 - t0) / 1000,                  // run() from the first step to done
    samples_per_s: train / trainSeconds,
    train_accuracy: last.accuracy ?? reports.findLast((r) => r.accuracy !== undefined)?.accuracy,
    test_accuracy: last.test_accuracy,
    validation_split: e.data?.validation_split ?? 0,
  };
}

async function gemm({ n = 256, reps = 30, inner = 10, build }) {
  const M = await createEngine(build);
  if (typeof M.benchGemm !== 'function') return { available: false };
  const seconds = M.benchGemm(n, reps, inner);
  if (!(seconds > 0)) throw new Error(`benchGemm(${n}, ${reps}, ${inner}) returned ${seconds}`);
  return { available: true, build: M.engineBuild?.() ?? 'simd128', n, reps, inner, seconds, gflops: (2 * n ** 3) / seconds / 1e9 };
}

/**
 * The autoencoder lab's preset as the page runs it: configure (data generated, kept out of the
 * timing), then run(one epoch's steps) until done; each epoch's last step also runs the
 * validation pass on the 2,000 test points, the final one the lab's end-of-run losses.
 * `warmup` epochs first in a separate session (compilation tiers), not timed.
 */
async function autoencoder({ epochs = 20, warmup = 2, build }) {
  const engine = new Engine(await createEngine(build));
  const epochMs = [];
  const runSession = (n, record) => {
    const session = engine.newSession();
    const e = session.configure('autoencoder', { epochs: String(n) }).experiment;
    const steps = Math.ceil(e.data.train / e.schedule.batch_size);
    let m;
    const t0 = performance.now();
    do {
      const t = performance.now();
      m = session.run(steps);
      if (record) epochMs.push(performance.now() - t);
    } while (!m.done);
    const ms = performance.now() - t0;
    if (m.diverged) throw new Error('diverged');
    const last = session.reports().at(-1);
    session.delete();
    return { ms, steps, last, e };
  };
  if (warmup > 0) runSession(warmup, false);
  const { ms, steps, last, e } = runSession(epochs, true);
  return {
    build: engine.build, epochs, warmup, steps_per_epoch: steps, batch: e.schedule.batch_size, train: e.data.train, test: e.data.test,
    total_seconds: ms / 1000, ms_per_epoch: ms / epochs, epoch_ms_median: median(epochMs),
    final_loss: last.loss, final_val_loss: last.val_loss,
  };
}

/**
 * The GAN lab's preset as the page runs it: mnist-train.bin handed over, configure (the file
 * parsed and scaled on the first configure: a probe session, not timed), `warmup` steps in a
 * separate session (compilation tiers, not timed), then configure('gan-mnist', {steps}) and
 * run(1) until done, each call timed: one step = the discriminator on 128 reals + 128 fakes,
 * then the generator through the frozen discriminator on 128 new noise vectors.
 */
async function gan({ steps = 20, warmup = 2, build }) {
  const engine = new Engine(await createEngine(build));
  engine.provideDataFile('mnist-train.bin', await fetchBytes('mnist-train.bin'));
  const runSession = (n, record) => {
    const session = engine.newSession();
    session.configure('gan-mnist', { steps: String(n) });
    const stepMs = [];
    let m;
    const t0 = performance.now();
    do {
      const t = performance.now();
      m = session.run(1);
      if (record) stepMs.push(performance.now() - t);
    } while (!m.done);
    const ms = performance.now() - t0;
    if (m.diverged) throw new Error('diverged');
    const last = session.reports().at(-1);
    session.delete();
    return { ms, stepMs, last };
  };
  runSession(Math.max(1, warmup), false);
  const { ms, stepMs, last } = runSession(steps, true);
  return {
    build: engine.build, steps, warmup, batch: 128,
    total_seconds: ms / 1000, steps_per_s: steps / (ms / 1000), step_ms_median: median(stepMs),
    d_loss: last.d_loss, g_loss: last.g_loss, d_real: last.d_real, d_fake: last.d_fake,
  };
}

/**
 * The LSTM lab's presets as the page runs them: the airline CSV handed over, configure, then
 * run(one epoch's steps: 90 at batch 1) until done; each epoch ends with its loss report, the
 * last also with the train and test RMSE. `warmup` epochs first in a separate session
 * (compilation tiers), not timed.
 */
async function lstm({ preset = 'lstm-airline-steps', epochs = 40, warmup = 2, build }) {
  const engine = new Engine(await createEngine(build));
  engine.provideDataFile('airline-passengers.csv', await fetchBytes('airline-passengers.csv'));
  const epochMs = [];
  const runSession = (n, record) => {
    const session = engine.newSession();
    session.configure(preset, { epochs: String(n) });
    const d = session.describe();
    const steps = Math.ceil(d.data.train / d.experiment.schedule.batch_size);
    let m;
    const t0 = performance.now();
    do {
      const t = performance.now();
      m = session.run(steps);
      if (record) epochMs.push(performance.now() - t);
    } while (!m.done);
    const ms = performance.now() - t0;
    if (m.diverged) throw new Error('diverged');
    const reports = session.reports();
    session.delete();
    return { ms, steps, last: reports.at(-1), loss: reports.findLast((r) => r.loss !== undefined)?.loss };
  };
  if (warmup > 0) runSession(warmup, false);
  const { ms, steps, last, loss } = runSession(epochs, true);
  return {
    build: engine.build, preset, epochs, warmup, steps_per_epoch: steps,
    total_seconds: ms / 1000, ms_per_epoch: ms / epochs, epoch_ms_median: median(epochMs),
    final_loss: loss, train_rmse: last.train_rmse, test_rmse: last.test_rmse,
  };
}

/**
 * The CNN lab's lecture preset as the page runs it: both MNIST files handed over, configure
 * (parsing kept out of the timing), `warmup` steps, then run(steps) `repeats` times, each timed;
 * the run never reaches its epoch's end (no test-set pass inside the timing).
 */
async function cnn({ steps = 2, repeats = 3, warmup = 2, build }) {
  const engine = new Engine(await createEngine(build));
  for (const name of DATA) engine.provideDataFile(name, await fetchBytes(name));
  const session = engine.newSession();
  const info = session.configure('mnist-cnn', {});
  const batch = info.experiment.schedule.batch_size;
  session.run(warmup);
  const sps = [];
  for (let r = 0; r < repeats; ++r) {
    const t = performance.now();
    const m = session.run(steps);
    const ms = performance.now() - t;
    if (m.ran !== steps || m.diverged) throw new Error(`run(${steps}) ran ${m.ran} steps${m.diverged ? ', diverged' : ''}`);
    sps.push((steps * batch) / (ms / 1000));
  }
  const loss = session.reports().findLast((r) => r.batch_loss !== undefined || r.loss !== undefined);
  session.delete();
  return { build: engine.build, preset: 'mnist-cnn', batch, steps, repeats, warmup, samples_per_s: median(sps), samples_per_s_all: sps, last_report: loss ?? null };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const TASKS = { mlp, gemm, autoencoder, gan, lstm, cnn };

self.onmessage = async ({ data: job }) => {
  try {
    const result = TASKS[job.task] ? await TASKS[job.task](job) : null;
    if (!result) throw new Error(`unknown task ${job.task}`);
    self.postMessage({ ok: true, result });
  } catch (e) {
    self.postMessage({ ok: false, error: e?.stack ?? String(e) });
  }
};

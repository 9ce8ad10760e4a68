// web/src/worker.ts: the only code that loads the engine (the build the page
// chose, through engine-loader.ts). It owns one training run
// (configure/start/pause/step/reset) and, in a second instance of the same
// worker, the sweep and seeds batches (batch.ts). Training goes in slices of
// ~15 ms of Session.run(k), k adapted to the measured time, then a yield
// through a MessageChannel so a `pause` posted meanwhile is handled before the
// next slice. A slice only keeps its sampled curve points; what the page draws
// is posted at most ~10 times a second (one `metrics` message, typed arrays
// transferred) and the decision maps at most ~4 times a second (less when a
// map costs more), so nearly all of the worker's time goes to training. Pause,
// Step and the end of the run flush everything at once (maps included), so the
// page's final state is exact.
import type { EngineApi, SessionApi } from './engine-types';
import { loadWorkerEngine } from './engine-loader';
import type { ConfigureMsg, Described, KnobValues, MetricsMsg, ToWorker } from './protocol';
import { CURVE_POINTS } from './protocol';
import { CurveSampler, strideFor } from './curve-sampler';
import { computeMaps } from './grid';
import { cancelBatch, startBatch } from './batch';
import { yieldToEvents } from './yield';
import { checkKnobs, iterationsOf, post } from './worker-util';

const SLICE_MS = 15;
/** Metrics (counter, curve, reports, network, flips, outputs) at most this often while training. */
const PUBLISH_MS = 100;
/** Maps at most this often, and at most ~1/MAPS_BUDGET of the time (a 64x64 forward of a wide net is not free). */
const MAPS_MS = 250;
const MAPS_BUDGET = 30;

interface Run {
  runId: number;
  preset: string;
  knobs: KnobValues;
  session: SessionApi;
  describe: Described;
  iterations: number;
  sampler: CurveSampler;
  step: number;
  reportsSent: number;
  done: boolean;
  diverged: boolean;
  lastError: number;
  pendingSteps: number[];         // curve points sampled since the last metrics message
  pendingErrors: number[];
  nextPublishAt: number;          // performance.now() after which metrics are sent again
  nextMapAt: number;              // performance.now() after which maps are sent again
}

let engine: EngineApi | null = null;
let run: Run | null = null;
let running = false;
let loopToken = 0;

function onConfigure(msg: ConfigureMsg): void {
  const eng = needEngine();
  if (!eng.presets().some((p) => p.name === msg.preset)) throw new Error(`unknown lab "${msg.preset}"`);
  const { good, rejected } = checkKnobs(eng, msg.preset, msg.knobs);
  const session = eng.newSession();
  let info;
  try {
    info = session.configure(msg.preset, good);
  } catch (e) {
    session.delete();
    throw e;
  }
  stopLoop();
  run?.session.delete();
  const iterations = iterationsOf(info);
  run = {
    runId: msg.runId, preset: msg.preset, knobs: good, session, describe: info, iterations,
    sampler: new CurveSampler(strideFor(iterations, CURVE_POINTS)),
    step: 0, reportsSent: 0, done: false, diverged: false, lastError: NaN,
    pendingSteps: [], pendingErrors: [], nextPublishAt: 0, nextMapAt: 0,
  };
  post({ type: 'configured', runId: msg.runId, preset: msg.preset, knobs: good, rejected, describe: info, iterations });
  publish(run, true);
}

function stopLoop(): void {
  running = false;
  loopToken++;
}

/**
 * Runs k steps of the current run and keeps the slice's sampled curve points. At the end of the
 * run (or with `flush`) posts the metrics and maps at once, then `done` at the end.
 */
function slice(r: Run, k: number, flush: boolean): void {
  const start = r.step;
  const res = r.session.run(k);
  r.step = res.step;
  r.done = res.done;
  r.diverged = res.diverged;
  r.lastError = res.lastError;
  const { steps, errors } = r.sampler.sample(r.session.curve(), start);
  for (let i = 0; i < steps.length; i++) {
    r.pendingSteps.push(steps[i]);
    r.pendingErrors.push(errors[i]);
  }
  if (flush || r.done) publish(r, true);
  if (r.done) {
    running = false;
    post({ type: 'done', runId: r.runId, step: r.step, diverged: r.diverged, lastError: r.lastError });
    postState(r);
  }
}

/** Posts the run's state as the page draws it: one `metrics` message (maps when due or `withMaps`). */
function publish(r: Run, withMaps: boolean): void {
  const steps = Float64Array.from(r.pendingSteps);
  const errors = Float64Array.from(r.pendingErrors);
  r.pendingSteps = [];
  r.pendingErrors = [];
  const all = r.session.reports();
  const reports = all.slice(r.reportsSent);
  r.reportsSent = all.length;
  const params = r.session.params();
  const flips = r.session.updateFlips();
  const outputs = r.session.outputs();
  const msg: MetricsMsg = {
    type: 'metrics', runId: r.runId, step: r.step, lastError: r.lastError,
    curveSteps: steps, curveErrors: errors, reports, params, flips, outputs,
  };
  const transfer: Transferable[] = [steps.buffer, errors.buffer, params.buffer, flips.buffer, outputs.buffer];
  const now = performance.now();
  if (withMaps || now >= r.nextMapAt) {
    const maps = computeMaps(r.session, r.describe);
    const after = performance.now();
    r.nextMapAt = after + Math.max(MAPS_MS, MAPS_BUDGET * (after - now));
    msg.maps = maps;
    transfer.push(maps.output.buffer, maps.hidden.buffer);
  }
  r.nextPublishAt = performance.now() + PUBLISH_MS;
  post(msg, transfer);
}

function postState(r: Run): void {
  post({ type: 'state', runId: r.runId, running, step: r.step, done: r.done });
}

async function trainLoop(r: Run, token: number): Promise<void> {
  let k = 16;
  while (running && token === loopToken && run === r && !r.done) {
    const t0 = performance.now();
    slice(r, k, false);
    const t1 = performance.now();
    const dt = t1 - t0;
    k = Math.max(1, Math.min(k * 4, Math.round((k * SLICE_MS) / Math.max(dt, 0.25)), 1_000_000));
    if (!r.done && t1 >= r.nextPublishAt) publish(r, false);
    await yieldToEvents();
  }
}

const handlers: { [T in ToWorker['type']]: (msg: Extract<ToWorker, { type: T }>) => void } = {
  configure: onConfigure,
  reset(msg) {
    if (!run) throw new Error('reset before configure');
    onConfigure({ type: 'configure', runId: msg.runId, preset: run.preset, knobs: run.knobs });
  },
  start(msg) {
    const r = current(msg.runId);
    if (!r || running) return;
    if (r.done) return postState(r);
    running = true;
    postState(r);
    void trainLoop(r, ++loopToken).catch((e: Error) => {
      running = false;
      post({ type: 'error', runId: r.runId, message: e.message, stack: e.stack });
    });
  },
  pause(msg) {
    const r = current(msg.runId);
    if (!r) return;
    const wasRunning = running;
    stopLoop();
    if (wasRunning && !r.done) publish(r, true);   // the page shows exactly where it stopped
    postState(r);
  },
  step(msg) {
    const r = current(msg.runId);
    if (!r || r.done) return;
    stopLoop();
    slice(r, Math.max(1, msg.count ?? 1), true);
    if (!r.done) postState(r);
  },
  sweep(msg) {
    startBatch(needEngine(), msg);
  },
  seeds(msg) {
    startBatch(needEngine(), msg);
  },
  cancel() {
    cancelBatch();
  },
};

function current(runId: number): Run | null {
  return run && run.runId === runId ? run : null;
}

function needEngine(): EngineApi {
  if (!engine) throw new Error('the engine is still loading');
  return engine;
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  const handle = handlers[msg.type] as ((m: ToWorker) => void) | undefined;
  if (!handle) return post({ type: 'error', runId: msg.runId, message: `unknown message "${msg.type}"` });
  try {
    handle(msg);
  } catch (e) {
    const err = e as Error;
    post({ type: 'error', runId: msg.runId, message: err.message ?? String(e), stack: err.stack });
  }
};

// Builds a number and a date formatter once: the first Intl formatter in a renderer process loads
// its locale data (20-60 ms); done here, off the main thread, before `ready`, the page's own
// formatters (uPlot's, the step counter's) find that data loaded.
new Intl.NumberFormat(navigator.language).format(1);
new Intl.DateTimeFormat().resolvedOptions();

loadWorkerEngine<EngineApi>().then(
  (loaded) => {
    engine = loaded.engine;
    post({ type: 'ready', runId: 0, presets: engine.presets(), engine: loaded.info });
  },
  (e: Error) => post({ type: 'error', runId: 0, message: `the engine failed to load: ${e.message}` }),
);

// web/src/mnist/worker.ts: the MNIST lab's worker, the only code of the page
// that loads the engine (the build the page chose, through ../engine-loader.ts).
// On `load` it fetches the two data files (progress, Cache Storage), hands
// them to the engine and sends the page the test set and a sample of
// training digits (buffers transferred). It owns one training
// run (configure/start/pause/reset): slices of ~15 ms of Session.run(k), never
// crossing an epoch's end so each epoch's time is exact, one `metrics` message
// per slice, then a yield so a `pause` posted meanwhile is heard. The
// notebook's exercise trains two more sessions, one after the other.
import type { EngineApi, SessionApi } from './engine-types';
import { loadWorkerEngine } from '../engine-loader';
import type { ConfigureMsg, Described, EpochReport, ExerciseMsg, ExerciseRun, FromWorker, KnobValues, MetricsMsg, Rejected, ToWorker } from './protocol';
import { CURVE_POINTS, DATA_FILES } from './protocol';
import { fetchDataFile, forgetDataFile, parseDigits, sampleDigits } from './data';
import { yieldToEvents } from '../yield';

const SLICE_MS = 15;
const SAMPLE_DIGITS = 90;

interface Run {
  runId: number;
  preset: string;
  knobs: KnobValues;
  session: SessionApi;
  describe: Described;
  stepsPerEpoch: number;
  totalSteps: number;
  step: number;
  done: boolean;
  diverged: boolean;
  seconds: number;                // training time so far
  epochSeconds: number;           // training time of the current epoch
  epochLossSum: number;
  epochLossCount: number;
  epochTimes: number[];           // seconds of each finished epoch
  reportsSent: number;
  stride: number;                 // steps per curve point
  bucketSum: number;
  bucketCount: number;
  bucketStart: number;
  pendingSteps: number[];
  pendingLoss: number[];
}

let engine: EngineApi | null = null;
let enginePromise: Promise<EngineApi>;
let dataPromise: Promise<number> | null = null;   // resolves to the training set's size
let dataUrls: Record<string, string> = {};
let run: Run | null = null;
let running = false;
let loopToken = 0;
let exerciseToken = 0;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(msg, transfer);
}

// ---- data ------------------------------------------------------------------

function load(base: string): Promise<number> {
  if (dataPromise) return dataPromise;
  dataPromise = (async () => {
    const eng = await enginePromise;
    const files: Uint8Array[] = [];
    for (const name of DATA_FILES) {
      const url = new URL(`data/${name}`, base).href;
      dataUrls[name] = url;
      files.push(await fetchDataFile(name, url, (loaded, total, cached) =>
        post({ type: 'progress', runId: 0, file: name, loaded, total, cached })));
    }
    const [trainBytes, testBytes] = files;
    const train = parseDigits(DATA_FILES[0], trainBytes);
    const test = parseDigits(DATA_FILES[1], testBytes);
    eng.provideDataFile(DATA_FILES[0], trainBytes);
    eng.provideDataFile(DATA_FILES[1], testBytes);
    // the engine checks both files (sizes, labels, payload hash) on its first configure
    const probe = eng.newSession();
    try {
      probe.configure('mnist-mlp', { epochs: '1', train_limit: '1', batch_size: '1' });
    } catch (e) {
      const message = (e as Error).message;
      for (const name of DATA_FILES) if (message.includes(name)) await forgetDataFile(dataUrls[name]);
      throw e;
    } finally {
      probe.delete();
    }
    const samples = sampleDigits(train, SAMPLE_DIGITS);
    post({ type: 'data', runId: 0, test, samples, trainCount: train.count },
      [test.pixels.buffer as ArrayBuffer, samples.pixels.buffer as ArrayBuffer, samples.labels.buffer as ArrayBuffer]);
    return train.count;
  })();
  dataPromise.catch((e: Error) => post({ type: 'error', runId: 0, fatal: true, message: e.message, stack: e.stack }));
  return dataPromise;
}

// ---- the lab's run -----------------------------------------------------------

function checkKnobs(eng: EngineApi, preset: string, knobs: KnobValues): { good: KnobValues; rejected: Rejected[] } {
  const rejected = eng.checkKnobs(preset, knobs);
  const bad = new Set(rejected.map((r) => r.knob));
  const good: KnobValues = {};
  for (const [k, v] of Object.entries(knobs)) if (!bad.has(k)) good[k] = v;
  return { good, rejected };
}

/** Training and validation sizes and steps per epoch, as the engine's trainer counts them. */
function shape(info: Described, trainCount: number): { train: number; val: number; stepsPerEpoch: number; epochs: number } {
  const e = info.experiment;
  const limit = e.data?.train_limit ?? 0;
  const all = limit > 0 ? Math.min(limit, trainCount) : trainCount;
  const val = Math.round(all * (e.data?.validation_split ?? 0));
  const train = all - val;
  const batch = e.schedule?.batch_size ?? 1;
  return { train, val, stepsPerEpoch: Math.ceil(train / batch), epochs: e.schedule?.epochs ?? 1 };
}

async function onConfigure(msg: ConfigureMsg): Promise<void> {
  const eng = await enginePromise;
  let trainCount: number;
  try {
    trainCount = await (dataPromise ?? Promise.reject(new Error('configure before load')));
  } catch {
    return;                       // the load error has been posted (fatal)
  }
  if (!eng.presets().some((p) => p.name === msg.preset)) throw new Error(`unknown lab "${msg.preset}"`);
  const { good, rejected } = checkKnobs(eng, msg.preset, msg.knobs);
  const session = eng.newSession();
  let info: Described;
  try {
    info = session.configure(msg.preset, good);
  } catch (e) {
    session.delete();
    throw e;
  }
  stopLoop();
  run?.session.delete();
  const s = shape(info, trainCount);
  const totalSteps = s.stepsPerEpoch * s.epochs;
  run = {
    runId: msg.runId, preset: msg.preset, knobs: good, session, describe: info,
    stepsPerEpoch: s.stepsPerEpoch, totalSteps,
    step: 0, done: false, diverged: false, seconds: 0, epochSeconds: 0, epochLossSum: 0, epochLossCount: 0,
    epochTimes: [], reportsSent: 0,
    stride: Math.max(1, Math.ceil(totalSteps / CURVE_POINTS)), bucketSum: 0, bucketCount: 0, bucketStart: 0,
    pendingSteps: [], pendingLoss: [],
  };
  post({
    type: 'configured', runId: msg.runId, preset: msg.preset, knobs: good, rejected, describe: info,
    stepsPerEpoch: s.stepsPerEpoch, epochs: s.epochs, trainCount: s.train, valCount: s.val,
  });
}

function stopLoop(): void {
  running = false;
  loopToken++;
}

/** Runs k steps (never past the end of the current epoch) and keeps the curve and timing. */
function slice(r: Run, k: number): void {
  const toEpochEnd = r.stepsPerEpoch - (r.step % r.stepsPerEpoch);
  const n = Math.max(1, Math.min(k, toEpochEnd));
  const t0 = performance.now();
  const res = r.session.run(n);
  const dt = (performance.now() - t0) / 1000;
  r.seconds += dt;
  r.epochSeconds += dt;
  const curve = r.session.curve();
  for (let i = 0; i < curve.length; i++) {
    const loss = curve[i];
    if (!Number.isFinite(loss)) continue;
    r.epochLossSum += loss;
    r.epochLossCount++;
    if (r.bucketCount === 0) r.bucketStart = r.step + i;
    r.bucketSum += loss;
    r.bucketCount++;
    if (r.bucketCount === r.stride) flushBucket(r);
  }
  r.step = res.step;
  r.done = res.done;
  r.diverged = res.diverged;
  if (r.step % r.stepsPerEpoch === 0 || r.done) {
    flushBucket(r);
    r.epochTimes.push(r.epochSeconds);
  }
  publish(r);
  if (r.step % r.stepsPerEpoch === 0 || r.done) {
    r.epochSeconds = 0;
    r.epochLossSum = 0;
    r.epochLossCount = 0;
  }
  if (r.done) {
    running = false;
    const predicted = r.diverged ? new Uint8Array(0) : r.session.predictedClasses();
    post({ type: 'done', runId: r.runId, step: r.step, diverged: r.diverged, seconds: r.seconds, predicted }, [predicted.buffer as ArrayBuffer]);
    postState(r);
  }
}

function flushBucket(r: Run): void {
  if (r.bucketCount === 0) return;
  r.pendingSteps.push(r.bucketStart + (r.bucketCount - 1) / 2);
  r.pendingLoss.push(r.bucketSum / r.bucketCount);
  r.bucketSum = 0;
  r.bucketCount = 0;
}

function publish(r: Run): void {
  const curveSteps = Float64Array.from(r.pendingSteps);
  const curveLoss = Float64Array.from(r.pendingLoss);
  r.pendingSteps = [];
  r.pendingLoss = [];
  const all = r.session.reports();
  const reports: EpochReport[] = all.slice(r.reportsSent).map((rep, i) => ({
    step: rep.step, epoch: rep.epoch ?? r.reportsSent + i + 1, loss: rep.loss, accuracy: rep.accuracy ?? NaN,
    val_loss: rep.val_loss, val_accuracy: rep.val_accuracy, test_loss: rep.test_loss, test_accuracy: rep.test_accuracy,
    seconds: r.epochTimes[(rep.epoch ?? r.reportsSent + i + 1) - 1] ?? r.epochSeconds,
  }));
  r.reportsSent = all.length;
  const msg: MetricsMsg = {
    type: 'metrics', runId: r.runId, step: r.step,
    epochLoss: r.epochLossCount ? r.epochLossSum / r.epochLossCount : NaN, epochSeconds: r.epochSeconds,
    curveSteps, curveLoss, reports,
  };
  post(msg, [curveSteps.buffer, curveLoss.buffer]);
}

function postState(r: Run): void {
  post({ type: 'state', runId: r.runId, running, step: r.step, done: r.done });
}

/** The next slice size: about SLICE_MS of work, growing at most 4x per slice. */
function nextK(k: number, ms: number): number {
  return Math.max(1, Math.min(k * 4, Math.round((k * SLICE_MS) / Math.max(ms, 0.25)), 100_000));
}

async function trainLoop(r: Run, token: number): Promise<void> {
  let k = 1;
  while (running && token === loopToken && run === r && !r.done) {
    const t0 = performance.now();
    slice(r, k);
    k = nextK(k, performance.now() - t0);
    await yieldToEvents();
  }
}

// ---- the notebook's exercise -----------------------------------------------------

async function exercise(msg: ExerciseMsg, token: number): Promise<void> {
  const eng = await enginePromise;
  const trainCount = await (dataPromise ?? Promise.reject(new Error('exercise before load')));
  const { good } = checkKnobs(eng, msg.preset, msg.knobs);
  const runs: ExerciseRun[] = msg.batches.map((b) => ({ batch: b, step: 0, steps: 0, seconds: 0, done: false }));
  for (const entry of runs) {
    const session = eng.newSession();
    try {
      let info;
      try {
        info = session.configure(msg.preset, { ...good, batch_size: String(entry.batch), epochs: '1' });
      } catch (e) {
        // e.g. "batch_size: 10000 is larger than the training set (5000 examples)": shown in its row
        entry.error = (e as Error).message;
        entry.done = true;
        post({ type: 'exercise', runId: msg.runId, runs: runs.map((x) => ({ ...x })), finished: false });
        continue;
      }
      entry.steps = shape(info, trainCount).stepsPerEpoch;
      let k = 1;
      let lastPost = 0;
      while (!entry.done) {
        if (token !== exerciseToken) return;
        const t0 = performance.now();
        const res = session.run(k);
        const ms = performance.now() - t0;
        entry.seconds += ms / 1000;
        entry.step = res.step;
        entry.done = res.done;
        k = nextK(k, ms);
        if (entry.done) {
          const last = session.reports().at(-1);
          entry.testAccuracy = last?.test_accuracy;
          entry.testLoss = last?.test_loss;
        }
        if (entry.done || performance.now() - lastPost > 100) {
          lastPost = performance.now();
          post({ type: 'exercise', runId: msg.runId, runs: runs.map((x) => ({ ...x })), finished: false });
        }
        await yieldToEvents();
      }
    } finally {
      session.delete();
    }
  }
  post({ type: 'exercise', runId: msg.runId, runs, finished: true });
}

// ---- messages ------------------------------------------------------------------

type Handler<T extends ToWorker['type']> = (msg: Extract<ToWorker, { type: T }>) => void | Promise<void>;

const handlers: { [T in ToWorker['type']]: Handler<T> } = {
  load(msg) {
    void load(msg.base).catch(() => undefined);   // reported by load()
  },
  configure: onConfigure,
  reset(msg) {
    if (!run) throw new Error('reset before configure');
    return onConfigure({ type: 'configure', runId: msg.runId, preset: run.preset, knobs: run.knobs });
  },
  start(msg) {
    const r = current(msg.runId);
    if (!r || running) return;
    if (r.done) return postState(r);
    exerciseToken++;              // the lab's run and the exercise never share the worker
    running = true;
    postState(r);
    void trainLoop(r, ++loopToken).catch((e: Error) => {
      running = false;
      post({ type: 'error', runId: r.runId, message: e.message, stack: e.stack });
      postState(r);
    });
  },
  pause(msg) {
    const r = current(msg.runId);
    if (!r) return;
    stopLoop();
    postState(r);
  },
  predict(msg) {
    const r = current(msg.runId);
    if (!r) return;
    const layers = r.session.forward(msg.pixels, 1);
    const probs = layers[layers.length - 1].slice();
    post({ type: 'prediction', runId: msg.runId, probs }, [probs.buffer]);
  },
  exercise(msg) {
    if (run && running) {
      stopLoop();
      postState(run);
    }
    const token = ++exerciseToken;
    return exercise(msg, token);
  },
};

function current(runId: number): Run | null {
  return run && run.runId === runId ? run : null;
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  const handle = handlers[msg.type] as ((m: ToWorker) => void | Promise<void>) | undefined;
  const fail = (e: unknown) => {
    const err = e as Error;
    post({ type: 'error', runId: msg.runId, message: err.message ?? String(e), stack: err.stack });
  };
  if (!handle) return fail(new Error(`unknown message "${msg.type}"`));
  try {
    const p = handle(msg);
    if (p) p.catch(fail);
  } catch (e) {
    fail(e);
  }
};

enginePromise = loadWorkerEngine<EngineApi>().then((loaded) => {
  engine = loaded.engine;
  post({ type: 'ready', runId: 0, presets: engine.presets(), engine: loaded.info });
  return engine;
});
enginePromise.catch((e: Error) => post({ type: 'error', runId: 0, fatal: true, message: `the engine failed to load: ${e.message}` }));

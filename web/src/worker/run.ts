// web/src/worker/run.ts: the lab's run, the same for every lab: configure,
// start, pause, step, phase, reset, speed. Training goes in slices of ~15 ms of
// Session.run(k), k adapted to the measured time (never across an epoch's
// end, so each epoch's time is exact), then a yield so a `pause` posted
// meanwhile is handled first. With a speed cap the loop runs only as many
// steps as the cap allows and sleeps in between (here, not on the page). A
// `metrics` message goes at most ~10 times a second, at each epoch's end and
// on pause/step/end; the views the lab asked for ride along (each at most
// every `everyMs`, and at most ~1/30 of the time), so nearly all the time
// goes to training.
import type { EngineApi, SessionApi } from '../engine-types';
import type { ConfigureMsg, Described, Diverging, KnobValues, MetricsMsg, Report, SavedCurve, SaveTarget, ViewData, ViewRequest } from '../protocol';
import { CURVE_POINTS } from '../protocol';
import { CurveSampler, strideFor } from './curve';
import { shapeOf, type RunShape } from './schedule';
import { buffersOf, serveView, viewNames } from './views';
import { MessageError } from '../protocol-check';
import { checkKnobs, divergingOf, needPreset, nextK, post, sleep } from './util';
import { yieldToEvents } from '../yield';

const SLICE_MS = 15;
const PUBLISH_MS = 100;
const VIEW_BUDGET = 30;

interface Run {
  runId: number; preset: string; knobs: KnobValues; views: ViewRequest[];
  session: SessionApi; describe: Described; shape: RunShape; sampler: CurveSampler;
  step: number; done: boolean; diverged: boolean; diverging: Diverging | null;
  seconds: number; epochSeconds: number; epochSum: number; epochCount: number;
  reportsSent: number; secondsAtReport: number;
  nextPublishAt: number; nextViewAt: Map<string, number>;
}

let run: Run | null = null;
let running = false;
let loopToken = 0;
let stepsPerSecond = 0;

export function configureRun(eng: EngineApi, msg: ConfigureMsg): void {
  needPreset(eng, msg.preset);
  const { good, rejected } = checkKnobs(eng, msg.preset, msg.knobs);
  const session = eng.newSession();
  let describe: Described;
  try {
    describe = session.configure(msg.preset, good);
    const names = viewNames(describe);
    msg.views.forEach((v, i) => {
      if (!names.includes(v.name)) throw new MessageError(`views[${i}].name`, `unknown view "${v.name}" (views: ${names.join(', ')})`);
    });
  } catch (e) {
    session.delete();
    throw e;
  }
  stopLoop();
  run?.session.delete();
  const shape = shapeOf(describe);
  run = {
    runId: msg.runId, preset: msg.preset, knobs: good, views: msg.views, session, describe, shape,
    sampler: new CurveSampler(strideFor(shape.schedule.total_steps, CURVE_POINTS)),
    step: 0, done: false, diverged: false, diverging: null, seconds: 0, epochSeconds: 0, epochSum: 0, epochCount: 0,
    reportsSent: 0, secondsAtReport: 0, nextPublishAt: 0, nextViewAt: new Map(),
  };
  post({ type: 'configured', runId: msg.runId, preset: msg.preset, knobs: good, rejected, describe,
    schedule: shape.schedule, data: shape.data, curveMetric: shape.curveMetric });
  publish(run, true);
}

export function current(runId: number): Run | null {
  return run && run.runId === runId ? run : null;
}

/** The knobs and preset of the current run (for reset). */
export function currentSetup(): { preset: string; knobs: KnobValues; views: ViewRequest[] } | null {
  return run && { preset: run.preset, knobs: run.knobs, views: run.views };
}

function stopLoop(): void {
  running = false;
  loopToken++;
}

/**
 * Runs up to k steps (not past the epoch's end), or with `part` one phase of a step; keeps the curve,
 * publishes when due (with the phase views after a phase); `done` at the end.
 */
function slice(r: Run, k: number, flush: boolean, part?: string): number {
  const perEpoch = r.shape.schedule.steps_per_epoch;
  const n = perEpoch > 0 ? Math.max(1, Math.min(k, perEpoch - (r.step % perEpoch))) : k;
  const start = r.step;
  const t0 = performance.now();
  const res = part === undefined ? r.session.run(n) : r.session.phase(part);
  const dt = (performance.now() - t0) / 1000;
  r.seconds += dt;
  r.epochSeconds += dt;
  const curve = r.session.curve();
  r.sampler.add(curve, start);
  if (perEpoch > 0) {
    for (let i = 0; i < curve.length; i++) if (Number.isFinite(curve[i])) { r.epochSum += curve[i]; r.epochCount++; }
  }
  r.step = res.step;
  r.done = res.done;
  r.diverged = res.diverged;
  r.diverging = divergingOf(res);
  const epochEnd = perEpoch > 0 && r.step % perEpoch === 0;
  if (epochEnd || r.done) r.sampler.close();
  if (r.done && r.shape.schedule.unit === 'iterations') {
    // the final report (measured after the last update) closes an iteration run's curve
    const last = r.session.reports().at(-1);
    if (last && last.step === r.step) r.sampler.push(last.step, last[r.shape.curveMetric] ?? NaN);
  }
  if (flush || r.done || epochEnd || performance.now() >= r.nextPublishAt) publish(r, flush || r.done, part !== undefined);
  if (epochEnd) {
    r.epochSeconds = 0;
    r.epochSum = 0;
    r.epochCount = 0;
  }
  if (r.done) {
    running = false;
    post({ type: 'done', runId: r.runId, step: r.step, diverged: r.diverged, diverging: r.diverging, seconds: r.seconds });
    postState(r);
  }
  return n;
}

/** One `metrics` message: new curve points and reports, the live epoch, and the views due (all of them with `all`; the phase views after a phase). */
function publish(r: Run, all: boolean, phased = false): void {
  const { steps, values } = r.sampler.take();
  const every = r.session.reports();
  const fresh = every.slice(r.reportsSent);
  r.reportsSent = every.length;
  const share = fresh.length ? (r.seconds - r.secondsAtReport) / fresh.length : 0;
  if (fresh.length) r.secondsAtReport = r.seconds;
  const reports: Report[] = fresh.map((rep) => ({ ...rep, seconds: share }));
  const perEpoch = r.shape.schedule.steps_per_epoch;
  const live = perEpoch > 0 && r.step % perEpoch !== 0 && r.epochCount
    ? { loss: r.epochSum / r.epochCount, seconds: r.epochSeconds } : null;
  const views: Record<string, ViewData> = {};
  const transfer: Transferable[] = [steps.buffer, values.buffer];
  for (const want of r.views) {
    const due = want.when === 'publish' ? all || performance.now() >= (r.nextViewAt.get(want.name) ?? 0)
      : want.when === 'end' ? r.done && !r.diverged : want.when === 'phase' && phased;
    if (!due) continue;
    const t0 = performance.now();
    const v = serveView(r.session, r.describe, want.name);
    const t1 = performance.now();
    r.nextViewAt.set(want.name, t1 + Math.max(want.everyMs ?? 0, VIEW_BUDGET * (t1 - t0)));
    views[want.name] = v;
    transfer.push(...buffersOf(v));
  }
  r.nextPublishAt = performance.now() + PUBLISH_MS;
  const msg: MetricsMsg = { type: 'metrics', runId: r.runId, step: r.step, curveSteps: steps, curveValues: values,
    tail: r.sampler.tail(), reports, live, views, diverging: r.diverging };
  post(msg, transfer);
}

function postState(r: Run): void {
  post({ type: 'state', runId: r.runId, running, step: r.step, done: r.done });
}

async function trainLoop(r: Run, token: number): Promise<void> {
  let k = 1;
  let allowance = 0;
  let last = performance.now();
  const live = () => running && token === loopToken && run === r && !r.done;
  while (live()) {
    let n = k;
    if (stepsPerSecond > 0) {
      const now = performance.now();
      allowance = Math.min(allowance + ((now - last) * stepsPerSecond) / 1000, Math.max(1, stepsPerSecond / 10));
      last = now;
      if (allowance < 1) {
        await sleep(Math.min(100, ((1 - allowance) * 1000) / stepsPerSecond));
        continue;
      }
      n = Math.min(k, Math.floor(allowance));
      allowance -= n;
    } else {
      last = performance.now();
    }
    const t0 = performance.now();
    const ran = slice(r, n, false);
    k = nextK(k, ran, performance.now() - t0, SLICE_MS);
    await yieldToEvents();
  }
}

export function startRun(runId: number): void {
  const r = current(runId);
  if (!r || running) return;
  if (r.done) return postState(r);
  running = true;
  postState(r);
  void trainLoop(r, ++loopToken).catch((e: Error) => {
    running = false;
    post({ type: 'error', runId: r.runId, message: e.message, stack: e.stack });
    postState(r);
  });
}

export function pauseRun(runId: number): void {
  const r = current(runId);
  if (!r) return;
  const wasRunning = running;
  stopLoop();
  if (wasRunning && !r.done) publish(r, true);   // the page shows exactly where it stopped
  postState(r);
}

export function stepRun(runId: number, count: number): void {
  const r = current(runId);
  if (!r || r.done) return;
  stopLoop();
  slice(r, Math.max(1, count), true);
  if (!r.done) postState(r);
}

/** One phase of a step (the engine refuses one out of order, naming the one due); stops a running loop first. */
export function phaseRun(runId: number, part: string): void {
  const r = current(runId);
  if (!r || r.done) return;
  stopLoop();
  try {
    slice(r, 1, true, part);
  } finally {
    if (!r.done) postState(r);
  }
}

export function setSpeed(perSecond: number): void {
  stepsPerSecond = perSecond;
}

export function runView(runId: number, name: string, input?: Float64Array): void {
  const r = current(runId);
  if (!r) return;
  const view = serveView(r.session, r.describe, name, input);
  post({ type: 'view-data', runId, name, view }, buffersOf(view));
}

export function runForward(runId: number, input: Float64Array, rows: number): void {
  const r = current(runId);
  if (!r) return;
  const layers = r.session.forward(input, rows);
  const output = layers[layers.length - 1].slice();
  post({ type: 'forwarded', runId, output }, [output.buffer]);
}

/** The run's state as a model file (engine/train/state.h), its buffer transferred to the page. */
export function saveRunState(runId: number, to: SaveTarget): void {
  const r = current(runId);
  if (!r) throw new MessageError('runId', 'save before configure');
  const t0 = performance.now();
  let bytes: ArrayBuffer;
  try {
    bytes = r.session.saveState();
  } catch (e) {
    // The page's own autosave is best effort: a save that fails (say, no memory left for a second
    // copy of a big state) is simply not kept, and no error reaches the student, who asked for
    // nothing; the page asks again later. Save model says why.
    if (to === 'storage') return;
    throw e;
  }
  if (to === 'storage') {
    const blob = new Blob([bytes]);   // copied here, in the worker: IndexedDB keeps a Blob without touching the page's thread
    const { steps, values } = r.sampler.taken();
    post({ type: 'saved-state', runId, to, step: r.step, ms: performance.now() - t0, bytes: blob, curveSteps: steps, curveValues: values },
      [steps.buffer, values.buffer]);
  } else {
    post({ type: 'saved-state', runId, to, step: r.step, ms: performance.now() - t0, bytes }, [bytes]);
  }
}

/**
 * Continues the run from a model file: stopped first; a refused file throws (the engine leaves the run as it
 * was). The page then starts its charts again from the file's reports (`configured`, then `metrics`).
 */
export function loadRunState(runId: number, bytes: ArrayBuffer, curve: Partial<SavedCurve> = {}): void {
  const r = current(runId);
  if (!r) throw new MessageError('runId', 'load before configure');
  const wasRunning = running;
  stopLoop();
  try {
    r.session.loadState(bytes);
  } catch (e) {
    if (wasRunning) startRun(runId);
    throw e;
  }
  const res = r.session.run(0);
  Object.assign(r, {
    step: res.step, done: res.done, diverged: res.diverged, diverging: divergingOf(res), seconds: 0, epochSeconds: 0, epochSum: 0, epochCount: 0,
    reportsSent: 0, secondsAtReport: 0, nextPublishAt: 0, nextViewAt: new Map(),
    sampler: new CurveSampler(strideFor(r.shape.schedule.total_steps, CURVE_POINTS)),
  });
  if (curve.curveSteps && curve.curveValues) r.sampler.restore(curve.curveSteps, curve.curveValues);   // the saved run's curve, drawn again
  post({ type: 'configured', runId, preset: r.preset, knobs: r.knobs, rejected: [], describe: r.describe,
    schedule: r.shape.schedule, data: r.shape.data, curveMetric: r.shape.curveMetric });
  publish(r, true);
  postState(r);
}

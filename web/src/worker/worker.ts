// web/src/worker/worker.ts: the one training worker, for every lab, and the
// only code of the page that loads the engine (the build the page chose,
// through ../engine-loader.ts). Every message is checked in one place
// (../protocol-check.ts) and handled by one handler in a try/catch, so a bad
// message, an unknown preset or view, or an engine error becomes an `error`
// message naming the field, and the worker stays usable. It never learns a
// lab's panels: presets, view names and data file names arrive as data.
import type { EngineApi } from '../engine-types';
import type { ToWorker } from '../protocol';
import { checkMessage, MessageError, runIdOf } from '../protocol-check';
import { loadWorkerEngine } from '../engine-loader';
import { blameDataFile, dataReady, loadData } from './data';
import { configureRun, currentSetup, loadRunState, pauseRun, phaseRun, runForward, runView, saveRunState, setSpeed, startRun, stepRun } from './run';
import { cancelBatch, startBatch } from './batch';
import { checkKnobs, needPreset, post } from './util';

let engine: EngineApi | null = null;
const enginePromise = loadWorkerEngine<EngineApi>();

type Handler<T extends ToWorker['type']> = (msg: Extract<ToWorker, { type: T }>, eng: EngineApi) => void | Promise<void>;

const handlers: { [T in ToWorker['type']]: Handler<T> } = {
  load: (msg, eng) => loadData(eng, msg),
  provide: (msg, eng) => eng.provideDataFile(msg.name, msg.bytes),
  async configure(msg, eng) {
    needPreset(eng, msg.preset);
    try {
      await dataReady();
    } catch {
      return;                     // the data error has been posted (fatal)
    }
    try {
      configureRun(eng, msg);
    } catch (e) {
      const message = (e as Error).message;
      if (await blameDataFile(message)) {
        post({ type: 'error', runId: msg.runId, message, fatal: true });
        return;
      }
      throw e;
    }
  },
  check(msg, eng) {
    needPreset(eng, msg.preset);
    post({ type: 'checked', runId: msg.runId, rejected: checkKnobs(eng, msg.preset, msg.knobs).rejected });
  },
  start: (msg) => startRun(msg.runId),
  pause: (msg) => pauseRun(msg.runId),
  step: (msg) => stepRun(msg.runId, msg.count ?? 1),
  phase: (msg) => phaseRun(msg.runId, msg.part),
  reset(msg, eng) {
    const setup = currentSetup();
    if (!setup) throw new MessageError('type', 'reset before configure');
    return handlers.configure({ type: 'configure', runId: msg.runId, ...setup }, eng);
  },
  speed: (msg) => setSpeed(msg.stepsPerSecond),
  view: (msg) => runView(msg.runId, msg.name, msg.input),
  forward: (msg) => runForward(msg.runId, msg.input, msg.rows),
  async batch(msg, eng) {
    needPreset(eng, msg.preset);
    await dataReady();
    startBatch(eng, msg);
  },
  cancel: () => cancelBatch(),
  'save-state': (msg) => saveRunState(msg.runId, msg.to),
  'load-state': (msg) => loadRunState(msg.runId, msg.bytes, msg),
  async 'data-csv'(msg, eng) {
    await dataReady().catch(() => undefined);   // MNIST's sets need their files; the engine names a missing one
    post({ type: 'csv', runId: msg.runId, name: msg.name, csv: eng.dataCsv(msg.name, msg.rows) });
  },
};

self.onmessage = async (ev: MessageEvent<unknown>) => {
  const runId = runIdOf(ev.data);
  try {
    const msg = checkMessage(ev.data);
    const eng = engine ?? (await enginePromise).engine;
    await (handlers[msg.type] as (m: ToWorker, e: EngineApi) => void | Promise<void>)(msg, eng);
  } catch (e) {
    const err = e as Error;
    post({ type: 'error', runId, message: err.message ?? String(e), field: e instanceof MessageError ? e.field : undefined, stack: err.stack });
  }
};

// Builds a number and a date formatter once: the first Intl formatter in a renderer process loads
// its locale data (20-60 ms); done here, off the main thread, before `ready`, the page's own
// formatters (uPlot's, the step counter's) find that data loaded.
new Intl.NumberFormat(navigator.language).format(1);
new Intl.DateTimeFormat().resolvedOptions();

// The engine's memory ({mallocBytes, memoryBytes}: bindings/bindings.cpp), read from DevTools and
// by tests/page/memory.test.mjs (Playwright's worker.evaluate); nothing on the page calls it.
Object.defineProperty(self, 'synapseMemoryUse', { value: () => engine?.memoryUse() ?? null });

enginePromise.then(
  (loaded) => {
    engine = loaded.engine;
    const presets = engine.presets();
    post({ type: 'ready', runId: 0, presets, labs: engine.labs(), engine: loaded.info });
  },
  (e: Error) => post({ type: 'error', runId: 0, fatal: true, message: `the engine failed to load: ${e.message}` }),
);

// web/src/shell/autosave.ts: nothing lost on a reload. While a run trains the
// page asks the worker for the run's state (engine/train/state.h: weights,
// optimizer state, step, reports) every few seconds, and once more when it
// pauses or ends, and keeps the newest in the browser's storage (IndexedDB)
// with the share link it belongs to. How often is one rule (saveEvery): a save
// stops training while the worker writes the state (a GAN's is 40 MB), so the
// wait after a save grows with what it cost, keeping saving near 2 % of the
// time, but never past 15 s, the most a student can lose. Opening that link again (a reload, the tab
// reopened tomorrow) offers "Resume where you stopped (step N)", which loads
// the state into the fresh run: it continues bit-identically.
import type { SavedCurve, SavedStateMsg, ToWorker } from '../protocol';
import { $, count } from '../views/dom';

const SHARE = 0.02;       // saving's share of the time (worker plus storage), where the bound below allows
const MIN_MS = 5000;      // small states (XOR's few KB, MNIST's 1 MB): every 5 s
const MAX_MS = 15_000;    // the most training a reload or crash can lose, however big the state
const TICK_MS = 500;

/** The wait after a save that cost `costMs` (the worker's time plus the storage's write) before the next. */
export function saveEvery(costMs: number): number {
  return Math.min(MAX_MS, Math.max(MIN_MS, costMs / SHARE));
}
const DB = 'synapse-runs', STORE = 'runs', KEY = 'last';

export interface SavedRun extends Partial<SavedCurve> { link: string; step: number; bytes: ArrayBuffer; savedAt: number }

function store<T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(STORE, mode);
      const req = act(tx.objectStore(STORE));
      tx.oncomplete = () => { resolve(req.result); open.result.close(); };   // written, not just queued
      tx.onerror = tx.onabort = () => { reject(tx.error ?? req.error); open.result.close(); };
    };
  });
}

/** As stored: the state as a Blob, which IndexedDB keeps by reference (an ArrayBuffer it would serialize on the page's thread). */
type StoredRun = Omit<SavedRun, 'bytes'> & { bytes: Blob | ArrayBuffer };

/** The newest saved run (any link), or undefined when there is none or the storage is unavailable. */
export function readSaved(): Promise<SavedRun | undefined> {
  return store<StoredRun | undefined>('readonly', (s) => s.get(KEY))
    .then(async (r) => r && { ...r, bytes: r.bytes instanceof Blob ? await r.bytes.arrayBuffer() : r.bytes })
    .catch(() => undefined);
}

export interface AutosaveHost {
  send(msg: ToWorker, transfer?: Transferable[]): void;
  runId(): number;
  running(): boolean;
  /** The loaded state is being put into the run. */
  loading(): void;
}

export function wireAutosave(host: AutosaveHost) {
  let wasRunning = false;
  let every = MIN_MS;       // saveEvery of the last save's cost
  let dueAt = Infinity;     // the next save while training
  let askedAt = -Infinity;  // a save on its way (never two at once); one unanswered for MAX_MS is given up
  const asked = () => performance.now() - askedAt < MAX_MS;
  const ask = () => {
    askedAt = performance.now();
    dueAt = Infinity;
    host.send({ type: 'save-state', runId: host.runId(), to: 'storage' });
  };
  setInterval(() => { if (host.running() && !asked() && performance.now() >= dueAt) ask(); }, TICK_MS);
  const stored = (costMs: number) => {
    askedAt = -Infinity;
    every = saveEvery(costMs);
    dueAt = performance.now() + every;
  };
  return {
    /** The worker's state for the storage (a Blob: nothing copied on this thread), kept with the link it belongs to. */
    saved(msg: SavedStateMsg): void {
      const t0 = performance.now();
      const blob = msg.bytes instanceof Blob ? msg.bytes : new Blob([msg.bytes]);   // the worker sends a Blob
      const run: StoredRun = { link: location.hash, step: msg.step, bytes: blob, savedAt: Date.now(),
        curveSteps: msg.curveSteps, curveValues: msg.curveValues };   // the curve as the page drew it, drawn again on resume
      void store('readwrite', (s) => s.put(run, KEY)).then(() => {
        const writeMs = performance.now() - t0;
        stored(msg.ms + writeMs);
        Object.assign(document.body.dataset, { savedStep: String(msg.step), saveMs: msg.ms.toFixed(2),
          saveWriteMs: writeMs.toFixed(2), saveBytes: String(blob.size), saveEveryMs: String(Math.round(every)) });
      }, () => stored(msg.ms));
    },
    /** The worker's run state: once it stops (paused or done) after running, save at once; a start waits one interval. */
    state(running: boolean): void {
      if (!running && wasRunning) ask();
      else if (running && !wasRunning && !asked()) dueAt = performance.now() + every;
      wasRunning = running;
    },
    /** A fresh run from a link: offer the state saved for this link, if any. */
    async offer(): Promise<void> {
      const run = await readSaved();
      $('resume-offer')?.remove();
      if (!run || run.link !== location.hash || run.step === 0) return;
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'resume-offer';
      button.textContent = `Resume where you stopped (step ${count(run.step)})`;
      button.addEventListener('click', () => {
        button.remove();
        host.loading();
        const bytes = run.bytes.slice(0);
        host.send({ type: 'load-state', runId: host.runId(), bytes, curveSteps: run.curveSteps, curveValues: run.curveValues }, [bytes]);
      });
      $('reset').after(button);
    },
  };
}

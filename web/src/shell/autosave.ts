// web/src/shell/autosave.ts: nothing lost on a reload. While a run trains the
// page asks the worker for the run's state (engine/train/state.h: weights,
// optimizer state, step, reports) every few seconds, and once more when it
// pauses or ends, and keeps the newest in the browser's storage (IndexedDB)
// with the share link it belongs to. Opening that link again (a reload, the tab
// reopened tomorrow) offers "Resume where you stopped (step N)", which loads
// the state into the fresh run: it continues bit-identically.
import type { SavedStateMsg, ToWorker } from '../protocol';
import { $, count } from '../views/dom';

const EVERY_MS = 5000;
const DB = 'synapse-runs', STORE = 'runs', KEY = 'last';

export interface SavedRun { link: string; step: number; bytes: ArrayBuffer; savedAt: number }

function store<T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = act(open.result.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => { resolve(req.result); open.result.close(); };
      req.onerror = () => { reject(req.error); open.result.close(); };
    };
  });
}

/** The newest saved run (any link), or undefined when there is none or the storage is unavailable. */
export function readSaved(): Promise<SavedRun | undefined> {
  return store<SavedRun | undefined>('readonly', (s) => s.get(KEY)).catch(() => undefined);
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
  const ask = () => host.send({ type: 'save-state', runId: host.runId(), to: 'storage' });
  setInterval(() => { if (host.running()) ask(); }, EVERY_MS);   // every few seconds while training
  return {
    /** The worker's state for the storage: kept with the link it belongs to. */
    saved(msg: SavedStateMsg): void {
      const run: SavedRun = { link: location.hash, step: msg.step, bytes: msg.bytes, savedAt: Date.now() };
      void store('readwrite', (s) => s.put(run, KEY)).then(() => {
        document.body.dataset.savedStep = String(msg.step);
        document.body.dataset.saveMs = msg.ms.toFixed(2);
      }, () => undefined);
    },
    /** The worker's run state: once it stops (paused or done) after running, save at once. */
    state(running: boolean): void {
      if (!running && wasRunning) ask();
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
        host.send({ type: 'load-state', runId: host.runId(), bytes }, [bytes]);
      });
      $('reset').after(button);
    },
  };
}

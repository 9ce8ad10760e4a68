// web/src/shell/recovery.ts: a crashed worker does not end the lesson. When the
// training worker dies (an uncaught error, a message it could not read) or the
// engine traps (a WebAssembly RuntimeError, an abort, out of memory), the page
// says what happened in words, starts a new worker with the same engine build,
// configures the same run and loads the last state autosave.ts kept in the
// browser's storage - or, when the run crashes again before a newer save (or
// while it is being restored), the same save it was restored from. The lab is
// not told of the restart: its charts keep every point, and the points and
// report lines the restored run repeats (from the save up to the crash,
// bit-identical) are not passed on twice. With no save for this run it starts
// over, and says so. A crash loop stops: after MAX_WITHOUT_PROGRESS restarts in
// a row in which the run got no further (no newer save, no step past the
// previous crash's) the next crash ends the lesson with words, and the dead
// worker is terminated (host.fail).
import type { FromWorker, MetricsMsg, ToWorker } from '../protocol';
import type { Status } from '../labs/types';
import { readSaved, type SavedRun } from './autosave';
import { $, count } from '../views/dom';

/** Restarts in a row without progress; the crash after them is not restarted. */
const MAX_WITHOUT_PROGRESS = 3;

export interface RecoveryHost {
  send(msg: ToWorker, transfer?: Transferable[]): void;
  runId(): number;
  step(): number;
  status(): Status;
  /** The page has had a working worker (else a failure is a failed start, not a crash). */
  started(): boolean;
  /** Replaces the worker with a new one of the same build (the run is configured again on `ready`). */
  restart(text: string): void;
  /** Gives up: the worker is terminated and the page shows the failure. */
  fail(text: string): void;
}

/** A crash in words: what the raw error (an ErrorEvent's message, a trap's text) means for the student. */
export function crashInWords(raw: string): string {
  if (/out of memory|Cannot enlarge memory|\bOOM\b|allocation failed/i.test(raw)) return 'out of memory';
  if (/memory access out of bounds/i.test(raw)) return 'an engine error (a memory access out of bounds)';
  if (/unreachable|RuntimeError|Aborted/i.test(raw)) return `an engine error (${raw.replace(/^Uncaught /, '')})`;
  return raw ? `an unexpected error (${raw.replace(/^Uncaught /, '')})` : 'an unexpected error';
}

/** An `error` message that is an engine trap (the engine's memory can no longer be trusted), not a refusal. */
function isTrap(msg: Extract<FromWorker, { type: 'error' }>): boolean {
  return /^RuntimeError\b/.test(msg.stack ?? '') || /^Aborted\(|out of memory|Cannot enlarge memory/i.test(msg.message);
}

export class Recovery {
  private phase: 'idle' | 'restarting' | 'loading' = 'idle';
  private saved: SavedRun | null = null;   // the save to restore (null: none for this run)
  private restored: SavedRun | null = null; // the save this run was last restored from (kept for a crash before a newer one)
  private stalled = 0;                      // crashes in a row without progress
  private lastCrashStep = -1;               // the step the previous crash came at
  private restartStep = 0;                  // the step the run was restarted from (a save's, or 0)
  private newerSave = false;                // a save past restartStep was stored since the last restart
  private savedRun = -1;                    // the runId whose state was last saved to the storage
  private lastCurve = -1;                   // the last curve point and report line the lab was given
  private lastReport = -1;
  private loadAnswered = false;
  private reading = false;                  // the save is being read: the dying worker is not yet replaced             // the restored run's own `configured` has come
  private note = '';

  constructor(private host: RecoveryHost) {}

  /** The lab's charts are kept: a restored run's `configured` must not clear them. */
  keepsCharts(): boolean {
    return this.phase === 'loading';
  }

  /** The worker is being replaced after a crash (its `ready` configures the same knobs). */
  restarting(): boolean {
    return this.phase !== 'idle';
  }

  /** Every worker message passes here first: returns it (a restored run's metrics trimmed), or null to drop it. */
  filter(msg: FromWorker): FromWorker | null {
    if (msg.runId !== this.host.runId() && msg.type !== 'error') return msg;
    switch (msg.type) {
      case 'error':
        if (!isTrap(msg)) return msg;
        this.crashed(msg.message);
        return null;
      case 'saved-state':
        if (msg.to === 'storage') {
          this.savedRun = msg.runId;
          if (msg.step > this.restartStep) this.newerSave = true;
        }
        return msg;
      case 'configured':
        if (this.phase === 'restarting') this.configured();
        else if (this.phase === 'loading') this.loadAnswered = true;
        else if (this.phase === 'idle') {   // a new run: nothing to restore, no crash counted
          this.lastCurve = this.lastReport = -1;
          this.restored = null;
          this.stalled = this.restartStep = 0;
          this.lastCrashStep = -1;
          this.newerSave = false;
          const note = document.getElementById('crash-note');
          if (note) note.hidden = true;
        }
        return msg;
      case 'metrics':
        return this.trim(msg);
      case 'state':
        if (this.phase === 'loading' && this.loadAnswered) this.finish();
        return msg;
      default:
        return msg;
    }
  }

  /** The worker died (`raw`: what the browser or engine said). */
  crashed(raw: string): void {
    if (!this.host.started()) return this.host.fail(`the training worker failed: ${raw || 'could not start'}`);
    if (this.reading) return;                 // the same worker failing again before it is replaced
    const step = this.host.step();
    const what = crashInWords(raw);
    this.stalled = this.newerSave || step > this.lastCrashStep ? 1 : this.stalled + 1;
    this.lastCrashStep = step;
    this.newerSave = false;
    if (this.stalled > MAX_WITHOUT_PROGRESS) {
      this.phase = 'idle';
      this.show(`The engine stopped again: ${what}. It stopped ${this.stalled} times in a row without the run getting any further, so it is not restarted again: reload the page to try once more.`);
      return this.host.fail(`the engine stopped ${this.stalled} times in a row without the run getting any further`);
    }
    const when = this.host.status() === 'running' ? ' while training' : '';
    // this run's newest save in the storage; else (none since the restore, or a crash while restoring) the one it came from
    const fromStorage = this.savedRun === this.host.runId() && this.phase === 'idle';
    const lost = `The engine stopped: ${what}${when} (step ${count(step)}).`;
    this.phase = 'restarting';
    this.show(`The engine stopped: ${what}. Restarting it…`);
    this.reading = true;
    // the save is read before the new worker starts, so its `configured` knows at once whether the charts stay
    void (fromStorage ? readSaved() : Promise.resolve(undefined)).then((run) => {
      this.saved = run && run.link === location.hash ? run : this.restored;
      this.restored = this.saved;
      this.restartStep = this.saved?.step ?? 0;
      this.note = this.saved ? `${lost} Restarted from the last save at step ${count(this.saved.step)}.`
        : `${lost} Nothing had been saved yet, so the run starts over.`;
      this.reading = false;
      this.host.restart('the engine stopped: restarting it…');
    });
  }

  /** The new worker configured the same run: load the save into it, or (none) go on from the start. */
  private configured(): void {
    if (!this.saved) {
      this.lastCurve = this.lastReport = -1;   // the lab starts its charts over with the run
      return this.finish();
    }
    this.phase = 'loading';
    this.loadAnswered = false;
    const bytes = this.saved.bytes.slice(0);
    this.host.send({ type: 'load-state', runId: this.host.runId(), bytes }, [bytes]);
  }

  private finish(): void {
    if (this.phase === 'loading' && this.saved) this.savedRun = this.host.runId();   // the save still stands for the restored run
    this.phase = 'idle';
    this.saved = null;
    this.show(this.note);
  }

  /** Curve points and report lines the lab already has are not given twice. */
  private trim(msg: MetricsMsg): MetricsMsg {
    let k = 0;
    while (k < msg.curveSteps.length && msg.curveSteps[k] <= this.lastCurve) k++;
    const reports = msg.reports.filter((r) => r.step > this.lastReport);
    const out = k || reports.length < msg.reports.length
      ? { ...msg, curveSteps: msg.curveSteps.subarray(k), curveValues: msg.curveValues.subarray(k), reports } : msg;
    if (out.curveSteps.length) this.lastCurve = out.curveSteps[out.curveSteps.length - 1];
    if (out.reports.length) this.lastReport = out.reports[out.reports.length - 1].step;
    return out;
  }

  private show(text: string): void {
    let note = document.getElementById('crash-note');
    if (!note) {
      note = Object.assign(document.createElement('div'), { id: 'crash-note', className: 'banner banner-warn' });
      note.setAttribute('role', 'status');
      $('error-banner').after(note);
    }
    note.hidden = false;
    note.textContent = text;
  }
}

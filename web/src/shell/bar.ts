// web/src/shell/bar.ts: the run control bar: the buttons' states and labels,
// the status line and the step/epoch counter (from the run's schedule, as
// the worker gave it), with a note after the status while a run is diverging
// (run-end.ts). Also the body's data attributes the tests read.
import type { Schedule } from '../protocol';
import type { Status } from '../labs/types';
import { $, count } from '../views/dom';

export interface BarState { status: Status; runId: number; step: number; schedule: Schedule | null; blocked: boolean; pending: boolean }

let note = '';

/** Words after the status until cleared ('' clears): the next drawBar shows them. */
export function setStatusNote(text: string): void {
  note = text;
}

/** The run is over: it finished, or went wrong on the way (Train starts it again). */
export const ended = (s: Status): boolean => s === 'done' || s === 'diverged' || s === 'diverging';

export function drawBar(s: BarState, text: string): void {
  document.body.dataset.status = s.status;
  document.body.dataset.runId = String(s.runId);   // lets tests tell one run from the next
  $('status').textContent = note ? `${text} (${note})` : text;
  const busy = s.status === 'loading' || s.status === 'failed';
  const train = $<HTMLButtonElement>('train');
  enable(train, !(busy || s.status === 'running' || s.blocked));
  enable($('pause'), s.status === 'running');
  enable($('step-once'), !(busy || ended(s.status)));
  enable($('reset'), !busy);
  train.textContent = s.pending && s.step > 0 && s.status !== 'running' ? 'Train (new settings)'
    : ended(s.status) ? 'Train again' : s.status === 'paused' ? 'Resume' : 'Train';
  drawCounter(s);
}

/**
 * The bar's buttons are never `disabled`: a focused button that becomes disabled drops the keyboard
 * focus to the body. aria-disabled says they do nothing now (and their handlers check enabled()).
 */
function enable(button: HTMLElement, on: boolean): void {
  button.setAttribute('aria-disabled', String(!on));
  (button as HTMLButtonElement).disabled = false;
}

export function enabled(button: HTMLElement): boolean {
  return button.getAttribute('aria-disabled') !== 'true';
}

let shown = '';

export function drawCounter(s: Pick<BarState, 'step' | 'schedule'>): void {
  const sc = s.schedule;
  const key = `${s.step} ${sc?.total_steps} ${sc?.steps_per_epoch}`;
  if (key === shown) return;
  shown = key;
  const step = $('step');
  step.textContent = count(s.step);
  step.dataset.step = String(s.step);
  $('steps').textContent = sc ? count(sc.total_steps) : '–';
  const per = sc?.steps_per_epoch ?? 0;
  $('epoch-part').hidden = per === 0;
  if (per > 0 && sc) {
    $('epochs').textContent = String(sc.epochs);
    $('epoch').textContent = String(Math.min(sc.epochs, Math.floor(s.step / per) + (s.step % per ? 1 : 0)));
  }
}

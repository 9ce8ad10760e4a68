// web/src/shell/run-end.ts: how a run ends, in words, and the warning while it
// heads there. Two ways to go wrong (engine/train/divergence.h): a loss that
// became NaN or infinite stops the run at once (`diverged`); a loss that stays
// finite but explodes far above its start (over 10,000 times the first step's)
// makes the run *diverging* — it trains on to its end, so the warning shows in
// the banner above the lab's charts and in the bar's status as soon as a
// `metrics` message says so, and the run ends as `diverging`, not `done`. A new
// run (configure, reset, Train again) clears both.
import type { Diverging, DoneMsg, KnobValues, Preset } from '../protocol';
import type { Status } from '../labs/types';
import { knobValue } from '../labs/common';
import { $, count } from '../views/dom';
import { setStatusNote } from './bar';

/** A loss as the warning prints it: three significant digits ("2.30"), or "7.6e9" from 10,000 up. */
export function lossText(v: number): string {
  return Math.abs(v) >= 1e4 ? v.toExponential(1).replace('e+', 'e') : v.toPrecision(3);
}

/** What the loss did: "the loss went from 2.30 to 7.6e9 by step 12" (the warning's words, and a batch member's). */
export function lossJump(d: Diverging): string {
  return `the loss went from ${lossText(d.firstLoss)} to ${lossText(d.loss)} by step ${count(d.step)}`;
}

/** The warning's sentence: what the loss did, and what to try (the learning-rate knob, where the lab has one). */
export function divergingText(d: Diverging, knobs: KnobValues, preset: Preset): string {
  const lr = knobValue(knobs, preset, 'lr');
  const advice = lr === undefined ? 'try smaller learning rates' : `lr = ${lr} is likely too large: try a smaller learning rate`;
  return `Diverging: ${lossJump(d)} — ${advice}.`;
}

function banner(kind: 'warn' | 'error', text: string): void {
  Object.assign($('divergence'), { hidden: false, textContent: text, className: `banner banner-${kind}` });
  $('divergence').dataset.kind = kind === 'warn' ? 'diverging' : 'diverged';
}

let shownStep = -1;   // the diverging step the banner shows, -1: none

/** A metrics message's word on the run: shows the warning once the loss has exploded (the run trains on). */
export function warnDiverging(d: Diverging | null, knobs: KnobValues, preset: Preset | null): void {
  if (!d || !preset || d.step === shownStep) return;
  shownStep = d.step;
  banner('warn', divergingText(d, knobs, preset));
  setStatusNote(`diverging since step ${count(d.step)}`);
}

/** A new run: no warning. */
export function clearRunEnd(): void {
  shownStep = -1;
  $('divergence').hidden = true;
  setStatusNote('');
}

/**
 * The run's end as the status shows it (the state, its words) and the banner for a run that went wrong:
 * `divergedText` is the lab's advice after "Diverged at step N: ".
 */
export function runEnd(msg: DoneMsg, divergedText: string, knobs: KnobValues, preset: Preset): [Status, string] {
  setStatusNote('');
  if (msg.diverged) {
    banner('error', `Diverged at step ${msg.step}: ${divergedText}`);
    return ['diverged', `diverged at step ${msg.step}`];
  }
  if (msg.diverging) {
    shownStep = msg.diverging.step;
    banner('warn', divergingText(msg.diverging, knobs, preset));
    return ['diverging', `diverging (loss ${lossText(msg.diverging.loss)} at step ${count(msg.diverging.step)})`];
  }
  return ['done', `done in ${msg.seconds.toFixed(1)} s of training`];
}

// web/src/labs/mnist/exercise.ts: the notebook's exercise, one epoch with
// batch size 32 then one with 10,000, as a batch of two runs one after the
// other (the shell's generic batch); a row per run: steps, time, test accuracy.
import type { BatchRun, Variant } from '../../protocol';
import { $, count, el } from '../../views/dom';
import { lossJump } from '../../shell/run-end';

export const EXERCISE_BATCHES = [32, 10000];

export function exerciseVariants(): Variant[] {
  return EXERCISE_BATCHES.map((b) => ({ label: `batch_size=${b}`, value: b, knobs: { batch_size: String(b), epochs: '1' } }));
}

export function drawExercise(runs: (Pick<BatchRun, 'value' | 'step' | 'totalSteps' | 'seconds' | 'done' | 'final' | 'error'> & Partial<Pick<BatchRun, 'diverging'>>)[], finished: boolean): void {
  const tbody = $('exercise-rows');
  tbody.replaceChildren();
  for (const r of runs) {
    const tr = el('tr');
    const acc = r.final?.test_accuracy;
    tr.append(
      el('td', 'num', count(r.value)),
      el('td', 'num', r.totalSteps ? `${count(r.step)} / ${count(r.totalSteps)}` : '–'),
      el('td', 'num', r.step ? `${r.seconds.toFixed(1)} s` : '–'),
      r.error ? el('td', 'error', r.error)
        : r.diverging ? el('td', '', `diverging: ${lossJump(r.diverging)}`)
        : el('td', 'num', acc !== undefined ? `${(100 * acc).toFixed(2)} %` : r.step ? 'training…' : '–'),
    );
    tbody.append(tr);
  }
  $('exercise-status').textContent = finished
    ? 'Done. Small batches take many more (cheap) steps and learn far more in one epoch; a batch of 10,000 is only a few steps per epoch.'
    : 'Training…';
  if (finished) {
    document.body.dataset.exercise = 'done';
    $<HTMLButtonElement>('exercise-run').disabled = false;
  }
}

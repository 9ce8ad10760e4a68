// web/src/labs/mnist/log.ts: Keras' verbose=2 printout ("Epoch 1/5" then
// "469/469 - 8.1s - loss: … - accuracy: …"), the test result line, and the
// draw pad's ten class probabilities.
import type { Report, Schedule } from '../../protocol';
import { $, el, f4 } from '../../views/dom';

export function drawLog(reports: Report[], live: { loss: number; seconds: number } | null, step: number, s: Schedule): void {
  const log = $('keras-log');
  const per = s.steps_per_epoch;
  let text = '';
  for (const r of reports) {
    text += `Epoch ${r.epoch}/${s.epochs}\n${per}/${per} - ${(r.seconds ?? 0).toFixed(1)}s - loss: ${f4(r.loss)} - accuracy: ${f4(r.accuracy)}`;
    if (r.val_loss !== undefined) text += ` - val_loss: ${f4(r.val_loss)} - val_accuracy: ${f4(r.val_accuracy)}`;
    if (r.lr !== undefined) text += ` - lr: ${r.lr}`;
    text += '\n';
  }
  // early stopping or the plateau schedule: where the run ended, which epoch's weights it kept (as the CLI words it)
  const end = reports[reports.length - 1];
  if (end?.stopped_epoch !== undefined) text += `Stopped at epoch: ${end.stopped_epoch}\n`;
  if (end?.best_epoch !== undefined) text += `Weights kept from epoch: ${end.best_epoch}\n`;
  log.textContent = text;
  if (live && step > 0 && per > 0) {
    const epoch = Math.floor(step / per) + 1;
    log.append(el('span', 'live', `Epoch ${epoch}/${s.epochs}\n${step % per}/${per} - ${live.seconds.toFixed(1)}s - loss: ${f4(live.loss)}`));
  }
  if (!text && !live) log.textContent = 'Press Train: one line per epoch appears here, as Keras prints it.';
  log.scrollTop = log.scrollHeight;
  const last = reports[reports.length - 1];
  const result = $('test-result');
  if (last?.test_accuracy !== undefined) {
    result.hidden = false;
    result.textContent = `Test loss: ${last.test_loss} · Test accuracy: ${last.test_accuracy}`;
    result.dataset.testAccuracy = String(last.test_accuracy);
    result.dataset.testLoss = String(last.test_loss);
  }
}

export function drawProbs(probs: Float64Array | null, trained: boolean): void {
  const root = $('probs');
  root.replaceChildren();
  if (!probs) {
    root.append(el('p', 'placeholder', 'Draw a digit on the black square.'));
    delete root.dataset.sum;
    return;
  }
  let top = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[top]) top = i;
  root.append(el('p', 'note', `The model says: ${top} (${(100 * probs[top]).toFixed(1)} %)` +
    (trained ? '' : ' — train the model for a meaningful answer')));
  probs.forEach((p, i) => {
    const row = el('div', `prob${i === top ? ' top' : ''}`);
    row.dataset.p = String(p);
    const track = el('span', 'track');
    const fill = el('span', 'fill');
    fill.style.width = `${(100 * p).toFixed(2)}%`;
    track.append(fill);
    row.append(el('span', '', String(i)), track, el('span', 'num', `${(100 * p).toFixed(1)} %`));
    row.setAttribute('aria-label', `${i}: ${(100 * p).toFixed(1)} percent`);
    root.append(row);
  });
  root.dataset.sum = String(probs.reduce((a, b) => a + b, 0));
}

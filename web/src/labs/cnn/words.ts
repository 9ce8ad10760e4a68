// web/src/labs/cnn/words.ts: the CNN lab's sentences: the live training line
// (step, epoch, mean loss so far, images per second), the model's own sizes
// layer by layer (from the engine's `layers` view), and the first conv
// layer's kernel, stride and padding (from describe's experiment) for the
// size grid to start from.
import type { Described, MetricsMsg, Report, Schedule } from '../../protocol';
import { count, f4 } from '../../views/dom';
import type { GridSettings } from './size-grid';
import type { LayerRow } from './summary';

interface Block { kernel_size?: number; strides?: number; padding?: 'valid' | 'same' }

/** Block 1's kernel, stride and padding as the run has them (nothing if the model has no conv block). */
export function gridSettingsOf(d: Described): Partial<GridSettings> {
  const cnn = (d.experiment.model as { cnn?: { blocks?: Block[]; use?: number } } | undefined)?.cnn;
  const b = cnn && (cnn.use ?? 1) > 0 ? cnn.blocks?.[0] : undefined;
  return b ? { k: b.kernel_size, s: b.strides, padding: b.padding } : {};
}

/** "In this model: 28×28 → conv2d_0 28×28 → max_pool_0 14×14 → …" (the engine's shapes). */
export function modelSizesText(rows: LayerRow[], inputSide: number): string {
  const maps = rows.filter((r) => !r.flat);
  if (!maps.length) return 'This model has no conv or pool layer: set conv_blocks to 1 or more to see sizes change.';
  const side = (r: LayerRow) => `${r.h}×${r.w}`;
  const input = `${inputSide}×${inputSide}`;
  return `In this model (the engine's shapes, as in the summary): the ${input} image → ` +
    maps.map((r) => `${r.name} ${side(r)}`).join(' → ') +
    '. Each conv layer\'s kernel, stride and padding, and each pool\'s size and stride, set the next size; try the ' +
    'same rule on the grid below.';
}

/** The line above the loss curve. */
export function liveText(step: number, s: Schedule | null, batch: number, live: MetricsMsg['live'], reports: Report[]): string {
  if (!s || step === 0) return 'Press Train: the batch loss appears here as it falls.';
  const per = s.steps_per_epoch;
  const epoch = per > 0 ? Math.min(s.epochs, Math.floor((step - 1) / per) + 1) : 0;
  let text = `Step ${count(step)} of ${count(s.total_steps)}` + (per > 0 ? ` · epoch ${epoch}/${s.epochs}` : '');
  if (live) {
    const inEpoch = per > 0 ? step % per : step;
    text += ` · mean loss this epoch ${f4(live.loss)}`;
    if (batch > 0 && live.seconds > 0) text += ` · ${count(Math.round((inEpoch * batch) / live.seconds))} images/s`;
  } else {
    const last = reports[reports.length - 1];
    if (last?.loss !== undefined) text += ` · epoch loss ${f4(last.loss)}, accuracy ${f4(last.accuracy)}`;
  }
  return text;
}

// web/src/labs/mnist/grid.ts: hyper-parameter search as the book's chapter 3
// does it: a grid of short runs (a knob down the rows, another across the
// columns, on a subset of the training images for a few epochs), trained one
// after another in the worker (the shell's generic batch), shown as a table
// whose cells are a heat map of the validation accuracy (the test accuracy
// where the preset holds no validation set). Each cell links to the full
// experiment with its two values (the share link, without the subset).
import type { BatchRun, KnobValues, Preset, Variant } from '../../protocol';
import { formatHash } from '../../shell/link';
import { lossJump } from '../../shell/run-end';
import { $, el } from '../../views/dom';

export const MAX_CELLS = 200;

export interface GridSpec {
  rowKnob: string; rowValues: string[];
  colKnob: string; colValues: string[];
  trainLimit: string; epochs: string;
}

/** The comma-separated values of a grid axis, trimmed, empty ones dropped. */
export function axisValues(text: string): string[] {
  return text.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/** One run per cell, row after row; throws a one-line message for a grid over MAX_CELLS or an empty axis. */
export function gridVariants(g: GridSpec): Variant[] {
  if (!g.rowValues.length || !g.colValues.length) throw new Error('grid: give at least one value for the rows and one for the columns');
  if (g.rowKnob === g.colKnob) throw new Error(`grid: the rows and the columns both set ${g.rowKnob}; choose two different knobs`);
  const cells = g.rowValues.length * g.colValues.length;
  if (cells > MAX_CELLS) {
    throw new Error(`grid: ${g.rowValues.length} x ${g.colValues.length} = ${cells} cells is more than ${MAX_CELLS}; ` +
      'search coarsely first (orders of magnitude), then finer around the best');
  }
  const out: Variant[] = [];
  g.rowValues.forEach((r, i) => g.colValues.forEach((c, j) => out.push({
    label: `${g.rowKnob}=${r} ${g.colKnob}=${c}`, value: i * g.colValues.length + j,
    knobs: { [g.rowKnob]: r, [g.colKnob]: c, train_limit: g.trainLimit, epochs: g.epochs },
  })));
  return out;
}

/** The share link of cell (r, c): the knobs applied now with the cell's two values, the full data and epochs. */
export function cellLink(preset: Preset, applied: KnobValues, g: GridSpec, r: number, c: number): string {
  const knobs: KnobValues = { ...applied, [g.rowKnob]: g.rowValues[r], [g.colKnob]: g.colValues[c] };
  return `${location.pathname}${formatHash(preset, knobs)}`;
}

/** White (chance) to deep blue (the best cell) by accuracy; the text stays readable. */
function heat(acc: number, lo: number, hi: number): string {
  const t = hi > lo ? Math.max(0, Math.min(1, (acc - lo) / (hi - lo))) : 1;
  const l = Math.round(97 - 27 * t);   // light enough for dark text at every step
  return `hsl(217 80% ${l}%)`;
}

export function drawGrid(g: GridSpec, runs: Pick<BatchRun, 'value' | 'done' | 'final' | 'error' | 'step' | 'diverged' | 'diverging'>[],
  link: (r: number, c: number) => string, finished: boolean): void {
  const table = $<HTMLTableElement>('grid-table');
  table.replaceChildren();
  // a diverging cell's accuracy is not a result to compare: it is neither coloured nor the best
  const accOf = (run: (typeof runs)[number] | undefined) => run?.diverging ? undefined : run?.final?.val_accuracy ?? run?.final?.test_accuracy;
  const accs = runs.map(accOf).filter((a): a is number => a !== undefined && Number.isFinite(a));
  const lo = 0.1, hi = accs.length ? Math.max(...accs) : 1;   // 0.1: chance with ten classes
  const head = el('tr');
  head.append(el('th', 'corner', `${g.rowKnob} ↓ / ${g.colKnob} →`));
  for (const c of g.colValues) head.append(Object.assign(el('th', 'num', c), { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  let best = -1;
  let bestAcc = -1;
  runs.forEach((run, k) => { const a = accOf(run); if (a !== undefined && a > bestAcc) { bestAcc = a; best = k; } });
  g.rowValues.forEach((r, i) => {
    const tr = el('tr');
    tr.append(Object.assign(el('th', 'num', r), { scope: 'row' }));
    g.colValues.forEach((_, j) => {
      const k = i * g.colValues.length + j;
      const run = runs[k];
      const acc = accOf(run);
      const td = el('td', `cell${k === best && finished ? ' best' : ''}`);
      td.dataset.cell = String(k);
      if (run?.error) {
        td.textContent = 'refused';
        td.title = run.error;
      } else if (run?.diverged) {
        td.textContent = 'diverged';
      } else if (run?.diverging) {
        td.textContent = 'diverging';
        td.title = `${lossJump(run.diverging)}; it trained on to its end`;
        td.dataset.divergingStep = String(run.diverging.step);
      } else if (acc !== undefined) {
        const a = el('a', '', `${(100 * acc).toFixed(1)} %`);
        a.href = link(i, j);
        a.setAttribute('aria-label', `${g.rowKnob} ${r}, ${g.colKnob} ${g.colValues[j]}: ${(100 * acc).toFixed(1)} percent; open as a full experiment`);
        td.append(a);
        td.dataset.accuracy = String(acc);
        td.style.background = heat(acc, lo, hi);
      } else {
        td.textContent = run?.step ? '…' : '';
      }
      tr.append(td);
    });
    tbody.append(tr);
  });
  table.append(thead, tbody);
  const done = runs.filter((r) => r.done).length;
  $('grid-status').textContent = finished
    ? `Done: ${runs.length} runs.` + (best >= 0 ? ` Best: ${runs[best] && labelOf(g, best)} (${(100 * bestAcc).toFixed(1)} %). ` +
      'Open a cell for the full experiment, or search finer around the best.' : '')
    : `Training cell ${Math.min(done + 1, runs.length)} of ${runs.length}…`;
}

function labelOf(g: GridSpec, k: number): string {
  const i = Math.floor(k / g.colValues.length), j = k % g.colValues.length;
  return `${g.rowKnob} ${g.rowValues[i]}, ${g.colKnob} ${g.colValues[j]}`;
}


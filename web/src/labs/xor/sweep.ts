// web/src/labs/xor/sweep.ts: the post's learning-rate sweep. One click trains the
// seven alphas with the other knobs as set; their error curves overlay on a
// log axis, and a table lists each final error (full precision).
import type { BatchStore, StoredRun } from './batch-store';
import { LineChart } from '../../views/chart';
import { el } from '../../views/dom';
import { lossJump } from '../../shell/run-end';

interface Row { tr: HTMLTableRowElement; err: HTMLTableCellElement; verdict: HTMLTableCellElement }

export class SweepView {
  private chart: LineChart;
  private rows: Row[] = [];
  private rowKey = '';

  constructor(chartRoot: HTMLElement, private tbody: HTMLElement, private status: HTMLElement) {
    this.chart = new LineChart(chartRoot, { name: 'error per step for each alpha of the sweep', x: 'step', y: 'error', legend: true, log: true, height: 260 });
  }

  draw(store: BatchStore): void {
    this.chart.setData(store.runs.map((r) => ({ label: r.label, steps: r.steps, values: r.errors })));
    // the rows are built once per batch and then updated in place (only the cells that changed)
    const key = store.runs.map((r) => r.value).join(' ');
    if (key !== this.rowKey || this.rows.length !== store.runs.length) {
      this.rowKey = key;
      this.tbody.replaceChildren();
      this.rows = store.runs.map((r) => {
        const tr = el('tr');
        tr.dataset.alpha = String(r.value);
        const err = el('td', 'num mono final-error');
        const v = el('td');
        tr.append(el('td', 'num', String(r.value)), err, v);
        this.tbody.append(tr);
        return { tr, err, verdict: v };
      });
    }
    store.runs.forEach((r, i) => {
      const row = this.rows[i];
      const text = r.diverged ? 'diverged' : r.diverging ? 'diverging' : Number.isFinite(r.finalError) ? String(r.finalError) : '…';
      if (row.err.textContent !== text) row.err.textContent = text;
      if (Number.isFinite(r.finalError)) row.err.dataset.error = String(r.finalError);
      else delete row.err.dataset.error;
      const word = verdict(r);
      if (row.verdict.textContent !== word) row.verdict.textContent = word;
    });
    const done = store.runs.filter((r) => r.done).length;
    this.status.textContent = store.finished
      ? `All ${store.runs.length} alphas trained for ${store.iterations} steps.`
      : `Training ${store.runs.length} alphas side by side… ${done} done.`;
  }
}

/** A word on how a run ended: learned, still learning (the error fell over its last fifth), stuck, diverged, diverging. */
export function verdict(r: StoredRun): string {
  if (r.diverged) return 'diverged (alpha too large)';
  if (r.diverging) return `diverging: ${lossJump(r.diverging)} (alpha too large)`;
  if (!r.done) return 'training…';
  const e = r.finalError;
  if (!Number.isFinite(e)) return '';
  if (e < 0.01) return 'learned XOR';
  const k = r.steps.findIndex((s) => s >= 0.8 * r.step);
  const earlier = k >= 0 ? r.errors[k] : NaN;
  if (Number.isFinite(earlier) && earlier - e > 1e-3 * earlier) return 'still learning, slowly';
  return e > 0.45 ? 'stuck near 0.5' : 'stuck';
}

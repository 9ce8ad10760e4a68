// web/src/labs/xor/outputs.ts: the network's output for each training input,
// next to its target, with a bar.
import { el } from '../../views/dom';
import type { TinyData } from './data';

export class OutputsView {
  private cells: HTMLElement[] = [];
  private bars: HTMLElement[] = [];

  constructor(private tbody: HTMLElement) {}

  /** One row per training example, labelled once the engine's train_data view has come (data). */
  build(data: TinyData | null, count = 4): void {
    this.tbody.replaceChildren();
    this.cells = [];
    this.bars = [];
    for (let i = 0; i < count; i++) {
      const tr = el('tr');
      const x = data ? data.x[i].join(', ') : `example ${i + 1}`;
      const y = data ? String(data.y[i]) : '?';
      const out = el('td', 'num', '–');
      const barCell = el('td', 'bar-cell');
      const bar = el('span', 'bar');
      barCell.append(bar);
      tr.append(el('td', 'mono', `[${x}]`), el('td', 'num', y), out, barCell);
      this.tbody.append(tr);
      this.cells.push(out);
      this.bars.push(bar);
    }
  }

  update(outputs: Float64Array): void {
    outputs.forEach((v, i) => {
      if (!this.cells[i]) return;
      this.cells[i].textContent = !Number.isFinite(v) ? 'not a number' : v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential(2) : v.toFixed(6);
      const f = Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
      this.bars[i].style.width = `${(f * 100).toFixed(1)}%`;
    });
  }
}

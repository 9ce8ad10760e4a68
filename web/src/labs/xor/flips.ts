// web/src/labs/xor/flips.ts: "update direction changes" — per weight, how many
// times the sign of its update flipped between consecutive steps, as a heat
// table per weight matrix (synapse_0 as inputs x hidden, synapse_1 shown as a
// row). Darker cells flipped more; the count is printed in the cell.
import type { Described, ParamInfo } from '../../protocol';
import { el } from '../../views/dom';

const MAX_COLS = 32;

interface Table { info: ParamInfo; cells: HTMLTableCellElement[]; index: number[]; shown: string[] }

export class FlipsView {
  private tables: Table[] = [];

  constructor(private root: HTMLElement) {}

  build(d: Described): void {
    this.root.replaceChildren();
    this.tables = [];
    d.params.forEach((p, layer) => {
      // a column vector (hidden x 1) reads better as one row
      const transpose = p.cols === 1 && p.rows > 1;
      const R = transpose ? 1 : p.rows;
      const C = Math.min(transpose ? p.rows : p.cols, MAX_COLS);
      const fullC = transpose ? p.rows : p.cols;
      const table = el('table', 'flips');
      const caption = el('caption', '', `${p.name} (${p.rows}×${p.cols})` + (fullC > C ? ` — first ${C} of ${fullC} columns` : ''));
      table.append(caption);
      const head = el('tr');
      const corner = el('th');
      corner.append(el('span', 'sr-only', 'weight from row to column'));
      head.append(corner);
      for (let c = 0; c < C; c++) head.append(el('th', '', unitName(layer, transpose, c, d)));
      const thead = el('thead');
      thead.append(head);
      const tbody = el('tbody');
      const cells: HTMLTableCellElement[] = [];
      const index: number[] = [];
      for (let r = 0; r < R; r++) {
        const tr = el('tr');
        tr.append(el('th', '', transpose ? (layer === d.params.length - 1 ? '→ out' : `→ ${p.name}`) : rowName(layer, r, d)));
        for (let c = 0; c < C; c++) {
          const td = el('td', '', '0');
          tr.append(td);
          cells.push(td);
          index.push(p.offset + (transpose ? c : r * p.cols + c));
        }
        tbody.append(tr);
      }
      table.append(thead, tbody);
      this.root.append(table);
      this.tables.push({ info: p, cells, index, shown: cells.map(() => '') });
    });
  }

  update(flips: Int32Array): void {
    let max = 1;
    for (let i = 0; i < flips.length; i++) max = Math.max(max, flips[i]);
    for (const t of this.tables) {
      t.cells.forEach((td, i) => {
        const v = flips[t.index[i]] ?? 0;
        const f = v / max;
        const alpha = (0.06 + 0.8 * f).toFixed(3);
        const key = `${v} ${alpha}`;
        if (key === t.shown[i]) return;   // only the cells that changed are touched
        t.shown[i] = key;
        td.textContent = String(v);
        td.style.background = `rgba(147, 51, 234, ${alpha})`;
        td.style.color = f > 0.55 ? '#fff' : '#1f2937';
      });
    }
  }
}

function rowName(layer: number, r: number, d: Described): string {
  if (layer === 0) return d.input_width === 3 ? ['x1', 'x2', 'bias'][r] : `x${r + 1}`;
  return `h${r + 1}`;
}

function unitName(layer: number, transpose: boolean, c: number, d: Described): string {
  if (transpose) return rowName(layer, c, d);   // a column vector shown as a row: its columns are its rows
  return layer === d.params.length - 1 && d.params[layer].cols === 1 ? 'out' : `h${c + 1}`;
}

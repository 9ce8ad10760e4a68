// web/src/labs/mnist/evaluation.ts: after training, the test set as the
// model sees it: the engine's 10x10 confusion matrix (rows: true class, columns:
// predicted; shaded by the share of the row), per-class accuracy, and the
// notebook's 9 correctly and 9 wrongly classified digits.
import type { ViewData } from '../../protocol';
import type { Digits } from './digits';
import { digitGrid } from './digits';
import { el } from '../../views/dom';

/** The engine's `confusion` view: [classes, classes], rows the true class. */
export function renderConfusion(table: HTMLTableElement, view: ViewData): void {
  const k = view.shape[0];
  const m = Array.from({ length: k }, (_, r) => Array.from(view.data.subarray(r * k, (r + 1) * k)));
  const thead = el('thead');
  const hr = el('tr');
  hr.append(Object.assign(el('th', 'corner', 'true ↓ / predicted →'), { scope: 'col' }));
  for (let c = 0; c < k; c++) hr.append(Object.assign(el('th', 'mono', String(c)), { scope: 'col' }));
  hr.append(Object.assign(el('th', '', 'accuracy'), { scope: 'col' }));
  thead.append(hr);
  const tbody = el('tbody');
  for (let r = 0; r < k; r++) {
    const tr = el('tr');
    tr.append(Object.assign(el('th', 'mono', String(r)), { scope: 'row' }));
    const rowTotal = m[r].reduce((a, b) => a + b, 0);
    for (let c = 0; c < k; c++) {
      const n = m[r][c];
      const td = el('td', `cell mono num${r === c ? ' diag' : ''}`, String(n));
      td.dataset.count = String(n);
      const share = rowTotal ? n / rowTotal : 0;
      // diagonal in blue, mistakes in red (a mistake shows even when rare); light enough for dark digits
      const alpha = 0.06 + 0.39 * (r === c ? share : Math.min(1, Math.sqrt(share) * 1.6));
      td.style.background = n === 0 ? '' : r === c ? `rgba(37, 99, 235, ${alpha})` : `rgba(220, 38, 38, ${alpha})`;
      td.title = `true ${r}, predicted ${c}: ${n} of ${rowTotal}`;
      tr.append(td);
    }
    const acc = rowTotal ? m[r][r] / rowTotal : NaN;
    const accCell = el('td', 'mono num class-acc', Number.isFinite(acc) ? `${(100 * acc).toFixed(1)} %` : '–');
    accCell.dataset.accuracy = String(acc);
    tr.append(accCell);
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);
}

/** 9 right and 9 wrong test digits, picked at random (a fixed pick per `seed`). */
export function renderExamples(right: HTMLElement, wrong: HTMLElement, test: Digits, predicted: ArrayLike<number>, seed: number): void {
  const rnd = mulberry32(seed);
  const pick = (want: boolean) => {
    const idx: number[] = [];
    for (let i = 0; i < predicted.length; i++) if ((predicted[i] === test.labels[i]) === want) idx.push(i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx.slice(0, 9).map((index) => ({ index, title: `Predicted ${predicted[index]}, Class ${test.labels[index]}` }));
  };
  digitGrid(right, test, pick(true));
  digitGrid(wrong, test, pick(false));
}

function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

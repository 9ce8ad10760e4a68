// web/src/labs/mnist/summary.ts: model.summary() as Keras prints it, from
// Session.describe(): one row per layer (Flatten, Dense, Dropout), output
// shape, parameter count, and the totals.
import type { Described } from '../../protocol';
import { renderKerasSummary } from '../common';

export function renderSummary(table: HTMLTableElement, shapeNote: HTMLElement, d: Described): void {
  const rows: [string, string, number][] = [['flatten (Flatten)', `(None, ${d.input_width})`, 0]];
  const dropout = d.experiment.model?.mlp?.dropout ?? 0;
  const act = d.experiment.model?.mlp?.activation ?? '';
  const out = d.experiment.model?.mlp?.output ?? '';
  let dense = 0;
  let dropouts = 0;
  d.layer_widths.forEach((w, i) => {
    const weights = d.params.find((p) => p.name === `dense_${i}`);
    const bias = d.params.find((p) => p.name === `dense_${i}.bias`);
    const params = (weights ? weights.rows * weights.cols : 0) + (bias ? bias.rows * bias.cols : 0);
    const name = dense === 0 ? 'dense' : `dense_${dense}`;
    dense++;
    rows.push([`${name} (Dense)`, `(None, ${w})`, params]);
    const last = i === d.layer_widths.length - 1;
    if (!last && dropout > 0) {
      rows.push([`${dropouts === 0 ? 'dropout' : `dropout_${dropouts}`} (Dropout)`, `(None, ${w})`, 0]);
      dropouts++;
    }
  });
  renderKerasSummary(table, rows.map(([layer, shape, params]) => ({ layer, shape, params })), d.param_count, 'total-params');
  shapeNote.textContent = `${[d.input_width, ...d.layer_widths].join(' → ')} · hidden ${act || '–'}, output ${out || '–'}, ` +
    `loss ${d.experiment.loss ?? '–'}`;
  shapeNote.dataset.shape = [d.input_width, ...d.layer_widths].join('→');
}

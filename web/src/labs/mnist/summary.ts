// web/src/labs/mnist/summary.ts: model.summary() as Keras prints it, from
// Session.describe(): one row per layer (Flatten, Dense, Dropout), output
// shape, parameter count, and the totals.
import type { Described } from '../../protocol';
import { el } from '../../views/dom';

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
  const tbody = el('tbody');
  for (const [layer, shape, params] of rows) {
    const tr = el('tr');
    tr.append(el('td', 'mono', layer), el('td', 'mono', shape), el('td', 'mono num', params.toLocaleString('en')));
    tbody.append(tr);
  }
  const thead = el('thead');
  const hr = el('tr');
  for (const h of ['Layer (type)', 'Output Shape', 'Param #']) hr.append(Object.assign(el('th', '', h), { scope: 'col' }));
  thead.append(hr);
  const tfoot = el('tfoot');
  const total = d.param_count.toLocaleString('en');
  for (const [label, value, id] of [['Total params', total, 'total-params'], ['Trainable params', total, ''], ['Non-trainable params', '0', '']]) {
    const tr = el('tr');
    const th = el('th', '', `${label}:`);
    th.scope = 'row';
    th.colSpan = 2;
    const td = el('td', 'mono num', value);
    if (id) td.id = id;
    tr.append(th, td);
    tfoot.append(tr);
  }
  table.replaceChildren(Object.assign(el('caption', 'mono', 'Model: "sequential"')), thead, tbody, tfoot);
  shapeNote.textContent = `${[d.input_width, ...d.layer_widths].join(' → ')} · hidden ${act || '–'}, output ${out || '–'}, ` +
    `loss ${d.experiment.loss ?? '–'}`;
  shapeNote.dataset.shape = [d.input_width, ...d.layer_widths].join('→');
}

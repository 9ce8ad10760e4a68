// web/src/labs/cnn/summary.ts: the model summary in Keras' layout, from the
// engine's `layers` view (each layer's output (H, W, C) and parameter count,
// the layers named in its meta, in order): "conv2d_0 (Conv2D) (None, 28, 28,
// 32) 832". Flatten, Dense and Dropout give features, written (None, N).
// Also the layers whose maps the page draws (conv and pool) and each one's
// input and output size, for the feature-map panels and the size grid.
import type { ViewData } from '../../protocol';
import { count, el } from '../../views/dom';

export interface LayerRow { index: number; name: string; type: string; h: number; w: number; c: number; params: number; flat: boolean }

const TYPES: [prefix: string, keras: string][] = [
  ['conv2d', 'Conv2D'], ['max_pool', 'MaxPooling2D'], ['average_pool', 'AveragePooling2D'], ['l2_pool', 'L2Pooling2D'],
  ['flatten', 'Flatten'], ['dense', 'Dense'], ['dropout', 'Dropout'],
];

/** The `layers` view as rows, in the model's order. */
export function layerRows(v: ViewData): LayerRow[] {
  const names = Object.entries(v.meta).filter(([, i]) => typeof i === 'number').sort((a, b) => Number(a[1]) - Number(b[1]));
  return names.map(([name, i]) => {
    const at = Number(i) * 4;
    const type = TYPES.find(([p]) => name === p || name.startsWith(`${p}_`))?.[1] ?? name;
    const flat = type === 'Flatten' || type === 'Dense' || type === 'Dropout';
    return { index: Number(i), name, type, h: v.data[at], w: v.data[at + 1], c: v.data[at + 2], params: v.data[at + 3], flat };
  });
}

/** The layers that give maps: conv and pool. */
export function mapLayers(rows: LayerRow[]): LayerRow[] {
  return rows.filter((r) => !r.flat);
}

export function shapeText(r: LayerRow): string {
  return r.flat ? `(None, ${r.c})` : `(None, ${r.h}, ${r.w}, ${r.c})`;
}

export function renderSummary(table: HTMLTableElement, rows: LayerRow[]): void {
  const thead = el('thead');
  const hr = el('tr');
  for (const h of ['Layer (type)', 'Output Shape', 'Param #']) hr.append(Object.assign(el('th', '', h), { scope: 'col' }));
  thead.append(hr);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    tr.dataset.layer = r.name;
    tr.append(el('td', 'mono', `${r.name} (${r.type})`), el('td', 'mono', shapeText(r)), el('td', 'mono num', count(r.params)));
    tbody.append(tr);
  }
  const total = count(rows.reduce((a, r) => a + r.params, 0));
  const tfoot = el('tfoot');
  for (const [label, value, id] of [['Total params', total, 'cnn-total-params'], ['Trainable params', total, ''], ['Non-trainable params', '0', '']]) {
    const tr = el('tr');
    const th = el('th', '', `${label}:`);
    th.scope = 'row';
    th.colSpan = 2;
    const td = el('td', 'mono num', value);
    if (id) td.id = id;
    tr.append(th, td);
    tfoot.append(tr);
  }
  table.replaceChildren(el('caption', 'mono', 'Model: "sequential"'), thead, tbody, tfoot);
}

// web/src/labs/common.ts: what several labs' views say and draw the same way:
// the divergence advice for a learning-rate knob, a per-epoch history as
// chart series (a metric against the epoch, its validation twin dashed), a
// run's curve kept from the metrics messages, and model.summary()'s table.
import type { KnobValues, MetricsMsg, Preset, Report } from '../protocol';
import type { SeriesData } from '../views/chart';
import { count, el } from '../views/dom';

/** The knob's value in this run, else its default. */
export function knobValue(knobs: KnobValues, preset: Preset, name: string): string | undefined {
  return knobs[name] ?? preset.knobs.find((k) => k.name === name)?.default;
}

/** After "Diverged at step N: " for labs whose step size is the `lr` knob. */
export function lrDivergedText(knobs: KnobValues, preset: Preset): string {
  return `the loss became NaN or infinite, so training stopped. lr = ${knobValue(knobs, preset, 'lr')} is likely too large — try a smaller learning rate.`;
}

/** `metric` and `val_<metric>` per epoch, as the history charts draw them. */
export function epochSeries(reports: Report[], metric: string): SeriesData[] {
  const xs = reports.map((r) => r.epoch ?? 0);
  const col = (k: string) => reports.map((r) => r[k] ?? NaN);
  return [{ label: metric, steps: xs, values: col(metric), color: '#2563eb' },
    { label: `val_${metric}`, steps: xs, values: col(`val_${metric}`), color: '#ea580c', dash: [6, 4] }];
}

/** Appends a metrics message's new curve points; returns whether there were any. */
export function appendCurve(steps: number[], values: number[], msg: MetricsMsg): boolean {
  for (let i = 0; i < msg.curveSteps.length; i++) {
    steps.push(msg.curveSteps[i]);
    values.push(msg.curveValues[i]);
  }
  return msg.curveSteps.length > 0;
}

/** One row of model.summary(): "conv2d_0 (Conv2D)", "(None, 28, 28, 32)", 832. */
export interface SummaryRow { layer: string; shape: string; params: number }

/** Keras' model.summary() as a table: a row per layer, then the totals (the total's cell gets `totalId`). */
export function renderKerasSummary(table: HTMLTableElement, rows: SummaryRow[], totalParams: number, totalId: string): void {
  const thead = el('thead');
  const hr = el('tr');
  for (const h of ['Layer (type)', 'Output Shape', 'Param #']) hr.append(Object.assign(el('th', '', h), { scope: 'col' }));
  thead.append(hr);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    tr.append(el('td', 'mono', r.layer), el('td', 'mono', r.shape), el('td', 'mono num', count(r.params)));
    tbody.append(tr);
  }
  const tfoot = el('tfoot');
  const total = count(totalParams);
  for (const [label, value, id] of [['Total params', total, totalId], ['Trainable params', total, ''], ['Non-trainable params', '0', '']]) {
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

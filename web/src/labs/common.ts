// web/src/labs/common.ts: what several labs' views say and draw the same way:
// the divergence advice for a learning-rate knob, and a per-epoch history as
// chart series (a metric against the epoch, its validation twin dashed).
import type { KnobValues, Preset, Report } from '../protocol';
import type { SeriesData } from '../views/chart';

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

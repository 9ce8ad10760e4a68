// web/src/worker/schedule.ts: how many steps a run has, per epoch and in all,
// how many examples its data holds, and which metric its curve carries: read
// from the engine's describe() here and nowhere else, and sent to the page in
// `configured`, so the page never re-derives engine arithmetic.
import type { DataCounts, Described, Schedule } from '../protocol';

export interface RunShape { schedule: Schedule; data: DataCounts; curveMetric: string }

export function shapeOf(d: Described): RunShape {
  if (!d.schedule) throw new Error('this engine does not describe its schedule (rebuild it: describe().schedule is missing)');
  const perStep = d.metrics?.find((m) => m.per === 'step');
  return { schedule: d.schedule, data: { train: 0, validation: 0, test: 0, ...d.data }, curveMetric: perStep?.name ?? 'loss' };
}

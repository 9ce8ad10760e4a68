// web/src/worker/schedule.ts: how many steps a run has, per epoch and in all,
// how many examples its data holds, and which metric its curve carries — the
// only place the page's code reads these. The engine's describe() gives them
// (schedule, data, metrics); an engine from before the lab platform does not,
// and then they are derived here as its trainer counts (the legacy branch:
// delete it once every engine in use has describe().schedule).
import type { DataCounts, Described, Schedule } from '../protocol';

/** Example counts of the data files handed to the engine, by file name (their headers' counts). */
const fileCounts = new Map<string, number>();

export function noteDataFile(name: string, bytes: Uint8Array): void {
  if (bytes.length < 32) return;
  fileCounts.set(name, new DataView(bytes.buffer, bytes.byteOffset, 32).getUint32(12, true));
}

export interface RunShape { schedule: Schedule; data: DataCounts; curveMetric: string }

export function shapeOf(d: Described): RunShape {
  if (d.schedule && d.data) {
    const perStep = d.metrics?.find((m) => m.per === 'step');
    return { schedule: d.schedule, data: { train: 0, validation: 0, test: 0, ...d.data }, curveMetric: perStep?.name ?? 'loss' };
  }
  return legacyShape(d);
}

function legacyShape(d: Described): RunShape {
  const s = d.experiment.schedule ?? {};
  if (s.iterations !== undefined) {
    return {
      schedule: { unit: 'iterations', steps_per_epoch: 0, epochs: 0, total_steps: s.iterations },
      data: { train: 4, validation: 0, test: 0 },
      curveMetric: 'error',
    };
  }
  const data = d.experiment.data ?? {};
  const all0 = fileCounts.get(`${data.name}-train.bin`) ?? 0;
  const limit = data.train_limit ?? 0;
  const all = limit > 0 ? Math.min(limit, all0) : all0;
  const validation = Math.round(all * (data.validation_split ?? 0));
  const train = all - validation;
  const epochs = s.epochs ?? 1;
  const perEpoch = Math.ceil(train / Math.max(1, s.batch_size ?? 1));
  return {
    schedule: { unit: 'epochs', steps_per_epoch: perEpoch, epochs, total_steps: perEpoch * epochs },
    data: { train, validation, test: fileCounts.get(`${data.name}-test.bin`) ?? 0 },
    curveMetric: 'loss',
  };
}

// web/src/labs/xor/batch-store.ts: accumulates the runs of a sweep or seeds
// batch from `batch-progress` messages (each carries only the new curve points).
import type { BatchProgressMsg, BatchRun, Diverging } from '../../protocol';

export interface StoredRun {
  label: string;
  value: number;
  step: number;
  done: boolean;
  diverged: boolean;
  diverging: Diverging | null;   // its loss exploded (it trained on): its final error is no result
  finalError: number;
  steps: number[];
  errors: number[];
}

export class BatchStore {
  runs: StoredRun[] = [];
  iterations = 0;
  finished = false;

  reset(): void {
    this.runs = [];
    this.finished = false;
  }

  add(msg: BatchProgressMsg): void {
    this.iterations = msg.runs[0]?.totalSteps ?? 0;
    this.finished = msg.finished;
    msg.runs.forEach((r: BatchRun, i) => {
      const s = (this.runs[i] ??= { label: r.label, value: r.value, step: 0, done: false, diverged: false, diverging: null, finalError: NaN, steps: [], errors: [] });
      s.step = r.step;
      s.done = r.done;
      s.diverged = r.diverged;
      s.diverging = r.diverging;
      s.finalError = r.final && Number.isFinite(r.final.error) ? (r.final.error as number) : NaN;
      for (let k = 0; k < r.curveSteps.length; k++) {
        s.steps.push(r.curveSteps[k]);
        s.errors.push(r.curveValues[k]);
      }
    });
  }
}

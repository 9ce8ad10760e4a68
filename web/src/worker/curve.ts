// web/src/worker/curve.ts: a run's per-step curve, downsampled for the page:
// one point per bucket of `stride` steps (the bucket's mean, drawn at its
// middle), so a 2,000,000-step run still sends ~CURVE_POINTS points.
// Session.curve() after run(k) holds the metric at steps start .. start+k-1.
// Non-finite values (a diverging run) are never kept.

export class CurveSampler {
  private sum = 0;
  private count = 0;
  private first = 0;
  private steps: number[] = [];
  private values: number[] = [];
  private keptSteps: number[] = [];    // every point taken so far (what the page has): the autosave keeps them
  private keptValues: number[] = [];

  constructor(readonly stride: number) {}

  add(curve: Float64Array, start: number): void {
    for (let i = 0; i < curve.length; i++) {
      const v = curve[i];
      if (!Number.isFinite(v)) continue;
      if (this.count === 0) this.first = start + i;
      this.sum += v;
      this.count++;
      if (this.count === this.stride) this.close();
    }
  }

  /** Ends the current bucket early (an epoch's or the run's end). */
  close(): void {
    if (this.count === 0) return;
    this.steps.push(this.first + (this.count - 1) / 2);
    this.values.push(this.sum / this.count);
    this.sum = 0;
    this.count = 0;
  }

  /** Adds one point as it is (a run's final report). */
  push(step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    this.close();
    this.steps.push(step);
    this.values.push(value);
  }

  /** The unfinished bucket, drawn as the curve's newest point. */
  tail(): [number, number] | null {
    return this.count ? [this.first + (this.count - 1) / 2, this.sum / this.count] : null;
  }

  /** The points since the last take. */
  take(): { steps: Float64Array; values: Float64Array } {
    const out = { steps: Float64Array.from(this.steps), values: Float64Array.from(this.values) };
    for (let i = 0; i < this.steps.length; i++) { this.keptSteps.push(this.steps[i]); this.keptValues.push(this.values[i]); }
    this.steps = [];
    this.values = [];
    return out;
  }

  /** Every point taken so far: a run saved to the browser's storage keeps its curve with it. */
  taken(): { steps: Float64Array; values: Float64Array } {
    return { steps: Float64Array.from(this.keptSteps), values: Float64Array.from(this.keptValues) };
  }

  /** A saved run's points (as taken() gave them), handed to the page with the next take. */
  restore(steps: Float64Array, values: Float64Array): void {
    for (let i = 0; i < Math.min(steps.length, values.length); i++) {
      if (Number.isFinite(steps[i]) && Number.isFinite(values[i])) { this.steps.push(steps[i]); this.values.push(values[i]); }
    }
  }
}

/** The stride that keeps about `points` points over `steps` steps. */
export function strideFor(steps: number, points: number): number {
  return Math.max(1, Math.ceil(steps / points));
}

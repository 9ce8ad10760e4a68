// web/src/lessons/checker.ts: a lesson's challenges are data — a named metric
// the run reports (engine/train/metrics.h: `error`, `test_accuracy`,
// `noisy_loss`...), a comparison, a threshold, optionally a second metric the
// first is divided by (`noisy_loss / clean_loss >= 4`), a step limit and
// conditions on the run's knobs — and this one generic checker evaluates them
// against what the page receives: every report's named metrics, the curve's
// points (each the mean of a few steps of the curve metric) and, when a run
// diverges, the pseudo-metric `diverged` = 1 at that step (a loss gone NaN or
// infinite, or one that exploded and the run ended diverging: panel.ts). A challenge once
// met stays met (with the step it was met at) until the lesson is left. No
// DOM and no imports, so tests/js compiles it alone.

export type Comparison = '<' | '<=' | '>' | '>=';

/** A condition on one knob of the run: its value equals `equals`, or as a number lies in [min, max]; `layers`: a list of that many entries. */
export interface KnobCondition { knob: string; equals?: string; min?: number; max?: number; layers?: number }

export interface Challenge {
  id: string;
  /** In words, as the student reads it. */
  text: string;
  metric: string;
  /** When set, the value compared is metric / over (both from the same report). */
  over?: string;
  op: Comparison;
  value: number;
  /** Met only at or before / at or after these steps. */
  maxStep?: number;
  minStep?: number;
  /** The run's knobs must meet these (the challenge says which). */
  knobs?: KnobCondition[];
  /** The presets it is for (every preset of the lab when absent). */
  presets?: string[];
}

/** What the page saw at one step: named metric values (missing or non-finite ones are ignored). */
export interface Sample { step: number; values: Record<string, number | undefined> }

export interface Met { step: number; value: number }

export function compare(a: number, op: Comparison, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

/** The value a challenge compares in this sample, or undefined when the sample lacks it. */
export function measured(c: Challenge, s: Sample): number | undefined {
  const a = s.values[c.metric];
  if (a === undefined || !Number.isFinite(a)) return undefined;
  if (c.over === undefined) return a;
  const b = s.values[c.over];
  if (b === undefined || !Number.isFinite(b) || b === 0) return undefined;
  return a / b;
}

/** Whether the sample meets the challenge (its knob conditions are checked apart: knobsAllow). */
export function meets(c: Challenge, s: Sample): boolean {
  if (c.maxStep !== undefined && s.step > c.maxStep) return false;
  if (c.minStep !== undefined && s.step < c.minStep) return false;
  const v = measured(c, s);
  return v !== undefined && compare(v, c.op, c.value);
}

/** The conditions the run's knobs fail, in words ("hidden: needs 1 layer, the run has 200,60"); empty when all hold. */
export function knobsFail(c: Challenge, knobs: Record<string, string>, defaults: Record<string, string> = {}): string[] {
  const out: string[] = [];
  for (const k of c.knobs ?? []) {
    const v = (knobs[k.knob] ?? defaults[k.knob] ?? '').trim();
    if (k.equals !== undefined && v !== k.equals) out.push(`${k.knob}: needs ${k.equals}, the run has ${v || 'none'}`);
    if (k.layers !== undefined) {
      const n = v === '' ? 0 : v.split(',').length;
      if (n !== k.layers) out.push(`${k.knob}: needs ${k.layers} ${k.layers === 1 ? 'layer' : 'layers'}, the run has ${v || 'none'}`);
    }
    const x = Number(v);
    if (k.min !== undefined && !(v !== '' && x >= k.min)) out.push(`${k.knob}: needs at least ${k.min}, the run has ${v || 'none'}`);
    if (k.max !== undefined && !(v !== '' && x <= k.max)) out.push(`${k.knob}: needs at most ${k.max}, the run has ${v || 'none'}`);
  }
  return out;
}

/** The samples one `metrics` message holds: each report, and each curve point as `curveMetric`. */
export function samplesOf(reports: Sample['values'][], curveMetric: string, curveSteps: ArrayLike<number>, curveValues: ArrayLike<number>): Sample[] {
  const out: Sample[] = [];
  // a curve point is the mean of a bucket of steps, drawn at its middle: counted at the next whole step
  for (let i = 0; i < curveSteps.length; i++) out.push({ step: Math.ceil(curveSteps[i]), values: { [curveMetric]: curveValues[i] } });
  for (const r of reports) out.push({ step: Number(r.step), values: r });
  return out.sort((a, b) => a.step - b.step);   // the earliest sample that meets a challenge is the step it was met at
}

/**
 * The challenges of one lesson through a visit: `run(preset, knobs)` for each new run (which challenges
 * apply to it), `observe(samples)` with what the run reports; returns the ids newly met.
 */
export class ChallengeChecker {
  private met = new Map<string, Met>();
  private blocked = new Map<string, string[]>();   // id -> why it does not apply to the current run
  private preset = '';

  constructor(readonly challenges: Challenge[]) {}

  /** A new run: its preset, knobs (defaults for the missing) and, when known, the metrics it reports (`diverged` aside). */
  run(preset: string, knobs: Record<string, string>, defaults: Record<string, string> = {}, metrics?: string[]): void {
    this.preset = preset;
    this.blocked.clear();
    for (const c of this.challenges) {
      const missing = [c.metric, c.over].filter((m): m is string => m !== undefined && m !== 'diverged' && metrics !== undefined && !metrics.includes(m));
      const why = c.presets && !c.presets.includes(preset) ? [`for the ${c.presets.join(' or ')} preset`]
        : missing.length ? missing.map((m) => `this run reports no ${m}`) : knobsFail(c, knobs, defaults);
      if (why.length) this.blocked.set(c.id, why);
    }
  }

  observe(samples: Sample[]): string[] {
    const fresh: string[] = [];
    for (const c of this.challenges) {
      if (this.met.has(c.id) || this.blocked.has(c.id)) continue;
      for (const s of samples) {
        if (!meets(c, s)) continue;
        this.met.set(c.id, { step: s.step, value: measured(c, s)! });
        fresh.push(c.id);
        break;
      }
    }
    return fresh;
  }

  /** Met (and when), or why it does not apply to the current run. */
  status(id: string): { met?: Met; blocked?: string[] } {
    return { met: this.met.get(id), blocked: this.blocked.get(id) };
  }

  /** The challenges shown for the current preset (those for other presets are left out). */
  shown(): Challenge[] {
    return this.challenges.filter((c) => !c.presets || c.presets.includes(this.preset));
  }
}

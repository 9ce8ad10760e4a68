// web/src/worker/util.ts: helpers shared by the worker's parts.
import type { EngineApi, RunResult } from '../engine-types';
import type { Diverging, FromWorker, KnobValues, Rejected } from '../protocol';
import { MessageError } from '../protocol-check';

export function post(msg: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(msg, transfer);
}

/** The preset, or an error naming the field and the presets there are. */
export function needPreset(eng: EngineApi, preset: string): void {
  const names = eng.presets().map((p) => p.name);
  if (!names.includes(preset)) throw new MessageError('preset', `unknown preset "${preset}" (presets: ${names.join(', ')})`);
}

/** The engine's diverging watch from a run's result (a single run's or a batch member's), or null. */
export function divergingOf(res: RunResult): Diverging | null {
  return res.diverging ? { step: res.divergingStep, loss: res.divergingLoss, firstLoss: res.firstLoss } : null;
}

/** Splits knobs into those the engine accepts and those it rejects (with its messages). */
export function checkKnobs(eng: EngineApi, preset: string, knobs: KnobValues): { good: KnobValues; rejected: Rejected[] } {
  const rejected = eng.checkKnobs(preset, knobs);
  const bad = new Set(rejected.map((r) => r.knob));
  const good: KnobValues = {};
  for (const [k, v] of Object.entries(knobs)) if (!bad.has(k)) good[k] = v;
  return { good, rejected };
}

/** The next slice size: about `sliceMs` of work, growing at most 4x per slice. */
export function nextK(k: number, ran: number, ms: number, sliceMs: number): number {
  return Math.max(1, Math.min(k * 4, Math.round((ran * sliceMs) / Math.max(ms, 0.25)), 1_000_000));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

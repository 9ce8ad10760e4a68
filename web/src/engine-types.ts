// web/src/engine-types.ts: the shape of bindings/facade.mjs as the worker uses
// it (the facade is plain JavaScript; these types document what we rely on).
import type { Described, LabInfo, Preset, Rejected, Report, ViewData } from './protocol';

/** diverging: a finite loss exploded at divergingStep (-1: not), to divergingLoss, from firstLoss (engine/train/divergence.h). */
export interface RunResult {
  step: number; ran: number; done: boolean; diverged: boolean; lastError: number;
  diverging: boolean; divergingStep: number; divergingLoss: number; firstLoss: number;
}

export interface SessionApi {
  configure(preset: string, knobs: Record<string, string>): Described;
  run(n: number): RunResult;
  /** One phase of a step (a GAN's "discriminator" or "generator"); throws naming the phase due if out of order. */
  phase(part: string): RunResult;
  curve(): Float64Array;
  reports(): Report[];
  params(): Float64Array;
  updateFlips(): Int32Array;
  outputs(): Float64Array;
  forward(x: Float64Array, rows: number): Float64Array[];
  view(name: string, input?: Float64Array): ViewData;
  /** The run's state as a model file (engine/train/state.h), an ArrayBuffer of its own. */
  saveState(): ArrayBuffer;
  /** Puts a model file into the run; throws its refusal (the run unchanged). */
  loadState(bytes: ArrayBuffer): void;
  delete(): void;
}

export interface EngineApi {
  presets(): Preset[];
  labs(): LabInfo[];
  dataCsv(name: string, rows: number): string;
  checkKnobs(preset: string, knobs: Record<string, string>): Rejected[];
  provideDataFile(name: string, bytes: Uint8Array): void;
  newSession(): SessionApi;
  /** Bytes in use by malloc and the WebAssembly memory's size (for the memory tests). */
  memoryUse(): { mallocBytes: number; memoryBytes: number };
}

// web/src/protocol.ts: the messages between the page (main.ts) and the training
// worker (worker.ts), defined once. Every message carries a runId: the page
// bumps it per configure/reset/sweep/seeds and drops any message whose runId is
// not the current one, so nothing from an abandoned run is ever drawn.
//
// Knob values always travel as text, exactly as a share link carries them; the
// engine validates them (checkKnobs / configure), JS keeps no copy of the rules.
// Typed arrays in worker→page messages are transferred, never copied.
import type { EngineInfo } from './engine-build';

/** One knob row of the engine's table (Engine.presets()). */
export interface Knob {
  name: string;
  type: 'number' | 'integer' | 'choice' | 'integer_list';
  default: string;
  range: string;
  help: string;
  min?: number;
  max?: number;
  min_open?: boolean;
  choices?: string[];
}

/** One preset (a lab's starting experiment) and its knobs. */
export interface Preset {
  name: string;
  lab: string;
  title: string;
  knobs: Knob[];
}

export type KnobValues = Record<string, string>;

/** A knob the engine refused, with its message ("alpha: must be ..., got \"nan\""). */
export interface Rejected {
  knob: string;
  message: string;
}

export interface Report {
  step: number;
  error: number;
  loss: number;
}

export interface ParamInfo {
  name: string;
  rows: number;
  cols: number;
  offset: number;
}

export interface Described {
  input_width: number;
  layer_widths: number[];
  params: ParamInfo[];
  param_count: number;
}

/** Network outputs over an n x n grid of (x1, x2) in [lo, hi]², bias input 1; row-major, x1 fastest. */
export interface GridMaps {
  n: number;
  lo: number;
  hi: number;
  output: Float64Array;          // n*n
  units: number;                 // hidden units included in `hidden` (capped)
  hidden: Float64Array;          // units maps of n*n, unit after unit
}

// ---- page → worker -------------------------------------------------------

/** Validates the knobs, drops the bad ones, builds a fresh run.  reply: configured | error */
export interface ConfigureMsg { type: 'configure'; runId: number; preset: string; knobs: KnobValues }
/** Trains in slices until done or paused.  replies: state, metrics (~10 per second, and at the end), done */
export interface StartMsg { type: 'start'; runId: number }
/** Stops after the current slice.  reply: metrics (with maps) if it was running, state (running false) */
export interface PauseMsg { type: 'pause'; runId: number }
/** Runs `count` steps (default 1).  reply: metrics, state (and done at the end) */
export interface StepMsg { type: 'step'; runId: number; count?: number }
/** Rebuilds the current run from its knobs.  reply: configured */
export interface ResetMsg { type: 'reset'; runId: number }
/** Trains one run per alpha, interleaved.  replies: batch per slice, batch-done */
export interface SweepMsg { type: 'sweep'; runId: number; preset: string; knobs: KnobValues; alphas: number[] }
/** Trains one run per seed (seed, seed+1, ...), interleaved.  replies: batch per slice, batch-done */
export interface SeedsMsg { type: 'seeds'; runId: number; preset: string; knobs: KnobValues; count: number }
/** Stops a sweep or seeds batch.  reply: none */
export interface CancelMsg { type: 'cancel'; runId: number }

export type ToWorker = ConfigureMsg | StartMsg | PauseMsg | StepMsg | ResetMsg | SweepMsg | SeedsMsg | CancelMsg;

// ---- worker → page -------------------------------------------------------

/** Sent once the engine has loaded (runId 0). */
/** `engine`: which build the worker loaded (engine-build.ts). */
export interface ReadyMsg { type: 'ready'; runId: number; presets: Preset[]; engine: EngineInfo }
export interface ConfiguredMsg {
  type: 'configured'; runId: number;
  preset: string;
  knobs: KnobValues;              // the knobs applied (the rejected ones left out)
  rejected: Rejected[];
  describe: Described;
  iterations: number;
}
/**
 * The run's state as the page draws it, posted at most ~10 times a second while training and at
 * once on configure, pause, step and the end of the run. `curveSteps`/`curveErrors` are the
 * sampled error curve points since the previous metrics message.
 */
export interface MetricsMsg {
  type: 'metrics'; runId: number;
  step: number;
  lastError: number;
  curveSteps: Float64Array;
  curveErrors: Float64Array;
  reports: Report[];              // new since the previous metrics message
  params: Float64Array;
  flips: Int32Array;
  outputs: Float64Array;
  maps?: GridMaps;                // at most every ~250 ms while training (more rarely for wide nets); always when flushed
}
export interface StateMsg { type: 'state'; runId: number; running: boolean; step: number; done: boolean }
export interface DoneMsg { type: 'done'; runId: number; step: number; diverged: boolean; lastError: number }
export interface ErrorMsg { type: 'error'; runId: number; message: string; stack?: string }

/** One run of a sweep or seeds batch. Curves are downsampled to at most ~600 points per run. */
export interface BatchRun {
  label: string;                  // "alpha=10" or "seed=3"
  value: number;                  // the alpha or the seed
  step: number;
  done: boolean;
  diverged: boolean;
  finalError: number;             // last report's error (NaN while running or after divergence)
  curveSteps: Float64Array;       // new points since the previous batch message
  curveErrors: Float64Array;
}
export interface BatchMsg { type: 'batch'; runId: number; kind: 'sweep' | 'seeds'; iterations: number; runs: BatchRun[] }
export interface BatchDoneMsg { type: 'batch-done'; runId: number; kind: 'sweep' | 'seeds' }

export type FromWorker = ReadyMsg | ConfiguredMsg | MetricsMsg | StateMsg | DoneMsg | ErrorMsg | BatchMsg | BatchDoneMsg;

/** The alphas the blog post sweeps. */
export const POST_ALPHAS = [0.001, 0.01, 0.1, 1, 10, 100, 1000];

/** Points kept per curve: the worker keeps a step every ceil(iterations / CURVE_POINTS). */
export const CURVE_POINTS = 2000;

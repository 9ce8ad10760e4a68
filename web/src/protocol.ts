// web/src/protocol.ts: every message between the page (shell/) and the one
// training worker (worker/), for every lab, defined once. Each page→worker
// type names its replies. Every message carries a runId: the page bumps it
// per configure/reset (batches and knob checks have their own sequences) and
// drops any reply whose runId is not the current one.
//
// A lab never adds a message type: it declares what it needs in its views
// module (labs/<lab>/), as data the generic messages carry — data files to
// fetch (`load`) or that it made (`provide`), named views and when to fetch them (`configure.views`), one
// input to forward (`forward`), one phase of a step (`phase`), a batch of runs with knob variations
// (`batch`). Knob values travel as text, exactly as a share link carries them;
// the engine validates them. Typed arrays from the worker are transferred.
// Incoming messages are checked in one place: protocol-check.ts.
import type { EngineInfo } from './engine-build';

/** One knob row of the engine's table (Engine.presets()). */
/** Where the page shows a knob (the engine's knob_group). */
export type KnobGroup = 'data' | 'model' | 'training';

export interface Knob {
  name: string;
  label: string;                  // in words: "Learning rate"
  group: KnobGroup;
  alias: string | null;           // an older name links still carry ("alpha" for lr)
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
export interface Preset { name: string; lab: string; title: string; knobs: Knob[] }

/** One lab as the engine lists it (Engine.labs()). */
export interface LabInfo {
  name: string; title: string; summary: string; presets: string[]; views: { name: string; help: string }[];
  data: { name: string; about: string }[];   // the data sets it trains on (DataCsvMsg)
}

export type KnobValues = Record<string, string>;

/** A knob the engine refused, with its message ("alpha: must be ..., got \"nan\""). */
export interface Rejected { knob: string; message: string }

/** One report: `step` and the run's named metrics; `seconds` is the training time since the previous report. */
export type Report = { step: number; seconds?: number } & Record<string, number | undefined>;

export interface ParamInfo { name: string; rows: number; cols: number; offset: number }

/** How a run counts: worker/schedule.ts is the only place that reads or derives it. */
export interface Schedule {
  unit: 'iterations' | 'epochs';
  steps_per_epoch: number;        // 0 for iteration runs
  epochs: number;
  total_steps: number;
}
/** Example counts of the run's data by set name (0 when the data set has no such part). */
export interface DataCounts { train: number; validation: number; test: number; [set: string]: number }
export interface MetricInfo { name: string; label: string; per: 'step' | 'epoch' | 'final' }

export interface Described {
  input_width: number;
  layer_widths: number[];
  params: ParamInfo[];
  param_count: number;
  experiment: {
    lab?: string;
    loss?: string;
    data?: { name?: string; train_limit?: number; validation_split?: number };
    model?: { mlp?: { activation?: string; output?: string; dropout?: number; hidden?: number[] } };
    schedule?: { batch_size?: number; epochs?: number; iterations?: number };
  };
  lab?: string;
  schedule?: Schedule;
  data?: Partial<DataCounts>;
  metrics?: MetricInfo[];
  views?: string[];
}

/** A named view as the engine serves it (session.view): a typed array with a shape. */
export interface ViewData { shape: number[]; data: Float64Array | Int32Array | Uint8Array; meta: Record<string, number | string> }

/**
 * Which view a lab wants and when: with each metrics message (at most every `everyMs`), at the end of a run,
 * with the metrics message after each `phase`, or on demand.
 */
export interface ViewRequest { name: string; when: ViewWhen; everyMs?: number }
export const VIEW_WHEN = ['publish', 'end', 'phase', 'demand'] as const;
export type ViewWhen = typeof VIEW_WHEN[number];

/** A data file a lab needs (fetched relative to the page, kept in Cache Storage); `toPage`: the page gets its bytes too. */
export interface DataFileSpec { name: string; toPage?: boolean }

/** One run of a batch: the knobs that differ and how the page labels it. */
export interface Variant { label: string; value: number; knobs: KnobValues }

// ---- page → worker -------------------------------------------------------

/** Fetches data files into the engine.  replies: progress…, data | error (fatal) */
export interface LoadMsg { type: 'load'; runId: number; base: string; files: DataFileSpec[] }
/**
 * Hands the engine a data file the page made (a drawn curve), replacing an earlier file of that name; the runs
 * configured after it read it (the engine checks it then and refuses a bad one by name).  reply: none
 */
export interface ProvideMsg { type: 'provide'; runId: number; name: string; bytes: Uint8Array }
/** Validates the knobs, drops the bad ones, builds a fresh run.  reply: configured, metrics | error */
export interface ConfigureMsg { type: 'configure'; runId: number; preset: string; knobs: KnobValues; views: ViewRequest[] }
/** Checks knob values without touching the run (runId: the page's check sequence).  reply: checked */
export interface CheckMsg { type: 'check'; runId: number; preset: string; knobs: KnobValues }
/** Trains in slices until done or paused.  replies: state, metrics (~10 per second), done */
export interface StartMsg { type: 'start'; runId: number }
/** Stops after the current slice.  replies: metrics (with every publish view), state */
export interface PauseMsg { type: 'pause'; runId: number }
/** Runs `count` steps (default 1).  replies: metrics, state (and done at the end) */
export interface StepMsg { type: 'step'; runId: number; count?: number }
/**
 * One phase of a step, in the step's order (a GAN's "discriminator" or "generator": the engine names the one
 * due, and refuses another). The phase that completes a step counts it.  replies: metrics (with every publish
 * and phase view), state (and done at the end) | error
 */
export interface PhaseMsg { type: 'phase'; runId: number; part: string }
/** Rebuilds the current run from its knobs.  reply: configured */
export interface ResetMsg { type: 'reset'; runId: number }
/** Caps training speed at `stepsPerSecond` (0: as fast as the machine goes).  reply: none */
export interface SpeedMsg { type: 'speed'; runId: number; stepsPerSecond: number }
/** One named view of the current run now (`input`: what a view computes on).  reply: view-data */
export interface ViewMsg { type: 'view'; runId: number; name: string; input?: Float64Array }
/** The current model's last-layer output for `rows` inputs.  reply: forwarded */
export interface ForwardMsg { type: 'forward'; runId: number; input: Float64Array; rows: number }
/** Trains fresh runs, one per variant, side by side (`together`) or one after another.  replies: batch-progress… */
export interface BatchMsg { type: 'batch'; runId: number; preset: string; knobs: KnobValues; variants: Variant[]; together: boolean; points: number }
/** Stops a batch.  reply: none */
export interface CancelMsg { type: 'cancel'; runId: number }
/** Data set `name` (a LabInfo's data) as CSV, at most `rows` rows (-1: all), as `synapse data` prints it.  reply: csv */
export interface DataCsvMsg { type: 'data-csv'; runId: number; name: string; rows: number }

/** The run's state as a model file (engine/train/state.h), for a file or the browser's storage.  reply: saved-state | error */
export interface SaveStateMsg { type: 'save-state'; runId: number; to: SaveTarget }
export const SAVE_TARGETS = ['file', 'storage'] as const;
export type SaveTarget = typeof SAVE_TARGETS[number];
/**
 * Continues the current run from a model file (its buffer transferred); one from another experiment, truncated
 * or altered is refused by name and the run stays as it was. From the browser's storage, with the curve saved
 * beside it (SavedCurve), which the next metrics gives back.  replies: configured, metrics, state | error
 */
export interface LoadStateMsg extends Partial<SavedCurve> { type: 'load-state'; runId: number; bytes: ArrayBuffer }
/** A run's per-step curve as the page had it (MetricsMsg's points so far), kept with its state in the browser's storage. */
export interface SavedCurve { curveSteps: Float64Array; curveValues: Float64Array }
export type ToWorker = SaveStateMsg | LoadStateMsg | LoadMsg | ProvideMsg | ConfigureMsg | CheckMsg | StartMsg | PauseMsg | StepMsg | PhaseMsg | ResetMsg | SpeedMsg | ViewMsg
  | ForwardMsg | BatchMsg | CancelMsg | DataCsvMsg;

// ---- worker → page -------------------------------------------------------

/** The engine has loaded (runId 0): its presets, its labs, which build runs. */
export interface ReadyMsg { type: 'ready'; runId: number; presets: Preset[]; labs: LabInfo[]; engine: EngineInfo }
/** What a data file's progress counts: its compressed bytes coming in, or the bytes unpacked from them. */
export type DataPhase = 'download' | 'unpack';
/** Progress of one data file (runId 0), in bytes of the phase. total is 0 when the server does not say. */
export interface ProgressMsg { type: 'progress'; runId: number; file: string; phase: DataPhase; loaded: number; total: number; cached: boolean }
/** The data files are in the engine (runId 0); `files` holds the bytes of those asked for `toPage`. */
export interface DataMsg { type: 'data'; runId: number; files: { name: string; bytes: Uint8Array }[] }
export interface ConfiguredMsg {
  type: 'configured'; runId: number;
  preset: string;
  knobs: KnobValues;              // the knobs applied (the rejected ones left out)
  rejected: Rejected[];
  describe: Described;
  schedule: Schedule;
  data: DataCounts;
  curveMetric: string;            // the per-step metric the curve holds
}
export interface CheckedMsg { type: 'checked'; runId: number; rejected: Rejected[] }
/**
 * The run as the page draws it: at most ~10 per second while training, and at once on configure,
 * pause, step, an epoch's end and the end. Curve points are bucket means since the previous message;
 * `tail` is the current, unfinished bucket. `live`: the current epoch so far (epoch runs).
 */
export interface MetricsMsg {
  type: 'metrics'; runId: number;
  step: number;
  curveSteps: Float64Array;
  curveValues: Float64Array;
  tail: [number, number] | null;
  reports: Report[];              // new since the previous metrics message
  live: { loss: number; seconds: number } | null;
  views: Record<string, ViewData>;
  diverging: Diverging | null;    // once the run's loss has exploded (it trains on to its end)
}
export interface StateMsg { type: 'state'; runId: number; running: boolean; step: number; done: boolean }
/**
 * A run whose loss stayed finite but exploded far above its start (engine/train/divergence.h): at `step` the
 * training loss was `loss`, over 10,000 times the first step's `firstLoss`. It ends as diverging, not done.
 */
export interface Diverging { step: number; loss: number; firstLoss: number }
export interface DoneMsg { type: 'done'; runId: number; step: number; diverged: boolean; diverging: Diverging | null; seconds: number }
export interface ViewDataMsg { type: 'view-data'; runId: number; name: string; view: ViewData }
export interface ForwardedMsg { type: 'forwarded'; runId: number; output: Float64Array }
/** One run of a batch; `final` is its last report once done; `error` why it could not be built. */
export interface BatchRun {
  label: string; value: number;
  step: number; totalSteps: number; seconds: number;
  done: boolean; diverged: boolean;
  diverging: Diverging | null;    // once its loss has exploded (it trains on to its end), as a single run's
  curveSteps: Float64Array;       // new points since the previous batch-progress message
  curveValues: Float64Array;
  final?: Report;
  error?: string;
}
export interface BatchProgressMsg { type: 'batch-progress'; runId: number; runs: BatchRun[]; finished: boolean }
/** `field`: the message field or knob at fault; `fatal`: the lab cannot go on (the engine or a data file failed). */
export interface CsvMsg { type: 'csv'; runId: number; name: string; csv: string }
export interface ErrorMsg { type: 'error'; runId: number; message: string; field?: string; fatal?: boolean; stack?: string }

/**
 * A model file of the current run at `step`; `ms`: the worker's time to write it. For a file its buffer (transferred);
 * for the storage a Blob made in the worker, which the page stores by reference (a 40 MB buffer would be copied on its thread),
 * and the run's curve so far.
 */
export interface SavedStateMsg extends Partial<SavedCurve> { type: 'saved-state'; runId: number; to: SaveTarget; step: number; ms: number; bytes: ArrayBuffer | Blob }
export type FromWorker = SavedStateMsg | ReadyMsg | ProgressMsg | DataMsg | ConfiguredMsg | CheckedMsg | MetricsMsg | StateMsg | DoneMsg
  | ViewDataMsg | ForwardedMsg | BatchProgressMsg | ErrorMsg | CsvMsg;

/** Points kept of a run's curve. */
export const CURVE_POINTS = 2000;
/** The Cache Storage cache that keeps data files (compressed, keyed by their .gz URL); older versions are deleted. */
export const DATA_CACHE_PREFIX = 'synapse-data-';
export const DATA_CACHE = `${DATA_CACHE_PREFIX}v2`;

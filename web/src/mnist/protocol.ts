// web/src/mnist/protocol.ts: the messages between the MNIST page (main.ts) and
// its training worker (worker.ts), defined once. Every message carries a runId:
// the page bumps it per configure/reset and drops any message whose runId is
// not the current one. The exercise (batch 32 versus 10,000) has its own
// runId sequence. Knob values travel as text, exactly as a share link carries
// them; the engine validates them. Typed arrays from the worker are transferred.

// The knob table's types are the XOR page's: one table, one definition.
export type { Knob, Preset, KnobValues, Rejected } from '../protocol';
import type { Knob, Preset, KnobValues, Rejected } from '../protocol';
import type { EngineInfo } from '../engine-build';

/** One finished epoch (the last also carries the test figures). */
export interface EpochReport {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss?: number;
  val_accuracy?: number;
  test_loss?: number;
  test_accuracy?: number;
  seconds: number;                // training time of this epoch (worker-measured)
}

export interface ParamInfo { name: string; rows: number; cols: number; offset: number }

export interface Described {
  input_width: number;
  layer_widths: number[];
  params: ParamInfo[];
  param_count: number;
  experiment: {
    loss?: string;
    model?: { mlp?: { activation?: string; output?: string; dropout?: number; hidden?: number[] } };
    data?: { train_limit?: number; validation_split?: number };
    schedule?: { batch_size?: number; epochs?: number };
  };
}

/** Images of 28x28 bytes (0 = background), image after image, with their labels. */
export interface Digits {
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

// ---- page → worker -------------------------------------------------------

/** Starts fetching the data files (relative to `base`, the page's URL).  replies: progress…, data | error (fatal) */
export interface LoadMsg { type: 'load'; runId: number; base: string }
/** Validates the knobs, drops the bad ones, builds a fresh run (waits for the data).  reply: configured | error */
export interface ConfigureMsg { type: 'configure'; runId: number; preset: string; knobs: KnobValues }
/** Trains in ~15 ms slices until done or paused.  replies: state, metrics (one per slice), done */
export interface StartMsg { type: 'start'; runId: number }
/** Stops after the current slice.  replies: metrics, state */
export interface PauseMsg { type: 'pause'; runId: number }
/** Rebuilds the current run from its knobs.  reply: configured */
export interface ResetMsg { type: 'reset'; runId: number }
/** The current model's class probabilities for one 28x28 image (pixels/255, row-major).  reply: prediction */
export interface PredictMsg { type: 'predict'; runId: number; pixels: Float64Array }
/** Trains two fresh runs (batch 32, then 10,000), one epoch each.  replies: exercise (per slice and per run) */
export interface ExerciseMsg { type: 'exercise'; runId: number; preset: string; knobs: KnobValues; batches: number[] }

export type ToWorker = LoadMsg | ConfigureMsg | StartMsg | PauseMsg | ResetMsg | PredictMsg | ExerciseMsg;

// ---- worker → page -------------------------------------------------------

/** The engine has loaded (runId 0); the data files follow. */
/** `engine`: which build the worker loaded (engine-build.ts). */
export interface ReadyMsg { type: 'ready'; runId: number; presets: Preset[]; engine: EngineInfo }
/** Download progress of one data file (runId 0). total is 0 when the server does not say. */
export interface ProgressMsg { type: 'progress'; runId: number; file: string; loaded: number; total: number; cached: boolean }
/** Both data files are in the engine (runId 0): the test set and a sample of training digits for the page. */
export interface DataMsg { type: 'data'; runId: number; test: Digits; samples: Digits; trainCount: number }
export interface ConfiguredMsg {
  type: 'configured'; runId: number;
  preset: string;
  knobs: KnobValues;              // the knobs applied (the rejected ones left out)
  rejected: Rejected[];
  describe: Described;
  stepsPerEpoch: number;
  epochs: number;
  trainCount: number;
  valCount: number;
}
/**
 * One per training slice. `curveSteps`/`curveLoss` are the new points of the downsampled batch-loss
 * curve (each the mean of a bucket of steps); `epochLoss` is the running mean of this epoch's batch losses.
 */
export interface MetricsMsg {
  type: 'metrics'; runId: number;
  step: number;
  epochLoss: number;
  epochSeconds: number;           // training time so far in the current epoch
  curveSteps: Float64Array;
  curveLoss: Float64Array;
  reports: EpochReport[];         // new since the previous metrics message
}
export interface StateMsg { type: 'state'; runId: number; running: boolean; step: number; done: boolean }
/** The run has finished: the test predictions (file order) for the evaluation views. */
export interface DoneMsg { type: 'done'; runId: number; step: number; diverged: boolean; seconds: number; predicted: Uint8Array }
export interface PredictionMsg { type: 'prediction'; runId: number; probs: Float64Array }
/** `error`: why this run could not be built (e.g. a batch larger than the training set). */
export interface ExerciseRun { batch: number; step: number; steps: number; seconds: number; done: boolean; testAccuracy?: number; testLoss?: number; error?: string }
export interface ExerciseStatusMsg { type: 'exercise'; runId: number; runs: ExerciseRun[]; finished: boolean }
/** `fatal`: the lab cannot go on (the engine or a data file failed to load). */
export interface ErrorMsg { type: 'error'; runId: number; message: string; fatal?: boolean; stack?: string }

export type FromWorker = ReadyMsg | ProgressMsg | DataMsg | ConfiguredMsg | MetricsMsg | StateMsg | DoneMsg | PredictionMsg | ExerciseStatusMsg | ErrorMsg;

/** Points kept of the batch-loss curve. */
export const CURVE_POINTS = 2000;
/** The data files, fetched relative to the page, kept in this Cache Storage cache. */
export const DATA_FILES = ['mnist-train.bin', 'mnist-test.bin'] as const;
export const DATA_CACHE = 'synapse-data-v1';
/** The notebook's exercise. */
export const EXERCISE_BATCHES = [32, 10000];

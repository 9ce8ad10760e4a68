// web/src/labs/types.ts: what a lab's views module gives the shell, and what
// the shell lends it. The shell (../shell/) owns the worker, the run
// controls, the knobs, links and status; a lab owns its panels and says, as
// data, what it needs from the worker: its data files, its named views and
// when, batches of runs. The shell never learns a lab's panels; the worker
// never learns a lab's name beyond passing presets and view names on.
import type {
  BatchProgressMsg, ConfiguredMsg, DataFileSpec, DoneMsg, KnobValues, MetricsMsg, Preset, Variant, ViewData, ViewRequest,
} from '../protocol';

export type Status = 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'diverging' | 'failed';

/** What the shell lends a mounted lab. */
export interface LabHost {
  /** The preset and the knobs of the current run, as the engine accepted them. */
  preset(): Preset;
  applied(): KnobValues;
  status(): Status;
  /** Trains fresh runs with knob variations (replies: LabViews.batchProgress). */
  runBatch(variants: Variant[], opts: { together: boolean; points: number }): void;
  /** The current model's output for `rows` inputs (reply: LabViews.forwarded). */
  forward(input: Float64Array, rows: number): void;
  /** One phase of the current run's step, in order (replies: metrics with the `phase` views, state). */
  phase(part: string): void;
  /**
   * Sets knobs as if the student typed them in the knob form (a lab's own control for a knob): the engine
   * checks them; they apply at once when idle, at the next Train mid-run, and the share link follows.
   */
  setKnobs(knobs: KnobValues): void;
  /**
   * Hands the engine a data file the lab made (a drawn curve, in the format its engine data source reads) and
   * starts the run over on it with `knobs` set as setKnobs would; a run that was training goes on training.
   */
  provideData(name: string, bytes: Uint8Array, knobs?: KnobValues): void;
  /** One named view of the current run now (reply: LabViews.view). */
  requestView(name: string, input?: Float64Array): void;
  /** Says something went wrong (the shell's error banner). */
  error(message: string): void;
}

/** Where a lab's panels go: `main` sits beside the run controls (its main chart), `more` below. */
export interface LabSlots { main: HTMLElement; more: HTMLElement }

export interface LabViews {
  /** The lab's name, as the engine's presets give it (`preset.lab`). */
  name: string;
  /** For the start page and the lab picker (the engine's labs() title and summary win when it has them). */
  title: string;
  summary: string;
  /** A small drawing of the lab (inline SVG markup). */
  picture: string;
  /** Data files to fetch before the first run. */
  data?: DataFileSpec[];
  /** Named views the worker fetches with each metrics message, at the end, or on demand. */
  views: ViewRequest[];
  /** One line on what the preset is (under the preset picker). */
  presetNote(preset: Preset): string;
  /** Builds the panels (once per visit to the lab). */
  mount(slots: LabSlots, host: LabHost): void;
  unmount(): void;
  /** The data files' bytes (those declared `toPage`), once loaded. */
  dataLoaded?(files: Map<string, Uint8Array>): void;
  /** A new run (fresh panels): its description, schedule and data counts. */
  configured(msg: ConfiguredMsg): void;
  metrics(msg: MetricsMsg): void;
  done(msg: DoneMsg): void;
  /** The words after "Diverged at step N: " (what went wrong, what to try). */
  divergedText(knobs: KnobValues, preset: Preset): string;
  batchProgress?(msg: BatchProgressMsg): void;
  /** Whether a batch may start now (the engine is ready). */
  batchReady?(ready: boolean): void;
  forwarded?(output: Float64Array): void;
  /** The run's status changed, or the worker said where it is (after every run, step, phase and pause). */
  statusChanged?(status: Status): void;
  view?(name: string, view: ViewData): void;
}

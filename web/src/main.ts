// web/src/main.ts: the page. Wires the DOM to two instances of the training
// worker (one for the lab's run, one for the sweep and seeds batches), keeps
// the current runId of each and drops stale messages, and draws the newest
// state once per animation frame. The page never loads the engine itself;
// its workers load the build the link or the "Fast math" checkbox chose, and
// switching builds restarts both (engine-build.ts).
import './style.css';
import type { ConfiguredMsg, FromWorker, GridMaps, KnobValues, MetricsMsg, Preset, ToWorker } from './protocol';
import { POST_ALPHAS } from './protocol';
import { formatHash, parseHash } from './state';
import { ControlsView, el } from './views/controls';
import { LineChart, loadCharts } from './views/chart';
import { LinesView } from './views/lines';
import { NetworkView } from './views/network';
import { OutputsView } from './views/outputs';
import { MapsView } from './views/maps';
import { FlipsView } from './views/flips';
import { BatchStore } from './views/batch-store';
import { SweepView } from './views/sweep';
import { SeedsView } from './views/seeds';
import { wireCopyLink } from './copy-link';
import { renderLinkMessage } from './views/link-message';
import type { EngineChoice } from './engine-build';
import { engineChoiceOf } from './engine-build';
import { EngineControl } from './views/engine-control';

type Status = 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'diverged';
type Origin = 'link' | 'edit' | 'reset';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const engineControl = new EngineControl($<HTMLInputElement>('engine-relaxed'), $('engine-build'), engineChoiceOf(location.hash),
  (c) => switchEngine(c, false));
/** An instance of the training worker; its name tells it which engine build to load. */
const spawnWorker = () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: engineControl.workerName() });
let labWorker = spawnWorker();
let batchWorker = spawnWorker();

const controls = new ControlsView($('knobs'), () => configure('edit'));
const curveChart = new LineChart($('curve'), { legend: false, log: true, height: 260 });
const lines = new LinesView($('post-lines'));
const network = new NetworkView($('network'), $('network-note'));
const outputs = new OutputsView($('outputs'));
const maps = new MapsView($<HTMLCanvasElement>('decision-map'), $('unit-maps'), $('units-note'));
const flips = new FlipsView($('flips'));
const sweepStore = new BatchStore();
const seedsStore = new BatchStore();
const sweepView = new SweepView($('sweep-chart'), $('sweep-rows'), $('sweep-status'));
const seedsView = new SeedsView($<HTMLCanvasElement>('seeds-strip'), $('seeds-chart'), $('seeds-status'));

let presets: Preset[] = [];
let preset: Preset | null = null;
let applied: KnobValues = {};           // the knobs of the current run, as the engine accepted them
let runId = 0;
let batchRunId = 0;
let origin: Origin = 'link';
let status: Status = 'loading';
let step = 0;
let iterations = 0;
let hiddenWidth = 0;
let startAfterConfigure = false;
let batchReady = false;
let relinkAfterRestart = false;         // a link asked for another build: apply it once the new worker is ready

// the curve: sampled points, plus the newest point as a tail, plus the final report
let curveSteps: number[] = [];
let curveErrors: number[] = [];
let tail: [number, number] | null = null;

// the newest state, drawn on the next animation frame
let latest: MetricsMsg | null = null;
let latestMaps: GridMaps | null = null;
let curveDirty = false;
let batchDirty: BatchStore | null = null;
let frameQueued = false;

function send(w: Worker, msg: ToWorker): void {
  w.postMessage(msg);
}

// ---- lab run ----------------------------------------------------------------

function configure(from: Origin, knobs: KnobValues = controls.values()): void {
  if (!preset) return;
  origin = from;
  runId++;
  setStatus('loading', 'configuring…');
  send(labWorker, { type: 'configure', runId, preset: preset.name, knobs });
}

function onConfigured(msg: ConfiguredMsg): void {
  applied = msg.knobs;
  iterations = msg.iterations;
  hiddenWidth = msg.describe.layer_widths.length > 1 ? msg.describe.layer_widths[0] : 0;
  if (origin !== 'edit') controls.set(applied);
  controls.showErrors(msg.rejected);
  if (origin === 'link') showLinkMessage(msg.rejected.map((r) => r.message));
  history.replaceState(null, '', formatHash(preset!, applied, engineControl.choice));
  updateShareUrl();
  curveSteps = [];
  curveErrors = [];
  tail = null;
  curveDirty = true;
  lines.clear(applied.alpha ?? defaultOf('alpha'));
  network.build(msg.describe);
  outputs.build(msg.preset, msg.describe.input_width);
  flips.build(msg.describe);
  $('divergence').hidden = true;
  step = 0;
  $('iterations').textContent = iterations.toLocaleString('en');
  setStatus('ready', 'ready: press Train');
  if (startAfterConfigure) {
    startAfterConfigure = false;
    send(labWorker, { type: 'start', runId });
  }
}

function onMetrics(msg: MetricsMsg): void {
  step = msg.step;
  for (let i = 0; i < msg.curveSteps.length; i++) {
    curveSteps.push(msg.curveSteps[i]);
    curveErrors.push(msg.curveErrors[i]);
  }
  tail = msg.step > 0 && Number.isFinite(msg.lastError) ? [msg.step - 1, msg.lastError] : tail;
  for (const r of msg.reports) {
    if (r.step === iterations && Number.isFinite(r.error)) { curveSteps.push(r.step); curveErrors.push(r.error); }
  }
  lines.add(msg.reports);
  latest = msg;
  if (msg.maps) latestMaps = msg.maps;
  curveDirty = true;
  queueFrame();
}

function onDone(diverged: boolean, at: number): void {
  step = at;
  if (diverged) {
    const alpha = applied.alpha ?? defaultOf('alpha');
    const box = $('divergence');
    box.hidden = false;
    box.textContent = `Diverged at step ${at}: the error became NaN or infinite, so training stopped. ` +
      `alpha = ${alpha} is likely too large for this network — try a smaller alpha.`;
    setStatus('diverged', `diverged at step ${at}`);
  } else {
    setStatus('done', 'done');
  }
  queueFrame();
}

const labHandlers: { [T in FromWorker['type']]?: (msg: Extract<FromWorker, { type: T }>) => void } = {
  ready(msg) {
    engineControl.show(msg.engine);
    const relink = relinkAfterRestart;
    relinkAfterRestart = false;
    if (preset) {
      // A restarted worker (another engine build): same knob table; the user's knobs as they stand.
      if (relink) applyLink();
      else configure('edit');
      return;
    }
    void loadCharts();   // now: the worker has warmed the locale data uPlot's module needs
    // This page is the XOR lab; a link to another lab's preset goes to its page.
    const wanted = new URLSearchParams(location.hash.slice(1)).get('lab');
    if (msg.presets.some((p) => p.name === wanted && p.lab === 'mnist')) {
      location.replace(`mnist.html${location.hash}`);
      return;
    }
    presets = msg.presets.filter((p) => p.lab === 'xor');
    const select = $<HTMLSelectElement>('preset');
    select.replaceChildren(...presets.map((p) => Object.assign(el('option', '', p.name), { value: p.name })));
    applyLink();
  },
  configured: onConfigured,
  metrics: onMetrics,
  state(msg) {
    step = msg.step;
    if (!msg.done) setStatus(msg.running ? 'running' : 'paused', msg.running ? 'training…' : `paused at step ${msg.step}`);
    queueFrame();
  },
  done(msg) {
    onDone(msg.diverged, msg.step);
  },
  error(msg) {
    showError(msg.message);
    if (status === 'loading' && preset) setStatus('ready', 'ready');
  },
};

function onLabMessage(ev: MessageEvent<FromWorker>): void {
  const msg = ev.data;
  if (msg.type !== 'ready' && msg.runId !== runId && !(msg.type === 'error' && msg.runId === 0)) return;
  (labHandlers[msg.type] as ((m: FromWorker) => void) | undefined)?.(msg);
}

function wireWorkers(): void {
  labWorker.onmessage = onLabMessage;
  labWorker.onerror = (ev) => showError(`the training worker failed: ${ev.message || 'could not start'}`);
  batchWorker.onmessage = onBatchMessage;
}

/**
 * Runs the other engine build: both workers are replaced (a module's build is fixed once
 * loaded), the run starts over with the knobs as they stand (or, `fromLink`, with the new
 * link's), and the share link records the choice. A batch in progress stops.
 */
function switchEngine(choice: EngineChoice, fromLink: boolean): void {
  if (!engineControl.request(choice)) return;
  labWorker.terminate();
  batchWorker.terminate();
  if (batchKind && document.body.dataset[batchKind] === 'running') {
    document.body.dataset[batchKind] = 'stopped';
    $(`${batchKind}-status`).textContent = 'Stopped: the engine build was switched. Press the button to train again.';
  }
  batchRunId++;
  batchReady = false;
  $<HTMLButtonElement>('sweep-run').disabled = true;
  $<HTMLButtonElement>('seeds-run').disabled = true;
  runId++;
  startAfterConfigure = false;
  relinkAfterRestart = fromLink;
  setStatus('loading', 'restarting the engine…');
  if (preset && !fromLink) {
    history.replaceState(null, '', formatHash(preset, applied, engineControl.choice));
    updateShareUrl();
  }
  labWorker = spawnWorker();
  batchWorker = spawnWorker();
  wireWorkers();
}

function applyLink(): void {
  const link = parseHash(location.hash, presets);
  preset = presets.find((p) => p.name === link.preset)!;
  $<HTMLSelectElement>('preset').value = preset.name;
  $('preset-help').textContent = `${preset.title}: a whole experiment, which a share link carries.`;
  controls.render(preset);
  pendingLinkErrors = [link.labError, link.engineError].filter((e): e is string => Boolean(e));
  configure('link', link.knobs);
}
let pendingLinkErrors: string[] = [];

function showLinkMessage(messages: string[]): void {
  const all = [...pendingLinkErrors, ...messages];
  pendingLinkErrors = [];
  renderLinkMessage($('link-message'), all);
}

function defaultOf(name: string): string {
  return preset?.knobs.find((k) => k.name === name)?.default ?? '';
}

function setStatus(s: Status, text: string): void {
  status = s;
  drawCounter();   // the counter shown with a status is that status's step (not one frame late)
  document.body.dataset.status = s;
  document.body.dataset.runId = String(runId);   // lets tests tell one run from the next
  $('status').textContent = text;
  const busy = s === 'loading';
  $<HTMLButtonElement>('train').disabled = busy || s === 'running';
  $<HTMLButtonElement>('pause').disabled = s !== 'running';
  $<HTMLButtonElement>('step-once').disabled = busy || s === 'done' || s === 'diverged';
  $<HTMLButtonElement>('reset').disabled = busy;
  $<HTMLButtonElement>('train').textContent = s === 'done' || s === 'diverged' ? 'Train again' : s === 'paused' ? 'Resume' : 'Train';
  queueFrame();
}

function showError(message: string): void {
  const b = $('error-banner');
  b.hidden = false;
  b.textContent = `Something went wrong: ${message}`;
}

// ---- drawing -------------------------------------------------------------------

function queueFrame(): void {
  if (frameQueued) return;
  frameQueued = true;
  requestAnimationFrame(drawFrame);
}

let counterShown = -1;

function drawCounter(): void {
  if (step === counterShown) return;
  counterShown = step;
  const counter = $('step');
  counter.textContent = step.toLocaleString('en');
  counter.dataset.step = String(step);
}

/**
 * Draws what changed since the last frame: the counter always, then at most one of the heavier
 * views (curve, network/outputs/flips, maps, batch charts) per frame, so no frame grows long;
 * whatever is left waits for the next frame.
 */
function drawFrame(): void {
  frameQueued = false;
  drawCounter();
  if (curveDirty) {
    curveDirty = false;
    const s = tail ? [...curveSteps, tail[0]] : curveSteps;
    const e = tail ? [...curveErrors, tail[1]] : curveErrors;
    curveChart.setData([{ label: 'error', steps: s, errors: e }]);
    $('curve-empty').hidden = s.length > 0;
    $('curve').hidden = s.length === 0;
  } else if (latest) {
    network.update(latest.params);
    outputs.update(latest.outputs);
    flips.update(latest.flips);
    latest = null;
  } else if (latestMaps) {
    maps.draw(latestMaps, hiddenWidth, preset?.name === 'xor');
    latestMaps = null;
  } else if (batchDirty) {
    const kind = batchDirty === sweepStore ? 'sweep' : 'seeds';
    (kind === 'sweep' ? sweepView : seedsView).draw(batchDirty);
    if (batchDirty.finished) document.body.dataset[kind] = 'done';   // once the final results are on screen
    batchDirty = null;
  }
  if (curveDirty || latest || latestMaps || batchDirty) queueFrame();
}

// ---- batches (alpha sweep, random starts) --------------------------------------

let batchKind: 'sweep' | 'seeds' | null = null;

function startBatch(kind: 'sweep' | 'seeds'): void {
  if (!preset) return;
  batchRunId++;
  batchKind = kind;
  const store = kind === 'sweep' ? sweepStore : seedsStore;
  store.reset();
  if (kind === 'sweep') {
    send(batchWorker, { type: 'sweep', runId: batchRunId, preset: preset.name, knobs: applied, alphas: POST_ALPHAS });
  } else {
    const n = Math.max(1, Math.min(100, Math.round(Number($<HTMLInputElement>('seeds-count').value) || 20)));
    $<HTMLInputElement>('seeds-count').value = String(n);
    send(batchWorker, { type: 'seeds', runId: batchRunId, preset: preset.name, knobs: applied, count: n });
  }
  document.body.dataset[kind] = 'running';
}

function onBatchMessage(ev: MessageEvent<FromWorker>): void {
  const msg = ev.data;
  if (msg.type === 'ready') {
    batchReady = true;
    $<HTMLButtonElement>('sweep-run').disabled = false;
    $<HTMLButtonElement>('seeds-run').disabled = false;
    return;
  }
  if (msg.runId !== batchRunId) return;
  if (msg.type === 'batch' || msg.type === 'batch-done') {
    const store = msg.kind === 'sweep' ? sweepStore : seedsStore;
    if (msg.type === 'batch') store.add(msg);
    else store.finished = true;
    batchDirty = store;
    queueFrame();
  } else if (msg.type === 'error') {
    showError(msg.message);
    if (batchKind) document.body.dataset[batchKind] = 'error';
  }
}
wireWorkers();
void batchReady;

// ---- controls --------------------------------------------------------------------

$('train').addEventListener('click', () => {
  if (status === 'done' || status === 'diverged') {
    startAfterConfigure = true;
    origin = 'reset';
    runId++;
    setStatus('loading', 'starting again…');
    send(labWorker, { type: 'reset', runId });
  } else {
    send(labWorker, { type: 'start', runId });
  }
});
$('pause').addEventListener('click', () => send(labWorker, { type: 'pause', runId }));
$('step-once').addEventListener('click', () => send(labWorker, { type: 'step', runId, count: 1 }));
$('reset').addEventListener('click', () => {
  origin = 'reset';
  runId++;
  startAfterConfigure = false;
  setStatus('loading', 'resetting…');
  send(labWorker, { type: 'reset', runId });
});
$('preset').addEventListener('change', () => {
  preset = presets.find((p) => p.name === $<HTMLSelectElement>('preset').value) ?? preset;
  $('preset-help').textContent = `${preset?.title ?? ""}: a whole experiment, which a share link carries.`;
  if (!preset) return;
  controls.render(preset);
  configure('edit', {});
});
$<HTMLInputElement>('log-scale').addEventListener('change', (ev) => curveChart.setLog((ev.target as HTMLInputElement).checked));
$('sweep-run').addEventListener('click', () => startBatch('sweep'));
$('seeds-run').addEventListener('click', () => startBatch('seeds'));
window.addEventListener('hashchange', () => {
  const choice = engineChoiceOf(location.hash);
  if (choice !== engineControl.choice) return switchEngine(choice, true);
  if (presets.length) applyLink();
});

function updateShareUrl(): void {
  $<HTMLInputElement>('share-url').value = location.href;
}
wireCopyLink($<HTMLButtonElement>('copy-link'), $<HTMLInputElement>('share-url'), $('copy-status'));

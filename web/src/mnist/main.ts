// web/src/mnist/main.ts: the MNIST lab page. Wires the DOM to its training
// worker (the page never loads the engine; the worker loads the build the
// link or the "Fast math" checkbox chose, and switching restarts it), keeps
// the current runId and drops stale messages, and draws the newest state once
// per animation frame. After a run it classifies the test set (confusion
// matrix, per-class accuracy, right and wrong digits); the draw pad asks the
// worker for probabilities.
import '../style.css';
import './mnist.css';
import type { ConfiguredMsg, Digits, EpochReport, ExerciseRun, FromWorker, KnobValues, MetricsMsg, Preset, ToWorker } from './protocol';
import { EXERCISE_BATCHES } from './protocol';
import { formatHash, parseHash } from './link';
import { $, el, f4 } from './views/dom';
import { KnobForm } from './views/controls';
import { digitGrid } from './views/digits';
import { renderSummary } from './views/summary';
import { Chart } from './views/charts';
import { renderConfusion, renderExamples } from './views/evaluation';
import { DrawPad } from './views/draw-pad';
import { renderLinkMessage } from '../views/link-message';
import type { EngineChoice } from '../engine-build';
import { engineChoiceOf } from '../engine-build';
import { EngineControl } from '../views/engine-control';

type Status = 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'failed';
type Origin = 'link' | 'edit' | 'reset';

const engineControl = new EngineControl($<HTMLInputElement>('engine-relaxed'), $('engine-build'), engineChoiceOf(location.hash),
  (c) => switchEngine(c, false));
/** The training worker; its name tells it which engine build to load. */
const spawnWorker = () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: engineControl.workerName() });
let worker = spawnWorker();

const form = new KnobForm($('knobs'), (knobs) => configure('edit', knobs));
const lossChart = new Chart($('loss-curve'), 'step', 'batch loss', [{ label: 'loss', color: '#2563eb' }], { height: 220, points: false });
const epochLossChart = new Chart($('epoch-loss'), 'epoch', 'loss',
  [{ label: 'loss', color: '#2563eb' }, { label: 'val_loss', color: '#ea580c', dash: [6, 4] }], { height: 180, points: true });
const epochAccChart = new Chart($('epoch-acc'), 'epoch', 'accuracy',
  [{ label: 'accuracy', color: '#2563eb' }, { label: 'val_accuracy', color: '#ea580c', dash: [6, 4] }], { height: 180, points: true });
const pad = new DrawPad($<HTMLCanvasElement>('pad'), $<HTMLCanvasElement>('pad-preview'), (x) => predict(x));

let presets: Preset[] = [];
let preset: Preset | null = null;
let applied: KnobValues = {};
let runId = 0;
let exerciseId = 0;
let origin: Origin = 'link';
let status: Status = 'loading';
let startAfterConfigure = false;
let pendingLinkErrors: string[] = [];
let relinkAfterRestart = false;   // a link asked for another build: apply it once the new worker is ready

let test: Digits | null = null;
let samples: Digits | null = null;
let sampleOffset = 0;
let stepsPerEpoch = 0;
let epochs = 0;
let step = 0;
let seed = 1;

let curveSteps: number[] = [];
let curveLoss: number[] = [];
let reports: EpochReport[] = [];
let live: { loss: number; seconds: number } | null = null;
let predicted: Uint8Array | null = null;
let lastImage: Float64Array | null = null;

let dirty = { curve: false, log: false, history: false, eval: false };
let frameQueued = false;

function send(msg: ToWorker): void {
  worker.postMessage(msg);
}

// ---- the run -----------------------------------------------------------------------

function configure(from: Origin, knobs: KnobValues): void {
  if (!preset) return;
  origin = from;
  runId++;
  setStatus('loading', test ? 'configuring…' : 'loading the data…');
  send({ type: 'configure', runId, preset: preset.name, knobs });
}

function onConfigured(msg: ConfiguredMsg): void {
  applied = msg.knobs;
  stepsPerEpoch = msg.stepsPerEpoch;
  epochs = msg.epochs;
  seed = Number(applied.seed ?? defaultOf('seed')) || 1;
  if (origin !== 'edit') form.set(applied);
  form.showErrors(msg.rejected);
  if (origin === 'link') showLinkMessage(msg.rejected.map((r) => r.message));
  history.replaceState(null, '', formatHash(preset!, applied, engineControl.choice));
  $<HTMLInputElement>('share-url').value = location.href;
  renderSummary($<HTMLTableElement>('summary'), $('summary-shape'), msg.describe);
  $('epochs').textContent = String(epochs);
  $('steps').textContent = (stepsPerEpoch * epochs).toLocaleString('en');
  step = 0;
  curveSteps = [];
  curveLoss = [];
  reports = [];
  live = null;
  predicted = null;
  $('divergence').hidden = true;
  $('test-result').hidden = true;
  $('eval').hidden = true;
  $('eval-empty').hidden = false;
  lossChart.clear();
  epochLossChart.clear();
  epochAccChart.clear();
  $('curve-empty').hidden = false;
  dirty = { curve: false, log: true, history: false, eval: false };
  const split = msg.valCount ? `${msg.trainCount.toLocaleString('en')} training / ${msg.valCount.toLocaleString('en')} validation images`
    : `${msg.trainCount.toLocaleString('en')} training images`;
  setStatus('ready', `ready: press Train (${split})`);
  if (lastImage) predict(lastImage);
  if (startAfterConfigure) {
    startAfterConfigure = false;
    send({ type: 'start', runId });
  }
}

function onMetrics(msg: MetricsMsg): void {
  step = msg.step;
  for (let i = 0; i < msg.curveSteps.length; i++) {
    curveSteps.push(msg.curveSteps[i]);
    curveLoss.push(msg.curveLoss[i]);
  }
  if (msg.curveSteps.length) dirty.curve = true;
  if (msg.reports.length) {
    reports.push(...msg.reports);
    dirty.history = true;
  }
  live = step % stepsPerEpoch === 0 ? null : { loss: msg.epochLoss, seconds: msg.epochSeconds };
  dirty.log = true;
  queueFrame();
}

const handlers: { [T in FromWorker['type']]?: (msg: Extract<FromWorker, { type: T }>) => void } = {
  ready(msg) {
    engineControl.show(msg.engine);
    const relink = relinkAfterRestart;
    relinkAfterRestart = false;
    if (preset) {
      // A restarted worker (another engine build): it loads the data again (from the browser's
      // cache) and trains the knobs as they stand, or the new link's.
      send({ type: 'load', runId: 0, base: location.href });
      if (relink) applyLink();
      else configure('edit', form.values());
      return;
    }
    presets = msg.presets.filter((p) => p.lab === 'mnist');
    const select = $<HTMLSelectElement>('preset');
    select.replaceChildren(...presets.map((p) => Object.assign(el('option', '', p.name), { value: p.name })));
    $('loading-text').textContent = 'Fetching the MNIST data…';
    send({ type: 'load', runId: 0, base: location.href });
    applyLink();
  },
  progress(msg) {
    const total = msg.total || 1;
    const mb = (n: number) => (n / 1e6).toFixed(1);
    $<HTMLProgressElement>('loading-bar').value = msg.loaded / total;
    $('loading-text').textContent = msg.cached
      ? `${msg.file}: from the browser's cache (${mb(msg.loaded)} MB)`
      : `${msg.file}: ${mb(msg.loaded)} of ${msg.total ? mb(msg.total) : '?'} MB`;
  },
  data(msg) {
    test = msg.test;
    samples = msg.samples;
    $('loading-card').hidden = true;
    showSamples();
    $<HTMLButtonElement>('more-digits').disabled = false;
    $<HTMLButtonElement>('pad-sample').disabled = false;
  },
  configured: onConfigured,
  metrics: onMetrics,
  state(msg) {
    step = msg.step;
    if (!msg.done) setStatus(msg.running ? 'running' : 'paused', msg.running ? 'training…' : `paused at step ${msg.step}`);
  },
  done(msg) {
    step = msg.step;
    if (msg.diverged) {
      const box = $('divergence');
      box.hidden = false;
      box.textContent = `Diverged at step ${msg.step}: the loss became NaN or infinite, so training stopped. ` +
        `lr = ${applied.lr ?? defaultOf('lr')} is likely too large — try a smaller learning rate.`;
      setStatus('diverged', `diverged at step ${msg.step}`);
      return;
    }
    predicted = msg.predicted;
    dirty.eval = true;
    if (lastImage) predict(lastImage);
    setStatus('done', `done in ${msg.seconds.toFixed(1)} s of training`);
  },
  prediction(msg) {
    drawProbs(msg.probs);
  },
  exercise(msg) {
    if (msg.runId === exerciseId) drawExercise(msg.runs, msg.finished);
  },
  error(msg) {
    if (msg.fatal) {
      setStatus('failed', 'could not load');
      $('loading-text').textContent = msg.message;
      $('loading-card').classList.add('failed');
    }
    showError(msg.message);
    if (status === 'loading' && !msg.fatal && preset && test) setStatus('ready', 'ready');
  },
};

function wireWorker(): void {
  worker.onmessage = (ev: MessageEvent<FromWorker>) => {
    const msg = ev.data;
    const global = msg.runId === 0 && ['ready', 'progress', 'data', 'error'].includes(msg.type);
    if (!global && msg.type !== 'exercise' && msg.runId !== runId) return;
    (handlers[msg.type] as ((m: FromWorker) => void) | undefined)?.(msg);
  };
  worker.onerror = (ev) => {
    setStatus('failed', 'the worker failed');
    showError(`the training worker failed: ${ev.message || 'could not start'}`);
  };
}
wireWorker();

/**
 * Runs the other engine build: the worker is replaced (a module's build is fixed once loaded),
 * the run starts over with the knobs as they stand (or, `fromLink`, with the new link's), and
 * the share link records the choice. An exercise in progress stops.
 */
function switchEngine(choice: EngineChoice, fromLink: boolean): void {
  if (!engineControl.request(choice)) return;
  worker.terminate();
  if (document.body.dataset.exercise === 'running') {
    document.body.dataset.exercise = 'stopped';
    $('exercise-status').textContent = 'Stopped: the engine build was switched. Press the button to train again.';
  }
  exerciseId++;
  runId++;
  startAfterConfigure = false;
  relinkAfterRestart = fromLink;
  setStatus('loading', 'restarting the engine…');
  if (preset && !fromLink) {
    history.replaceState(null, '', formatHash(preset, applied, engineControl.choice));
    $<HTMLInputElement>('share-url').value = location.href;
  }
  worker = spawnWorker();
  wireWorker();
}

function applyLink(): void {
  const link = parseHash(location.hash, presets);
  preset = presets.find((p) => p.name === link.preset)!;
  $<HTMLSelectElement>('preset').value = preset.name;
  $('preset-help').textContent = `${preset.title}: a whole experiment, which a share link carries.`;
  form.render(preset);
  pendingLinkErrors = [link.labError, link.engineError].filter((e): e is string => Boolean(e));
  configure('link', link.knobs);
}

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
  document.body.dataset.status = s;
  document.body.dataset.runId = String(runId);
  $('status').textContent = text;
  const busy = s === 'loading' || s === 'failed';
  $<HTMLButtonElement>('train').disabled = busy || s === 'running';
  $<HTMLButtonElement>('pause').disabled = s !== 'running';
  $<HTMLButtonElement>('reset').disabled = busy;
  $<HTMLButtonElement>('exercise-run').disabled = busy || !test;
  $<HTMLButtonElement>('train').textContent = s === 'done' || s === 'diverged' ? 'Train again' : s === 'paused' ? 'Resume' : 'Train';
  queueFrame();
}

function showError(message: string): void {
  const b = $('error-banner');
  b.hidden = false;
  b.textContent = `Something went wrong: ${message}`;
}

// ---- drawing -----------------------------------------------------------------------

function queueFrame(): void {
  if (frameQueued) return;
  frameQueued = true;
  requestAnimationFrame(drawFrame);
}

/** The counters and the log every frame; at most one chart or the evaluation per frame. */
function drawFrame(): void {
  frameQueued = false;
  const counter = $('step');
  counter.textContent = step.toLocaleString('en');
  counter.dataset.step = String(step);
  $('epoch').textContent = String(stepsPerEpoch ? Math.min(epochs, Math.floor(step / stepsPerEpoch) + (step % stepsPerEpoch ? 1 : 0)) : 0);
  if (dirty.log) {
    dirty.log = false;
    drawLog();
  }
  if (dirty.curve) {
    dirty.curve = false;
    $('curve-empty').hidden = curveSteps.length > 0;
    lossChart.setData(curveSteps, [curveLoss]);
  } else if (dirty.history) {
    dirty.history = false;
    const xs = reports.map((r) => r.epoch);
    const opt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
    epochLossChart.setData(xs, [reports.map((r) => opt(r.loss)), reports.map((r) => opt(r.val_loss))]);
    epochAccChart.setData(xs, [reports.map((r) => opt(r.accuracy)), reports.map((r) => opt(r.val_accuracy))]);
  } else if (dirty.eval && predicted && test) {
    dirty.eval = false;
    renderConfusion($<HTMLTableElement>('confusion'), test, predicted);
    renderExamples($('right-digits'), $('wrong-digits'), test, predicted, seed);
    $('eval').hidden = false;
    $('eval-empty').hidden = true;
    document.body.dataset.eval = String(runId);
  }
  if (dirty.curve || dirty.history || (dirty.eval && predicted)) queueFrame();
}

/** Keras' verbose=2 printout: "Epoch 1/5" then "469/469 - 8.1s - loss: … - accuracy: …". */
function drawLog(): void {
  const log = $('keras-log');
  let text = '';
  for (const r of reports) {
    text += `Epoch ${r.epoch}/${epochs}\n${stepsPerEpoch}/${stepsPerEpoch} - ${r.seconds.toFixed(1)}s - loss: ${f4(r.loss)} - accuracy: ${f4(r.accuracy)}`;
    if (r.val_loss !== undefined) text += ` - val_loss: ${f4(r.val_loss)} - val_accuracy: ${f4(r.val_accuracy)}`;
    text += '\n';
  }
  log.textContent = text;
  if (live && step > 0) {
    const epoch = Math.floor(step / stepsPerEpoch) + 1;
    const line = el('span', 'live', `Epoch ${epoch}/${epochs}\n${step % stepsPerEpoch}/${stepsPerEpoch} - ${live.seconds.toFixed(1)}s - loss: ${f4(live.loss)}`);
    log.append(line);
  }
  if (!text && !live) log.textContent = 'Press Train: one line per epoch appears here, as Keras prints it.';
  log.scrollTop = log.scrollHeight;
  const last = reports[reports.length - 1];
  const result = $('test-result');
  if (last?.test_accuracy !== undefined) {
    result.hidden = false;
    result.textContent = `Test loss: ${last.test_loss} · Test accuracy: ${last.test_accuracy}`;
    result.dataset.testAccuracy = String(last.test_accuracy);
    result.dataset.testLoss = String(last.test_loss);
  }
}

function showSamples(): void {
  if (!samples) return;
  const items = Array.from({ length: 9 }, (_, i) => {
    const index = (sampleOffset + i) % samples!.count;
    return { index, title: `Class ${samples!.labels[index]}` };
  });
  digitGrid($('train-digits'), samples, items);
}

// ---- the draw pad --------------------------------------------------------------------

function predict(x: Float64Array | null): void {
  lastImage = x;
  if (!x) {
    drawProbs(null);
    return;
  }
  if (status === 'loading' || status === 'failed') return;
  send({ type: 'predict', runId, pixels: x.slice() });
}

function drawProbs(probs: Float64Array | null): void {
  const root = $('probs');
  root.replaceChildren();
  if (!probs) {
    root.append(el('p', 'placeholder', 'Draw a digit on the black square.'));
    delete root.dataset.sum;
    return;
  }
  let top = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[top]) top = i;
  const heading = el('p', 'note', `The model says: ${top} (${(100 * probs[top]).toFixed(1)} %)` +
    (status === 'done' ? '' : ' — train the model for a meaningful answer'));
  root.append(heading);
  probs.forEach((p, i) => {
    const row = el('div', `prob${i === top ? ' top' : ''}`);
    row.dataset.p = String(p);
    const track = el('span', 'track');
    const fill = el('span', 'fill');
    fill.style.width = `${(100 * p).toFixed(2)}%`;
    track.append(fill);
    row.append(el('span', '', String(i)), track, el('span', 'num', `${(100 * p).toFixed(1)} %`));
    row.setAttribute('aria-label', `${i}: ${(100 * p).toFixed(1)} percent`);
    root.append(row);
  });
  root.dataset.sum = String(probs.reduce((a, b) => a + b, 0));
}
drawProbs(null);

// ---- the exercise ----------------------------------------------------------------------

function drawExercise(runs: ExerciseRun[], finished: boolean): void {
  const tbody = $('exercise-rows');
  tbody.replaceChildren();
  for (const r of runs) {
    const tr = el('tr');
    tr.append(
      el('td', 'num', r.batch.toLocaleString('en')),
      el('td', 'num', r.steps ? `${r.step.toLocaleString('en')} / ${r.steps.toLocaleString('en')}` : '–'),
      el('td', 'num', r.step ? `${r.seconds.toFixed(1)} s` : '–'),
      r.error
        ? el('td', 'error', r.error)
        : el('td', 'num', r.testAccuracy !== undefined ? `${(100 * r.testAccuracy).toFixed(2)} %` : r.step ? 'training…' : '–'),
    );
    tbody.append(tr);
  }
  $('exercise-status').textContent = finished
    ? 'Done. Small batches take many more (cheap) steps and learn far more in one epoch; a batch of 10,000 is only a few steps per epoch.'
    : 'Training…';
  if (finished) {
    document.body.dataset.exercise = 'done';
    $<HTMLButtonElement>('exercise-run').disabled = false;
  }
}

// ---- controls ----------------------------------------------------------------------

$('train').addEventListener('click', () => {
  if (status === 'done' || status === 'diverged') {
    startAfterConfigure = true;
    origin = 'reset';
    runId++;
    setStatus('loading', 'starting again…');
    send({ type: 'reset', runId });
  } else {
    send({ type: 'start', runId });
  }
});
$('pause').addEventListener('click', () => send({ type: 'pause', runId }));
$('reset').addEventListener('click', () => {
  origin = 'reset';
  runId++;
  startAfterConfigure = false;
  setStatus('loading', 'resetting…');
  send({ type: 'reset', runId });
});
$('preset').addEventListener('change', () => {
  preset = presets.find((p) => p.name === $<HTMLSelectElement>('preset').value) ?? preset;
  $('preset-help').textContent = `${preset?.title ?? ""}: a whole experiment, which a share link carries.`;
  if (!preset) return;
  form.render(preset);
  configure('edit', {});
});
$('more-digits').addEventListener('click', () => {
  sampleOffset += 9;
  showSamples();
});
$('pad-clear').addEventListener('click', () => pad.clear());
$('pad-sample').addEventListener('click', () => {
  if (test) pad.show(test, Math.floor(Math.random() * test.count));
});
$('exercise-run').addEventListener('click', () => {
  if (!preset) return;
  exerciseId++;
  $<HTMLButtonElement>('exercise-run').disabled = true;
  document.body.dataset.exercise = 'running';
  drawExercise(EXERCISE_BATCHES.map((b) => ({ batch: b, step: 0, steps: 0, seconds: 0, done: false })), false);
  send({ type: 'exercise', runId: exerciseId, preset: preset.name, knobs: applied, batches: EXERCISE_BATCHES });
});
window.addEventListener('hashchange', () => {
  const choice = engineChoiceOf(location.hash);
  if (choice !== engineControl.choice) return switchEngine(choice, true);
  if (presets.length && location.hash !== formatHash(preset!, applied, engineControl.choice)) applyLink();
});
$('copy-link').addEventListener('click', async () => {
  const field = $<HTMLInputElement>('share-url');
  field.value = location.href;
  try {
    await navigator.clipboard.writeText(field.value);
    $('copy-status').textContent = 'Copied to the clipboard.';
  } catch {
    field.focus();
    field.select();
    $('copy-status').textContent = 'The link is selected: press Ctrl+C (⌘C) to copy it.';
  }
});

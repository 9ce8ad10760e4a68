// web/src/shell/main.ts: the page shell, the same for every lab. It owns the
// one worker (client.ts), routing (the hash: a share link, or the start page),
// the lab picker, the knob form, the run controls and their states, status,
// errors, the engine build and the share link. A lab plugs in through its
// views module (../labs/): the shell mounts it, passes it the worker's
// messages for its run, and lends it batches, forward passes and views. The
// shell never learns a lab's panels, and never re-derives engine arithmetic:
// counts come from the `configured` message's schedule.
import './shell.css';
import type { FromWorker, KnobValues, LabInfo, Preset, Rejected, Schedule } from '../protocol';
import type { LabHost, LabViews, Status } from '../labs/types';
import { labViews } from '../labs';
import { formatHash, parseHash } from './link';
import { KnobForm } from './knob-form';
import { WorkerClient } from './client';
import { drawBar, enabled, ended } from './bar';
import { clearRunEnd, runEnd, warnDiverging } from './run-end';
import { labEntries, renderStart } from './start-page';
import { wireCopyLink } from './copy-link';
import { wireRunFiles } from './model-file';
import { renderLinkMessage } from '../views/link-message';
import { loadCharts, releaseDetachedCharts } from '../views/chart';
import { $, count, el } from '../views/dom';
import { afterPaint } from '../views/frame';
import { EngineControl } from '../views/engine-control';
import type { EngineChoice } from '../engine-build';
import { engineChoiceOf } from '../engine-build';
import { DataDownloads } from './data-download';
import { DataAsked, showDataProgress } from './data-progress';
import { registerServiceWorker } from './offline';
import { warmTypeScale } from './type-warmup';
import { Recovery } from './recovery';
import { LessonShell } from '../lessons/shell';

type Origin = 'link' | 'edit' | 'reset';

warmTypeScale();                              // while the worker compiles the engine

const engineControl = new EngineControl($<HTMLInputElement>('engine-relaxed'), $('engine-build'), engineChoiceOf(location.hash),
  (c) => switchEngine(c, false));
const client = new WorkerClient(engineControl.choice, (m) => { const kept = recovery.filter(m); if (kept) onMessage(kept); }, (raw) => recovery.crashed(raw));
const recovery = new Recovery({ send: (m, t) => client.send(m, t), runId: () => runId, step: () => step, status: () => status, started: () => presets.length > 0,
  restart: (text) => restartWorker(false, text), fail: (text) => { client.stop(); showError(text); setStatus('failed', 'the worker failed'); } });
const form = new KnobForm($('knobs'), onEdit);
const lessons = new LessonShell(form, () => ({ preset, applied, engine: engineControl.choice }));
const downloads = new DataDownloads($('data-list'), $('data-status'), (name, rows) => client.send({ type: 'data-csv', runId, name, rows }));

let presets: Preset[] = [];
let engineLabs: LabInfo[] = [];
let engineReady = false;
let preset: Preset | null = null;
let lab: LabViews | null = null;
let applied: KnobValues | null = null;      // the current run's knobs, as the engine accepted them
let schedule: Schedule | null = null;
let runId = 0;
let batchId = 0;
let checkId = 0, checkedId = 0, trainAfterCheck = false;   // checkedId < checkId: an edit is still being checked
let origin: Origin = 'link';
let status: Status = 'loading';
let statusText = '';
let step = 0;
let invalid: Rejected[] = [];               // the form's knobs the engine refused (they block Train)
let pending: string[] = [];                 // knobs edited during a run: applied at the next Train
let startAfterConfigure = false;
let relinkAfterRestart = false;             // a link asked for another build: apply it once the new worker is ready
let pendingLinkErrors: string[] = [];
const dataAsked = new DataAsked();           // data files this worker was asked to load

const host: LabHost = {
  preset: () => preset!,
  applied: () => applied ?? {},
  status: () => status,
  runBatch(variants, opts) {
    if (!preset || !applied) return;
    batchId++;
    client.send({ type: 'batch', runId: batchId, preset: preset.name, knobs: applied, variants, ...opts });
  },
  forward: (input, rows) => client.send({ type: 'forward', runId, input, rows }),
  requestView: (name, input) => client.send({ type: 'view', runId, name, input }),
  setKnobs(knobs) {
    form.set({ ...form.values(), ...knobs });
    onEdit();
  },
  phase: (part) => client.send({ type: 'phase', runId, part }),
  provideData(name, bytes, knobs = {}) {
    client.send({ type: 'provide', runId, name, bytes });
    if (!preset) return;
    form.set({ ...form.values(), ...knobs });
    startAfterConfigure = status === 'running';
    configure('edit', form.values());
  },
  error: (message) => showError(message),
};

// ---- routing ------------------------------------------------------------------------

function applyLink(): void {
  const link = parseHash(location.hash, presets);
  renderStart($('lab-cards'), $('lab-nav'), labEntries(presets, engineLabs), link.preset ? presets.find((p) => p.name === link.preset)!.lab : null);
  if (!link.preset) return showStart(link.engineError ? [link.engineError] : []);
  const p = presets.find((x) => x.name === link.preset)!;
  const views = labViews(p.lab);
  if (!views) return showError(`lab "${p.lab}" has no views on this page`);
  showLab(views);
  choosePreset(p);
  pendingLinkErrors = [link.labError, link.engineError, ...lessons.apply(link, p)].filter((e): e is string => Boolean(e));
  startAfterConfigure = lessons.autostart;
  configure('link', link.knobs);
}

function showStart(errors: string[]): void {
  if (status === 'running') client.send({ type: 'pause', runId });   // a run left behind does not train on unseen
  document.body.dataset.view = 'start';
  $('start').hidden = false;
  $('workbench').hidden = true;
  $('control-bar').hidden = true;
  document.title = 'Synapse Playground';
  if (errors.length) showError(errors.join('; '));
  setStatus('ready', 'pick a lab');
}

function showLab(views: LabViews): void {
  document.body.dataset.view = 'lab';
  document.body.dataset.lab = views.name;
  $('start').hidden = true;
  $('workbench').hidden = false;
  $('control-bar').hidden = false;
  if (lab === views) return;
  lab?.unmount();
  runId++;                                    // the old lab's messages are dropped from here on
  $('lab-main').replaceChildren(); $('lab-more').replaceChildren(); releaseDetachedCharts();
  lab = views;
  applied = null;
  // The first frame lays out the controls and the main chart; the panels below them come one
  // frame later, so a lab's first render is two shorter tasks rather than one long one.
  const more = $('lab-more');
  more.hidden = true;
  afterPaint(() => { if (lab === views) more.hidden = false; });
  lab.mount({ main: $('lab-main'), more }, host);
  lab.batchReady?.(engineReady);
  const title = engineLabs.find((l) => l.name === views.name)?.title ?? views.title;
  $('lab-title').textContent = title;
  $('lab-heading').textContent = title;
  document.title = `Synapse Playground — ${title}`;
  askData();
  downloads.show(engineLabs.find((l) => l.name === views.name));
  $<HTMLSelectElement>('preset').replaceChildren(...presets.filter((p) => p.lab === views.name).map((p) => Object.assign(el('option', '', p.name), { value: p.name })));
}

function askData(): void {
  const files = dataAsked.take(lab?.data ?? []);
  if (!files.length) return;
  $('loading-card').hidden = false;
  $('loading-text').textContent = 'Fetching the data…';
  client.send({ type: 'load', runId: 0, base: location.href, files });
}

function choosePreset(p: Preset): void {
  preset = p;
  $<HTMLSelectElement>('preset').value = p.name;
  $('preset-help').textContent = lab?.presetNote(p) ?? p.title;
  form.render(p);
  invalid = [];
  pending = [];
}

// ---- the run ------------------------------------------------------------------------

function configure(from: Origin, knobs: KnobValues): void {
  if (!preset || !lab) return;
  origin = from;
  runId++;
  setStatus('loading', dataAsked.size && $('loading-card').hidden === false ? 'loading the data…' : 'configuring…');
  client.send({ type: 'configure', runId, preset: preset.name, knobs, views: lab.views });
}

function startOrApply(): void {
  if (invalid.length) return;
  if (checkedId < checkId) return void (trainAfterCheck = true);   // typed, then Train: train once the edit applies
  if (pending.length && step > 0) {
    startAfterConfigure = true;
    return configure('edit', form.values());
  }
  if (ended(status)) {
    startAfterConfigure = true;
    origin = 'reset';
    runId++;
    setStatus('loading', 'starting again…');
    return client.send({ type: 'reset', runId });
  }
  client.send({ type: 'start', runId });
}

/** An edited knob: the engine checks the form; then it applies at once, or (mid-run) at the next Train. */
function onEdit(): void {
  if (!preset) return;
  checkId++;
  client.send({ type: 'check', runId: checkId, preset: preset.name, knobs: form.values() });
  markPending();
}

function markPending(): void {
  pending = step > 0 && !ended(status) ? form.markPending(applied) : form.markPending(null);
  const note = $('pending-note');
  note.hidden = pending.length === 0;
  note.textContent = pending.length ? `Changed during this run: ${pending.join(', ')}. They apply at the next Train (a new run).` : '';
  setStatus(status, statusText);
}

function setStatus(s: Status, text: string): void {
  status = s;
  statusText = text;
  const blocked = invalid.length > 0;
  const note = $('train-blocked');
  note.hidden = !blocked || document.body.dataset.view !== 'lab';
  note.textContent = blocked ? `Train is blocked until these are fixed: ${invalid.map((r) => r.message).join('; ')}` : '';
  drawBar({ status: s, runId, step, schedule, blocked, pending: pending.length > 0 }, text);
  lab?.statusChanged?.(s);
}

function showError(message: string): void {
  Object.assign($('error-banner'), { hidden: false, textContent: `Something went wrong: ${message}` });
}

const handlers: { [T in FromWorker['type']]: (msg: Extract<FromWorker, { type: T }>) => void } = {
  ready(msg) {
    engineControl.show(msg.engine);
    engineReady = true;
    [checkedId, trainAfterCheck] = [checkId, false];   // a new worker answers no earlier check
    lab?.batchReady?.(true);
    client.send({ type: 'speed', runId: 0, stepsPerSecond: Number($<HTMLSelectElement>('speed').value) });
    const relink = relinkAfterRestart;
    relinkAfterRestart = false;
    if (preset && presets.length) {
      askData();
      if (relink) applyLink();
      else configure('edit', recovery.restarting() ? applied ?? form.values() : form.values());
      return;
    }
    presets = msg.presets;
    engineLabs = msg.labs;
    void loadCharts();   // now: the worker has warmed the locale data uPlot's module needs
    applyLink();
  },
  progress: (msg) => showDataProgress($<HTMLProgressElement>('loading-bar'), $('loading-text'), msg),
  data(msg) {
    $('loading-card').hidden = true;
    lab?.dataLoaded?.(new Map(msg.files.map((f) => [f.name, f.bytes])));
    lab?.batchReady?.(engineReady);
  },
  configured(msg) {
    applied = msg.knobs;
    schedule = msg.schedule;
    step = 0;
    if (origin !== 'edit') form.set(applied, origin === 'link');
    invalid = origin === 'edit' ? msg.rejected : [];
    form.showErrors(msg.rejected);
    if (origin === 'link') renderLinkMessage($('link-message'), [...pendingLinkErrors, ...msg.rejected.map((r) => r.message)]);
    pendingLinkErrors = [];
    history.replaceState(null, '', formatHash(preset!, applied, engineControl.choice, lessons.current));
    $<HTMLInputElement>('share-url').value = location.href;
    clearRunEnd(); $('error-banner').hidden = true;   // a success clears an earlier failure
    if (!recovery.keepsCharts()) { lab?.configured(msg); lessons.configured(msg, preset!); }   // a crash's restored run keeps them
    if (origin === 'link') void runFiles.offer();
    markPending();
    const d = msg.data;
    const split = d.validation ? `${count(d.train)} training / ${count(d.validation)} validation examples` : `${count(d.train)} training examples`;
    setStatus('ready', `ready: press Train (${split})`);
    if (startAfterConfigure) {
      startAfterConfigure = false;
      client.send({ type: 'start', runId });
    }
  },
  checked(msg) {
    if (msg.runId !== checkId) return;
    const train = trainAfterCheck;
    [checkedId, trainAfterCheck, invalid] = [checkId, false, msg.rejected];
    form.showErrors(invalid);
    const idle = status === 'ready' || ended(status);
    if (!invalid.length && idle && (step === 0 || status !== 'ready')) return void (startAfterConfigure ||= train, configure('edit', form.values()));
    markPending();
    if (train) startOrApply();
  },
  metrics(msg) {
    step = msg.step;
    lab?.metrics(msg);
    lessons.metrics(msg);
    warnDiverging(msg.diverging, applied ?? {}, preset);
    drawBar({ status, runId, step, schedule, blocked: invalid.length > 0, pending: pending.length > 0 }, statusText);
  },
  state(msg) {
    step = msg.step;
    if (!msg.done) setStatus(msg.running ? 'running' : 'paused', msg.running ? 'training…' : `paused at step ${count(msg.step)}`);
    runFiles.state(msg.running);
  },
  done(msg) {
    step = msg.step;
    setStatus(...runEnd(msg, lab?.divergedText(applied ?? {}, preset!) ?? '', applied ?? {}, preset!));
    lab?.done(msg);
    lessons.done(msg);
    markPending();
  },
  'view-data': (msg) => lab?.view?.(msg.name, msg.view),
  forwarded: (msg) => lab?.forwarded?.(msg.output),
  'batch-progress': (msg) => { if (msg.runId === batchId) lab?.batchProgress?.(msg); },
  csv: (msg) => downloads.received(msg.name, msg.csv),
  'saved-state': (msg) => runFiles.saved(msg),
  error(msg) {
    if (msg.fatal) {
      setStatus('failed', 'could not load');
      $('loading-text').textContent = msg.message;
      $('loading-card').classList.add('failed');
    }
    showError(msg.message);
    if (status !== 'loading' || msg.fatal || !preset) return;
    // A refused configure: a link's falls back to the preset's defaults, saying why; an edit's blocks Train until the form changes.
    if (origin === 'link' && !pendingLinkErrors.includes(msg.message)) return void (pendingLinkErrors.push(msg.message), configure('link', {}));
    form.showErrors((invalid = [{ knob: msg.message.split(':')[0], message: msg.message }]));
    setStatus('ready', 'not applied: the values in red were refused');
  },
};

const GLOBAL = new Set(['ready', 'progress', 'data', 'checked', 'batch-progress', 'csv']);

function onMessage(msg: FromWorker): void {
  if (!GLOBAL.has(msg.type) && msg.runId !== runId && !(msg.type === 'error' && msg.runId === 0)) return;
  (handlers[msg.type] as (m: FromWorker) => void)(msg);
}

/**
 * Runs the other engine build: the worker is replaced, the run starts over with the knobs as they
 * stand (or, `fromLink`, with the new link's), the share link records the choice; a batch stops.
 */
function switchEngine(choice: EngineChoice, fromLink: boolean): void {
  if (!engineControl.request(choice)) return;
  restartWorker(fromLink, 'restarting the engine…');
  if (preset && applied && !fromLink) {
    history.replaceState(null, '', formatHash(preset, applied, engineControl.choice, lessons.current));
    $<HTMLInputElement>('share-url').value = location.href;
  }
}

/** A new worker of the chosen build (a switch, or recovery.ts after a crash); its `ready` configures the run again. */
function restartWorker(fromLink: boolean, text: string): void {
  client.restart(engineControl.choice);
  engineReady = false;
  lab?.batchReady?.(false);
  dataAsked.clear();
  batchId++;
  runId++;                                    // the old worker's run is over
  startAfterConfigure = false; relinkAfterRestart = fromLink;
  setStatus('loading', text);
}

// ---- controls -------------------------------------------------------------------------

/** A bar button's click, ignored while the button says it does nothing (aria-disabled). */
function onButton(id: string, act: () => void): void {
  $(id).addEventListener('click', () => { if (enabled($(id))) act(); });
}
onButton('train', startOrApply);
onButton('pause', () => client.send({ type: 'pause', runId }));
onButton('step-once', () => client.send({ type: 'step', runId, count: 1 }));
onButton('reset', () => {
  startAfterConfigure = false;
  if (pending.length) return configure('edit', form.values());
  origin = 'reset';
  runId++;
  setStatus('loading', 'resetting…');
  client.send({ type: 'reset', runId });
});
$('speed').addEventListener('change', (ev) =>
  client.send({ type: 'speed', runId, stepsPerSecond: Number((ev.target as HTMLSelectElement).value) }));
$('preset').addEventListener('change', () => {
  const next = presets.find((p) => p.name === $<HTMLSelectElement>('preset').value);
  if (!next) return;
  if (status === 'running' || status === 'paused') {
    if (!window.confirm(`Switch to ${next.name}? The current run stops.`)) {
      $<HTMLSelectElement>('preset').value = preset!.name;
      return;
    }
  }
  choosePreset(next);
  configure('edit', {});
});
window.addEventListener('hashchange', () => {
  const choice = engineChoiceOf(location.hash);
  if (choice !== engineControl.choice) return switchEngine(choice, true);
  if (presets.length && (!preset || !applied || location.hash !== formatHash(preset, applied, engineControl.choice, lessons.current))) applyLink();
});
// the skip link leads to Train (without touching the hash, which is the share link)
document.querySelector('.skip-link')!.addEventListener('click', (ev) => {
  ev.preventDefault();
  $('train').focus();
});
wireCopyLink($<HTMLButtonElement>('copy-link'), $<HTMLInputElement>('share-url'), $('copy-status'));
const runFiles = wireRunFiles({ send: (m, t) => client.send(m, t), runId: () => runId, preset: () => preset?.name ?? null, running: () => status === 'running',
  ready: () => status !== 'loading' && status !== 'failed' && !!preset, loading: (name) => { origin = 'reset'; setStatus('loading', `loading ${name}…`); } });
if (!new URLSearchParams(location.hash.slice(1)).has('lab')) showStart([]);
registerServiceWorker();

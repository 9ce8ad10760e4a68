// web/src/labs/mnist/index.ts: the MNIST lab's views module: the Keras log
// and the batch-loss curve (main), training digits, the model summary, the
// per-epoch history, the test set's evaluation (from the `predicted` view at
// the end, with the engine's `confusion` view), the draw pad (`forward` one image) and the batch-size exercise
// (a batch of two runs). It declares the two data files; the page keeps the
// test set's bytes (and a sample of training digits) to draw digits.
import './mnist.css';
import type { BatchProgressMsg, ConfiguredMsg, MetricsMsg, Report, Schedule, ViewData } from '../../protocol';
import type { LabHost, LabSlots, LabViews } from '../types';
import { $, el, fromHtml } from '../../views/dom';
import { LineChart } from '../../views/chart';
import { FrameQueue } from '../../views/frame';
import { digitGrid, parseDigits, sampleDigits, type Digits } from './digits';
import { renderSummary } from './summary';
import { renderConfusion, renderExamples } from './evaluation';
import { DrawPad } from './draw-pad';
import { drawExercise, exerciseVariants } from './exercise';
import { drawLog, drawProbs } from './log';
import { MAIN, MORE } from './panels';
import { LayerSpeed } from './layer-speed';
import { axisValues, cellLink, drawGrid, gridVariants, type GridSpec } from './grid';
import { epochSeries, lrDivergedText } from '../common';

const TRAIN = 'mnist-train.bin';
const TEST = 'mnist-test.bin';

interface Mounted {
  host: LabHost; loss: LineChart; epochLoss: LineChart; epochAcc: LineChart; pad: DrawPad; speed: LayerSpeed;
  schedule: Schedule | null; step: number; seed: number;
  steps: number[]; values: number[]; reports: Report[]; live: MetricsMsg['live']; predicted: ArrayLike<number> | null; confusion: ViewData | null;
  dirty: { curve: boolean; log: boolean; history: boolean; eval: boolean };
  exerciseRunning: boolean;
  grid: GridSpec | null;   // the search grid running (its batch's progress goes to the grid, not the exercise)
}

let m: Mounted | null = null;
let test: Digits | null = null;
let samples: Digits | null = null;
let sampleOffset = 0;
let lastImage: Float64Array | null = null;
const frame = new FrameQueue(draw);

const picture = `<svg viewBox="0 0 120 80" aria-hidden="true"><rect width="120" height="80" rx="6" fill="#0f172a"/>
<path d="M18 22h22l-12 36" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round"/>
<path d="M52 28a9 9 0 1 1 14 8l-14 18h18" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round"/>
<g fill="#60a5fa"><rect x="84" y="52" width="5" height="10"/><rect x="91" y="58" width="5" height="4"/><rect x="98" y="20" width="5" height="42"/><rect x="105" y="56" width="5" height="6"/></g></svg>`;

export const mnistLab: LabViews = {
  name: 'mnist',
  title: 'MNIST digits with a multilayer perceptron',
  summary: 'A network learns to read handwritten digits: batches, epochs, validation, and what it gets wrong.',
  picture,
  data: [{ name: TRAIN, toPage: true }, { name: TEST, toPage: true }],
  views: [{ name: 'predicted', when: 'end' }, { name: 'confusion', when: 'end' },
    { name: 'layer_speed', when: 'publish', everyMs: 1000 }],
  presetNote: (p) => `${p.title}.`,

  mount(slots: LabSlots, host: LabHost) {
    slots.main.append(fromHtml(MAIN));
    slots.more.append(fromHtml(MORE));
    m = {
      host,
      loss: new LineChart($('loss-curve'), { name: 'batch loss per training step', x: 'step', y: 'batch loss', height: 200 }),
      epochLoss: new LineChart($('epoch-loss'), { name: 'loss and validation loss per epoch', x: 'epoch', y: 'loss', height: 180, legend: true, points: true }),
      epochAcc: new LineChart($('epoch-acc'), { name: 'accuracy and validation accuracy per epoch', x: 'epoch', y: 'accuracy', height: 180, legend: true, points: true }),
      pad: new DrawPad($<HTMLCanvasElement>('pad'), $<HTMLCanvasElement>('pad-preview'), (x) => predict(x)),
      speed: new LayerSpeed($('layer-speed'), $('speed-empty'), $('speed-ratio')),
      schedule: null, step: 0, seed: 1, steps: [], values: [], reports: [], live: null, predicted: null, confusion: null,
      dirty: { curve: false, log: true, history: false, eval: false }, exerciseRunning: false, grid: null,
    };
    $('grid-run').addEventListener('click', () => runGrid());
    if (samples) showSamples();
    drawProbs(null, false);
    $('more-digits').addEventListener('click', () => { sampleOffset += 9; showSamples(); });
    $('pad-clear').addEventListener('click', () => m?.pad.clear());
    $('pad-sample').addEventListener('click', () => { if (test && m) m.pad.show(test, Math.floor(Math.random() * test.count)); });
    $('exercise-run').addEventListener('click', () => {
      if (!m) return;
      $<HTMLButtonElement>('exercise-run').disabled = true;
      document.body.dataset.exercise = 'running';
      m.exerciseRunning = true;
      m.grid = null;
      const variants = exerciseVariants();
      drawExercise(variants.map((v) => ({ value: v.value, step: 0, totalSteps: 0, seconds: 0, done: false })), false);
      m.host.runBatch(variants, { together: false, points: 100 });
    });
  },

  unmount() {
    m = null;
    lastImage = null;
  },

  dataLoaded(files) {
    const t = files.get(TEST);
    const tr = files.get(TRAIN);
    if (t) test = parseDigits(TEST, t);
    if (tr) samples = sampleDigits(parseDigits(TRAIN, tr), 90);   // the big file itself is let go
    if (m) showSamples();
  },

  configured(msg: ConfiguredMsg) {
    if (!m) return;
    m.schedule = msg.schedule;
    m.seed = Number(msg.knobs.seed ?? m.host.preset().knobs.find((k) => k.name === 'seed')?.default) || 1;
    m.step = 0;
    m.steps = [];
    m.values = [];
    m.reports = [];
    m.live = null;
    m.predicted = null;
    m.confusion = null;
    renderSummary($<HTMLTableElement>('summary'), $('summary-shape'), msg.describe);
    gridKnobs();
    $('test-result').hidden = true;
    $('eval').hidden = true;
    $('eval-empty').hidden = false;
    m.loss.clear();
    m.epochLoss.clear();
    m.epochAcc.clear();
    m.speed.clear();
    $('curve-empty').hidden = false;
    m.dirty = { curve: false, log: true, history: false, eval: false };
    if (lastImage) predict(lastImage);
    frame.queue();
  },

  metrics(msg: MetricsMsg) {
    if (!m) return;
    m.step = msg.step;
    for (let i = 0; i < msg.curveSteps.length; i++) {
      m.steps.push(msg.curveSteps[i]);
      m.values.push(msg.curveValues[i]);
    }
    if (msg.curveSteps.length) m.dirty.curve = true;
    if (msg.reports.length) {
      m.reports.push(...msg.reports);
      m.dirty.history = true;
    }
    m.live = msg.live;
    m.dirty.log = true;
    const { predicted, confusion, layer_speed: speed } = msg.views;
    if (speed) m.speed.set(speed);
    if (predicted && confusion) {
      m.predicted = predicted.data;
      m.confusion = confusion;
      m.dirty.eval = true;
    }
    frame.queue();
  },

  done(msg) {
    if (!msg.diverged && lastImage) predict(lastImage);
  },

  divergedText: lrDivergedText,

  batchReady(ready) {
    if (!m) return;
    $<HTMLButtonElement>('more-digits').disabled = !samples;
    $<HTMLButtonElement>('pad-sample').disabled = !test;
    if (!m.exerciseRunning) $<HTMLButtonElement>('exercise-run').disabled = !ready || !test;
    if (!m.grid) $<HTMLButtonElement>('grid-run').disabled = !ready;
    if (!ready && m.exerciseRunning) {
      m.exerciseRunning = false;
      document.body.dataset.exercise = 'stopped';
      $('exercise-status').textContent = 'Stopped: the engine build was switched. Press the button to train again.';
    }
  },

  batchProgress(msg: BatchProgressMsg) {
    if (!m) return;
    if (m.grid) {
      const g = m.grid, host = m.host, applied = { ...host.applied() };
      drawGrid(g, msg.runs, (r, c) => cellLink(host.preset(), applied, g, r, c), msg.finished);
      if (msg.finished) {
        m.grid = null;
        $<HTMLButtonElement>('grid-run').disabled = false;
        document.body.dataset.grid = 'done';
      }
      return;
    }
    drawExercise(msg.runs, msg.finished);
    if (msg.finished) m.exerciseRunning = false;
  },

  forwarded(output) {
    drawProbs(output, m?.host.status() === 'done');
  },
};

const GRID_KNOBS = ['lr', 'l2', 'l1', 'batch_size', 'hidden', 'dropout', 'epochs'];

/** The grid's knob choices: those of the preset's knobs it can vary (rows: lr, columns: l2 by default). */
function gridKnobs(): void {
  if (!m) return;
  const have = new Set(m.host.preset().knobs.map((k) => k.name));
  const names = GRID_KNOBS.filter((n) => have.has(n));
  for (const [id, want] of [['grid-row-knob', 'lr'], ['grid-col-knob', 'l2']] as const) {
    const sel = $<HTMLSelectElement>(id);
    const keep = sel.value;
    sel.replaceChildren(...names.map((n) => Object.assign(el('option', '', n), { value: n })));
    sel.value = names.includes(keep) ? keep : names.includes(want) ? want : names[id === 'grid-row-knob' ? 0 : 1] ?? '';
  }
}

function runGrid(): void {
  if (!m) return;
  const g: GridSpec = {
    rowKnob: $<HTMLSelectElement>('grid-row-knob').value, rowValues: axisValues($<HTMLInputElement>('grid-row-values').value),
    colKnob: $<HTMLSelectElement>('grid-col-knob').value, colValues: axisValues($<HTMLInputElement>('grid-col-values').value),
    trainLimit: $<HTMLInputElement>('grid-train-limit').value.trim(), epochs: $<HTMLInputElement>('grid-epochs').value.trim(),
  };
  let variants;
  try {
    variants = gridVariants(g);
  } catch (e) {
    $('grid-status').textContent = (e as Error).message;
    document.body.dataset.grid = 'refused';
    return;
  }
  m.grid = g;
  m.exerciseRunning = false;
  $<HTMLButtonElement>('grid-run').disabled = true;
  document.body.dataset.grid = 'running';
  drawGrid(g, [], () => '', false);
  m.host.runBatch(variants, { together: false, points: 10 });
}

function showSamples(): void {
  if (!samples) return;
  const s = samples;
  digitGrid($('train-digits'), s, Array.from({ length: 9 }, (_, i) => {
    const index = (sampleOffset + i) % s.count;
    return { index, title: `Class ${s.labels[index]}` };
  }));
  $<HTMLButtonElement>('more-digits').disabled = false;
  $<HTMLButtonElement>('pad-sample').disabled = !test;
}

function predict(x: Float64Array | null): void {
  lastImage = x;
  if (!x) return drawProbs(null, false);
  const status = m?.host.status();
  if (!m || status === 'loading' || status === 'failed') return;
  m.host.forward(x.slice(), 1);
}

/** The log every frame; at most one chart or the evaluation per frame. */
function draw(): boolean {
  if (!m || !m.schedule) return false;
  const d = m.dirty;
  if (d.log) {
    d.log = false;
    drawLog(m.reports, m.live, m.step, m.schedule);
  }
  if (d.curve) {
    d.curve = false;
    $('curve-empty').hidden = m.steps.length > 0;
    m.loss.setData([{ label: 'loss', steps: m.steps, values: m.values }]);
  } else if (d.history) {
    d.history = false;
    m.epochLoss.setData(epochSeries(m.reports, 'loss'));
    m.epochAcc.setData(epochSeries(m.reports, 'accuracy'));
  } else if (d.eval && m.predicted && m.confusion && test) {
    d.eval = false;
    renderConfusion($<HTMLTableElement>('confusion'), m.confusion);
    renderExamples($('right-digits'), $('wrong-digits'), test, m.predicted, m.seed);
    $('eval').hidden = false;
    $('eval-empty').hidden = true;
    document.body.dataset.eval = document.body.dataset.runId ?? '1';
  }
  return d.curve || d.history || (d.eval && Boolean(m.predicted));
}

// web/src/labs/lstm/index.ts: the LSTM lab's views module (the lecture's
// airline passengers). Main: the whole series by month with the training and
// test predictions over it (the engine's `forecast` view, asked for with each
// publish), the train/test split marked, the final RMSE in passengers (a live
// note of the loss while training), a forecast past December 1960 for the
// months the student asks (the same view on demand, with the months as its
// input), and the previous finished run's test predictions as a faded line.
// More: the versions one click apart (preset links) with a look_back control,
// the gradient back through time (`time_gradients`, the last run of each cell
// kind side by side), the loss per epoch.
import './lstm.css';
import type { ConfiguredMsg, DoneMsg, MetricsMsg, Preset, Report, ViewData } from '../../protocol';
import type { LabHost, LabSlots, LabViews } from '../types';
import { $, el, fromHtml } from '../../views/dom';
import { LineChart } from '../../views/chart';
import { FrameQueue } from '../../views/frame';
import { knobValue, lrDivergedText } from '../common';
import { MAIN, MORE } from './panels';
import { chartSeries, formatYear, legendEntries, monthWords, marks, previousOf, seriesMonths, type Previous } from './series';
import { GradientPanel, KINDS, layerLegend, type CellKind } from './gradients';

const MAX_AHEAD = 60;          // the forecast view's limit
const DEFAULT_AHEAD = 12;

interface Run { preset: string; label: string; kind: CellKind; layers: number }

interface Mounted {
  host: LabHost; series: LineChart; loss: LineChart; grads: GradientPanel;
  run: Run | null; step: number;
  reports: Report[]; live: MetricsMsg['live']; final: Report | null;
  view: ViewData | null; viewStep: number;              // the newest predictions
  forecast: { view: ViewData; months: number; step: number } | null;
  marked: string;                                      // the marks drawn (split, forecast's start), as a key
  previous: Previous | null;                           // a finished run, drawn faded
  finished: Previous | null;                           // this run once done: the previous one of the next run
  gradLayers: number;
  dirty: { series: boolean; loss: boolean; grads: boolean; text: boolean };
}

let m: Mounted | null = null;
const frame = new FrameQueue(draw);

const picture = `<svg viewBox="0 0 120 80" aria-hidden="true"><rect width="120" height="80" rx="6" fill="#f8fafc"/>
<rect x="74" y="8" width="40" height="64" fill="#ffedd5"/><path d="M74 8v64" stroke="#475569" stroke-dasharray="3 2"/>
<path d="M6 66l6-5 5 3 6-8 5 4 6-9 5 5 6-11 6 6 6-13 5 7 6-15 6 8 6-18 6 9 6-20" stroke="#111827" stroke-width="2" fill="none"/>
<path d="M74 30l6 8 6-20 6 10 6-24 6 12" stroke="#ea580c" stroke-width="2" fill="none"/>
<path d="M104 16l5 10 5-22" stroke="#9333ea" stroke-width="2" stroke-dasharray="3 2" fill="none"/></svg>`;

export const lstmLab: LabViews = {
  name: 'lstm',
  title: 'An LSTM on the airline passengers',
  summary: 'A recurrent network learns 12 years of monthly airline passengers from windows of past months and forecasts the rest.',
  picture,
  data: [{ name: 'airline-passengers.csv' }],
  views: [{ name: 'forecast', when: 'publish', everyMs: 300 }, { name: 'time_gradients', when: 'publish', everyMs: 500 }],
  presetNote: (p: Preset) => `${p.title}.`,

  mount(slots: LabSlots, host: LabHost) {
    slots.main.append(fromHtml(MAIN));
    slots.more.append(fromHtml(MORE));
    m = {
      host,
      series: new LineChart($('lstm-series'), {
        name: 'monthly airline passengers, 1949 to 1960, with the network\'s predictions for the training and the test months, the train/test split and any forecast',
        x: 'year', y: 'passengers', height: 260, formatX: formatYear,
      }),
      loss: new LineChart($('lstm-loss'), { name: 'training loss per epoch', x: 'epoch', y: 'loss, MSE', height: 200, log: true }),
      grads: new GradientPanel(new Map(KINDS.map(({ kind }) => [kind, $<HTMLCanvasElement>(`lstm-grad-${kind}`)])),
        new Map(KINDS.map(({ kind }) => [kind, $(`lstm-grad-note-${kind}`)]))),
      run: null, step: 0, reports: [], live: null, final: null, view: null, viewStep: 0, forecast: null, marked: '',
      previous: null, finished: null, gradLayers: 1,
      dirty: { series: true, loss: true, grads: true, text: true },
    };
    $('lstm-forecast').addEventListener('click', () => askForecast(true));
    $('lstm-ahead').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') { ev.preventDefault(); askForecast(true); }
    });
    $('lstm-clear').addEventListener('click', () => {
      if (!m) return;
      m.previous = null;
      m.dirty.series = true;
      m.dirty.text = true;
      $('lstm-forecast').focus();   // the button hides: the focus stays in the row
      frame.queue();
    });
    const range = $<HTMLInputElement>('lstm-look-back');
    range.addEventListener('input', () => { $('lstm-look-back-value').textContent = range.value; });
    range.addEventListener('change', () => m?.host.setKnobs({ look_back: range.value }));
    frame.queue();
  },

  unmount() {
    m = null;
  },

  configured(msg: ConfiguredMsg) {
    if (!m) return;
    const model = (msg.describe.experiment as { model?: { recurrent?: { cell?: string; layers?: number; activation?: string } } }).model?.recurrent;
    const kind: CellKind = model?.cell === 'simple_rnn' ? 'simple_rnn' : 'lstm';
    const label = kind === 'simple_rnn' && model?.activation ? `${msg.preset} (${model.activation})` : msg.preset;
    m.run = { preset: msg.preset, label, kind, layers: model?.layers ?? 1 };
    if (m.finished) { m.previous = m.finished; m.finished = null; }
    m.step = 0;
    m.reports = [];
    m.live = null;
    m.final = null;
    m.view = null;
    m.forecast = null;
    m.loss.clear();
    for (const a of document.querySelectorAll<HTMLAnchorElement>('.lstm-version')) {
      if (a.dataset.preset === msg.preset) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    }
    const preset = m.host.preset();
    const knob = preset.knobs.find((k) => k.name === 'look_back');
    const range = $<HTMLInputElement>('lstm-look-back');
    if (knob?.min !== undefined) range.min = String(knob.min);
    if (knob?.max !== undefined) range.max = String(knob.max);
    range.value = knobValue(msg.knobs, preset, 'look_back') ?? '5';
    $('lstm-look-back-value').textContent = range.value;
    m.dirty = { series: true, loss: true, grads: true, text: true };
    frame.queue();
  },

  metrics(msg: MetricsMsg) {
    if (!m) return;
    m.step = msg.step;
    m.live = msg.live;
    if (msg.reports.length) {
      m.reports.push(...msg.reports);
      const last = msg.reports[msg.reports.length - 1];
      if (last.test_rmse !== undefined) m.final = last;
      m.dirty.loss = true;
    }
    const { forecast, time_gradients: grads } = msg.views;
    if (forecast) {
      m.view = forecast;
      m.viewStep = msg.step;
      m.dirty.series = true;
    }
    if (grads && m.run && msg.step > 0) {
      m.grads.keep(m.run.kind, m.run.preset, m.run.label, msg.step, grads);
      m.gradLayers = Math.max(m.gradLayers, grads.shape[0] ?? 1);
      m.dirty.grads = true;
    }
    m.dirty.text = true;
    frame.queue();
  },

  done(msg: DoneMsg) {
    if (!m) return;
    m.step = msg.step;
    m.dirty.text = true;
    frame.queue();
    if (msg.diverged || !m.run) return;
    const f = m.final;
    if (m.view && f?.train_rmse !== undefined && f.test_rmse !== undefined) {
      m.finished = previousOf(m.view, m.run.preset, f.train_rmse, f.test_rmse);
    }
    askForecast(false);   // the trained network's forecast, for the months in the field
  },

  divergedText: lrDivergedText,

  view(name: string, view: ViewData) {
    if (!m || name !== 'forecast') return;
    m.forecast = { view, months: view.shape[0] - seriesMonths(view), step: m.step };
    m.view = view;
    m.viewStep = m.step;
    m.dirty.series = true;
    frame.queue();
  },
};

/**
 * Asks for the forecast with the months in the field. A bad value is named and changes nothing; at the end of
 * a run (`fromButton` false) a bad value falls back to the default quietly.
 */
function askForecast(fromButton: boolean): void {
  if (!m) return;
  const input = $<HTMLInputElement>('lstm-ahead');
  const error = $('lstm-ahead-error');
  const text = input.value.trim();
  const months = Number(text);
  const ok = /^\d+$/.test(text) && months >= 1 && months <= MAX_AHEAD;
  if (fromButton) {
    input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    error.textContent = ok ? '' : `Months ahead: must be a whole number from 1 to ${MAX_AHEAD}, ` +
      `${text === '' ? 'and the field is empty' : `got "${text}"`}. The chart keeps what it shows.`;
    if (!ok) return;
  }
  const status = m.host.status();
  if (status === 'loading' || status === 'failed' || !m.run) {
    if (fromButton) error.textContent = 'Months ahead: the run is not ready yet; try again in a moment.';
    return;
  }
  m.host.requestView('forecast', Float64Array.of(ok ? months : DEFAULT_AHEAD));
}

/** The text every frame; at most one chart per frame. */
function draw(): boolean {
  if (!m) return false;
  const d = m.dirty;
  if (d.text) {
    d.text = false;
    drawText(m);
  }
  if (d.series) {
    d.series = false;
    drawSeries(m);
  } else if (d.loss) {
    d.loss = false;
    const rows = m.reports.filter((r) => r.loss !== undefined && r.epoch !== undefined);
    $('lstm-loss-empty').hidden = rows.length > 0;
    m.loss.setData([{ label: 'loss', steps: rows.map((r) => r.epoch!), values: rows.map((r) => r.loss!), color: '#2563eb' }]);
  } else if (d.grads) {
    d.grads = false;
    m.grads.draw();
    $('lstm-grad-legend').replaceChildren(...legendItems(layerLegend(m.gradLayers)));
  }
  return d.series || d.loss || d.grads;
}

function drawSeries(s: Mounted): void {
  const root = $('lstm-series');
  const previous = s.previous;
  $('lstm-legend').replaceChildren(...legendItems(legendEntries(s.forecast !== null, previous)));
  $('lstm-clear').hidden = previous === null;
  if (!s.view) return;
  const mk = marks(s.view, s.forecast !== null);
  const key = JSON.stringify(mk);
  if (key !== s.marked) {
    s.marked = key;
    s.series.setMarks(mk);
  }
  s.series.setData(chartSeries(s.view, s.forecast?.view ?? null, previous));
  root.dataset.step = String(s.viewStep);
  root.dataset.months = String(seriesMonths(s.view));
  root.dataset.forecastMonths = String(s.forecast?.months ?? 0);
  root.dataset.previous = previous?.preset ?? '';
  const note = $('lstm-forecast-note');
  if (s.forecast) {
    const n = seriesMonths(s.forecast.view);
    note.textContent = `Forecast: ${s.forecast.months} months, ${monthWords(s.forecast.view, n)} to ` +
      `${monthWords(s.forecast.view, n + s.forecast.months - 1)}, from the network at step ${s.forecast.step.toLocaleString('en')}; ` +
      'each month predicted from the months before it, its own guesses included.';
  }
}

function drawText(s: Mounted): void {
  const score = $('lstm-score');
  const f = s.final;
  if (f?.train_rmse !== undefined && f.test_rmse !== undefined) {
    const train = f.train_rmse.toFixed(2), test = f.test_rmse.toFixed(2);
    score.dataset.trainRmse = train;
    score.dataset.testRmse = test;
    score.replaceChildren(el('strong', 'mono', `Train Score: ${train} RMSE · Test Score: ${test} RMSE`),
      ' — the root mean squared error in passengers per month, after undoing the scaling.');
  } else {
    delete score.dataset.trainRmse;
    delete score.dataset.testRmse;
    const last = s.reports[s.reports.length - 1];
    const loss = s.live?.loss ?? last?.loss;
    score.textContent = loss === undefined || s.step === 0
      ? 'Not trained yet: the lines are the untrained network\'s guesses. Train reports the error in passengers at the end.'
      : `Last loss: ${loss.toPrecision(3)} (${s.live ? 'this epoch so far' : `epoch ${last?.epoch ?? ''}`}; mean squared error on ` +
        'the series scaled to 0–1). The error in passengers comes at the end.';
  }
  if (s.previous) {
    $('lstm-clear').setAttribute('aria-label', `Clear the previous run (${s.previous.preset}, test RMSE ${s.previous.testRmse.toFixed(2)}) from the chart`);
  }
}

function legendItems(entries: { label: string; color: string; dash?: number[] }[]): HTMLElement[] {
  return entries.map((e) => {
    const li = el('li');
    const sw = el('span', 'swatch');
    sw.style.borderTopColor = e.color;
    if (e.dash) sw.style.borderTopStyle = e.dash[0] > 4 ? 'dashed' : 'dotted';
    li.append(sw, e.label);
    return li;
  });
}

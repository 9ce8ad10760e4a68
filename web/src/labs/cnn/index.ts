// web/src/labs/cnn/index.ts: the CNN lab's views module (the lecture's CNN,
// the book's chapter 6). Main: the batch loss per step and the accuracy per
// epoch. More: one digit's feature maps after every conv and pool layer with
// the network's answer (the engine's `feature_maps` view, one request per
// layer, at most about once a second while training and at once when the
// student picks another test digit or draws one; the digit itself from the
// `digit` view, so the page holds no data file), the first conv layer's
// kernels (`kernels`), the model summary (`layers`, with every publish after
// a knob changes the model, so it follows before training), the draw pad (the
// MNIST lab's) and the output-size grid.
import './cnn.css';
import type { ConfiguredMsg, MetricsMsg, Report, Schedule, ViewData } from '../../protocol';
import type { LabHost, LabSlots, LabViews } from '../types';
import { $, fromHtml } from '../../views/dom';
import { LineChart } from '../../views/chart';
import { FrameQueue } from '../../views/frame';
import { appendCurve, epochSeries, lrDivergedText } from '../common';
import { DrawPad } from '../mnist/draw-pad';
import { MAIN, MORE } from './panels';
import { layerRows, mapLayers, renderSummary, type LayerRow } from './summary';
import { MapsPanel } from './maps-panel';
import { SizeGrid } from './size-grid';
import { gridSettingsOf, modelSizesText, liveText } from './words';

const REFRESH_MS = 900;      // the maps and kernels while training
const STALE_MS = 4000;       // a round of view requests given up (its run was replaced)

interface Mounted {
  host: LabHost; loss: LineChart; acc: LineChart; pad: DrawPad; grid: SizeGrid; maps: MapsPanel;
  schedule: Schedule | null; batch: number; step: number;
  steps: number[]; values: number[]; reports: Report[]; live: MetricsMsg['live'];
  rows: LayerRow[]; layersKey: string; inputSide: number;
  pending: number; sentAt: number; sentStep: number; again: boolean;
  dirty: { curve: boolean; acc: boolean; text: boolean };
}

let m: Mounted | null = null;
const frame = new FrameQueue(draw);

const picture = `<svg viewBox="0 0 120 80" aria-hidden="true"><rect width="120" height="80" rx="6" fill="#f8fafc"/>
<rect x="8" y="14" width="34" height="34" fill="#0f172a"/><path d="M18 22h14l-8 20" stroke="#fff" stroke-width="4" fill="none"/>
<rect x="14" y="20" width="12" height="12" fill="none" stroke="#60a5fa" stroke-width="2"/>
<g fill="#334155"><rect x="52" y="10" width="20" height="20"/><rect x="56" y="14" width="20" height="20" fill="#475569"/>
<rect x="60" y="18" width="20" height="20" fill="#64748b"/></g>
<g fill="#94a3b8"><rect x="88" y="20" width="10" height="10"/><rect x="91" y="23" width="10" height="10" fill="#cbd5e1"/></g>
<g fill="#2563eb"><rect x="108" y="14" width="4" height="4"/><rect x="108" y="22" width="4" height="4"/><rect x="108" y="30" width="4" height="4"/>
<rect x="108" y="38" width="4" height="4"/><rect x="108" y="46" width="4" height="4"/></g>
<path d="M26 32l26-10M80 30l8-2M101 28l7-6" stroke="#94a3b8"/></svg>`;

export const cnnLab: LabViews = {
  name: 'cnn',
  title: 'MNIST with a convolutional network',
  summary: 'Conv and pool layers learn to read digits: watch one digit\'s feature maps and the kernels change as the network trains.',
  picture,
  data: [{ name: 'mnist-train.bin' }, { name: 'mnist-test.bin' }],   // digits are drawn from the engine's `digit` view
  views: [{ name: 'layers', when: 'publish', everyMs: 3_600_000 }],
  presetNote: (p) => `${p.title}.`,

  mount(slots: LabSlots, host: LabHost) {
    slots.main.append(fromHtml(MAIN));
    slots.more.append(fromHtml(MORE));
    const maps = new MapsPanel(() => refresh(true));
    m = {
      host, maps,
      loss: new LineChart($('cnn-loss'), { name: 'batch loss per training step', x: 'step', y: 'batch loss', height: 190 }),
      acc: new LineChart($('cnn-acc'), { name: 'accuracy and validation accuracy per epoch', x: 'epoch', y: 'accuracy', height: 170, legend: true, points: true }),
      pad: new DrawPad($<HTMLCanvasElement>('cnn-pad'), $<HTMLCanvasElement>('cnn-pad-preview'), (x) => maps.drawn(x)),
      grid: new SizeGrid((s) => host.setKnobs({ conv1_kernel: String(s.k), conv1_stride: String(s.s), conv1_padding: s.padding })),
      schedule: null, batch: 0, step: 0, steps: [], values: [], reports: [], live: null, rows: [], layersKey: '', inputSide: 28,
      pending: 0, sentAt: 0, sentStep: 0, again: false, dirty: { curve: false, acc: false, text: true },
    };
    $('cnn-pad-clear').addEventListener('click', () => m?.pad.clear());
    $('cnn-pad-test').addEventListener('click', () => m?.maps.backToTest());
    frame.queue();
  },

  unmount() {
    m = null;
  },

  configured(msg: ConfiguredMsg) {
    if (!m) return;
    m.schedule = msg.schedule;
    m.batch = msg.describe.experiment.schedule?.batch_size ?? 0;
    m.step = 0;
    m.steps = [];
    m.values = [];
    m.reports = [];
    m.live = null;
    m.pending = 0;
    m.again = false;
    m.inputSide = Math.round(Math.sqrt(msg.describe.input_width));
    m.maps.reset();
    m.loss.clear();
    m.acc.clear();
    $('cnn-test-result').hidden = true;
    m.grid.setFrom(gridSettingsOf(msg.describe));
    m.dirty = { curve: true, acc: true, text: true };
    frame.queue();
  },

  metrics(msg: MetricsMsg) {
    if (!m) return;
    m.step = msg.step;
    m.live = msg.live;
    if (appendCurve(m.steps, m.values, msg)) m.dirty.curve = true;
    if (msg.reports.length) {
      m.reports.push(...msg.reports);
      m.dirty.acc = true;
    }
    m.dirty.text = true;
    const layers = msg.views.layers;
    if (layers) setLayers(layers);
    else refresh(false);
    frame.queue();
  },

  done(msg) {
    if (!m) return;
    m.step = msg.step;
    refresh(true);
  },

  statusChanged(status) {
    if (status === 'paused') refresh(true);
  },

  divergedText: lrDivergedText,

  view(name: string, view: ViewData) {
    if (!m || !['feature_maps', 'kernels', 'digit'].includes(name)) return;
    m.pending = Math.max(0, m.pending - 1);
    if (name === 'kernels') m.maps.kernels(view);
    else if (name === 'digit') m.maps.digit(view);
    else m.maps.layer(view, m.sentStep);
    if (m.pending === 0 && m.again) {
      m.again = false;
      refresh(true);
    }
  },
};

/** A new `layers` view: the summary, the map panels (rebuilt if the layers changed), the model's sizes; then fresh maps. */
function setLayers(v: ViewData): void {
  if (!m) return;
  m.rows = layerRows(v);
  renderSummary($<HTMLTableElement>('cnn-summary'), m.rows);
  const key = m.rows.map((r) => `${r.name}:${r.h}x${r.w}x${r.c}`).join(',');
  if (key !== m.layersKey) {
    m.layersKey = key;
    m.maps.setLayers(mapLayers(m.rows), m.rows.some((r) => r.type === 'Conv2D'));
    $('cnn-grid-model').textContent = modelSizesText(m.rows, m.inputSide);
  }
  refresh(true);
}

/**
 * Asks the worker for the current digit's maps after every conv and pool layer and for the first conv
 * layer's kernels: `force` now (or as soon as the round in flight is in), else at most every REFRESH_MS.
 */
function refresh(force: boolean): void {
  if (!m || !m.rows.length) return;
  const status = m.host.status();
  if (status === 'loading' || status === 'failed') return;
  const now = performance.now();
  const inFlight = m.pending > 0 && now - m.sentAt < STALE_MS;
  if (inFlight) {
    if (force) m.again = true;
    return;
  }
  if (!force && now - m.sentAt < REFRESH_MS) return;
  m.sentAt = now;
  m.sentStep = m.step;
  m.pending = 0;
  const digit = m.maps.digitInput();
  if (digit) {
    m.host.requestView('digit', digit);
    m.pending++;
  }
  for (const r of mapLayers(m.rows)) {
    m.host.requestView('feature_maps', m.maps.input(r.index));
    m.pending++;
  }
  const conv = m.rows.find((r) => r.type === 'Conv2D');
  if (conv) {
    m.host.requestView('kernels', Float64Array.of(conv.index));
    m.pending++;
  }
  if (!mapLayers(m.rows).length) {   // no conv or pool layer: the network's answer still comes with its last layer's maps
    m.host.requestView('feature_maps', m.maps.input(m.rows.length - 1));
    m.pending++;
  }
}

/** The live line every frame; at most one chart per frame. */
function draw(): boolean {
  if (!m) return false;
  const d = m.dirty;
  if (d.text) {
    d.text = false;
    $('cnn-live').textContent = liveText(m.step, m.schedule, m.batch, m.live, m.reports);
    const last = m.reports[m.reports.length - 1];
    const result = $('cnn-test-result');
    if (last?.test_accuracy !== undefined) {
      result.hidden = false;
      result.textContent = `Test loss: ${last.test_loss} · Test accuracy: ${last.test_accuracy}`;
      result.dataset.testAccuracy = String(last.test_accuracy);
    }
  }
  if (d.curve) {
    d.curve = false;
    m.loss.setData([{ label: 'batch loss', steps: m.steps, values: m.values }]);
    $('cnn-loss-empty').hidden = m.steps.length > 0;
  } else if (d.acc) {
    d.acc = false;
    const rows = m.reports.filter((r) => r.epoch !== undefined && r.accuracy !== undefined);
    $('cnn-acc-empty').hidden = rows.length > 0;
    m.acc.setData(epochSeries(rows, 'accuracy'));
  }
  return d.curve || d.acc;
}


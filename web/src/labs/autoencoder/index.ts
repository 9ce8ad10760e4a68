// web/src/labs/autoencoder/index.ts: the autoencoder lab's views module: the
// loss and validation loss per epoch with the notebook's final line (main);
// the four sets and their reconstructions in the plane, the reconstruction
// error histograms with a threshold the student drags (flagged counts and
// rates per set), and the encoder's code of a picked point. It asks the
// worker for the engine's `reconstruction` and `errors` views about once a
// second while training (and at every pause and the end), and for `code` on
// demand.
import './autoencoder.css';
import type { ConfiguredMsg, MetricsMsg, Report, ViewData } from '../../protocol';
import type { LabHost, LabSlots, LabViews } from '../types';
import { $, f4, fromHtml } from '../../views/dom';
import { LineChart } from '../../views/chart';
import { FrameQueue } from '../../views/frame';
import { MAIN, MORE } from './panels';
import { epochSeries, lrDivergedText } from '../common';
import { drawCaught, drawCode, drawHistogram, drawLegend, drawPlane, errorSets, PLANE, toPlane } from './draw';

interface Mounted {
  host: LabHost; loss: LineChart;
  reports: Report[]; reconstruction: ViewData | null; errors: ViewData | null; picked: [number, number] | null;
  thresholdMoved: boolean;        // the student moved the threshold: it stays where they put it
  dirty: { loss: boolean; plane: boolean; hist: boolean };
}

let m: Mounted | null = null;
const frame = new FrameQueue(draw);

const picture = `<svg viewBox="0 0 120 80" aria-hidden="true"><rect width="120" height="80" rx="6" fill="#f8fafc"/>
<path d="M10 70L60 10" stroke="#93c5fd" stroke-width="10" stroke-linecap="round"/>
<g fill="#2563eb"><circle cx="20" cy="58" r="2.5"/><circle cx="30" cy="46" r="2.5"/><circle cx="41" cy="34" r="2.5"/><circle cx="52" cy="21" r="2.5"/></g>
<g fill="#dc2626"><circle cx="38" cy="52" r="3"/><circle cx="50" cy="45" r="3"/></g>
<path d="M74 62h8v-6h8v-22h8v10h8v18" stroke="#2563eb" stroke-width="2.5" fill="none"/>
<path d="M100 18v50" stroke="#0f172a" stroke-dasharray="4 3" stroke-width="2"/></svg>`;

export const autoencoderLab: LabViews = {
  name: 'autoencoder',
  title: 'Autoencoder anomaly detection',
  summary: 'A network rebuilds points through a 16-number code; points unlike its training data come back with larger errors.',
  picture,
  views: [{ name: 'reconstruction', when: 'publish', everyMs: 1000 }, { name: 'errors', when: 'publish', everyMs: 1000 }],
  presetNote: (p) => `${p.title}.`,

  mount(slots: LabSlots, host: LabHost) {
    slots.main.append(fromHtml(MAIN));
    slots.more.append(fromHtml(MORE));
    m = {
      host,
      loss: new LineChart($('ae-loss'), { name: 'training and validation loss per epoch', x: 'epoch', y: 'mean squared error', height: 220, legend: true, log: true }),
      reports: [], reconstruction: null, errors: null, picked: null, thresholdMoved: false,
      dirty: { loss: false, plane: true, hist: false },
    };
    drawLegend($('ae-legend'));
    const plane = $<HTMLCanvasElement>('ae-plane');
    plane.addEventListener('click', (ev) => pick(toPlane(plane, ev.clientX, ev.clientY)));
    plane.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        pick(m?.picked ?? [0.5, 0]);
      }
    });
    $<HTMLInputElement>('ae-threshold').addEventListener('input', () => {
      if (!m) return;
      m.thresholdMoved = true;
      m.dirty.hist = true;
      frame.queue();
    });
    frame.queue();
  },

  unmount() {
    m = null;
  },

  configured(msg: ConfiguredMsg) {
    if (!m) return;
    m.reports = [];
    m.reconstruction = null;
    m.errors = null;
    m.thresholdMoved = false;
    m.loss.clear();
    $('ae-curve-empty').hidden = false;
    $('ae-final').hidden = true;
    $('ae-hist-empty').hidden = false;
    $<HTMLInputElement>('ae-threshold').disabled = true;
    $('ae-code-bars').replaceChildren();
    $('ae-code-point').textContent = `Pick a point in the plane above: its ${(msg.describe as { parts?: { out_width: number }[] }).parts?.[0]?.out_width ?? 16}-number code appears here.`;
    m.dirty = { loss: true, plane: true, hist: true };
    frame.queue();
  },

  metrics(msg: MetricsMsg) {
    if (!m) return;
    if (msg.reports.length) {
      m.reports.push(...msg.reports);
      m.dirty.loss = true;
    }
    const { reconstruction, errors } = msg.views;
    if (reconstruction) { m.reconstruction = reconstruction; m.dirty.plane = true; }
    if (errors) { m.errors = errors; m.dirty.hist = true; }
    frame.queue();
  },

  done(msg) {
    if (!m || msg.diverged) return;
    const last = m.reports.at(-1);
    if (!last) return;
    const box = $('ae-final');
    // the notebook's own line, with this run's figures
    box.textContent = `Clean loss = ${f4(last.clean_loss)}, Test loss = ${f4(last.test_loss)} ` +
      `Noisy loss = ${f4(last.noisy_loss)}, Wrong loss = ${f4(last.wrong_loss)}`;
    box.hidden = false;
    if (m.picked) pick(m.picked);
  },

  divergedText: lrDivergedText,

  view(name, view) {
    if (!m || name !== 'code') return;
    const [x, y] = m.picked ?? [0, 0];
    $('ae-code-point').textContent = `The code of (${x.toFixed(3)}, ${y.toFixed(3)}):`;
    drawCode($('ae-code-bars'), view.data);
  },
};

function pick(p: [number, number]): void {
  if (!m) return;
  m.picked = [Math.min(PLANE.x1, Math.max(PLANE.x0, p[0])), Math.min(PLANE.y1, Math.max(PLANE.y0, p[1]))];
  m.dirty.plane = true;
  frame.queue();
  const status = m.host.status();
  if (status !== 'loading' && status !== 'failed') m.host.requestView('code', Float64Array.from(m.picked));
}

/** At most one drawing per frame. */
function draw(): boolean {
  if (!m) return false;
  const d = m.dirty;
  if (d.loss) {
    d.loss = false;
    $('ae-curve-empty').hidden = m.reports.length > 0;
    m.loss.setData(epochSeries(m.reports, 'loss'));
  } else if (d.plane) {
    d.plane = false;
    drawPlane($<HTMLCanvasElement>('ae-plane'), m.reconstruction, m.picked);
  } else if (d.hist) {
    d.hist = false;
    const slider = $<HTMLInputElement>('ae-threshold');
    if (!m.errors) return false;
    const sets = errorSets(m.errors);
    if (!m.thresholdMoved) {
      // where 1 % of the clean points are flagged (their 99th percentile), following training until the student moves it
      const clean = Float64Array.from(sets[0].errors).sort();
      const p99 = clean.length ? clean[Math.min(clean.length - 1, Math.floor(0.99 * clean.length))] : 1e-3;
      slider.value = Math.min(0, Math.max(-6, Math.log10(p99 || 1e-6))).toFixed(2);
      slider.disabled = false;
    }
    const t = 10 ** Number(slider.value);
    $('ae-threshold-value').textContent = t.toPrecision(3);
    $('ae-hist-empty').hidden = true;
    drawHistogram($<HTMLCanvasElement>('ae-histogram'), sets, Number(slider.value));
    drawCaught($('ae-caught').querySelector('tbody')!, sets, t);
    document.body.dataset.histogram = 'drawn';
  }
  return d.loss || d.plane || d.hist;
}

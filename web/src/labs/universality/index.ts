// web/src/labs/universality/index.ts: the universality lab's views module (the
// book's chapter 4). The student draws a curve on the pad (or picks one); the
// drawn points go to the engine as one data file, drawn-curve.f64 (x, y
// float64 pairs: the engine's data/curve_data.h), with the knob curve=drawn,
// and the run starts over on them. The worker sends the engine's `fit` (the
// output over x, and the error on the curve) and `units` (each hidden unit's
// weighted step) views with every metrics message, and the curve itself
// (`train_data`) with each new run. The width slider and the start-from
// select are the `hidden` and `construction` knobs.
import './universality.css';
import type { ConfiguredMsg, MetricsMsg, ViewData } from '../../protocol';
import type { LabHost, LabSlots, LabViews } from '../types';
import { $, fromHtml } from '../../views/dom';
import { FrameQueue } from '../../views/frame';
import { knobValue, lrDivergedText } from '../common';
import { MAIN, MORE } from './panels';
import { drawPad, drawUnits } from './draw';
import { CurvePad } from './pad';

/** The file the engine reads for curve=drawn (data/curve_data.h's drawn_curve_file). */
const DRAWN_FILE = 'drawn-curve.f64';

interface Mounted {
  host: LabHost; pad: CurvePad;
  fit: ViewData | null; units: ViewData | null;
  dirty: { pad: boolean; units: boolean };
}

let m: Mounted | null = null;
/** The last curve drawn: handed to the engine again when a new worker starts (the engine build switched). */
let lastDrawn: Uint8Array | null = null;
const frame = new FrameQueue(draw);

const picture = `<svg viewBox="0 0 120 80" aria-hidden="true"><rect width="120" height="80" rx="6" fill="#f8fafc"/>
<path d="M8 60C25 60 28 20 45 22S62 58 78 50S98 18 112 24" stroke="#94a3b8" stroke-width="7" fill="none" stroke-linecap="round"/>
<path d="M8 60h18V24h26v30h24V22h36" stroke="#2563eb" stroke-width="2.5" fill="none"/></svg>`;

function message(text: string): void {
  const box = $('uv-message');
  box.textContent = text;
  box.hidden = text === '';
}

export const universalityLab: LabViews = {
  name: 'universality',
  title: 'Universality: any curve from sigmoid steps',
  summary: 'Draw a curve: one hidden layer of sigmoids fits it, each neuron a step, pairs of steps making bumps.',
  picture,
  views: [{ name: 'fit', when: 'publish' }, { name: 'units', when: 'publish' },
    { name: 'train_data', when: 'publish', everyMs: 3_600_000 }],
  presetNote: (p) => `${p.title}.`,

  mount(slots: LabSlots, host: LabHost) {
    slots.main.append(fromHtml(MAIN));
    slots.more.append(fromHtml(MORE));
    const canvas = $<HTMLCanvasElement>('uv-pad');
    const pad = new CurvePad(canvas, () => { if (m) { m.dirty.pad = true; frame.queue(); } },
      (xy) => {
        message('');
        lastDrawn = new Uint8Array(xy.buffer);
        host.provideData(DRAWN_FILE, lastDrawn, { curve: 'drawn' });
      },
      (n) => message(`A curve needs at least 2 points to fit; this one has ${n}. Draw across the pad, or pick a curve below.`));
    m = { host, pad, fit: null, units: null, dirty: { pad: true, units: true } };
    for (const b of document.querySelectorAll<HTMLButtonElement>('.uv-buttons [data-curve]')) {
      b.addEventListener('click', () => { message(''); host.setKnobs({ curve: b.dataset.curve! }); });
    }
    $('uv-clear').addEventListener('click', () => {
      if (!m) return;
      m.fit = null;
      pad.clear();
      message('The pad is empty: draw a curve (at least 2 points), or pick one of the curves below.');
    });
    const width = $<HTMLInputElement>('uv-width');
    width.addEventListener('input', () => { $('uv-width-value').textContent = width.value; });
    width.addEventListener('change', () => host.setKnobs({ hidden: width.value }));
    const start = $<HTMLSelectElement>('uv-start');
    start.addEventListener('change', () => host.setKnobs({ construction: start.value }));
    frame.queue();
  },

  unmount() {
    m = null;
  },

  configured(msg: ConfiguredMsg) {
    if (!m) return;
    const preset = m.host.preset();
    const hidden = knobValue(msg.knobs, preset, 'hidden') ?? '20';
    $<HTMLInputElement>('uv-width').value = hidden;
    $('uv-width-value').textContent = hidden;
    $<HTMLSelectElement>('uv-start').value = knobValue(msg.knobs, preset, 'construction') ?? 'none';
    m.fit = null;
    m.units = null;
    m.dirty = { pad: true, units: true };
    frame.queue();
  },

  metrics(msg: MetricsMsg) {
    if (!m) return;
    const { fit, units, train_data: data } = msg.views;
    if (data) m.pad.load(curveOf(data));
    if (fit) {
      m.fit = fit;
      m.dirty.pad = true;
      const mae = Number(fit.meta.mae);
      const box = $('uv-mae');
      box.textContent = `mean absolute error: ${mae.toFixed(4)} on ${fit.meta.points} points`;
      box.dataset.mae = String(mae);
      box.classList.toggle('uv-good', mae < 0.02);
    }
    if (units) {
      m.units = units;
      m.dirty.units = true;
    }
    frame.queue();
  },

  done() {},

  // A fresh engine (the build switched) has no drawn curve: a run on curve=drawn gets it again.
  batchReady(ready: boolean) {
    if (ready && m && lastDrawn && m.host.applied().curve === 'drawn') m.host.provideData(DRAWN_FILE, lastDrawn, { curve: 'drawn' });
  },

  divergedText: lrDivergedText,
};

/** The train_data view (n, 2): x then y per row, as (x, y) pairs. */
function curveOf(v: ViewData): Float64Array {
  return Float64Array.from(v.data);
}

/** At most one drawing per frame. */
function draw(): boolean {
  if (!m) return false;
  const d = m.dirty;
  if (d.pad) {
    d.pad = false;
    drawPad($<HTMLCanvasElement>('uv-pad'), m.pad.points(), m.fit?.data ?? null);
  } else if (d.units) {
    d.units = false;
    const u = m.units;
    if (u) {
      drawUnits($<HTMLCanvasElement>('uv-units'), u.data, u.shape[0], u.shape[1]);
      const shown = Number(u.meta.units), hidden = Number(u.meta.hidden);
      $('uv-units-note').textContent = `${shown < hidden ? `The first ${shown} of ${hidden}` : `All ${hidden}`} neurons' ` +
        `weighted steps. The output is their sum plus the output bias (${Number(u.meta.output_bias).toFixed(3)}).`;
    }
  }
  return d.pad || d.units;
}

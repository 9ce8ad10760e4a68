// web/src/labs/gan/index.ts: the GAN lab's views module. Main: the live 10x10
// grid of the engine's `samples` view (the generator's digits for a fixed
// noise batch, asked for with each publish, at most twice a second) and one
// chart of d_loss per step with g_loss, d_real and d_fake at the reports,
// the step with the lecture's epoch beside it, and a note when the
// discriminator is winning. More: a gallery of grids kept in the page (the
// lecture's saved epochs, every report, the end) with a scrubber, and a latent
// walk between two seeded noise vectors through the `generate` view, and
// inside one step: Step-D, Step-G and slow mode (phases.ts).
import './gan.css';
import type { ConfiguredMsg, DoneMsg, KnobValues, MetricsMsg, Preset, Report, ViewData } from '../../protocol';
import type { LabHost, LabSlots, LabViews } from '../types';
import { $, el, f4, fromHtml } from '../../views/dom';
import { LineChart } from '../../views/chart';
import { FrameQueue } from '../../views/frame';
import { knobValue } from '../common';
import { MAIN, MORE } from './panels';
import { Gallery } from './gallery';
import { PhasePanel } from './phases';
import { chartSeries, drawEmptyGrid, drawGrid, lectureEpoch, lectureSteps, SERIES, seededNormals, stepWords, steps, toGrey, walk } from './draw';

const WALK = 10;               // digits in the walk (both endpoints included)
const WINNING_BELOW = 0.05;    // d_fake below this ...
const WINNING_REPORTS = 3;     // ... for this many reports in a row: the discriminator is winning

interface Mounted {
  host: LabHost; chart: LineChart; gallery: Gallery; phases: PhasePanel;
  batchSize: number; total: number; noiseSize: number; step: number;
  curveSteps: number[]; curveValues: number[]; reports: Report[];
  grey: Uint8Array | null; greyStep: number;
  lowFake: number;
  walkSeed: number; walkAsked: { seed: number; step: number }[]; walkStep: number;
  rate: { t: number; step: number; perSecond: number } | null;
  idleTimer: number;
  dirty: { grid: boolean; chart: boolean; text: boolean };
}

let m: Mounted | null = null;
const frame = new FrameQueue(draw);

const picture = `<svg viewBox="0 0 120 80" aria-hidden="true"><rect width="120" height="80" rx="6" fill="#0f172a"/>
<g fill="#334155"><rect x="8" y="10" width="28" height="28"/><rect x="8" y="42" width="28" height="28"/></g>
<path d="M16 18h12l-7 14" stroke="#94a3b8" stroke-width="3" fill="none"/><path d="M15 50h12l-8 14" stroke="#fff" stroke-width="3" fill="none"/>
<path d="M42 56h14" stroke="#60a5fa" stroke-width="2.5" marker-end="url(#a)"/><circle cx="76" cy="40" r="14" fill="#1e293b" stroke="#f87171" stroke-width="2.5"/>
<path d="M70 40h12M76 34v12" stroke="#f87171" stroke-width="2.5"/><path d="M92 40h18" stroke="#4ade80" stroke-width="2.5"/>
<text x="98" y="32" fill="#4ade80" font-size="9" font-family="sans-serif">real?</text></svg>`;

export const ganLab: LabViews = {
  name: 'gan',
  title: 'A GAN on MNIST',
  summary: 'Two networks trained against each other: a generator turns noise into digits while a discriminator learns to tell them from real ones.',
  picture,
  data: [{ name: 'mnist-train.bin' }],   // the GAN trains on the training images alone
  views: [{ name: 'samples', when: 'publish', everyMs: 500 }, { name: 'phase_batch', when: 'phase' }],
  presetNote: (p: Preset) => `${p.title}. As the lecture's code: generator Adam 0.001/0.9 (Keras' default), discriminator Adam 0.0002/0.5.`,

  mount(slots: LabSlots, host: LabHost) {
    slots.main.append(fromHtml(MAIN));
    slots.more.append(fromHtml(MORE));
    m = {
      host,
      chart: new LineChart($('gan-chart'), {
        name: 'discriminator loss per step, and generator loss, discriminator output on real and on generated images at each report',
        x: 'step', y: 'loss / mean output', height: 230,
      }),
      gallery: new Gallery($<HTMLCanvasElement>('gan-gallery-grid'), $<HTMLInputElement>('gan-scrub'), $('gan-scrub-label'), $('gan-gallery-list')),
      phases: new PhasePanel(host),
      batchSize: 128, total: 0, noiseSize: 100, step: 0, curveSteps: [], curveValues: [], reports: [], grey: null, greyStep: 0,
      lowFake: 0, walkSeed: 1, walkAsked: [], walkStep: -1, rate: null, idleTimer: 0,
      dirty: { grid: false, chart: false, text: true },
    };
    $('gan-legend').replaceChildren(...SERIES.map((s) => {
      const li = el('li');
      const sw = el('span', 'swatch');
      sw.style.borderTopColor = s.color;
      if (s.dash) sw.style.borderTopStyle = s.dash[0] > 4 ? 'dashed' : 'dotted';
      li.append(sw, s.label);
      return li;
    }));
    drawEmptyGrid($<HTMLCanvasElement>('gan-grid'), 100, 10);
    drawEmptyGrid($<HTMLCanvasElement>('gan-walk'), WALK, WALK);
    $('gan-walk-new').addEventListener('click', () => {
      if (!m) return;
      m.walkSeed++;
      askWalk();
    });
    $('gan-walk-draw').addEventListener('click', () => askWalk());
    frame.queue();
  },

  unmount() {
    if (m) clearTimeout(m.idleTimer);
    m?.phases.dispose();
    m = null;
  },

  configured(msg: ConfiguredMsg) {
    if (!m) return;
    const d = msg.describe;
    m.batchSize = d.experiment.schedule?.batch_size ?? (Number(msg.knobs.batch_size) || 128);
    m.total = msg.schedule.total_steps;
    m.noiseSize = d.input_width;
    m.step = 0;
    m.curveSteps = [];
    m.curveValues = [];
    m.reports = [];
    m.grey = null;
    m.lowFake = 0;
    m.rate = null;
    m.walkStep = -1;
    m.chart.clear();
    m.gallery.reset(m.batchSize, m.total, lectureSteps(m.batchSize, m.total));
    m.phases.reset();
    $('gan-epoch-size').textContent = steps(m.batchSize);
    $('gan-epoch-example').textContent = stepWords(10 * m.batchSize, m.batchSize);
    $('gan-curve-empty').hidden = false;
    $('gan-last').textContent = 'No report yet.';
    $('gan-dwin').hidden = true;
    m.dirty = { grid: true, chart: true, text: true };
    frame.queue();
    askWalk();   // the new generator, untrained
  },

  metrics(msg: MetricsMsg) {
    if (!m) return;
    const now = performance.now();
    if (msg.step > m.step && m.rate) {
      const dt = (now - m.rate.t) / 1000;
      if (dt > 0.2) {
        const r = (msg.step - m.rate.step) / dt;
        m.rate = { t: now, step: msg.step, perSecond: m.rate.perSecond ? 0.7 * m.rate.perSecond + 0.3 * r : r };
      }
    } else if (!m.rate || msg.step <= m.step) m.rate = { t: now, step: msg.step, perSecond: m.rate?.perSecond ?? 0 };
    m.step = msg.step;
    for (let i = 0; i < msg.curveSteps.length; i++) {
      m.curveSteps.push(msg.curveSteps[i]);
      m.curveValues.push(msg.curveValues[i]);
    }
    if (msg.curveSteps.length) m.dirty.chart = true;
    if (msg.reports.length) {
      m.reports.push(...msg.reports);
      m.gallery.reported(msg.reports.map((r) => r.step));
      for (const r of msg.reports) m.lowFake = (r.d_fake ?? 1) < WINNING_BELOW ? m.lowFake + 1 : 0;
      m.dirty.chart = true;
    }
    m.phases.metrics(msg.views.phase_batch);
    const samples: ViewData | undefined = msg.views.samples;
    if (samples) {
      m.grey = toGrey(samples.data);
      m.greyStep = msg.step;
      m.gallery.samples(msg.step, m.grey);
      m.dirty.grid = true;
    }
    m.dirty.text = true;
    frame.queue();
    // a pause publishes, then the shell hears the worker's state: look again once it has
    clearTimeout(m.idleTimer);
    m.idleTimer = window.setTimeout(() => {
      if (m && m.host.status() === 'paused' && m.walkStep !== m.step) askWalk();
    }, 150);
  },

  done(msg: DoneMsg) {
    if (!m) return;
    m.step = msg.step;
    m.gallery.final(msg.step, m.greyStep === msg.step ? m.grey : null);
    m.dirty.text = true;
    frame.queue();
    if (!msg.diverged) askWalk();
  },

  divergedText(knobs: KnobValues, preset: Preset) {
    return `a loss became NaN or infinite, so training stopped. g_lr = ${knobValue(knobs, preset, 'g_lr')} and ` +
      `d_lr = ${knobValue(knobs, preset, 'd_lr')}: try smaller learning rates.`;
  },

  statusChanged() {
    m?.phases.status();
  },

  view(name: string, view: ViewData) {
    if (!m || name !== 'generate') return;
    const asked = m.walkAsked.shift();
    const k = view.shape[0] ?? 0;
    const canvas = $<HTMLCanvasElement>('gan-walk');
    drawGrid(canvas, toGrey(view.data), k, k);
    canvas.dataset.digits = String(k);
    const at = asked ? stepWords(asked.step, m.batchSize) : 'the current generator';
    canvas.setAttribute('aria-label', `the latent walk: ${k} digits from one noise vector to another (endpoints #${asked?.seed ?? m.walkSeed}), ${at}`);
    $('gan-walk-note').textContent = `Endpoints #${asked?.seed ?? m.walkSeed}, ${at}: left the first vector, right the second.`;
  },
};

/** Asks the engine for the walk's digits with the current generator (if the run exists). */
function askWalk(): void {
  if (!m) return;
  const status = m.host.status();
  if (status === 'failed' || m.noiseSize < 1) return;
  if (status === 'loading' && m.total === 0) return;   // not configured yet
  const a = seededNormals(2 * m.walkSeed - 1, m.noiseSize);
  const b = seededNormals(2 * m.walkSeed, m.noiseSize);
  m.walkStep = m.step;
  m.walkAsked.push({ seed: m.walkSeed, step: m.step });
  m.host.requestView('generate', walk(a, b, WALK));
}

/** The step line, the grid, then the chart: the text every frame, at most one drawing per frame. */
function draw(): boolean {
  if (!m) return false;
  const d = m.dirty;
  if (d.text) {
    d.text = false;
    drawText(m);
  }
  if (d.grid) {
    d.grid = false;
    const canvas = $<HTMLCanvasElement>('gan-grid');
    if (m.grey) {
      drawGrid(canvas, m.grey, 100, 10);
      canvas.dataset.step = String(m.greyStep);
      canvas.setAttribute('aria-label', `the generator's 100 digits for a fixed noise batch at ${stepWords(m.greyStep, m.batchSize)}`);
    } else drawEmptyGrid(canvas, 100, 10);
  } else if (d.chart) {
    d.chart = false;
    $('gan-curve-empty').hidden = m.curveSteps.length > 0;
    m.chart.setData(chartSeries(m.curveSteps, m.curveValues, m.reports));
  }
  return d.grid || d.chart;
}

function drawText(g: Mounted): void {
  const left = g.total - g.step;
  const rate = g.rate?.perSecond ?? 0;
  const running = g.host.status() === 'running';
  const eta = running && rate > 0 && left > 0 ? `, about ${Math.max(1, Math.round(left / rate / 60 * 10) / 10)} min left` : '';
  $('gan-step').textContent = `${stepWords(g.step, g.batchSize)} · ${steps(g.step)} of ${steps(g.total)} steps` +
    (running && rate > 0 ? ` · ${rate.toFixed(1)} steps/s${eta}` : '');
  const r = g.reports[g.reports.length - 1];
  if (r) {
    const line = $('gan-last');
    line.textContent = `Last report, step ${steps(r.step)} (the lecture's epoch ${lectureEpoch(r.step, g.batchSize)}): ` +
      `d_loss ${f4(r.d_loss)} · g_loss ${f4(r.g_loss)} · d_real ${f4(r.d_real)} · d_fake ${f4(r.d_fake)}`;
    line.dataset.step = String(r.step);
  }
  const warn = $('gan-dwin');
  const winning = g.lowFake >= WINNING_REPORTS;
  warn.hidden = !winning;
  if (winning) {
    warn.textContent = `The discriminator is winning: d_fake has stayed below ${WINNING_BELOW} for the last ${g.lowFake} reports, ` +
      'so it spots every fake and the generator learns little from it. A smaller d_lr, more dropout (d_dropout) or a ' +
      'smaller discriminator (d_hidden) evens the game.';
  }
}

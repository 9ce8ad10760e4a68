// web/src/labs/xor/index.ts: the XOR lab's views module: the error curve and
// the post's printout (main), the network, the outputs, the decision maps,
// the update direction changes, the alpha sweep and many random starts. It
// asks the worker for the `params`, `update_flips` and `outputs` views with
// every metrics message and for `decision_map` at most 4 times a second.
import './xor.css';
import type { BatchProgressMsg, ConfiguredMsg, Described, DoneMsg, MetricsMsg, ViewData } from '../../protocol';
import type { LabHost, LabSlots, LabViews } from '../types';
import { $, fromHtml } from '../../views/dom';
import { LineChart } from '../../views/chart';
import { FrameQueue } from '../../views/frame';
import { LinesView } from './lines';
import { NetworkView } from './network';
import { OutputsView } from './outputs';
import { MapsView } from './maps';
import { FlipsView } from './flips';
import { BatchStore } from './batch-store';
import { SweepView } from './sweep';
import { SeedsView } from './seeds';
import { RACE_CARD, RaceView } from './race';
import { SURFACE_CARD, SurfaceView } from './surface';
import { tinyData, type TinyData } from './data';
import { MAIN, MORE, introFor, mapsTextFor } from './panels';
import { knobValue } from '../common';

/** The alphas the blog post sweeps. */
const POST_ALPHAS = [0.001, 0.01, 0.1, 1, 10, 100, 1000];

interface Mounted {
  host: LabHost;
  curve: LineChart; lines: LinesView; network: NetworkView; outputs: OutputsView; maps: MapsView; flips: FlipsView;
  sweep: SweepView; seeds: SeedsView; race: RaceView; surface: SurfaceView; sweepStore: BatchStore; seedsStore: BatchStore;
  describe: Described | null;
  steps: number[]; values: number[]; tail: [number, number] | null;
  latest: Record<string, ViewData>; mapView: ViewData | null; data: TinyData | null;
  curveDirty: boolean; batchDirty: BatchStore | null; batchKind: 'sweep' | 'seeds' | null;
}

let m: Mounted | null = null;
const frame = new FrameQueue(draw);

const picture = `<svg viewBox="0 0 120 80" aria-hidden="true"><rect width="120" height="80" rx="6" fill="#f8fafc"/>
<rect x="8" y="8" width="64" height="64" fill="#fde2e2"/><rect x="8" y="8" width="32" height="32" fill="#dbe7fd"/><rect x="40" y="40" width="32" height="32" fill="#dbe7fd"/>
<circle cx="24" cy="24" r="6" fill="#1d4ed8"/><circle cx="56" cy="56" r="6" fill="#1d4ed8"/><circle cx="56" cy="24" r="6" fill="#b91c1c"/><circle cx="24" cy="56" r="6" fill="#b91c1c"/>
<g stroke="#64748b" stroke-width="1.5"><line x1="84" y1="24" x2="100" y2="32"/><line x1="84" y1="56" x2="100" y2="48"/><line x1="84" y1="24" x2="100" y2="48"/><line x1="84" y1="56" x2="100" y2="32"/><line x1="100" y1="32" x2="112" y2="40"/><line x1="100" y1="48" x2="112" y2="40"/></g>
<g fill="#fff" stroke="#334155"><circle cx="84" cy="24" r="4"/><circle cx="84" cy="56" r="4"/><circle cx="100" cy="32" r="4"/><circle cx="100" cy="48" r="4"/><circle cx="112" cy="40" r="4" fill="#fde68a"/></g></svg>`;

export const xorLab: LabViews = {
  name: 'xor',
  title: 'XOR and gradient descent',
  summary: 'A tiny network learns XOR: watch gradient descent, the learning rate and a bad start at work.',
  picture,
  views: [
    { name: 'params', when: 'publish' },
    { name: 'update_flips', when: 'publish' },
    { name: 'outputs', when: 'publish' },
    { name: 'decision_map', when: 'publish', everyMs: 250 },
    { name: 'train_data', when: 'publish', everyMs: 3_600_000 },   // once per run (and at flushes)
  ],
  presetNote: (p) => (p.name === 'xor-warmup' ? 'One layer, 2 → 1: the post\'s warm-up before XOR.' : `${p.title}.`),

  mount(slots: LabSlots, host: LabHost) {
    slots.main.append(fromHtml(MAIN));
    slots.more.append(fromHtml(MORE), fromHtml(RACE_CARD), fromHtml(SURFACE_CARD));
    m = {
      host,
      curve: new LineChart($('curve'), { name: 'error per training step', x: 'step', y: 'error', log: true, height: 240 }),
      lines: new LinesView($('post-lines')),
      network: new NetworkView($('network'), $('network-note')),
      outputs: new OutputsView($('outputs')),
      maps: new MapsView($<HTMLCanvasElement>('decision-map'), $('unit-maps'), $('units-note')),
      flips: new FlipsView($('flips')),
      sweep: new SweepView($('sweep-chart'), $('sweep-rows'), $('sweep-status')),
      seeds: new SeedsView($<HTMLCanvasElement>('seeds-strip'), $('seeds-chart'), $('seeds-status')),
      race: new RaceView((target) => host.requestView('race', Float64Array.of(target))),
      surface: new SurfaceView((i, j) => host.requestView('surface', Float64Array.of(i, j))),
      sweepStore: new BatchStore(), seedsStore: new BatchStore(),
      describe: null, steps: [], values: [], tail: null, latest: {}, mapView: null, data: null,
      curveDirty: false, batchDirty: null, batchKind: null,
    };
    $<HTMLInputElement>('log-scale').addEventListener('change', (ev) => m?.curve.setLog((ev.target as HTMLInputElement).checked));
    $('sweep-run').addEventListener('click', () => startBatch('sweep'));
    $('seeds-run').addEventListener('click', () => startBatch('seeds'));
  },

  unmount() {
    m = null;
  },

  configured(msg: ConfiguredMsg) {
    if (!m) return;
    const d = msg.describe;
    m.describe = d;
    m.steps = [];
    m.values = [];
    m.tail = null;
    m.latest = {};
    m.mapView = null;
    m.data = null;
    m.curveDirty = true;
    m.lines.clear(knobValue(msg.knobs, m.host.preset(), 'lr') ?? '');
    m.network.build(d);
    m.outputs.build(null);
    m.flips.build(d);
    $('xor-intro').textContent = introFor(msg.preset, d.input_width);
    $('maps-text').textContent = mapsTextFor(d.input_width);
    $('units-title').hidden = d.layer_widths.length < 2;
    frame.queue();
  },

  metrics(msg: MetricsMsg) {
    if (!m) return;
    for (let i = 0; i < msg.curveSteps.length; i++) {
      m.steps.push(msg.curveSteps[i]);
      m.values.push(msg.curveValues[i]);
    }
    m.tail = msg.tail;
    m.lines.add(msg.reports);
    Object.assign(m.latest, msg.views);
    if (msg.views.train_data && !m.data) {
      m.data = tinyData(msg.views.train_data);
      m.outputs.build(m.data, m.data.y.length);
    }
    if (msg.views.decision_map) m.mapView = msg.views.decision_map;
    m.curveDirty = true;
    frame.queue();
  },

  done(_msg: DoneMsg) {
    frame.queue();
  },

  view(name: string, v: ViewData) {
    if (m && name === 'race') m.race.draw(v);
    if (m && name === 'surface') m.surface.draw(v);
  },

  divergedText: (knobs, preset) => `the error became NaN or infinite, so training stopped. ` +
    `alpha = ${knobValue(knobs, preset, 'lr')} is likely too large for this network — try a smaller alpha (the lr knob).`,

  batchReady(ready: boolean) {
    if (!m) return;
    $<HTMLButtonElement>('sweep-run').disabled = !ready;
    $<HTMLButtonElement>('seeds-run').disabled = !ready;
    const kind = m.batchKind;
    if (!ready && kind && document.body.dataset[kind] === 'running') {
      document.body.dataset[kind] = 'stopped';
      $(`${kind}-status`).textContent = 'Stopped: the engine build was switched. Press the button to train again.';
    }
  },

  batchProgress(msg: BatchProgressMsg) {
    if (!m || !m.batchKind) return;
    const store = m.batchKind === 'sweep' ? m.sweepStore : m.seedsStore;
    store.add(msg);
    m.batchDirty = store;
    frame.queue();
  },
};

function startBatch(kind: 'sweep' | 'seeds'): void {
  if (!m) return;
  const applied = m.host.applied();
  m.batchKind = kind;
  const store = kind === 'sweep' ? m.sweepStore : m.seedsStore;
  store.reset();
  if (kind === 'sweep') {
    m.host.runBatch(POST_ALPHAS.map((a) => ({ label: `alpha=${a}`, value: a, knobs: { lr: String(a) } })), { together: true, points: 600 });
  } else {
    const field = $<HTMLInputElement>('seeds-count');
    const n = Math.max(1, Math.min(100, Math.round(Number(field.value) || 20)));
    field.value = String(n);
    const base = Number(applied.seed ?? '1') || 0;
    m.host.runBatch(Array.from({ length: n }, (_, i) => ({ label: `seed=${base + i}`, value: base + i, knobs: { seed: String(base + i) } })),
      { together: true, points: 600 });
  }
  document.body.dataset[kind] = 'running';
}

/** The curve first, then at most one heavier view per frame (network/outputs/flips, maps, a batch), so no frame grows long. */
function draw(): boolean {
  if (!m) return false;
  if (m.curveDirty) {
    m.curveDirty = false;
    const s = m.tail ? [...m.steps, m.tail[0]] : m.steps;
    const v = m.tail ? [...m.values, m.tail[1]] : m.values;
    m.curve.setData([{ label: 'error', steps: s, values: v }]);
    $('curve-empty').hidden = s.length > 0;
    $('curve').hidden = s.length === 0;
  } else if (m.latest.params || m.latest.update_flips || m.latest.outputs) {
    const { params, update_flips: flips, outputs } = m.latest;
    if (params) m.network.update(params.data as Float64Array);
    if (outputs) m.outputs.update(outputs.data as Float64Array);
    if (flips) m.flips.update(flips.data as Int32Array);
    m.latest = {};
  } else if (m.mapView && m.describe) {
    const d = m.describe;
    m.maps.draw(m.mapView, d.layer_widths.length > 1 ? d.layer_widths[0] : 0, m.data);
    m.mapView = null;
  } else if (m.batchDirty) {
    const store = m.batchDirty;
    const kind = store === m.sweepStore ? 'sweep' : 'seeds';
    (kind === 'sweep' ? m.sweep : m.seeds).draw(store);
    if (store.finished) document.body.dataset[kind] = 'done';   // once the final results are on screen
    m.batchDirty = null;
  }
  return Boolean(m.curveDirty || m.latest.params || m.mapView || m.batchDirty);
}

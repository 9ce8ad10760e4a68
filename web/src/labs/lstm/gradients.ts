// web/src/labs/lstm/gradients.ts: the gradient back through time, side by
// side for a plain recurrent layer and an LSTM. The engine's `time_gradients`
// view is (recurrent layers, T): the norm of the loss gradient that reached
// each time step (0 = the oldest month of the window) in the last training
// step. The panel keeps the last one seen of each cell kind, so a run of
// rnn-airline and one of lstm-airline-steps stand next to each other, drawn
// as bars per time step (one colour per layer) on one shared log scale.
import type { ViewData } from '../../protocol';
import { canvasFont } from '../../views/chart';

export type CellKind = 'simple_rnn' | 'lstm';
export const KINDS: { kind: CellKind; title: string }[] = [
  { kind: 'simple_rnn', title: 'Plain RNN' },
  { kind: 'lstm', title: 'LSTM' },
];
const LAYER_COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea'];

interface Kept { preset: string; label: string; step: number; layers: number; T: number; norms: Float64Array }

export class GradientPanel {
  private kept = new Map<CellKind, Kept>();

  constructor(private canvases: Map<CellKind, HTMLCanvasElement>, private notes: Map<CellKind, HTMLElement>) {}

  /** The newest view of a run of `kind` (`label`: the preset, and what sets the run apart). */
  keep(kind: CellKind, preset: string, label: string, step: number, view: ViewData): void {
    const [layers = 0, T = 0] = view.shape;
    if (!layers || !T) return;
    this.kept.set(kind, { preset, label, step, layers, T, norms: Float64Array.from(view.data) });
  }

  draw(): void {
    // one log scale for both, so the bars compare across the two panels
    let lo = Infinity, hi = -Infinity;
    for (const k of this.kept.values()) {
      for (const v of k.norms) if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, Math.log10(v)); hi = Math.max(hi, Math.log10(v)); }
    }
    const decades: [number, number] = Number.isFinite(lo) ? [Math.floor(lo), Math.max(Math.ceil(hi), Math.floor(lo) + 1)] : [-3, 0];
    for (const { kind, title } of KINDS) {
      const canvas = this.canvases.get(kind)!;
      const kept = this.kept.get(kind) ?? null;
      drawBars(canvas, kept, decades);
      canvas.dataset.t = String(kept?.T ?? 0);
      canvas.dataset.layers = String(kept?.layers ?? 0);
      canvas.dataset.preset = kept?.preset ?? '';
      canvas.setAttribute('aria-label', kept ? `${title}: ${describe(kept)}` : `${title}: no run of this kind yet`);
      this.notes.get(kind)!.textContent = kept ? note(kept) : emptyNote(kind);
    }
  }
}

function emptyNote(kind: CellKind): string {
  return kind === 'simple_rnn' ? 'No plain RNN run yet: open rnn-airline (in the versions above) and train it.'
    : 'No LSTM run yet: open lstm-airline-steps (in the versions above) and train it.';
}

/** How much of the newest step's gradient reaches the oldest, per layer. */
function note(k: Kept): string {
  const at = `${k.label}, step ${k.step.toLocaleString('en')}`;
  if (k.T < 2) return `${at}: the window went in as one time step, so there is no "back in time" to fade through (the other versions feed it month by month).`;
  const ratios = Array.from({ length: k.layers }, (_, l) => {
    const newest = k.norms[l * k.T + k.T - 1], oldest = k.norms[l * k.T];
    const r = newest > 0 ? oldest / newest : NaN;
    return `${k.layers > 1 ? `layer ${l + 1}: ` : ''}${fmtRatio(r)}`;
  });
  return `${at}: the oldest of ${k.T} steps gets ${ratios.join(', ')} of the newest step's gradient.`;
}

function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return '–';
  return r >= 0.01 ? `${(100 * r).toPrecision(2)} %` : `${r.toExponential(1)} ×`;
}

function describe(k: Kept): string {
  const rows = Array.from({ length: k.layers }, (_, l) =>
    `layer ${l + 1}, oldest to newest step: ${Array.from(k.norms.subarray(l * k.T, (l + 1) * k.T), (v) => v.toPrecision(3)).join(', ')}`);
  return `gradient norms per time step in ${k.label} at step ${k.step}; ${rows.join('; ')}`;
}

function drawBars(canvas: HTMLCanvasElement, k: Kept | null, [lo, hi]: [number, number]): void {
  const g = canvas.getContext('2d')!;
  const W = canvas.width, H = canvas.height;
  const left = 44, right = 8, top = 10, bottom = 30;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  const y = (log: number) => top + (1 - (log - lo) / (hi - lo)) * (H - top - bottom);
  g.font = canvasFont();
  g.textBaseline = 'middle';
  g.textAlign = 'right';
  const every = Math.max(1, Math.ceil((hi - lo) / 6));
  for (let d = lo; d <= hi; d += every) {
    g.strokeStyle = '#e2e8f0';
    g.beginPath();
    g.moveTo(left, y(d)); g.lineTo(W - right, y(d));
    g.stroke();
    g.fillStyle = '#475569';
    g.fillText(`1e${d}`, left - 4, y(d));
  }
  g.strokeStyle = '#94a3b8';
  g.beginPath();
  g.moveTo(left, top); g.lineTo(left, H - bottom); g.lineTo(W - right, H - bottom);
  g.stroke();
  if (!k) {
    g.textAlign = 'center';
    g.fillStyle = '#64748b';
    g.fillText('not run yet', (left + W - right) / 2, (top + H - bottom) / 2);
    return;
  }
  const slot = (W - left - right) / k.T;
  const bar = Math.max(1, Math.min(36, (slot * 0.8) / k.layers));
  const labelEvery = Math.ceil(k.T / Math.max(1, Math.floor((W - left - right) / 34)));
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (let t = 0; t < k.T; t++) {
    const x0 = left + (t + 0.5) * slot - (bar * k.layers) / 2;
    for (let l = 0; l < k.layers; l++) {
      const v = k.norms[l * k.T + t];
      if (!(v > 0)) continue;
      const yv = Math.max(top, y(Math.log10(v)));
      g.fillStyle = LAYER_COLORS[l % LAYER_COLORS.length];
      g.fillRect(x0 + l * bar, yv, Math.max(1, bar - 1), H - bottom - yv);
    }
    if (t % labelEvery === 0 || t === k.T - 1) {
      g.fillStyle = '#475569';
      g.fillText(t === k.T - 1 ? 't' : `t−${k.T - 1 - t}`, left + (t + 0.5) * slot, H - bottom + 4);
    }
  }
  g.textAlign = 'right';
  g.fillText('time step (oldest → newest)', W - right, H - 13);
}

/** The layer colours' legend (layer 1, layer 2, …) for `layers` layers. */
export function layerLegend(layers: number): { label: string; color: string }[] {
  return Array.from({ length: layers }, (_, l) => ({ label: `layer ${l + 1}`, color: LAYER_COLORS[l % LAYER_COLORS.length] }));
}

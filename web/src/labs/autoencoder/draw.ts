// web/src/labs/autoencoder/draw.ts: the autoencoder lab's canvas drawings:
// the plane of points and reconstructions, the error histograms with their
// threshold, and the code's bars. Pure drawing: data in, pixels out.
import type { ViewData } from '../../protocol';
import { el } from '../../views/dom';
import { canvasFont } from '../../views/chart';

/** The four sets in the engine's order (the errors view's meta and the reconstruction's planes). */
export const SETS = [
  { name: 'clean', color: '#2563eb', meaning: 'false alarms (training points)' },
  { name: 'test', color: '#16a34a', meaning: 'false alarms (unseen normal points)' },
  { name: 'noisy', color: '#ea580c', meaning: 'anomalies caught' },
  { name: 'wrong', color: '#dc2626', meaning: 'anomalies caught' },
];

/** The plane shown: x in [-0.1, 1.1], y in [-1.6, 1.6] (the lines y = 2x - 1 and 1.5x - 1 with their noise). */
export const PLANE = { x0: -0.1, x1: 1.1, y0: -1.6, y1: 1.6 };

export function toPlane(canvas: HTMLCanvasElement, px: number, py: number): [number, number] {
  const r = canvas.getBoundingClientRect();
  const fx = (px - r.left) / r.width, fy = (py - r.top) / r.height;
  return [PLANE.x0 + fx * (PLANE.x1 - PLANE.x0), PLANE.y1 - fy * (PLANE.y1 - PLANE.y0)];
}

export function drawPlane(canvas: HTMLCanvasElement, rec: ViewData | null, picked: [number, number] | null): void {
  const g = canvas.getContext('2d')!;
  const W = canvas.width, H = canvas.height;
  const sx = (x: number) => ((x - PLANE.x0) / (PLANE.x1 - PLANE.x0)) * W;
  const sy = (y: number) => H - ((y - PLANE.y0) / (PLANE.y1 - PLANE.y0)) * H;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  g.strokeStyle = '#cbd5e1';
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(sx(0), 0); g.lineTo(sx(0), H); g.moveTo(0, sy(0)); g.lineTo(W, sy(0));
  g.stroke();
  if (rec) {
    const [sets, m] = rec.shape;
    const d = rec.data;
    for (let s = 0; s < sets; s++) {
      g.fillStyle = SETS[s].color;
      g.strokeStyle = SETS[s].color;
      g.globalAlpha = 0.35;
      for (let i = 0; i < m; i++) {
        const o = (s * m + i) * 4;
        g.fillRect(sx(d[o]) - 1, sy(d[o + 1]) - 1, 2, 2);
      }
      g.globalAlpha = 0.8;
      for (let i = 0; i < m; i += 4) {
        const o = (s * m + i) * 4;
        g.beginPath();
        g.arc(sx(d[o + 2]), sy(d[o + 3]), 2.5, 0, 2 * Math.PI);
        g.stroke();
      }
    }
    g.globalAlpha = 1;
  }
  if (picked) {
    g.strokeStyle = '#0f172a';
    g.lineWidth = 2;
    g.beginPath();
    g.arc(sx(picked[0]), sy(picked[1]), 7, 0, 2 * Math.PI);
    g.stroke();
  }
}

export function drawLegend(list: HTMLElement): void {
  list.replaceChildren(...SETS.map((s) => {
    const li = el('li');
    const sw = el('span', 'swatch');
    sw.style.background = s.color;
    li.append(sw, ` ${s.name}`);
    return li;
  }));
}

/** Splits the errors view into its sets: [{name, errors}] in SETS order. */
export function errorSets(view: ViewData): { name: string; errors: ArrayLike<number> }[] {
  const out: { name: string; errors: ArrayLike<number> }[] = [];
  let at = 0;
  for (const s of SETS) {
    const n = Number(view.meta[s.name] ?? 0);
    out.push({ name: s.name, errors: view.data.subarray(at, at + n) });
    at += n;
  }
  return out;
}

const LO = -6, HI = 0, BINS = 60;   // log10 of the error

export function drawHistogram(canvas: HTMLCanvasElement, sets: { name: string; errors: ArrayLike<number> }[], log10Threshold: number): void {
  const g = canvas.getContext('2d')!;
  const W = canvas.width, H = canvas.height, pad = 24;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  const hists = sets.map((s) => {
    const h = new Float64Array(BINS);
    for (let i = 0; i < s.errors.length; i++) {
      const e = Math.log10(Math.max(s.errors[i], 1e-300));
      h[Math.min(BINS - 1, Math.max(0, Math.floor(((e - LO) / (HI - LO)) * BINS)))] += 1 / s.errors.length;
    }
    return h;
  });
  let top = 0;
  for (const h of hists) for (const v of h) top = Math.max(top, v);
  const bx = (b: number) => pad + (b / BINS) * (W - 2 * pad);
  const by = (v: number) => H - pad - (top > 0 ? v / top : 0) * (H - 2 * pad);
  g.lineWidth = 2;
  hists.forEach((h, s) => {
    g.strokeStyle = SETS[s].color;
    g.beginPath();
    g.moveTo(bx(0), by(0));
    for (let b = 0; b < BINS; b++) { g.lineTo(bx(b), by(h[b])); g.lineTo(bx(b + 1), by(h[b])); }
    g.lineTo(bx(BINS), by(0));
    g.stroke();
  });
  g.fillStyle = '#334155';
  g.font = canvasFont();
  for (let p = LO; p <= HI; p++) g.fillText(`1e${p}`, bx(((p - LO) / (HI - LO)) * BINS) - 10, H - 6);
  const tx = bx(((log10Threshold - LO) / (HI - LO)) * BINS);
  g.strokeStyle = '#0f172a';
  g.setLineDash([5, 4]);
  g.beginPath();
  g.moveTo(tx, pad / 2); g.lineTo(tx, H - pad);
  g.stroke();
  g.setLineDash([]);
}

/** Flagged counts per set at the threshold: table rows (set, flagged, of, rate, meaning). */
export function drawCaught(body: HTMLElement, sets: { name: string; errors: ArrayLike<number> }[], threshold: number): void {
  body.replaceChildren(...sets.map((s, i) => {
    let n = 0;
    for (let k = 0; k < s.errors.length; k++) if (s.errors[k] > threshold) n++;
    const tr = el('tr');
    tr.dataset.set = s.name;
    tr.dataset.flagged = String(n);
    const rate = s.errors.length ? n / s.errors.length : 0;
    for (const text of [s.name, n.toLocaleString('en'), s.errors.length.toLocaleString('en'), `${(100 * rate).toFixed(1)}\u00a0%`, SETS[i].meaning])
      tr.append(el('td', '', text));
    return tr;
  }));
}

export function drawCode(root: HTMLElement, code: ArrayLike<number>): void {
  let top = 0;
  for (let i = 0; i < code.length; i++) top = Math.max(top, Math.abs(code[i]));
  root.replaceChildren(...Array.from({ length: code.length }, (_, i) => {
    const bar = el('span', 'ae-bar');
    bar.style.height = `${top > 0 ? (100 * Math.abs(code[i])) / top : 0}%`;
    bar.title = `code[${i}] = ${code[i].toFixed(4)}`;
    return bar;
  }));
  root.setAttribute('aria-label', `the code: ${Array.from(code, (v) => v.toFixed(3)).join(', ')}`);
}

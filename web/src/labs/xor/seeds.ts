// web/src/labs/xor/seeds.ts: many random starts. Each seed's run ends somewhere:
// a strip plot of final errors on a log axis (one dot per seed, labelled
// on hover) plus all their curves, and how many reached error < 0.01.
import type { BatchStore } from './batch-store';
import { LineChart, canvasFont } from '../../views/chart';
import { verdict } from './sweep';

const LO = 1e-4;
const HI = 1;

export class SeedsView {
  private chart: LineChart;

  constructor(private strip: HTMLCanvasElement, chartRoot: HTMLElement, private status: HTMLElement) {
    this.chart = new LineChart(chartRoot, { name: 'error per step for each random start', x: 'step', y: 'error', log: true, height: 220 });
  }

  draw(store: BatchStore): void {
    this.chart.setData(store.runs.map((r) => ({ label: r.label, steps: r.steps, values: r.errors })));
    this.drawStrip(store);
    const done = store.runs.filter((r) => r.done);
    const good = done.filter((r) => r.finalError < 0.01).length;
    const stuck = done.filter((r) => verdict(r).startsWith('stuck')).length;
    const slow = done.filter((r) => verdict(r).startsWith('still')).length;
    this.status.textContent = store.finished
      ? `${good} of ${store.runs.length} starts learned XOR (final error < 0.01); ${slow} still learning; ${stuck} stuck; ` +
        `${done.filter((r) => r.diverged).length} diverged` +
        (done.some((r) => r.diverging) ? `; ${done.filter((r) => r.diverging).length} diverging (the loss exploded).` : '.')
      : `Training ${store.runs.length} starts… ${done.length} done.`;
  }

  private drawStrip(store: BatchStore): void {
    const c = this.strip;
    c.hidden = false;
    const dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth || 480;
    const h = 90;
    if (c.width !== Math.round(w * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const x = (e: number) => 20 + ((Math.log10(Math.min(HI, Math.max(LO, e))) - Math.log10(LO)) / (Math.log10(HI) - Math.log10(LO))) * (w - 40);
    ctx.strokeStyle = '#9ca3af';
    ctx.fillStyle = '#4b5563';
    ctx.font = canvasFont();
    ctx.textAlign = 'center';
    ctx.beginPath();
    ctx.moveTo(20, 56);
    ctx.lineTo(w - 20, 56);
    ctx.stroke();
    for (let p = -4; p <= 0; p++) {
      const px = x(10 ** p);
      ctx.beginPath();
      ctx.moveTo(px, 52);
      ctx.lineTo(px, 60);
      ctx.stroke();
      ctx.fillText(p === 0 ? '1' : `1e${p}`, px, 74);
    }
    ctx.fillText('final error (log scale)', w / 2, 88);
    const shown = store.runs.filter((r) => r.done && (Number.isFinite(r.finalError) || r.diverged));
    shown.forEach((r, i) => {
      const e = r.diverged ? HI : r.finalError;
      const px = x(e);
      const py = 18 + ((i * 7) % 30);
      ctx.beginPath();
      ctx.arc(px, py, 5, 0, Math.PI * 2);
      ctx.fillStyle = r.diverged || r.diverging ? '#6b7280' : e < 0.01 ? '#2563eb' : '#dc2626';
      ctx.globalAlpha = 0.8;
      ctx.fill();
      ctx.globalAlpha = 1;
    });
    c.setAttribute('aria-label', 'final error per seed: ' +
      shown.map((r) => `${r.label} ${r.diverged ? 'diverged' : r.diverging ? 'diverging' : r.finalError.toPrecision(4)}`).join(', '));
  }
}

// web/src/views/chart.ts: THE uPlot line chart of the page (every lab's
// curves: error or loss per step, per-epoch histories, sweeps, random starts).
// Log or linear y; the width follows the card (ResizeObserver). Callers pass
// series as point lists; they are aligned on the union of their x values
// (missing points are gaps). The chart has an accessible name (a figure with
// a label; the canvas an image with the same label). Optional: how x values
// read (years rather than numbers), and vertical marks (a train/test split: a
// line, words either side, the region after it shaded).
// uPlot itself loads on demand (loadCharts): its module sets up Intl number and
// date formatters, which on a cold renderer cost 20-60 ms of one main-thread
// task; the shell loads it once the worker is ready (the worker has warmed the
// process's locale data by then), and charts given data earlier draw on load.
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The font of words drawn on a canvas, for a canvas scaled `scale` device pixels per CSS pixel:
 * 12px, the type scale's --text-xs (shell.css) and uPlot's own axis font, so canvas labels add
 * no font strike of their own. */
export function canvasFont(scale = 1): string {
  return `${12 * scale}px system-ui, sans-serif`;
}

let UPlot: typeof uPlot | null = null;
let loading: Promise<void> | null = null;
const waiting = new Set<LineChart>();
// Every chart made. A lab's views are dropped when another lab mounts, but a uPlot keeps window
// listeners (resize, scroll, pixel ratio) until destroyed, and they would keep it, its nodes and
// its data alive: the shell's lab switch releases the charts whose card has left the page.
const charts = new Set<LineChart>();

/** Destroys every chart no longer on the page (the shell calls it when one lab replaces another). */
export function releaseDetachedCharts(): void {
  for (const chart of charts) chart.releaseIfDetached();
}

/** Loads uPlot (once) and draws the charts that were waiting for it. */
export function loadCharts(): Promise<void> {
  loading ??= import('uplot').then((m) => {
    UPlot = m.default;
    for (const chart of waiting) chart.redraw();
    waiting.clear();
  });
  return loading;
}

export interface SeriesData {
  label: string;
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  color?: string;
  dash?: number[];
}

export interface ChartOptions {
  name: string;                   // the accessible name ("error per training step")
  x: string;                      // axis labels
  y: string;
  height: number;
  legend?: boolean;
  log?: boolean;
  points?: boolean;
  formatX?: (x: number) => string;   // tick and legend text of an x value (default: the number)
}

/**
 * A vertical mark at `x`: a dashed line, `before` and `after` written either side at the top, the region after
 * it (up to `to`, else the right edge) shaded with the colour `shade`.
 */
export interface XMark { x: number; before?: string; after?: string; shade?: string; to?: number }

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f', '#7c3aed', '#b45309'];

export class LineChart {
  private plot: uPlot | null = null;
  private series: SeriesData[] = [];
  private key = '';
  private data: uPlot.AlignedData = [[]];
  private log: boolean;
  private observedWidth = 0;      // the root's width as of the last layout (reading it then forces no layout)
  private marks: XMark[] = [];

  private resize: ResizeObserver;

  constructor(private root: HTMLElement, private opts: ChartOptions) {
    charts.add(this);
    this.log = opts.log ?? false;
    root.setAttribute('role', 'figure');
    root.setAttribute('aria-label', opts.name);
    this.resize = new ResizeObserver(() => {
      this.observedWidth = this.root.clientWidth;
      const w = this.width();
      if (this.plot && Math.abs(this.plot.width - w) > 1) this.plot.setSize({ width: w, height: this.opts.height });
    });
    this.resize.observe(root);
  }

  releaseIfDetached(): void {
    if (this.root.isConnected) return;
    this.clear();
    this.resize.disconnect();
    waiting.delete(this);
    charts.delete(this);
  }

  /** Draws the chart anew (once uPlot has loaded). */
  redraw(): void {
    this.rebuild();
  }

  setLog(log: boolean): void {
    this.log = log;
    this.data = align(this.series, this.log);
    this.rebuild();
  }

  setData(series: SeriesData[]): void {
    this.series = series;
    Object.assign(this.root.dataset, { points: String(series[0]?.steps.length ?? 0), firstStep: String(series[0]?.steps[0] ?? '') });
    const key = series.map((s) => `${s.label} ${s.color ?? ''}`).join('\n');
    this.data = align(series, this.log);
    if (!this.plot || key !== this.key) {
      this.key = key;
      this.rebuild();
    } else {
      this.plot.setData(this.data);
    }
  }

  /** Draws these vertical marks (replacing the previous ones). */
  setMarks(marks: XMark[]): void {
    this.marks = marks;
    this.plot?.redraw(false, false);
  }

  clear(): void {
    this.plot?.destroy();
    this.plot = null;
    this.series = [];
    this.key = '';
    this.root.replaceChildren();
  }

  private width(): number {
    return Math.max(200, Math.floor(this.observedWidth || this.root.clientWidth || 480));
  }

  private rebuild(): void {
    if (!UPlot) {
      waiting.add(this);
      void loadCharts();
      return;
    }
    this.plot?.destroy();
    const n = this.series.length;
    const many = n > PALETTE.length;
    const o = this.opts;
    const opts: uPlot.Options = {
      width: this.width(),
      height: o.height,
      legend: { show: o.legend ?? false },
      cursor: { drag: { x: true, y: false } },
      // log y is drawn as log10(value) on a linear scale: uPlot's own log axis finds no ticks
      // over the 100+ decades a diverging run spans
      scales: { x: { time: false }, y: { distr: 1 } },
      hooks: { drawClear: [(u) => drawMarks(u, this.marks, true)], draw: [(u) => drawMarks(u, this.marks, false)] },
      axes: [
        o.formatX ? { label: o.x, size: 40, labelSize: 18, values: (_u, ticks) => ticks.map(o.formatX!) } : { label: o.x, size: 40, labelSize: 18 },
        this.log
          ? { label: `${o.y} (log)`, size: 64, labelSize: 18, incrs: LOG_INCRS, values: (_u, ticks) => ticks.map((t) => fmtTick(10 ** t)) }
          : { label: o.y, size: 64, labelSize: 18, values: (_u, ticks) => ticks.map(fmtTick) },
      ],
      series: [
        o.formatX ? { label: o.x, value: (_u: uPlot, v: number | null) => (v == null ? '–' : o.formatX!(v)) } : { label: o.x },
        ...this.series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? (many ? hsl(i, n) : PALETTE[i % PALETTE.length]),
          dash: s.dash,
          width: many ? 1 : 1.75,
          points: { show: o.points ?? false, size: 6 },
          value: (_u: uPlot, v: number | null) => (v == null ? '–' : (this.log ? 10 ** v : v).toPrecision(6)),
        })),
      ],
    };
    this.plot = new UPlot(opts, this.data, this.root);
    const canvas = this.root.querySelector('canvas');
    canvas?.setAttribute('role', 'img');
    canvas?.setAttribute('aria-label', o.name);
  }
}

/** The marks' shading (`under`: before the grid and the lines are drawn), else their lines and words on top. */
function drawMarks(u: uPlot, marks: XMark[], under: boolean): void {
  const g = u.ctx, { left, top, width, height } = u.bbox, r = UPlot?.pxRatio ?? 1;
  for (const mk of marks) {
    const x = Math.round(u.valToPos(mk.x, 'x', true));
    if (!(x >= left && x <= left + width)) continue;
    g.save();
    if (under) {
      const end = mk.to === undefined ? left + width : Math.min(left + width, Math.round(u.valToPos(mk.to, 'x', true)));
      g.fillStyle = mk.shade ?? 'transparent';
      if (mk.shade && end > x) g.fillRect(x, top, end - x, height);
      g.restore();
      continue;
    }
    g.strokeStyle = '#475569';
    g.lineWidth = r;
    g.setLineDash([4 * r, 3 * r]);
    g.beginPath();
    g.moveTo(x, top);
    g.lineTo(x, top + height);
    g.stroke();
    g.fillStyle = '#334155';
    g.font = canvasFont(r);
    g.textBaseline = 'top';
    // words that do not fit inside the plot are left out
    if (mk.before && x - 5 * r - g.measureText(mk.before).width >= left) {
      g.textAlign = 'right';
      g.fillText(mk.before, x - 5 * r, top + 4 * r);
    }
    if (mk.after && x + 5 * r + g.measureText(mk.after).width <= left + width) {
      g.textAlign = 'left';
      g.fillText(mk.after, x + 5 * r, top + 4 * r);
    }
    g.restore();
  }
}

/** Tick steps in decades for the log view: whole decades when the range is wide. */
const LOG_INCRS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 25, 50, 100];

function hsl(i: number, n: number): string {
  return `hsl(${Math.round((360 * i) / n)} 65% 45%)`;
}

function fmtTick(v: number | null): string {
  if (v == null) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(0).replace('e+', 'e') : String(+v.toPrecision(3));
}

/**
 * Aligns point lists on the union of their steps; non-finite (and, for log, non-positive) errors
 * become gaps. With `log`, y holds log10(error).
 */
export function align(series: SeriesData[], log: boolean): uPlot.AlignedData {
  if (series.length === 1 && increasing(series[0].steps)) {
    // one curve, steps already in order (the live curve): no union to build
    const { steps, values } = series[0];
    const xs = new Array<number>(steps.length);
    const y = new Array<number | null>(steps.length);
    for (let i = 0; i < steps.length; i++) {
      xs[i] = steps[i];
      const e = values[i];
      y[i] = Number.isFinite(e) && (!log || e > 0) ? (log ? Math.log10(e) : e) : null;
    }
    return [xs, y] as uPlot.AlignedData;
  }
  const stepSet = new Set<number>();
  for (const s of series) for (let i = 0; i < s.steps.length; i++) stepSet.add(s.steps[i]);
  const xs = Float64Array.from(stepSet).sort();
  const index = new Map<number, number>();
  xs.forEach((x, i) => index.set(x, i));
  const ys = series.map((s) => {
    const y: (number | null)[] = new Array(xs.length).fill(null);
    for (let i = 0; i < s.steps.length; i++) {
      const e = s.values[i];
      if (Number.isFinite(e) && (!log || e > 0)) y[index.get(s.steps[i])!] = log ? Math.log10(e) : e;
    }
    return y;
  });
  return [Array.from(xs), ...ys] as uPlot.AlignedData;
}

function increasing(a: ArrayLike<number>): boolean {
  for (let i = 1; i < a.length; i++) if (!(a[i] > a[i - 1])) return false;
  return true;
}

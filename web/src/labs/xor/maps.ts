// web/src/labs/xor/maps.ts: the `decision_map` view drawn: the output over
// the (x1, x2) plane (bias input 1) with the training points, and one small
// map per hidden unit (the view holds the first 32). Colours: red 0 → white
// 0.5 → blue 1; maps whose values leave [0, 1] (linear or relu units) use
// their own range.
import type { ViewData } from '../../protocol';
import { el } from '../../views/dom';
import type { TinyData } from './data';

export class MapsView {
  private unitCanvases: HTMLCanvasElement[] = [];
  private scratch = new Scratch();

  constructor(private main: HTMLCanvasElement, private units: HTMLElement, private note: HTMLElement) {}

  draw(view: ViewData, hiddenWidth: number, data: TinyData | null): void {
    const [planes, n] = view.shape;
    const values = view.data as Float64Array;
    const maps = { n, units: planes - 1, lo: Number(view.meta.lo), hi: Number(view.meta.hi) };
    this.scratch.paint(this.main, values, 0, n);
    if (data) drawPoints(this.main, maps.lo, maps.hi, data);
    if (this.unitCanvases.length !== maps.units) {
      this.units.replaceChildren();
      this.unitCanvases = [];
      for (let u = 0; u < maps.units; u++) {
        const fig = el('figure', 'unit-map');
        const c = el('canvas');
        c.setAttribute('role', 'img');
        c.setAttribute('aria-label', `hidden unit ${u + 1} over the (x1, x2) plane`);
        fig.append(c, el('figcaption', '', `h${u + 1}`));
        this.units.append(fig);
        this.unitCanvases.push(c);
      }
    }
    // a unit map's canvas is the grid itself (CSS scales it to ~72 px, smoothly): one putImageData, no resampling
    for (let u = 0; u < maps.units; u++) this.scratch.put(this.unitCanvases[u], values, (u + 1) * n * n, n);
    const note = maps.units === 0 ? 'This network has no hidden layer.'
      : maps.units < hiddenWidth ? `Showing the first ${maps.units} of ${hiddenWidth} hidden units (grid ${maps.n}×${maps.n}).`
        : `Each hidden unit's output over the same plane (grid ${maps.n}×${maps.n}).`;
    if (this.note.textContent !== note) this.note.textContent = note;
  }
}

/** colour() sampled at LUT_STEPS + 1 points, packed as RGBA bytes in memory order (little-endian words). */
const LUT_STEPS = 1024;
const LUT = (() => {
  const lut = new Uint32Array(LUT_STEPS + 1);
  const bytes = new Uint8Array(lut.buffer);
  for (let i = 0; i <= LUT_STEPS; i++) {
    const [r, g, b] = colour(i / LUT_STEPS);
    bytes.set([r, g, b, 255], i * 4);
  }
  return lut;
})();
const GREY = new Uint32Array(new Uint8Array([128, 128, 128, 255]).buffer)[0];

/** One n x n image, reused from draw to draw (a canvas resized or an ImageData allocated per map is slow). */
class Scratch {
  readonly canvas = document.createElement('canvas');
  private ctx: CanvasRenderingContext2D | null = null;
  private img: ImageData | null = null;
  private words: Uint32Array | null = null;

  /** Paints `values[offset ..]` (n x n, row-major, x2 growing with the row) into `canvas`, scaled. */
  paint(canvas: HTMLCanvasElement, values: Float64Array, offset: number, n: number): void {
    this.fill(values, offset, n);
    this.ctx!.putImageData(this.img!, 0, 0);
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(this.canvas, 0, 0, canvas.width, canvas.height);
  }

  /** Puts `values[offset ..]` into `canvas` at one pixel per grid point (the canvas becomes n x n). */
  put(canvas: HTMLCanvasElement, values: Float64Array, offset: number, n: number): void {
    this.fill(values, offset, n);
    if (canvas.width !== n || canvas.height !== n) {
      canvas.width = n;
      canvas.height = n;
    }
    canvas.getContext('2d')!.putImageData(this.img!, 0, 0);
  }

  private fill(values: Float64Array, offset: number, n: number): void {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n * n; i++) {
      const v = values[offset + i];
      if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    }
    const unit = lo >= 0 && hi <= 1;
    const a = unit ? 0 : lo;
    const span = unit ? 1 : Math.max(hi - lo, 1e-12);
    if (!this.img || this.img.width !== n) {
      this.canvas.width = n;
      this.canvas.height = n;
      this.ctx = this.canvas.getContext('2d')!;
      this.img = this.ctx.createImageData(n, n);
      this.words = new Uint32Array(this.img.data.buffer);
    }
    const words = this.words!;
    const scale = LUT_STEPS / span;
    for (let j = 0; j < n; j++) {
      const src = offset + j * n;
      const dst = (n - 1 - j) * n;   // x2 grows upwards
      for (let i = 0; i < n; i++) {
        const v = values[src + i];
        if (Number.isFinite(v)) {
          const t = Math.round((v - a) * scale);
          words[dst + i] = LUT[t > 0 ? (t < LUT_STEPS ? t : LUT_STEPS) : 0];   // NaN (an infinite span) → 0
        } else {
          words[dst + i] = GREY;
        }
      }
    }
  }
}

/** 0 → red, 0.5 → near white, 1 → blue. */
export function colour(t: number): [number, number, number] {
  const f = Math.max(0, Math.min(1, t));
  const lo = [220, 38, 38];
  const mid = [248, 248, 246];
  const hi = [37, 99, 235];
  const [x, y, s] = f < 0.5 ? [lo, mid, f * 2] : [mid, hi, (f - 0.5) * 2];
  return [0, 1, 2].map((k) => Math.round(x[k] + (y[k] - x[k]) * s)) as [number, number, number];
}

function drawPoints(canvas: HTMLCanvasElement, lo: number, hi: number, data: TinyData): void {
  const ctx = canvas.getContext('2d')!;
  for (let i = 0; i < data.x.length; i++) {
    const [x1, x2] = data.x[i];
    const y = data.y[i];
    const px = ((x1 - lo) / (hi - lo)) * canvas.width;
    const py = canvas.height - ((x2 - lo) / (hi - lo)) * canvas.height;
    ctx.beginPath();
    ctx.arc(px, py, 7, 0, Math.PI * 2);
    ctx.fillStyle = y ? '#1d4ed8' : '#b91c1c';
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#111827';
    ctx.beginPath();
    ctx.arc(px, py, 8.5, 0, Math.PI * 2);
    ctx.stroke();
  }
}

// web/src/labs/universality/pad.ts: the curve the student draws. The pad holds
// 100 evenly spaced x (x_i = i / 99, as the engine's built-in curves) and the
// y drawn at each (empty until drawn). A stroke (pointer events: mouse, pen,
// touch) sets every x it passes over, in a line between pointer positions, so
// drawing over part of a curve replaces that part. When the stroke ends the
// drawn points go to onCurve as (x, y) pairs, a Float64Array — or, with fewer
// than 2, onTooFew says so.
import { padPoint } from './draw';

export const PAD_POINTS = 100;

export class CurvePad {
  readonly ys = new Float64Array(PAD_POINTS).fill(NaN);
  private last: [number, number] | null = null;

  constructor(private canvas: HTMLCanvasElement, private redraw: () => void,
    private onCurve: (xy: Float64Array) => void, private onTooFew: (count: number) => void) {
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.last = padPoint(canvas, e.clientX, e.clientY);
      this.paint(this.last, this.last);
      e.preventDefault();
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.last) return;
      const p = padPoint(canvas, e.clientX, e.clientY);
      this.paint(this.last, p);
      this.last = p;
    });
    const end = () => {
      if (!this.last) return;
      this.last = null;
      this.finish();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  /** Puts a curve's (x, y) pairs (sorted by x) on the pad: each pad x gets the curve's value there, within its ends. */
  load(xy: ArrayLike<number>): void {
    const n = Math.floor(xy.length / 2);
    this.ys.fill(NaN);
    if (n === 0) return this.redraw();
    let k = 0;
    for (let i = 0; i < PAD_POINTS; i++) {
      const x = i / (PAD_POINTS - 1);
      if (x < xy[0] - 1e-9 || x > xy[2 * (n - 1)] + 1e-9) continue;
      while (k + 1 < n - 1 && xy[2 * (k + 1)] < x) k++;
      const x0 = xy[2 * k], x1 = n > 1 ? xy[2 * (k + 1)] : x0;
      const y0 = xy[2 * k + 1], y1 = n > 1 ? xy[2 * (k + 1) + 1] : y0;
      this.ys[i] = x1 > x0 ? y0 + ((Math.min(Math.max(x, x0), x1) - x0) / (x1 - x0)) * (y1 - y0) : y0;
    }
    this.redraw();
  }

  clear(): void {
    this.ys.fill(NaN);
    this.redraw();
  }

  /** The drawn points as (x, y) pairs. */
  points(): Float64Array {
    const out: number[] = [];
    this.ys.forEach((y, i) => { if (!Number.isNaN(y)) out.push(i / (PAD_POINTS - 1), y); });
    return Float64Array.from(out);
  }

  /** The pad x nearest to `x`. */
  private index(x: number): number {
    return Math.round(x * (PAD_POINTS - 1));
  }

  private paint(a: [number, number], b: [number, number]): void {
    const i0 = this.index(Math.min(a[0], b[0])), i1 = this.index(Math.max(a[0], b[0]));
    for (let i = i0; i <= i1; i++) {
      const x = i / (PAD_POINTS - 1);
      const t = b[0] === a[0] ? 1 : (x - a[0]) / (b[0] - a[0]);
      this.ys[i] = a[1] + Math.min(1, Math.max(0, t)) * (b[1] - a[1]);
    }
    this.redraw();
  }

  private finish(): void {
    const xy = this.points();
    if (xy.length / 2 < 2) return this.onTooFew(xy.length / 2);
    this.onCurve(xy);
  }
}

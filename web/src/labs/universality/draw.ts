// web/src/labs/universality/draw.ts: the universality lab's canvas drawings:
// the curve's points with the network's fit over them, and each hidden unit's
// weighted step. Pure drawing: data in, pixels out. Both canvases show x in
// [0, 1] left to right.
import { canvasFont } from '../../views/chart';

const MARGIN = { left: 34, right: 8, top: 8, bottom: 20 };

interface Frame { sx: (x: number) => number; sy: (y: number) => number; w: number; h: number }

function frame(canvas: HTMLCanvasElement, y0: number, y1: number): Frame {
  const w = canvas.width, h = canvas.height;
  const pw = w - MARGIN.left - MARGIN.right, ph = h - MARGIN.top - MARGIN.bottom;
  return {
    w, h,
    sx: (x) => MARGIN.left + x * pw,
    sy: (y) => MARGIN.top + (1 - (y - y0) / (y1 - y0)) * ph,
  };
}

function axes(g: CanvasRenderingContext2D, f: Frame, ticks: number[], label: (v: number) => string): void {
  g.fillStyle = '#fff';
  g.fillRect(0, 0, f.w, f.h);
  g.strokeStyle = '#e2e8f0';
  g.lineWidth = 1;
  g.font = canvasFont();
  g.fillStyle = '#475569';
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (const t of ticks) {
    g.beginPath();
    g.moveTo(f.sx(0), f.sy(t));
    g.lineTo(f.sx(1), f.sy(t));
    g.stroke();
    g.fillText(label(t), f.sx(0) - 4, f.sy(t));
  }
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (const x of [0, 0.5, 1]) g.fillText(String(x), f.sx(x), f.h - MARGIN.bottom + 4);
}

function line(g: CanvasRenderingContext2D, f: Frame, ys: ArrayLike<number>, offset = 0, n = ys.length): void {
  g.beginPath();
  for (let i = 0; i < n; i++) {
    const x = f.sx(i / (n - 1)), y = f.sy(ys[offset + i]);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  }
  g.stroke();
}

/** The pad: the curve's (x, y) points as dots, the fit (201 values on x = i/200) as a line, y from -0.1 to 1.1. */
export function drawPad(canvas: HTMLCanvasElement, points: ArrayLike<number>, fit: ArrayLike<number> | null): void {
  const g = canvas.getContext('2d')!;
  const f = frame(canvas, -0.1, 1.1);
  axes(g, f, [0, 0.5, 1], String);
  if (fit) {
    g.save();
    g.beginPath();
    g.rect(f.sx(0), 0, f.sx(1) - f.sx(0), f.h - MARGIN.bottom);
    g.clip();
    g.strokeStyle = '#2563eb';
    g.lineWidth = 2.5;
    line(g, f, fit);
    g.restore();
  }
  g.fillStyle = '#0f172a';   // the curve's points over the fit, so both show
  for (let i = 0; i + 1 < points.length; i += 2) {
    g.beginPath();
    g.arc(f.sx(points[i]), f.sy(points[i + 1]), 2.5, 0, 2 * Math.PI);
    g.fill();
  }
}

/** A unit's colour: hues around the wheel, so neighbours differ. */
export function unitColor(j: number): string {
  return `hsl(${(j * 137.5) % 360} 70% 42%)`;
}

/** Each unit's weighted step: rows of 201 values (shape (units, 201)), on a scale that holds them all. */
export function drawUnits(canvas: HTMLCanvasElement, units: ArrayLike<number>, rows: number, cols: number): void {
  const g = canvas.getContext('2d')!;
  let lo = 0, hi = 0;
  for (let i = 0; i < rows * cols; i++) {
    if (units[i] < lo) lo = units[i];
    if (units[i] > hi) hi = units[i];
  }
  const pad = (hi - lo) * 0.05 || 0.5;
  const f = frame(canvas, lo - pad, hi + pad);
  const ticks = [lo, 0, hi].filter((t, i, a) => a.indexOf(t) === i);
  axes(g, f, ticks, (v) => (Math.abs(v) >= 100 ? v.toExponential(1) : v.toFixed(2)));
  g.lineWidth = 1.5;
  for (let j = 0; j < rows; j++) {
    g.strokeStyle = unitColor(j);
    line(g, f, units, j * cols, cols);
  }
}

/** A pointer's position on the pad as (x, y) of the curve, clamped to [0, 1]. */
export function padPoint(canvas: HTMLCanvasElement, clientX: number, clientY: number): [number, number] {
  const r = canvas.getBoundingClientRect();
  const px = ((clientX - r.left) / r.width) * canvas.width, py = ((clientY - r.top) / r.height) * canvas.height;
  const pw = canvas.width - MARGIN.left - MARGIN.right, ph = canvas.height - MARGIN.top - MARGIN.bottom;
  const x = (px - MARGIN.left) / pw, y = -0.1 + (1 - (py - MARGIN.top) / ph) * 1.2;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return [clamp(x), clamp(y)];
}

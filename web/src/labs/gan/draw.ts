// web/src/labs/gan/draw.ts: the GAN lab's pure drawing and arithmetic: the
// generator's images (values in [-1, 1], tanh) as grey bytes, a grid of them
// on a canvas (28x28 per digit, 2-pixel gaps, white ink on black as the MNIST
// lab shows digits), the chart's series on one step grid, the steps-to-epochs
// wording, and the latent walk's seeded normal noise.
import type { Report } from '../../protocol';
import type { SeriesData } from '../../views/chart';

export const GAP = 2;
const GAP_GREY = 226;   // the gaps: light, so black backgrounds of neighbours stay apart

/** Images of side x side in [-1, 1] as grey bytes (-1 → 0, 1 → 255). */
export function toGrey(data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out[i] = Number.isFinite(v) ? Math.round((Math.min(1, Math.max(-1, v)) + 1) * 127.5) : 0;
  }
  return out;
}

/** The canvas size of a grid of `cols` x `rows` digits of `side` pixels with their gaps (and a gap around). */
export function gridSize(cols: number, rows: number, side = 28): [number, number] {
  return [cols * (side + GAP) + GAP, rows * (side + GAP) + GAP];
}

/** Draws `count` images of side x side grey bytes, `cols` to a row, on the canvas (sized to fit). */
export function drawGrid(canvas: HTMLCanvasElement, grey: Uint8Array, count: number, cols: number, side = 28): void {
  const rows = Math.max(1, Math.ceil(count / cols));
  const [W, H] = gridSize(cols, rows, side);
  if (canvas.width !== W) canvas.width = W;
  if (canvas.height !== H) canvas.height = H;
  const g = canvas.getContext('2d')!;
  const img = g.createImageData(W, H);
  const px = img.data;
  for (let i = 0; i < px.length; i += 4) {
    px[i] = px[i + 1] = px[i + 2] = GAP_GREY;
    px[i + 3] = 255;
  }
  const size = side * side;
  for (let k = 0; k < count; k++) {
    const x0 = GAP + (k % cols) * (side + GAP), y0 = GAP + Math.floor(k / cols) * (side + GAP);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const v = grey[k * size + y * side + x];
        const o = 4 * ((y0 + y) * W + x0 + x);
        px[o] = px[o + 1] = px[o + 2] = v;
      }
    }
  }
  g.putImageData(img, 0, 0);
}

/** Draws an empty grid (all cells black): the panel before the first samples arrive. */
export function drawEmptyGrid(canvas: HTMLCanvasElement, count: number, cols: number): void {
  drawGrid(canvas, new Uint8Array(count * 28 * 28), count, cols);
}

/** "1,280" */
export const steps = (n: number) => n.toLocaleString('en');

/** The lecture's epoch of a step: its loop runs batch_size steps per "epoch". "10" or "10.2". */
export function lectureEpoch(step: number, batchSize: number): string {
  if (!(batchSize > 0)) return '–';
  const e = step / batchSize;
  return Number.isInteger(e) ? steps(e) : e.toFixed(1);
}

/** "step 1,280 — the lecture's epoch 10" */
export function stepWords(step: number, batchSize: number): string {
  return `step ${steps(step)} — the lecture's epoch ${lectureEpoch(step, batchSize)}`;
}

/** The lecture's saved grids: epoch 1 and every 20th, as steps (batch_size steps per epoch), up to `total`. */
export function lectureSteps(batchSize: number, total: number): Set<number> {
  const out = new Set<number>();
  if (!(batchSize > 0)) return out;
  for (let e = 1; e * batchSize <= total; e = e === 1 ? 20 : e + 20) out.add(e * batchSize);
  return out;
}

export const SERIES = [
  { key: 'd_loss', label: 'd_loss (per step, bucket means)', color: '#2563eb', dash: undefined as number[] | undefined },
  { key: 'g_loss', label: 'g_loss (at reports)', color: '#dc2626', dash: undefined },
  { key: 'd_real', label: 'd_real: D on real images (at reports)', color: '#16a34a', dash: [8, 4] },
  { key: 'd_fake', label: 'd_fake: D on generated images (at reports)', color: '#9333ea', dash: [2, 3] },
];

/**
 * The chart's series on one step grid: d_loss from the per-step curve, g_loss, d_real and d_fake
 * from the reports. The chart wrapper draws a series' points joined only where they are neighbours
 * on the shared grid, so each series is given on every grid step within its own span, by straight
 * lines between its measured points (exactly the segments that join them), and nothing outside it.
 */
export function chartSeries(curveSteps: number[], curveValues: number[], reports: Report[]): SeriesData[] {
  const grid = Array.from(new Set([...curveSteps, ...reports.map((r) => r.step)])).sort((a, b) => a - b);
  const lines: [number[], number[]][] = [[curveSteps, curveValues]];
  for (const s of SERIES.slice(1)) lines.push([reports.map((r) => r.step), reports.map((r) => r[s.key] ?? NaN)]);
  return SERIES.map((s, i) => ({ label: s.label, color: s.color, dash: s.dash, steps: grid, values: onGrid(grid, ...lines[i]) }));
}

function onGrid(grid: number[], xs: number[], ys: number[]): number[] {
  const out = new Array<number>(grid.length).fill(NaN);
  if (!xs.length) return out;
  let j = 0;
  for (let i = 0; i < grid.length; i++) {
    const x = grid[i];
    if (x < xs[0] || x > xs[xs.length - 1]) continue;
    while (j < xs.length - 1 && xs[j + 1] < x) j++;
    if (xs[j] === x) out[i] = ys[j];
    else if (j + 1 < xs.length && xs[j + 1] === x) out[i] = ys[j + 1];
    else out[i] = ys[j] + ((x - xs[j]) / (xs[j + 1] - xs[j])) * (ys[j + 1] - ys[j]);
  }
  return out;
}

/** Standard normal numbers from a seeded generator (mulberry32, Box–Muller): the latent walk's endpoints. */
export function seededNormals(seed: number, n: number): Float64Array {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - uniform(), v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** `k` points on the straight line from a to b (both ends included), one after another. */
export function walk(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const n = a.length;
  const out = new Float64Array(k * n);
  for (let i = 0; i < k; i++) {
    const t = k > 1 ? i / (k - 1) : 0;
    for (let j = 0; j < n; j++) out[i * n + j] = (1 - t) * a[j] + t * b[j];
  }
  return out;
}

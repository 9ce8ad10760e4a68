// web/src/labs/xor/surface.ts: the error surface. The engine's `surface` view
// gives the post's error over the plane of two weights through the run's
// current weights (all of them for the warm-up, which has exactly two) and
// the path those two weights take in the first 200 steps of gradient descent
// at the run's alpha: small alphas creep down the slope, large ones zig-zag
// across the valley or leave the picture.
import type { ViewData } from '../../protocol';
import { $ } from '../../views/dom';

export const SURFACE_CARD = `
<section class="card card-surface" aria-labelledby="surface-title">
  <div class="card-head">
    <h2 id="surface-title">Error surface</h2>
    <button id="surface-run" type="button">Draw the error surface</button>
  </div>
  <p class="note">The error over two weights (the others as they are now), ±8 around their current values: dark is a
    low error, light a high one. The line is where gradient descent takes those two weights in the run's first 200
    steps at its alpha, from the initial weights (the dot).</p>
  <div class="inline">
    <label for="surface-i">weight along x</label><input id="surface-i" type="text" inputmode="numeric" value="0" size="4">
    <label for="surface-j">weight along y</label><input id="surface-j" type="text" inputmode="numeric" value="1" size="4">
  </div>
  <p id="surface-status" class="note" role="status"><span class="placeholder">Press the button to draw it for this run.</span></p>
  <canvas id="surface-map" width="288" height="288" role="img" aria-label="error surface over two weights"></canvas>
</section>`;

/** A weight index as typed, or why it is refused (naming the field and the value). */
export function weightIndex(text: string, field: string): number | string {
  const v = text.trim() === '' ? NaN : Number(text);
  return Number.isInteger(v) && v >= 0 ? v : `${field}: "${text}" is not a weight number (0, 1, 2, …).`;
}

export class SurfaceView {
  constructor(private request: (i: number, j: number) => void) {
    $('surface-run').addEventListener('click', () => this.start());
  }

  private start(): void {
    const i = weightIndex($<HTMLInputElement>('surface-i').value, 'Weight along x');
    const j = weightIndex($<HTMLInputElement>('surface-j').value, 'Weight along y');
    const bad = [i, j].find((x) => typeof x === 'string');
    if (bad !== undefined) {
      $('surface-status').textContent = bad as string;
      return;
    }
    $('surface-status').textContent = 'Drawing…';
    this.request(i as number, j as number);
  }

  draw(v: ViewData): void {
    const n = Number(v.meta.n), path = Number(v.meta.path);
    const lo0 = Number(v.meta.lo0), hi0 = Number(v.meta.hi0), lo1 = Number(v.meta.lo1), hi1 = Number(v.meta.hi1);
    const c = $<HTMLCanvasElement>('surface-map');
    const ctx = c.getContext('2d')!;
    const size = c.width, cell = size / n;
    for (let b = 0; b < n; b++) {
      for (let a = 0; a < n; a++) {
        const e = Math.min(1, Math.max(0, v.data[b * n + a]));
        const l = Math.round(20 + 75 * e);   // lightness: dark is low error
        ctx.fillStyle = `hsl(215 60% ${l}%)`;
        ctx.fillRect(a * cell, size - (b + 1) * cell, cell + 0.5, cell + 0.5);
      }
    }
    const px = (w: number) => ((w - lo0) / (hi0 - lo0)) * size;
    const py = (w: number) => size - ((w - lo1) / (hi1 - lo1)) * size;
    const at = (k: number) => [v.data[n * n + 2 * k], v.data[n * n + 2 * k + 1]];
    ctx.strokeStyle = '#f59e0b';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let k = 0; k < path; k++) {
      const [w0, w1] = at(k);
      if (k === 0) ctx.moveTo(px(w0), py(w1));
      else ctx.lineTo(px(w0), py(w1));
    }
    ctx.stroke();
    const [s0, s1] = at(0);
    ctx.fillStyle = '#f59e0b';
    ctx.beginPath();
    ctx.arc(px(s0), py(s1), 4, 0, Math.PI * 2);
    ctx.fill();
    const [e0, e1] = at(path - 1);
    const inside = e0 >= lo0 && e0 <= hi0 && e1 >= lo1 && e1 <= hi1;
    $('surface-status').textContent = `Weights ${v.meta.i} (x) and ${v.meta.j} (y), alpha ${v.meta.lr}: after ${path - 1} steps ` +
      `the pair is at (${e0.toPrecision(3)}, ${e1.toPrecision(3)})${inside ? '' : ', outside the picture'}.`;
    c.setAttribute('aria-label', `error surface over weights ${v.meta.i} and ${v.meta.j}; gradient descent's path ends at ` +
      `(${e0.toPrecision(3)}, ${e1.toPrecision(3)})`);
    document.body.dataset.surface = 'done';
  }
}

// web/src/labs/cnn/maps-panel.ts: the digit whose maps the page shows (a
// test digit picked by number, drawn from the engine's `digit` view, or the
// student's drawing) and the panels that show them: one figure per conv or
// pool layer, the network's answer, and the first conv layer's kernels. It
// builds the views' inputs and draws the replies that belong to the digit
// shown (an older digit's are dropped).
import type { ViewData } from '../../protocol';
import { $, count, el } from '../../views/dom';
import { drawGrey } from '../mnist/digits';
import { drawKernels, drawMaps } from './maps';
import type { LayerRow } from './summary';

const MAPS_CSS = 480;      // widest drawing of a layer's maps, CSS pixels (the card may shrink it)
const KERNELS_CSS = 300;

export class MapsPanel {
  private count = 10_000;                        // test digits (the `digit` view says)
  private index = 0;
  private shown = -1;                            // the test digit drawn, -1: none yet
  private pixels: Float64Array | null = null;     // the drawing, when it is what is shown
  private canvases = new Map<number, { canvas: HTMLCanvasElement; caption: HTMLElement; row: LayerRow }>();

  constructor(private changed: () => void) {
    const field = $<HTMLInputElement>('cnn-index');
    const go = (i: number) => this.pick(i);
    $('cnn-prev').addEventListener('click', () => go(this.index - 1));
    $('cnn-next').addEventListener('click', () => go(this.index + 1));
    $('cnn-random').addEventListener('click', () => go(Math.floor(Math.random() * this.count)));
    field.addEventListener('change', () => this.typed());
    field.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); this.typed(); } });
  }

  /** The `digit` view's input when the test digit shown is not the one picked (else null). */
  digitInput(): Float64Array | null {
    return this.pixels || this.shown === this.index ? null : Float64Array.of(this.index);
  }

  /** A new run: the digit is drawn again from its data. */
  reset(): void {
    this.shown = -1;
  }

  /** A `digit` reply: the test digit as the model takes it. */
  digit(v: ViewData): void {
    const index = Number(v.meta.index);
    this.count = Number(v.meta.count) || this.count;
    $<HTMLInputElement>('cnn-index').max = String(this.count - 1);
    if (this.pixels || index !== this.index) return;
    this.shown = index;
    let lo = 0, hi = 1;   // 0..1, or -1..1 for a symmetric scaling
    for (const x of v.data) { if (x < lo) lo = x; if (x > hi) hi = x; }
    const g = Float64Array.from(v.data, (x) => (x - lo) / (hi - lo));
    const [H, W] = v.shape;
    drawGrey($<HTMLCanvasElement>('cnn-digit'), g, H, W, 1);
    const label = Number(v.meta.label);
    this.caption(`test digit ${count(index)}${label >= 0 ? `, a ${label}` : ''}`);
  }

  private caption(text: string): void {
    $('cnn-digit-caption').textContent = text;
    $('cnn-digit').setAttribute('aria-label', text);
  }

  /** The view input for `layer`: [test index, layer], or the drawing's 784 values then the layer. */
  input(layer: number): Float64Array {
    if (!this.pixels) return Float64Array.of(this.index, layer);
    const x = new Float64Array(this.pixels.length + 1);
    x.set(this.pixels);
    x[this.pixels.length] = layer;
    return x;
  }

  /** The pad's image (null: cleared, back to the test digit). */
  drawn(x: Float64Array | null): void {
    if (!x && !this.pixels) return;
    this.pixels = x;
    this.showDigit();
    this.changed();
  }

  backToTest(): void {
    if (!this.pixels) return;
    this.pixels = null;
    this.showDigit();
    this.changed();
  }

  private typed(): void {
    const field = $<HTMLInputElement>('cnn-index');
    const text = field.value.trim();
    const i = Number(text);
    const ok = /^\d+$/.test(text) && i < this.count;
    field.setAttribute('aria-invalid', ok ? 'false' : 'true');
    $('cnn-index-error').textContent = ok ? '' : `Test digit: must be a whole number from 0 to ${count(this.count - 1)}, ` +
      `${text === '' ? 'and the field is empty' : `got "${text}"`}. The maps keep the digit they show.`;
    if (ok) this.pick(i);
  }

  private pick(i: number): void {
    const n = this.count;
    this.index = ((i % n) + n) % n;
    this.pixels = null;
    const field = $<HTMLInputElement>('cnn-index');
    field.value = String(this.index);
    field.setAttribute('aria-invalid', 'false');
    $('cnn-index-error').textContent = '';
    this.showDigit();
    this.changed();
  }

  /** The drawing at once; a test digit when its `digit` view comes (its number meanwhile). */
  private showDigit(): void {
    if (this.pixels) {
      drawGrey($<HTMLCanvasElement>('cnn-digit'), this.pixels, 28, 28, 1);
      this.shown = -1;
      this.caption('your drawing');
    } else if (this.shown !== this.index) {
      this.caption(`test digit ${count(this.index)}`);
    }
  }

  /** One figure per conv and pool layer (the maps come with the next views). */
  setLayers(rows: LayerRow[], hasConv: boolean): void {
    if (!hasConv) {
      const k = $<HTMLCanvasElement>('cnn-kernels');
      k.width = 0;
      k.style.width = '0';
      $('cnn-kernels-note').textContent = 'This model has no conv layer, so no kernels.';
    }
    const root = $('cnn-maps');
    root.replaceChildren();
    this.canvases.clear();
    if (!rows.length) {
      root.append(el('p', 'placeholder', 'This model has no conv or pool layer (conv_blocks 0): its dense layers read the 784 pixels directly, so there are no maps to show.'));
      return;
    }
    for (const row of rows) {
      const fig = el('figure', 'cnn-layer');
      const canvas = el('canvas', 'cnn-tiles');
      canvas.setAttribute('role', 'img');
      canvas.dataset.layer = row.name;
      const caption = el('figcaption', 'mono', `${row.name} (${row.type}): ${row.h}×${row.w}, ${row.c} map${row.c === 1 ? '' : 's'}`);
      canvas.setAttribute('aria-label', `${row.name}: ${row.c} maps of ${row.h} by ${row.w}, not drawn yet`);
      fig.append(caption, canvas);
      root.append(fig);
      this.canvases.set(row.index, { canvas, caption, row });
    }
  }

  /** A `feature_maps` reply: drawn if it is the digit shown; its meta carries the network's answer. */
  layer(v: ViewData, step: number): void {
    const index = Number(v.meta.index);
    if (this.pixels ? index !== -1 : index !== this.index) return;   // an earlier digit's
    const at = this.canvases.get(Number(v.meta.layer));
    if (at) {
      const [lo, hi] = drawMaps(at.canvas, v.data, Number(v.meta.H), Number(v.meta.W), Number(v.meta.C), MAPS_CSS);
      at.canvas.dataset.step = String(step);
      at.canvas.setAttribute('aria-label', `${at.row.name}: ${at.row.c} maps of ${at.row.h} by ${at.row.w}, ` +
        `values from ${lo.toPrecision(3)} (black) to ${hi.toPrecision(3)} (white), after step ${step}`);
    }
    this.answer(Number(v.meta.predicted), Number(v.meta.probability), Number(v.meta.label), step);
  }

  private answer(predicted: number, p: number, label: number, step: number): void {
    const out = $('cnn-predicted');
    const what = this.pixels ? 'Your drawing' : `Test digit ${count(this.index)}${label >= 0 ? ` (a ${label})` : ''}`;
    const verdict = label < 0 ? '' : predicted === label ? ': right.' : ': wrong.';
    out.textContent = `${what}: the network says ${predicted} (${(100 * p).toFixed(1)} %)` +
      (step === 0 ? ' — untrained, so a guess.' : verdict);
    out.dataset.predicted = String(predicted);
    out.dataset.index = this.pixels ? 'drawn' : String(this.index);
    $('cnn-pad-answer').textContent = this.pixels ? out.textContent : '';
  }

  /** A `kernels` reply: the first conv layer's filters. */
  kernels(v: ViewData): void {
    const [KH, KW, C, F] = ['KH', 'KW', 'C', 'F'].map((k) => Number(v.meta[k]));
    const canvas = $<HTMLCanvasElement>('cnn-kernels');
    const big = drawKernels(canvas, v.data, KH, KW, C, F, KERNELS_CSS);
    canvas.dataset.filters = String(F);
    canvas.setAttribute('aria-label', `${F} kernels of ${KH} by ${KW}${C > 1 ? ` (the first of ${C} input channels)` : ''}, ` +
      `red positive, blue negative, the largest weight ${big.toPrecision(3)} in size`);
    $('cnn-kernels-note').textContent = `${F} filters of ${KH}×${KW}${C > 1 ? `, their first of ${C} input channels` : ''}: ` +
      `red positive, blue negative, white near zero (the largest weight: ${big.toPrecision(3)}). They start as noise and ` +
      'become stroke and edge detectors.';
  }
}

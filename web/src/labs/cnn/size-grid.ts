// web/src/labs/cnn/size-grid.ts: how kernel size, stride and padding set a
// layer's output size, drawn on a small grid: an n x n input (its zero
// padding as dashed cells), the window at one output position, and the
// output grid with that position marked. The student sets the four numbers
// here (started from the model's first conv layer) and steps the window or
// clicks an output cell; "Use on block 1" sets the model's knobs, so the
// engine's own shapes (the summary) follow.
import { $ } from '../../views/dom';
import { outputSize, type Padding } from './output-size';

const CELL = 22;
const GAP = 40;

export interface GridSettings { n: number; k: number; s: number; padding: Padding }

export class SizeGrid {
  private pos = 0;
  private settings: GridSettings = { n: 8, k: 5, s: 1, padding: 'same' };

  constructor(private onUse: (s: GridSettings) => void) {
    for (const id of ['cnn-grid-n', 'cnn-grid-k', 'cnn-grid-s', 'cnn-grid-pad']) {
      $(id).addEventListener('input', () => { this.pos = 0; this.read(); this.draw(); });
    }
    $('cnn-grid-step').addEventListener('click', () => { this.pos++; this.draw(); });
    $('cnn-grid-use').addEventListener('click', () => this.onUse(this.settings));
    const canvas = $<HTMLCanvasElement>('cnn-grid');
    canvas.addEventListener('click', (ev) => {
      const { out, before, after } = this.size();
      const r = canvas.getBoundingClientRect();
      const scale = canvas.width / r.width;
      const x0 = (this.settings.n + before + after) * CELL + GAP;
      const cx = Math.floor(((ev.clientX - r.left) * scale - x0) / CELL);
      const cy = Math.floor(((ev.clientY - r.top) * scale) / CELL);
      if (cx >= 0 && cx < out && cy >= 0 && cy < out) { this.pos = cy * out + cx; this.draw(); }
    });
  }

  /** Starts from the model's settings (its first conv layer), unless the student already moved a control. */
  setFrom(s: Partial<GridSettings>): void {
    const set = (id: string, v: number | string | undefined) => { if (v !== undefined) $<HTMLInputElement>(id).value = String(v); };
    set('cnn-grid-k', s.k);
    set('cnn-grid-s', s.s);
    set('cnn-grid-pad', s.padding);
    this.pos = 0;
    this.read();
    this.draw();
  }

  private read(): void {
    const num = (id: string) => Number($<HTMLInputElement>(id).value);
    this.settings = { n: num('cnn-grid-n'), k: num('cnn-grid-k'), s: num('cnn-grid-s'),
      padding: $<HTMLSelectElement>('cnn-grid-pad').value as Padding };
    for (const [id, v] of [['n', this.settings.n], ['k', this.settings.k], ['s', this.settings.s]] as const) {
      $(`cnn-grid-${id}-value`).textContent = String(v);
    }
  }

  private size() {
    const { n, k, s, padding } = this.settings;
    return outputSize(n, k, s, padding);
  }

  draw(): void {
    const { n, k, s, padding } = this.settings;
    const { out, before, after } = this.size();
    const side = n + before + after;
    const canvas = $<HTMLCanvasElement>('cnn-grid');
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const w = side * CELL + GAP + Math.max(out, 1) * CELL + 2;
    const h = Math.max(side, out, 1) * CELL + 2;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.aspectRatio = `${w} / ${h}`;
    canvas.style.maxWidth = `${w}px`;
    const c = canvas.getContext('2d')!;
    c.setTransform(dpr, 0, 0, dpr, 1, 1);
    c.clearRect(-1, -1, w, h);
    const p = out > 0 ? this.pos % (out * out) : 0;
    const oy = Math.floor(p / Math.max(out, 1)), ox = p % Math.max(out, 1);
    // the input, its padding ring dashed
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const pad = y < before || x < before || y >= before + n || x >= before + n;
        c.fillStyle = pad ? '#f8fafc' : '#e2e8f0';
        c.fillRect(x * CELL, y * CELL, CELL, CELL);
        c.setLineDash(pad ? [3, 3] : []);
        c.strokeStyle = '#94a3b8';
        c.strokeRect(x * CELL, y * CELL, CELL, CELL);
      }
    }
    c.setLineDash([]);
    if (out > 0) {
      c.fillStyle = 'rgba(37, 99, 235, 0.35)';
      c.fillRect(ox * s * CELL, oy * s * CELL, k * CELL, k * CELL);
      c.lineWidth = 2;
      c.strokeStyle = '#1d4ed8';
      c.strokeRect(ox * s * CELL, oy * s * CELL, k * CELL, k * CELL);
      c.lineWidth = 1;
    }
    // the output
    const x0 = side * CELL + GAP;
    for (let y = 0; y < out; y++) {
      for (let x = 0; x < out; x++) {
        const here = x === ox && y === oy;
        c.fillStyle = here ? '#2563eb' : '#dbeafe';
        c.fillRect(x0 + x * CELL, y * CELL, CELL, CELL);
        c.strokeStyle = '#60a5fa';
        c.strokeRect(x0 + x * CELL, y * CELL, CELL, CELL);
      }
    }
    c.fillStyle = '#334155';
    c.font = '16px system-ui, sans-serif';
    c.fillText('→', side * CELL + GAP / 2 - 8, Math.min(side, 3) * CELL / 2 + 6);
    const padWords = padding === 'same'
      ? `'same' pads ${before} zero${before === 1 ? '' : 's'} before and ${after} after each side (the dashed cells)`
      : "'valid' adds no padding: only windows that fit wholly inside";
    const result = out > 0 ? `${out}×${out}` : 'nothing: the window does not fit';
    const text = `Input ${n}×${n}, kernel ${k}×${k}, stride ${s}: ${padWords}, so the output is ${result}.`;
    $('cnn-grid-text').textContent = text;
    canvas.setAttribute('aria-label', `${text} The window is at output row ${oy + 1}, column ${ox + 1}.`);
    canvas.dataset.out = String(out);
    $<HTMLButtonElement>('cnn-grid-step').disabled = out === 0;
  }
}

// web/src/labs/mnist/draw-pad.ts: a 280x280 canvas the student draws a digit
// on (pointer events: mouse, pen, touch), turned into a 28x28 image the way
// MNIST made its digits: the ink's bounding box scaled to fit 20x20 (aspect
// kept, area-averaged into grey levels), then placed in 28x28 so its centre of
// mass is at the centre. Values are 0..1 (pixel/255), white ink on black.
import { drawDigit, drawGrey, type Digits } from './digits';

const SIZE = 280;
const BOX = 20;

export class DrawPad {
  private ctx: CanvasRenderingContext2D;
  private drawing = false;
  private last: [number, number] | null = null;

  constructor(private canvas: HTMLCanvasElement, private preview: HTMLCanvasElement, private onImage: (x: Float64Array | null) => void) {
    canvas.width = SIZE;
    canvas.height = SIZE;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.drawing = true;
      this.last = this.pos(e);
      this.stroke(this.last, this.last);
      e.preventDefault();
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.drawing) return;
      const p = this.pos(e);
      this.stroke(this.last ?? p, p);
      this.last = p;
    });
    const end = () => {
      if (!this.drawing) return;
      this.drawing = false;
      this.last = null;
      this.emit();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  clear(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, SIZE, SIZE);
    this.preview.getContext('2d')!.clearRect(0, 0, this.preview.width, this.preview.height);
    this.onImage(null);
  }

  /** Puts test digit `index` on the pad (scaled up), for students without a pointer. */
  show(d: Digits, index: number): void {
    const small = document.createElement('canvas');
    drawDigit(small, d, index);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.drawImage(small, 0, 0, SIZE, SIZE);
    this.emit();
  }

  private pos(e: PointerEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * SIZE) / r.width, ((e.clientY - r.top) * SIZE) / r.height];
  }

  private stroke(a: [number, number], b: [number, number]): void {
    const c = this.ctx;
    c.strokeStyle = '#fff';
    c.lineWidth = 20;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(a[0], a[1]);
    c.lineTo(b[0], b[1]);
    c.stroke();
  }

  private emit(): void {
    const x = toMnist(this.ctx.getImageData(0, 0, SIZE, SIZE));
    if (x) this.drawPreview(x);
    this.onImage(x);
  }

  private drawPreview(x: Float64Array): void {
    drawGrey(this.preview, x, 28, 28, 1);
  }
}

/** The 28x28 MNIST-style image of the canvas' ink, or null when there is none. */
export function toMnist(img: ImageData): Float64Array | null {
  const { width: w, height: h, data } = img;
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[4 * (y * w + x)] > 16) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  // area average of the box into tw x th
  const sum = new Float64Array(tw * th);
  const cnt = new Float64Array(tw * th);
  for (let y = y0; y <= y1; y++) {
    const ty = Math.min(th - 1, Math.floor((y - y0) * scale));
    for (let x = x0; x <= x1; x++) {
      const tx = Math.min(tw - 1, Math.floor((x - x0) * scale));
      sum[ty * tw + tx] += data[4 * (y * w + x)] / 255;
      cnt[ty * tw + tx]++;
    }
  }
  const small = new Float64Array(tw * th);
  let mass = 0, mx = 0, my = 0;
  for (let i = 0; i < small.length; i++) {
    const v = cnt[i] ? sum[i] / cnt[i] : 0;
    small[i] = v;
    mass += v;
    mx += v * (i % tw);
    my += v * Math.floor(i / tw);
  }
  // centre of mass at (14, 14) — pixel centres, so the image's middle is 13.5
  const ox = Math.round(13.5 - (mass ? mx / mass : (tw - 1) / 2));
  const oy = Math.round(13.5 - (mass ? my / mass : (th - 1) / 2));
  const out = new Float64Array(784);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const X = x + ox;
      const Y = y + oy;
      if (X >= 0 && X < 28 && Y >= 0 && Y < 28) out[Y * 28 + X] = small[y * tw + x];
    }
  }
  return out;
}

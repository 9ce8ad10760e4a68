// web/src/labs/mnist/digits.ts: MNIST digits as the notebook's imshow shows
// them (grey, white ink on black): a 28x28 canvas per digit, scaled up by CSS
// without smoothing, with a title. parseDigits() reads a data file's 32-byte
// header (datasets/README.md) and returns views (no copies) of its payload.
import { el } from '../../views/dom';

/** Images of rows x cols bytes (0 = background), image after image, with their labels. */
export interface Digits { count: number; rows: number; cols: number; pixels: Uint8Array; labels: Uint8Array }

/** The header and payload views of a data file; errors name the file. */
export function parseDigits(name: string, bytes: Uint8Array): Digits {
  if (bytes.length < 32) throw new Error(`${name}: too short: ${bytes.length} bytes (not a Synapse data file)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 32);
  const [count, rows, cols] = [dv.getUint32(12, true), dv.getUint32(16, true), dv.getUint32(20, true)];
  const n = count * rows * cols;
  if (bytes.length < 32 + n + count) throw new Error(`${name}: ${bytes.length} bytes, fewer than its header says`);
  return { count, rows, cols, pixels: bytes.subarray(32, 32 + n), labels: bytes.subarray(32 + n, 32 + n + count) };
}

export function drawDigit(canvas: HTMLCanvasElement, d: Digits, index: number): void {
  const size = d.rows * d.cols;
  canvas.width = d.cols;
  canvas.height = d.rows;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(d.cols, d.rows);
  const px = d.pixels.subarray(index * size, (index + 1) * size);
  for (let i = 0; i < size; i++) {
    const v = px[i];
    img.data[4 * i] = v;
    img.data[4 * i + 1] = v;
    img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** Fills `root` with one titled digit per index. */
export function digitGrid(root: HTMLElement, d: Digits, items: { index: number; title: string }[]): void {
  root.replaceChildren();
  for (const { index, title } of items) {
    const fig = el('figure', 'digit');
    const canvas = el('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', title);
    drawDigit(canvas, d, index);
    fig.append(canvas, el('figcaption', '', title));
    root.append(fig);
  }
}

/** `k` random images of `d` copied into one buffer (a sample for the page; the big file can then be let go). */
export function sampleDigits(d: Digits, k: number): Digits {
  const size = d.rows * d.cols;
  const pixels = new Uint8Array(k * size);
  const labels = new Uint8Array(k);
  for (let i = 0; i < k; i++) {
    const j = Math.floor(Math.random() * d.count);
    pixels.set(d.pixels.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = d.labels[j];
  }
  return { count: k, rows: d.rows, cols: d.cols, pixels, labels };
}

// web/src/labs/mnist/digits.ts: MNIST digits as the notebook's imshow shows
// them (grey, white ink on black): a 28x28 canvas per digit, scaled up by CSS
// without smoothing, with a title. parseDigits() reads a data file's 56-byte
// header (datasets/README.md) and returns views (no copies) of its payload.
import { el } from '../../views/dom';

/** Images of rows x cols bytes (0 = background), image after image, with their labels. */
export interface Digits { count: number; rows: number; cols: number; pixels: Uint8Array; labels: Uint8Array }

/**
 * The header and payload views of a data file (format version 2, datasets/README.md): checks
 * the magic, version, header hash, labelled u8 images (count, rows, cols) and the size; the
 * payload hash is the engine's check. Errors name the file.
 */
export function parseDigits(name: string, bytes: Uint8Array): Digits {
  const fail = (what: string): never => { throw new Error(`${name}: ${what}`); };
  if (bytes.length < 56) fail(`too short: ${bytes.length} bytes, a header alone takes 56 (not a Synapse data file)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 56);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'SYND') fail('bad magic (expected "SYND"; not a Synapse data file)');
  if (dv.getUint32(4, true) !== 2) fail(`unsupported version ${dv.getUint32(4, true)} (this page reads version 2)`);
  let hash = 0x811c9dc5;   // FNV-1a 32 of bytes 0..51
  for (let i = 0; i < 52; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
  if (hash !== dv.getUint32(52, true)) fail('header hash mismatch (corrupt header)');
  const [dtype, rank, count, rows, cols, classes] = [8, 12, 16, 20, 24, 36].map((at) => dv.getUint32(at, true));
  if (dtype !== 1 || rank !== 3 || classes === 0) fail(`dtype ${dtype}, rank ${rank}, classes ${classes}: expected u8 images (count, rows, cols) with labels`);
  const n = count * rows * cols;
  if (bytes.length !== 56 + n + count) fail(`${bytes.length} bytes, the header says ${56 + n + count}`);
  return { count, rows, cols, pixels: bytes.subarray(56, 56 + n), labels: bytes.subarray(56 + n, 56 + n + count) };
}

export function drawDigit(canvas: HTMLCanvasElement, d: Digits, index: number): void {
  const size = d.rows * d.cols;
  drawGrey(canvas, d.pixels.subarray(index * size, (index + 1) * size), d.rows, d.cols, 255);
}

/** A rows x cols grey image at one canvas pixel per value: 0 black, `white` white (bytes: 255; 0..1 images: 1). */
export function drawGrey(canvas: HTMLCanvasElement, values: ArrayLike<number>, rows: number, cols: number, white: number): void {
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(cols, rows);
  const k = 255 / white;
  for (let i = 0; i < rows * cols; i++) {
    const v = Math.round(values[i] * k);
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

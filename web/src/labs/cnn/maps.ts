// web/src/labs/cnn/maps.ts: a layer's feature maps and a conv layer's
// kernels as tiles on one canvas each, drawn with each value a square block of
// canvas pixels, as large as the width allows (a small map's tiles about
// 24 pixels, a kernel's 40), so small maps are not lost and gaps stay thin. Maps (H, W,
// C) as the engine gives them, channel last: one grey tile per channel, black at the layer's
// lowest value and white at its highest, so the tiles of a layer compare.
// Kernels (KH, KW, C, F), Keras' layout: one tile per filter (its first
// input channel), blue for negative weights, red for positive, white at 0,
// on one scale for all filters.

/** Columns of tiles for `n` tiles: a roughly 2:1 wide grid. */
export function tileColumns(n: number): number {
  return Math.max(1, Math.min(n, Math.ceil(Math.sqrt(2 * n))));
}

const GAP = 2;          // canvas pixels between tiles

interface Tiles { cols: number; p: number; w: number; h: number }

/**
 * n tiles of tw x th values, each value a p x p block (p as large as fits `maxWidth`, at most 2 or what makes a
 * tile about `tile` wide, at least 1), GAP pixels apart; the canvas shown at its own size (CSS may shrink it).
 */
function layout(canvas: HTMLCanvasElement, n: number, tw: number, th: number, maxWidth: number, tile: number): Tiles {
  const cols = tileColumns(n);
  const rows = Math.ceil(n / cols);
  const fit = Math.floor((maxWidth - (cols - 1) * GAP) / (cols * tw));
  const p = Math.max(1, Math.min(fit, Math.max(2, Math.floor(tile / Math.max(tw, th)))));
  canvas.width = cols * (tw * p + GAP) - GAP;
  canvas.height = rows * (th * p + GAP) - GAP;
  canvas.style.width = `${canvas.width}px`;
  canvas.dataset.cols = String(cols);
  canvas.dataset.pixel = String(p);
  return { cols, p, w: tw, h: th };
}

/** Fills value (x, y) of tile `i` (a p x p block) with rgb. */
function put(px: Uint8ClampedArray, width: number, t: Tiles, i: number, x: number, y: number, r: number, g: number, b: number): void {
  const x0 = (i % t.cols) * (t.w * t.p + GAP) + x * t.p;
  const y0 = Math.floor(i / t.cols) * (t.h * t.p + GAP) + y * t.p;
  for (let dy = 0; dy < t.p; dy++) {
    let at = 4 * ((y0 + dy) * width + x0);
    for (let dx = 0; dx < t.p; dx++, at += 4) {
      px[at] = r;
      px[at + 1] = g;
      px[at + 2] = b;
      px[at + 3] = 255;
    }
  }
}

/** Draws maps (H, W, C) from `data`; returns the layer's [lowest, highest] value. */
export function drawMaps(canvas: HTMLCanvasElement, data: ArrayLike<number>, H: number, W: number, C: number, maxCss: number): [number, number] {
  const t = layout(canvas, C, W, H, maxCss, 24);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi > lo ? 255 / (hi - lo) : 0;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(canvas.width, canvas.height);   // transparent: the gaps stay so
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const g = Math.round((data[(y * W + x) * C + c] - lo) * span);
        put(img.data, canvas.width, t, c, x, y, g, g, g);
      }
    }
  }
  ctx.putImageData(img, 0, 0);
  return [lo, hi];
}

/** Draws kernels (KH, KW, C, F): filter f's first input channel as tile f; returns the largest |weight|. */
export function drawKernels(canvas: HTMLCanvasElement, data: ArrayLike<number>, KH: number, KW: number, C: number, F: number, maxCss: number): number {
  const t = layout(canvas, F, KW, KH, maxCss, 40);
  let big = 0;
  for (let i = 0; i < data.length; i++) big = Math.max(big, Math.abs(data[i]));
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(canvas.width, canvas.height);
  for (let f = 0; f < F; f++) {
    for (let y = 0; y < KH; y++) {
      for (let x = 0; x < KW; x++) {
        const v = big > 0 ? data[((y * KW + x) * C) * F + f] / big : 0;   // input channel 0
        const fade = Math.round(255 * (1 - Math.abs(v)));
        put(img.data, canvas.width, t, f, x, y, v > 0 ? 255 : fade, fade, v < 0 ? 255 : fade);
      }
    }
  }
  ctx.putImageData(img, 0, 0);
  return big;
}

// web/src/labs/cnn/summary.ts: the model summary in Keras' layout, from the
// engine's `layers` view (each layer's output (H, W, C) and parameter count,
// the layers named in its meta, in order): "conv2d_0 (Conv2D) (None, 28, 28,
// 32) 832". Flatten, Dense and Dropout give features, written (None, N).
// Also the layers whose maps the page draws (conv and pool) and each one's
// input and output size, for the feature-map panels and the size grid.
import type { ViewData } from '../../protocol';
import { renderKerasSummary } from '../common';

export interface LayerRow { index: number; name: string; type: string; h: number; w: number; c: number; params: number; flat: boolean }

const TYPES: [prefix: string, keras: string][] = [
  ['conv2d', 'Conv2D'], ['max_pool', 'MaxPooling2D'], ['average_pool', 'AveragePooling2D'], ['l2_pool', 'L2Pooling2D'],
  ['flatten', 'Flatten'], ['dense', 'Dense'], ['dropout', 'Dropout'],
];

/** The `layers` view as rows, in the model's order. */
export function layerRows(v: ViewData): LayerRow[] {
  const names = Object.entries(v.meta).filter(([, i]) => typeof i === 'number').sort((a, b) => Number(a[1]) - Number(b[1]));
  return names.map(([name, i]) => {
    const at = Number(i) * 4;
    const type = TYPES.find(([p]) => name === p || name.startsWith(`${p}_`))?.[1] ?? name;
    const flat = type === 'Flatten' || type === 'Dense' || type === 'Dropout';
    return { index: Number(i), name, type, h: v.data[at], w: v.data[at + 1], c: v.data[at + 2], params: v.data[at + 3], flat };
  });
}

/** The layers that give maps: conv and pool. */
export function mapLayers(rows: LayerRow[]): LayerRow[] {
  return rows.filter((r) => !r.flat);
}

export function shapeText(r: LayerRow): string {
  return r.flat ? `(None, ${r.c})` : `(None, ${r.h}, ${r.w}, ${r.c})`;
}

export function renderSummary(table: HTMLTableElement, rows: LayerRow[]): void {
  renderKerasSummary(table, rows.map((r) => ({ layer: `${r.name} (${r.type})`, shape: shapeText(r), params: r.params })),
    rows.reduce((a, r) => a + r.params, 0), 'cnn-total-params');
}

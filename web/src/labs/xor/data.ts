// web/src/labs/xor/data.ts: the run's tiny training set as the page labels
// it, from the engine's `train_data` view (inputs and targets side by side):
// the post's XOR table (third input the constant 1) or its one-layer warm-up.
import type { ViewData } from '../../protocol';

export interface TinyData { x: number[][]; y: number[] }

export function tinyData(v: ViewData): TinyData {
  const [n, width] = v.shape;
  const xw = Number(v.meta.x_width);
  const out: TinyData = { x: [], y: [] };
  for (let i = 0; i < n; i++) {
    out.x.push(Array.from(v.data.subarray(i * width, i * width + xw)));
    out.y.push(v.data[i * width + xw]);
  }
  return out;
}

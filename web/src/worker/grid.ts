// web/src/worker/grid.ts (LEGACY, see views.ts): the `decision_map` view while
// the engine lacks it: the network's output over the (x1, x2) plane, then each
// of the first 32 first-hidden-layer units, via Session.forward(). Inputs
// beyond x1, x2 are fixed at 1 (the bias input). Shape [1 + units, n, n], x1
// fastest, x2 growing with the row; n shrinks for wide layers so a forward
// pass stays small (rows x hidden <= ~2^19 values).
import type { SessionApi } from '../engine-types';
import type { Described, ViewData } from '../protocol';

const MAX_UNIT_MAPS = 32;
const LO = -0.25;
const HI = 1.25;

function gridSize(d: Described): number {
  const hidden = d.layer_widths.length > 1 ? d.layer_widths[0] : 1;
  return Math.max(12, Math.min(64, Math.floor(Math.sqrt((1 << 19) / hidden))));
}

let gridInput: { n: number; width: number; x: Float64Array } | null = null;

/** The grid's inputs, built once per grid size and input width. */
function inputsFor(n: number, width: number): Float64Array {
  if (gridInput && gridInput.n === n && gridInput.width === width) return gridInput.x;
  const x = new Float64Array(n * n * width);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const row = (j * n + i) * width;
      x[row] = LO + ((HI - LO) * i) / (n - 1);
      x[row + 1] = LO + ((HI - LO) * j) / (n - 1);
      for (let c = 2; c < width; c++) x[row + c] = 1;
    }
  }
  gridInput = { n, width, x };
  return x;
}

export function decisionMap(session: SessionApi, d: Described): ViewData {
  const n = gridSize(d);
  const nn = n * n;
  const layers = session.forward(inputsFor(n, d.input_width), nn);
  const units = layers.length > 1 ? Math.min(d.layer_widths[0], MAX_UNIT_MAPS) : 0;
  const data = new Float64Array((1 + units) * nn);
  data.set(layers[layers.length - 1].subarray(0, nn));
  if (units) {
    const h = layers[0];
    const w = d.layer_widths[0];
    for (let p = 0; p < nn; p++) for (let u = 0; u < units; u++) data[(1 + u) * nn + p] = h[p * w + u];
  }
  return { shape: [1 + units, n, n], data, meta: { lo: LO, hi: HI } };
}

// web/src/labs/mnist/layer-speed.ts: the book's chapter 5 figure, each hidden
// layer's speed of learning (||dC/db|| over the first 1,000 training digits)
// as training goes, one curve per layer on a log scale, from the engine's
// `layer_speed` view (rows: epoch, then layer 1 .. L). Under it, in words,
// how much slower the first hidden layer learns than the last at the start.
import type { ViewData } from '../../protocol';
import { LineChart, PALETTE, type SeriesData } from '../../views/chart';

export class LayerSpeed {
  private chart: LineChart;
  private rows = 0;

  constructor(private root: HTMLElement, private empty: HTMLElement, private ratio: HTMLElement) {
    this.chart = new LineChart(root, {
      name: 'speed of learning of each hidden layer per epoch (log scale)', x: 'epoch', y: '||dC/db||',
      height: 220, legend: true, log: true, points: true, formatX: (x) => (Math.round(x * 100) / 100).toString(),
    });
  }

  clear(): void {
    this.rows = 0;
    this.chart.clear();
    this.empty.hidden = false;
    this.ratio.textContent = '';
    delete this.root.dataset.layers;
  }

  /** Draws the view if it has rows the chart does not show yet. */
  set(view: ViewData): void {
    const [rows, width] = view.shape;
    if (!rows || !width || rows === this.rows) return;
    this.rows = rows;
    const layers = width - 1;
    const d = view.data;
    const epochs = Array.from({ length: rows }, (_, r) => d[r * width]);
    const series: SeriesData[] = [];
    for (let l = 0; l < layers; l++) {
      series.push({ label: `hidden layer ${l + 1}`, steps: epochs, values: epochs.map((_, r) => d[r * width + 1 + l]),
        color: PALETTE[l % PALETTE.length] });
    }
    this.empty.hidden = true;
    this.chart.setData(series);
    this.root.dataset.layers = String(layers);
    this.root.dataset.rows = String(rows);
    if (layers >= 2) {
      const first = d[1], last = d[layers];
      const times = last / first;
      this.ratio.dataset.ratio = times.toFixed(1);
      this.ratio.textContent = `At the start, hidden layer 1 learns ${times >= 10 ? Math.round(times) : times.toFixed(1)}x ` +
        `slower than hidden layer ${layers} (||dC/db|| ${fmt(first)} against ${fmt(last)}).`;
    } else {
      this.ratio.textContent = '';
    }
  }
}

function fmt(v: number): string {
  return v.toPrecision(2);
}

// web/src/labs/xor/race.ts: the optimizer race. The engine's `race` view
// trains the run's network from the run's initial weights once per optimizer
// (its list, in its order) and returns every error curve and when each first
// fell below the student's target; this card draws the curves and the
// finishing order.
import type { ViewData } from '../../protocol';
import { LineChart } from '../../views/chart';
import { $ } from '../../views/dom';

export const RACE_CARD = `
<section class="card card-race wide" aria-labelledby="race-title">
  <div class="card-head">
    <h2 id="race-title">Optimizer race</h2>
    <div class="inline">
      <label for="race-target">error target</label>
      <input id="race-target" type="text" inputmode="decimal" value="0.01" size="7" aria-describedby="race-status">
      <button id="race-run" type="button">Race every optimizer</button>
    </div>
  </div>
  <p class="note">The same network from the same initial weights (the knobs' seed and hidden size), trained once by each
    optimizer the post lists for as many steps as the run: plain SGD (alpha 10, the post's best), momentum, Nesterov,
    AdaGrad, AdaDelta, RMSprop, Adam, simulated annealing, BFGS and L-BFGS (the last three on the whole training set,
    with a line search or a proposal per step). Errors below 1e-6 are drawn at 1e-6.</p>
  <p id="race-status" class="note" role="status"><span class="placeholder">Set an error target and press the button.</span></p>
  <div id="race-chart" class="chart"></div>
  <ol id="race-order" class="race-order" aria-label="finishing order"></ol>
</section>`;

/** The target as typed, or why it is refused (the message names the field and the value). */
export function raceTarget(text: string): number | string {
  const t = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(t) || t <= 0 || t >= 1) return `Error target: "${text}" is not a number between 0 and 1 (try 0.01).`;
  return t;
}

/** Errors below this are drawn at it: BFGS drives XOR's error to 1e-80, which would flatten every other curve. */
const FLOOR = 1e-6;

export class RaceView {
  private chart: LineChart;
  private started = 0;

  constructor(private request: (target: number) => void) {
    this.chart = new LineChart($('race-chart'), { name: 'error per step, one curve per optimizer', x: 'step', y: 'error', log: true, height: 260, legend: true });
    $('race-run').addEventListener('click', () => this.start());
    $<HTMLInputElement>('race-target').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') this.start(); });
  }

  private start(): void {
    const target = raceTarget($<HTMLInputElement>('race-target').value);
    const status = $('race-status');
    if (typeof target === 'string') {
      status.textContent = target;
      status.classList.add('bad');
      return;
    }
    status.classList.remove('bad');
    status.textContent = 'Racing ten optimizers…';
    document.body.dataset.race = 'running';
    this.started = performance.now();
    this.request(target);
  }

  draw(v: ViewData): void {
    const [rows, points] = v.shape;
    const steps = Number(v.meta.steps), target = Number(v.meta.target);
    const names = Object.keys(v.meta).filter((k) => k.startsWith('reached_')).map((k) => k.slice('reached_'.length));
    const at = Array.from({ length: points }, (_, j) => Math.floor((j * steps) / points));
    this.chart.setData(names.slice(0, rows).map((name, k) => ({
      label: name, steps: at, values: Array.from(v.data.subarray(k * points, (k + 1) * points), (e) => Math.max(e, FLOOR)),
    })));
    const finishers = names.map((name) => ({
      name, reached: Number(v.meta[`reached_${name}`]), evaluations: Number(v.meta[`evaluations_${name}`]), lr: Number(v.meta[`lr_${name}`]),
    }));
    finishers.sort((a, b) => (a.reached < 0 ? Infinity : a.reached) - (b.reached < 0 ? Infinity : b.reached));
    const order = $('race-order');
    order.replaceChildren(...finishers.map((f) => {
      const li = document.createElement('li');
      li.textContent = f.reached < 0
        ? `${f.name} (lr ${f.lr}): did not reach ${target} in ${steps.toLocaleString('en')} steps`
        : `${f.name} (lr ${f.lr}): step ${f.reached.toLocaleString('en')}, ${f.evaluations.toLocaleString('en')} passes over the data`;
      return li;
    }));
    const done = finishers.filter((f) => f.reached >= 0).length;
    $('race-status').textContent = `${done} of ${finishers.length} optimizers reached error < ${target} within ` +
      `${steps.toLocaleString('en')} steps; raced in ${((performance.now() - this.started) / 1000).toFixed(2)} s.`;
    document.body.dataset.race = 'done';
  }
}

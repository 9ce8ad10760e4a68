// web/src/labs/gan/phases.ts: inside one GAN step. Step-D and Step-G run the
// step's two phases one at a time (the engine's `phase` message, in the
// step's order: it names the phase due in the `phase_batch` view's meta.next);
// slow mode plays them one after another with a pause to look. After each
// phase the panel shows what it trained on — the `phase_batch` view: 8 reals
// and 8 fakes the discriminator just judged, or the generator's 8 fakes —
// with the discriminator's verdict on each during the update and now, so a
// student sees the discriminator push reals up and fakes down, and the
// generator pull its fakes up.
import type { ViewData } from '../../protocol';
import type { LabHost } from '../types';
import { $, el } from '../../views/dom';
import { drawGrid, toGrey } from './draw';

export type Phase = 'discriminator' | 'generator';
const PHASES: Phase[] = ['discriminator', 'generator'];   // meta.phase and meta.next: 1, 2 (0: none)
export const SLOW_MS = 1600;   // slow mode: the pause after each phase

const pct = (v: number) => v.toFixed(2);

/** The figures of one phase_batch view, as the page words them. */
export interface Judged { real: boolean; target: number; during: number; now: number }

/** The rows of a phase_batch view: target, verdict during the update, verdict now, then the pixels. */
export function judgedRows(v: ViewData): { rows: Judged[]; pixels: Float64Array; side: number } {
  const [n, w] = [v.shape[0] ?? 0, v.shape[1] ?? 3];
  const side = Number(v.meta.side) || 28;
  const realRows = Number(v.meta.real_rows) || 0;
  const pixels = new Float64Array(n * (w - 3));
  const rows: Judged[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * w;
    rows.push({ real: i < realRows, target: v.data[o], during: v.data[o + 1], now: v.data[o + 2] });
    pixels.set(v.data.subarray(o + 3, o + w), i * (w - 3));
  }
  return { rows, pixels, side };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** One sentence on what the phase did, from its figures. */
export function phaseSummary(phase: Phase, step: number, rows: Judged[]): string {
  const reals = rows.filter((r) => r.real), fakes = rows.filter((r) => !r.real);
  const said = (rs: Judged[]) => `${pct(mean(rs.map((r) => r.during)))} (now ${pct(mean(rs.map((r) => r.now)))})`;
  if (phase === 'discriminator') {
    return `Step ${step}, the discriminator's update: on these ${reals.length} real images it said ${said(reals)} ` +
      `on average, on these ${fakes.length} fakes ${said(fakes)}. It is trained toward ${pct(reals[0]?.target ?? 0.9)} ` +
      'for reals and 0 for fakes; the generator did not change.';
  }
  return `Step ${step}, the generator's update: the discriminator said ${said(fakes)} on average to its ${fakes.length} ` +
    'fakes ("now": what the updated generator makes of the same noise). The generator is trained toward 1, "real", ' +
    'through the discriminator, whose weights did not change.';
}

export class PhasePanel {
  private next: Phase = 'discriminator';
  private slow = false;
  private waiting = false;     // a phase was sent; its reply has not come
  private timer = 0;

  constructor(private host: LabHost) {
    $('gan-step-d').addEventListener('click', () => this.send('discriminator'));
    $('gan-step-g').addEventListener('click', () => this.send('generator'));
    $('gan-slow').addEventListener('click', () => this.setSlow(!this.slow));
    this.render();
  }

  /** A new run: nothing judged yet, the discriminator goes first. */
  reset(): void {
    this.next = 'discriminator';
    this.waiting = false;
    this.setSlow(false);
    $('gan-judged').replaceChildren();
    $('gan-phase-summary').textContent = 'No phase run yet.';
  }

  /** A metrics message: with a phase_batch view after a phase; without one, whole steps ran (the discriminator is next). */
  metrics(view: ViewData | undefined): void {
    if (!view) {
      if (!this.waiting) this.next = 'discriminator';
      this.render();
      return;
    }
    this.waiting = false;
    this.next = PHASES[Number(view.meta.next) - 1] ?? 'discriminator';
    const phase = PHASES[Number(view.meta.phase) - 1];
    if (phase) this.show(phase, Number(view.meta.step), view);
    this.render();
    if (this.slow) this.timer = window.setTimeout(() => this.tick(), SLOW_MS);
  }

  /** The shell's status, after every worker state (a phase's last reply): Train, the end or a failure stop slow mode. */
  status(): void {
    const s = this.host.status();
    this.waiting = false;
    if (this.slow && (s === 'running' || s === 'done' || s === 'diverged' || s === 'diverging' || s === 'failed')) this.setSlow(false);
    this.render();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private usable(): boolean {
    const s = this.host.status();
    return s === 'ready' || s === 'paused' || s === 'running';
  }

  private send(phase: Phase): void {
    if (!this.usable() || phase !== this.next || this.waiting) return;
    this.waiting = true;
    this.host.phase(phase);
    this.render();
  }

  private tick(): void {
    if (!this.slow) return;
    if (!this.usable() || this.host.status() === 'running') return this.setSlow(false);
    this.send(this.next);
  }

  private setSlow(on: boolean): void {
    this.slow = on;
    clearTimeout(this.timer);
    const b = $('gan-slow');
    b.setAttribute('aria-pressed', String(on));
    b.textContent = on ? 'Stop slow mode' : 'Slow mode: play the phases';
    if (on) this.send(this.next);
    this.render();
  }

  private render(): void {
    const ok = this.usable() && !this.waiting && this.host.status() !== 'running';
    ($('gan-step-d') as HTMLButtonElement).disabled = !ok || this.next !== 'discriminator';
    ($('gan-step-g') as HTMLButtonElement).disabled = !ok || this.next !== 'generator';
    ($('gan-slow') as HTMLButtonElement).disabled = !this.slow && !ok;
    $('gan-phase-next').textContent = this.next === 'discriminator'
      ? 'Next: the discriminator\'s update (Step D) — a new step begins.'
      : 'Next: the generator\'s update (Step G), which completes the step.';
  }

  private show(phase: Phase, step: number, view: ViewData): void {
    const { rows, pixels, side } = judgedRows(view);
    const size = side * side;
    const grey = toGrey(pixels);
    const figures = rows.map((r, i) => {
      const fig = el('figure', `gan-judged-cell ${r.real ? 'real' : 'fake'}`);
      const canvas = el('canvas', 'gan-canvas');
      drawGrid(canvas, grey.subarray(i * size, (i + 1) * size), 1, 1, side);
      const toward = Math.abs(r.now - r.target) < Math.abs(r.during - r.target);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${r.real ? 'a real image' : 'a generated image'}`);
      const cap = el('figcaption');
      cap.append(el('span', 'kind', r.real ? 'real' : 'fake'), ' ',
        el('span', `verdict ${toward ? 'toward' : 'away'}`, `${pct(r.during)} → ${pct(r.now)}`));
      cap.title = `trained toward ${pct(r.target)}: the discriminator said ${pct(r.during)} during the update, ${pct(r.now)} now`;
      fig.append(canvas, cap);
      return fig;
    });
    const box = $('gan-judged');
    box.replaceChildren(...figures);
    box.dataset.phase = phase;
    box.dataset.step = String(step);
    $('gan-phase-summary').textContent = phaseSummary(phase, step, rows);
  }
}

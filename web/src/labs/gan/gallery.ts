// web/src/labs/gan/gallery.ts: the samples grid at chosen steps, kept in the
// page: before training, at the lecture's saved epochs (1, 20, 40, … as
// steps), at every report and at the end. The worker sends `samples` with a
// publish (every ~half second), not at a report's exact step, so a snapshot
// is the first grid that arrives at or after its target, labelled with the
// step it really shows. The student scrubs back through them with a range
// input; it follows the newest until moved.
import { drawEmptyGrid, drawGrid, lectureEpoch, stepWords, steps } from './draw';

export interface Snapshot { step: number; grey: Uint8Array; why: string; pinned: boolean }

const MAX = 300;   // 300 grids of 78,400 bytes: 23.5 MB at most

export class Gallery {
  private shots: Snapshot[] = [];
  private targets: { step: number; lecture: boolean }[] = [];
  private wanted: { step: number; lecture: boolean }[] = [];
  private follow = true;
  private batchSize = 128;
  private total = 0;
  private lecture = new Set<number>();

  constructor(private canvas: HTMLCanvasElement, private range: HTMLInputElement, private label: HTMLElement, private list: HTMLElement) {
    range.addEventListener('input', () => {
      this.follow = Number(range.value) === this.shots.length - 1;
      this.show();
    });
    this.reset(128, 0, new Set());
  }

  /** A new run: no snapshots; the lecture's epochs (as steps) become targets. */
  reset(batchSize: number, total: number, lecture: Set<number>): void {
    this.shots = [];
    this.total = total;
    this.batchSize = batchSize;
    this.lecture = lecture;
    this.targets = [...lecture].sort((a, b) => a - b).map((step) => ({ step, lecture: true }));
    this.wanted = [{ step: 0, lecture: false }];
    this.follow = true;
    this.show();
  }

  /** Reports arrived: their steps become targets too. */
  reported(reportSteps: number[]): void {
    for (const s of reportSteps) {
      if ([...this.shots, ...this.wanted, ...this.targets].some((x) => x.step === s)) continue;
      this.wanted.push({ step: s, lecture: this.lecture.has(s) });
    }
  }

  /** A samples grid at `step`: kept if a target is due (passed since the last snapshot). */
  samples(step: number, grey: Uint8Array): void {
    while (this.targets.length && this.targets[0].step <= step) this.wanted.push(this.targets.shift()!);
    const due = this.wanted.filter((w) => w.step <= step);
    if (!due.length) return;
    this.wanted = this.wanted.filter((w) => w.step > step);
    const last = this.shots[this.shots.length - 1];
    if (last && last.step === step) return;
    const lecture = due.filter((w) => w.lecture);
    const reports = due.filter((w) => !w.lecture && w.step > 0);
    const epochs = lecture.map((w) => lectureEpoch(w.step, this.batchSize)).join(', ');
    const whys: string[] = [];
    if (step === 0) whys.push('before training');
    if (lecture.length) {
      whys.push(lecture.every((w) => w.step === step) ? `the lecture saved epoch ${epochs} here`
        : `the first grid after the lecture's epoch ${epochs} (step ${lecture.map((w) => steps(w.step)).join(', ')})`);
    }
    if (reports.some((w) => w.step === step)) whys.push(step === this.total ? 'the end' : 'a report');
    else if (reports.length) whys.push(`the first grid after the report at step ${steps(reports[reports.length - 1].step)}`);
    this.shots.push({ step, grey: grey.slice(), why: whys.join('; '), pinned: step === 0 || lecture.length > 0 });
    if (this.shots.length > MAX) this.thin();
    this.show();
  }

  /** The run ended: its last grid is the last snapshot. */
  final(step: number, grey: Uint8Array | null): void {
    if (!grey) return;
    this.wanted.push({ step, lecture: this.lecture.has(step) });
    this.samples(step, grey);
  }

  get count(): number {
    return this.shots.length;
  }

  /** Drops every other unpinned snapshot (the oldest first), keeping the newest. */
  private thin(): void {
    let drop = true;
    this.shots = this.shots.filter((s, i) => {
      if (s.pinned || i === this.shots.length - 1) return true;
      drop = !drop;
      return drop;
    });
  }

  private show(): void {
    const n = this.shots.length;
    this.range.max = String(Math.max(0, n - 1));
    this.range.disabled = n < 2;
    if (this.follow) this.range.value = String(Math.max(0, n - 1));
    this.list.dataset.count = String(n);
    const s = this.shots[Number(this.range.value)];
    if (!s) {
      drawEmptyGrid(this.canvas, 100, 10);
      this.label.textContent = 'No grids yet: they are kept here as the run goes.';
      this.range.setAttribute('aria-valuetext', 'no grids yet');
      this.canvas.setAttribute('aria-label', 'the gallery of saved sample grids: empty until the run starts');
      this.list.textContent = '';
      return;
    }
    drawGrid(this.canvas, s.grey, 100, 10);
    const words = `${stepWords(s.step, this.batchSize)} (${s.why})`;
    this.label.textContent = `${Number(this.range.value) + 1} of ${n}: ${words}`;
    this.range.setAttribute('aria-valuetext', words);
    this.canvas.setAttribute('aria-label', `the generator's 100 digits at ${words}`);
    this.canvas.dataset.step = String(s.step);
    this.list.textContent = `Kept: ${this.shots.map((x) => steps(x.step)).join(', ')}.`;
  }
}

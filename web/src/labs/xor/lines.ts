// web/src/labs/xor/lines.ts: the post's own printout, one line per report:
// "Error after N iterations:X" with X = String(error), the shortest text that
// round-trips the float64 (the same digits the native runner's jsonl prints),
// and beside it the 12 significant digits the post's Python 2 printed.
// Non-finite errors (a diverged run) are never printed as numbers.
import type { Report } from '../../protocol';
import { el } from '../../views/dom';

export class LinesView {
  constructor(private root: HTMLElement) {}

  clear(alpha: string): void {
    this.root.replaceChildren(el('div', 'post-line post-head', `Training With Alpha:${alpha}`));
  }

  add(reports: Report[]): void {
    let added = 0;
    for (const r of reports) {
      const error = r.error;
      if (error === undefined || !Number.isFinite(error)) continue;
      added++;
      const line = el('div', 'post-line');
      line.dataset.step = String(r.step);
      line.dataset.error = String(error);
      const main = el('span', 'post-main', `Error after ${r.step} iterations:${String(error)}`);
      const post = el('span', 'post-12', `12 digits, as the post prints: ${python2Str(error)}`);
      post.title = "Python 2's str(float): 12 significant digits";
      line.append(main, post);
      this.root.append(line);
    }
    // long runs: keep the newest line in view (reading scrollHeight lays the page out: only when a line came)
    if (added) this.root.scrollTop = this.root.scrollHeight;
  }
}

/** Python 2's str(float): C's %.12g (12 significant digits, trailing zeros dropped). */
export function python2Str(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0.0';
  const [m, e] = x.toExponential(11).split('e');
  const exp = Number(e);
  const strip = (t: string) => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
  if (exp < -4 || exp >= 12) return `${strip(m)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(x.toFixed(Math.max(0, 11 - exp)));
}

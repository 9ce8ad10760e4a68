// web/src/shell/data-progress.ts: the loading card while a lab's data comes
// in: "Downloading mnist-train.bin … 40 % (3.9 of 9.6 MB)" (the compressed
// bytes), then "Unpacking mnist-train.bin … 60 %"; from the browser's cache
// on a later visit or in a second lab on the same data. DataAsked: which
// files this worker was already asked for, so a lab switch asks only for
// what is new - a file the engine has but whose bytes the new lab wants on
// the page (MNIST after the GAN) is asked again, and the worker hands over its
// copy without a download (worker/data.ts).
import type { DataFileSpec, ProgressMsg } from '../protocol';

export class DataAsked {
  private engine = new Set<string>();   // files asked for at all (they are in the engine)
  private page = new Set<string>();     // files whose bytes the page was given

  /** The files of `wanted` not asked for yet (or now wanted on the page too), recorded as asked. */
  take(wanted: DataFileSpec[]): DataFileSpec[] {
    const files = wanted.filter((f) => !this.engine.has(f.name) || (f.toPage && !this.page.has(f.name)));
    for (const f of files) {
      this.engine.add(f.name);
      if (f.toPage) this.page.add(f.name);
    }
    return files;
  }

  get size(): number {
    return this.engine.size;
  }

  /** A new worker holds no files. */
  clear(): void {
    this.engine.clear();
    this.page.clear();
  }
}

export function showDataProgress(bar: HTMLProgressElement, text: HTMLElement, msg: ProgressMsg): void {
  bar.value = msg.loaded / (msg.total || 1);
  text.textContent = progressText(msg);
}

export function progressText(msg: ProgressMsg): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const pct = msg.total ? ` … ${Math.floor((100 * msg.loaded) / msg.total)} %` : '';
  const from = msg.cached ? " from the browser's cache" : '';
  if (msg.phase === 'unpack') return `Unpacking ${msg.file}${from}${pct}`;
  const size = `(${mb(msg.loaded)} of ${msg.total ? mb(msg.total) : '?'} MB)`;
  return msg.cached ? `Reading ${msg.file}${from}${pct} ${size}` : `Downloading ${msg.file}${pct} ${size}`;
}

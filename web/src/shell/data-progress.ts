// web/src/shell/data-progress.ts: the loading card while a lab's data comes
// in: "Downloading mnist-train.bin … 40 % (3.9 of 9.6 MB)" (the compressed
// bytes), then "Unpacking mnist-train.bin … 60 %"; from the browser's cache
// on a later visit or in a second lab on the same data.
import type { ProgressMsg } from '../protocol';

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

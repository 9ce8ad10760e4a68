// web/src/shell/data-download.ts: "what this lab trains on", for every lab:
// one button per data set the engine's lab row lists (LabInfo.data); a click
// asks the worker for the set as CSV - the same text `synapse data NAME`
// prints - and the browser saves it as NAME.csv. Big image sets are cut to
// their first rows (said on the button). No lab code here: the list is data.
import type { LabInfo } from '../protocol';
import { count, el } from '../views/dom';

/** Rows offered per file: the autoencoder's and XOR's sets whole, MNIST's first 10,000 digits (about 20 MB of text). */
const MAX_ROWS = 10000;

export class DataDownloads {
  constructor(private list: HTMLElement, private status: HTMLElement, private ask: (name: string, rows: number) => void) {}

  show(lab: LabInfo | undefined): void {
    const sets = lab?.data ?? [];
    (this.list.parentElement as HTMLElement).hidden = sets.length === 0;
    this.status.textContent = '';
    this.list.replaceChildren(...sets.map((d) => {
      const li = el('li');
      const big = d.name.startsWith('mnist');
      const button = el('button', 'data-csv', `${d.name}.csv`);
      button.type = 'button';
      button.dataset.set = d.name;
      button.title = d.about;
      button.addEventListener('click', () => {
        this.status.textContent = `Preparing ${d.name}.csv…`;
        this.ask(d.name, big ? MAX_ROWS : -1);
      });
      li.append(button, el('small', 'field-help', big ? `${d.about} (the first ${count(MAX_ROWS)})` : d.about));
      return li;
    }));
  }

  /** The worker's CSV: saved as a file, and the status says how many rows. */
  received(name: string, csv: string): void {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = el('a');
    a.href = url;
    a.download = `${name}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    const rows = Math.max(0, csv.split('\n').length - 2);   // a header line and a final newline
    this.status.textContent = `${name}.csv: ${count(rows)} rows saved.`;
    document.body.dataset.csv = name;
  }
}

// web/src/views/engine-control.ts: the "Fast math" checkbox and the line that
// says which engine build is running (engine-build.ts), the same on both lab
// pages. It reports the user's choice; the page restarts its worker(s).
import type { EngineChoice, EngineInfo } from '../engine-build';
import { describeBuild } from '../engine-build';

export class EngineControl {
  constructor(private box: HTMLInputElement, private line: HTMLElement, onChange: (choice: EngineChoice) => void) {
    box.addEventListener('change', () => onChange(box.checked ? 'relaxed' : 'default'));
  }

  set(choice: EngineChoice): void {
    this.box.checked = choice === 'relaxed';
  }

  /** The running build (null while a worker starts). A fallback is shown as a warning. */
  show(info: EngineInfo | null): void {
    this.line.textContent = describeBuild(info);
    this.line.dataset.build = info?.build ?? '';
    this.line.classList.toggle('engine-fallback', Boolean(info?.fallback));
  }
}

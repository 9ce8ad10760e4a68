// web/src/views/engine-control.ts: the "Fast math" checkbox and the line that
// says which engine build is running (engine-build.ts), in the shell for
// every lab. It holds the page's choice (from the link at first, then the box
// or a pasted link); the shell names its worker after it and restarts the
// worker when the choice changes.
import type { EngineChoice, EngineInfo } from '../engine-build';
import { describeBuild } from '../engine-build';

export class EngineControl {
  private current: EngineChoice;

  constructor(private box: HTMLInputElement, private line: HTMLElement, initial: EngineChoice,
    onChange: (choice: EngineChoice) => void) {
    this.current = initial;
    box.checked = initial === 'relaxed';
    box.addEventListener('change', () => onChange(box.checked ? 'relaxed' : 'default'));
  }

  get choice(): EngineChoice {
    return this.current;
  }

  /**
   * Takes a new choice. False when it is the build already chosen (nothing to do); otherwise
   * the box follows it and the line says the engine is starting: the page restarts its workers.
   */
  request(choice: EngineChoice): boolean {
    if (choice === this.current) return false;
    this.current = choice;
    this.box.checked = choice === 'relaxed';
    this.show(null);
    return true;
  }

  /** The running build (null while a worker starts). A fallback is shown as a warning. */
  show(info: EngineInfo | null): void {
    this.line.textContent = describeBuild(info);
    this.line.dataset.build = info?.build ?? '';
    this.line.classList.toggle('engine-fallback', Boolean(info?.fallback));
  }
}

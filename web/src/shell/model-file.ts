// web/src/shell/model-file.ts: "Save model" and "Load model" under the share link,
// the same for every lab. A model file is the run's state (engine/train/state.h:
// the format `synapse run … --save FILE` writes and `--load FILE` reads): the
// weights, the optimizer's state, the step, the reports. Its bytes cross to the
// worker and back as one transferred ArrayBuffer. A file from another lab or
// experiment, or a truncated or altered one, comes back as the worker's error
// (one line naming what does not match) and the run stays as it was.
import type { SavedStateMsg, ToWorker } from '../protocol';
import { $ } from '../views/dom';
import { wireAutosave } from './autosave';

export interface ModelFileHost {
  send(msg: ToWorker, transfer?: Transferable[]): void;
  runId(): number;
  preset(): string | null;
  /** The run exists and is not loading (else the buttons do nothing). */
  ready(): boolean;
  /** A file was sent to the worker: the page shows it is loading. */
  loading(name: string): void;
  /** The run is training (autosave.ts saves it every few seconds meanwhile). */
  running(): boolean;
}

/** Both ways a run's state leaves the worker: a model file, and the browser's storage (autosave.ts). */
export function wireRunFiles(host: ModelFileHost) {
  const file = wireModelFile(host);
  const autosave = wireAutosave({ ...host, loading: () => host.loading('the saved run') });
  return {
    saved: (msg: SavedStateMsg) => (msg.to === 'file' ? file : autosave).saved(msg),
    state: (running: boolean) => autosave.state(running),
    offer: () => autosave.offer(),
  };
}

export function wireModelFile(host: ModelFileHost): { saved(msg: SavedStateMsg): void } {
  const save = document.createElement('button');
  save.type = 'button';
  save.id = 'save-model';
  save.textContent = 'Save model';
  save.title = 'Download the model and its training state as a file';
  const load = document.createElement('button');
  load.type = 'button';
  load.id = 'load-model';
  load.textContent = 'Load model';
  load.title = 'Continue from a model file saved from this experiment';
  const input = document.createElement('input');
  input.type = 'file';
  input.id = 'model-file';
  input.hidden = true;
  input.setAttribute('aria-label', 'Model file to load');
  // beside the share link, not in the run bar: the bar holds the run controls and the status on
  // one line at 1366 px, which keeps the main view on the first screen
  const box = document.createElement('div');
  box.className = 'model-file';
  const title = document.createElement('span');
  title.className = 'field-label';
  title.textContent = 'Model file';
  const row = document.createElement('div');
  row.className = 'share-row';
  row.append(save, load, input);
  box.append(title, row);
  $('share-lesson').closest('.share')!.after(box);

  save.addEventListener('click', () => { if (host.ready()) host.send({ type: 'save-state', runId: host.runId(), to: 'file' }); });
  load.addEventListener('click', () => { if (host.ready()) input.click(); });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const bytes = await file.arrayBuffer();
    host.loading(file.name);
    host.send({ type: 'load-state', runId: host.runId(), bytes }, [bytes]);
  });
  return {
    saved(msg) {
      const url = URL.createObjectURL(new Blob([msg.bytes], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${host.preset() ?? 'model'}-step-${msg.step}.synapse`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}

// web/src/shell/client.ts: the page's one training worker. Its name tells it
// which engine build to load (../engine-build.ts); switching builds replaces
// it (a module's build is fixed once loaded). Messages of a replaced worker
// never reach the page. A worker that dies (an uncaught error, a message it
// could not read) is reported with the browser's words; recovery.ts restarts it,
// or, giving up, stops it: an uncaught error does not end a worker by itself.
import type { FromWorker, ToWorker } from '../protocol';
import type { EngineChoice } from '../engine-build';
import { workerName } from '../engine-build';

export class WorkerClient {
  private worker: Worker;

  constructor(choice: EngineChoice, private onMessage: (msg: FromWorker) => void, private onFail: (message: string) => void) {
    this.worker = this.spawn(choice);
  }

  send(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  /** Ends the worker (the page gave up on it); messages sent after this go nowhere, a restart spawns a new one. */
  stop(): void {
    this.worker.terminate();
  }

  restart(choice: EngineChoice): void {
    this.worker.terminate();
    this.worker = this.spawn(choice);
  }

  private spawn(choice: EngineChoice): Worker {
    const w = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: workerName(choice) });
    w.onmessage = (ev: MessageEvent<FromWorker>) => { if (w === this.worker) this.onMessage(ev.data); };
    w.onerror = (ev) => { if (w === this.worker) this.onFail(ev.message || ''); };
    w.onmessageerror = () => { if (w === this.worker) this.onFail('a message from the worker could not be read'); };
    return w;
  }
}

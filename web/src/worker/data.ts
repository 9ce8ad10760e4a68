// web/src/worker/data.ts: loads the data files a lab declares (`load`): each
// fetched compressed (with progress) or taken from Cache Storage, unpacked, handed to the engine,
// and, when asked for, its bytes transferred to the page (the engine keeps
// its own copy, so the transfer costs nothing). A data file the engine later
// finds corrupt is forgotten by the cache, so the next visit downloads it.
import type { EngineApi } from '../engine-types';
import type { LoadMsg } from '../protocol';
import { dataFileUrl, fetchDataFile, forgetDataFile } from './data-files';
import { post } from './util';

const loaded = new Map<string, string>();   // file name -> URL
let pending: Promise<void> = Promise.resolve();

export function loadData(eng: EngineApi, msg: LoadMsg): void {
  const wanted = msg.files.filter((f) => !loaded.has(f.name));
  if (!wanted.length) return;
  pending = pending.then(async () => {
    const toPage: { name: string; bytes: Uint8Array }[] = [];
    for (const f of wanted) {
      const url = dataFileUrl(f.name, msg.base);
      const bytes = await fetchDataFile(f.name, url, (phase, done, total, cached) =>
        post({ type: 'progress', runId: 0, file: f.name, phase, loaded: done, total, cached }));
      eng.provideDataFile(f.name, bytes);
      loaded.set(f.name, url);
      if (f.toPage) toPage.push({ name: f.name, bytes });
    }
    post({ type: 'data', runId: 0, files: toPage }, toPage.map((f) => f.bytes.buffer as ArrayBuffer));
  });
  pending.catch((e: Error) => post({ type: 'error', runId: 0, fatal: true, message: e.message, stack: e.stack }));
}

/** Resolves once the data asked for so far is in the engine (rejects if a file failed). */
export function dataReady(): Promise<void> {
  return pending;
}

/**
 * A configure error that names a data file means the file is bad (the engine checks sizes, labels and
 * the payload hash on first use): the cached copy is dropped and the error is fatal for the lab.
 */
export async function blameDataFile(message: string): Promise<boolean> {
  let blamed = false;
  for (const [name, url] of loaded) {
    if (!message.includes(name)) continue;
    blamed = true;
    await forgetDataFile(url);
  }
  return blamed;
}

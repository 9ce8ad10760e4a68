// web/src/worker/data.ts: loads the data files a lab declares (`load`): each
// fetched compressed (with progress) or taken from Cache Storage, unpacked and
// handed to the engine, once per worker. The worker keeps each file's
// compressed bytes (MNIST: 11 MB, not the 55 MB unpacked), so every lab that
// asks for a file's bytes on the page (`toPage`) gets them - also a lab that
// comes after another one on the same data (the GAN, then MNIST): unpacked
// again from that copy, with no second download. The bytes go to the page by
// transfer (the engine keeps its own copy). A data file the engine later finds
// corrupt is forgotten by the cache, so the next visit downloads it.
import type { EngineApi } from '../engine-types';
import type { LoadMsg } from '../protocol';
import { dataFileUrl, fetchDataFile, forgetDataFile, type OnProgress } from './data-files';
import { gunzip } from './gunzip';
import { post } from './util';

/** The files in the engine: name -> where it came from and its compressed bytes. */
const loaded = new Map<string, { url: string; gz: Uint8Array }>();
let pending: Promise<void> = Promise.resolve();

export function loadData(eng: EngineApi, msg: LoadMsg): void {
  pending = pending.then(async () => {
    const toPage: { name: string; bytes: Uint8Array }[] = [];
    for (const f of msg.files) {
      const progress: OnProgress = (phase, done, total, cached) =>
        post({ type: 'progress', runId: 0, file: f.name, phase, loaded: done, total, cached });
      const kept = loaded.get(f.name);
      if (kept) {
        if (f.toPage) toPage.push({ name: f.name, bytes: await gunzip(f.name, kept.gz, (done, total) => progress('unpack', done, total, true)) });
        continue;
      }
      const url = dataFileUrl(f.name, msg.base);
      const file = await fetchDataFile(f.name, url, progress);
      eng.provideDataFile(f.name, file.bytes);
      loaded.set(f.name, { url, gz: file.gz });
      if (f.toPage) toPage.push({ name: f.name, bytes: file.bytes });
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
  for (const [name, { url }] of loaded) {
    if (!message.includes(name)) continue;
    blamed = true;
    await forgetDataFile(url);
  }
  return blamed;
}

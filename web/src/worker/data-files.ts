// web/src/worker/data-files.ts: the data files a lab declares. Each travels
// gzip-compressed (NAME.gz beside the page, made by web/vite-offline.mjs):
// fetchDataFile() reads the compressed file from the Cache Storage (a second
// visit, or a second lab on the same data, downloads nothing) or downloads it,
// streaming the body so the page can show bytes/total, keeps the compressed
// bytes in the cache, and unpacks them (gunzip.ts); it returns both, so the
// worker can keep the compressed copy (worker/data.ts). A damaged file is
// dropped from the cache, so the next visit downloads it again.
import { DATA_CACHE, DATA_CACHE_PREFIX } from '../protocol';
import type { DataPhase } from '../protocol';
import { gunzip } from './gunzip';

export type OnProgress = (phase: DataPhase, loaded: number, total: number, cached: boolean) => void;

/** The URL a data file is fetched from: its compressed copy. */
export function dataFileUrl(name: string, base: string): string {
  return new URL(`data/${name}.gz`, base).href;
}

/** A data file: its bytes, and the compressed bytes they were unpacked from. */
export interface DataFile { bytes: Uint8Array; gz: Uint8Array }

export async function fetchDataFile(name: string, url: string, onProgress: OnProgress): Promise<DataFile> {
  let cache: Cache | null = null;
  try {
    cache = typeof caches === 'undefined' ? null : await openDataCache();
  } catch {
    cache = null;                 // no Cache Storage here (not a secure context, private mode): download every time
  }
  const hit = cache ? await cache.match(url).catch(() => undefined) : undefined;
  let res: Response;
  if (hit) {
    res = hit;
  } else {
    try {
      res = await fetch(url);
    } catch (e) {
      throw new Error(`${name}: could not be downloaded from ${url} (${(e as Error).message})`);
    }
    if (!res.ok) throw new Error(`${name}: could not be downloaded from ${url} (HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''})`);
  }
  const cached = !!hit;
  const gz = await readBody(name, res, (loaded, total) => onProgress('download', loaded, total, cached));
  let bytes: Uint8Array;
  try {
    bytes = await gunzip(name, gz, (done, total) => onProgress('unpack', done, total, cached));
  } catch (e) {
    if (cached) await forgetDataFile(url);   // (a fresh download is cached only once it unpacks)
    throw new Error(`${(e as Error).message}; reload the page to download it again`);
  }
  if (!cached && cache) {
    try {
      await cache.put(url, new Response(gz as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/gzip', 'Content-Length': String(gz.length) } }));
    } catch {
      // over quota: the lab still works, the next visit downloads again
    }
  }
  return { bytes, gz };
}

/** The data cache; caches of older versions (another layout of what they keep) are deleted. */
async function openDataCache(): Promise<Cache> {
  const old = (await caches.keys()).filter((k) => k.startsWith(DATA_CACHE_PREFIX) && k !== DATA_CACHE);
  await Promise.all(old.map((k) => caches.delete(k)));
  return caches.open(DATA_CACHE);
}

/** Forgets a cached file (after the engine found it corrupt), so the next visit downloads it again. */
export async function forgetDataFile(url: string): Promise<void> {
  try {
    const cache = await caches.open(DATA_CACHE);
    await cache.delete(url);
  } catch {
    // nothing cached
  }
}

async function readBody(name: string, res: Response, onProgress: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const total = Number(res.headers.get('Content-Length')) || 0;
  if (!res.body) {
    const all = new Uint8Array(await res.arrayBuffer());
    onProgress(all.length, all.length);
    return all;
  }
  const reader = res.body.getReader();
  let buf = new Uint8Array(total > 0 ? total : 1 << 20);
  let loaded = 0;
  let lastReport = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, loaded + value.length));
      bigger.set(buf.subarray(0, loaded));
      buf = bigger;
    }
    buf.set(value, loaded);
    loaded += value.length;
    const now = performance.now();
    if (now - lastReport > 50) {
      lastReport = now;
      onProgress(loaded, total);
    }
  }
  onProgress(loaded, total || loaded);
  if (total > 0 && loaded !== total) throw new Error(`${name}: the download stopped at ${loaded} of ${total} bytes`);
  return loaded === buf.length ? buf : buf.slice(0, loaded);
}

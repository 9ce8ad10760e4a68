// web/src/worker/gunzip.ts: a data file travels gzip-compressed (MNIST: 11 MB
// instead of 55) and is unpacked here with the browser's own
// DecompressionStream, streamed into one buffer allocated up front at the size
// the gzip trailer declares (ISIZE, RFC 1952 §2.3.1). A damaged download - a
// cut-off file, flipped bits (the stream checks the CRC-32), a wrong size -
// becomes one error naming the file. No imports: tests/js/gunzip.test.mjs runs
// it under Node.

/** A data file larger than this unpacked is refused (MNIST's training set is 47 MB): a damaged trailer must not allocate gigabytes. */
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

/** How every refusal starts, after the file's name. */
export const DAMAGED = 'damaged download (cut short or altered)';

/** Progress reports while unpacking, at most one per this many ms (and always the last). */
const REPORT_EVERY_MS = 50;

/** The size a gzip file says it unpacks to: its last four bytes, little-endian (one member, under 4 GiB). */
export function gzipUnpackedSize(name: string, gz: Uint8Array): number {
  if (gz.length < 18) throw new Error(`${name}: ${DAMAGED}: ${gz.length} bytes is too short for a gzip file (at least 18)`);
  if (gz[0] !== 0x1f || gz[1] !== 0x8b) {
    throw new Error(`${name}: ${DAMAGED}: not a gzip file (it starts 0x${hex(gz[0])} 0x${hex(gz[1])}, not 0x1f 0x8b)`);
  }
  const n = gz.length;
  return (gz[n - 4] | (gz[n - 3] << 8) | (gz[n - 2] << 16) | (gz[n - 1] << 24)) >>> 0;
}

/**
 * The bytes of the gzip file `gz`; `name` is the file the messages name. `onProgress(done, total)` reports
 * unpacked bytes (total: the declared size). Rejects with a one-line message if the file is damaged.
 */
export async function gunzip(name: string, gz: Uint8Array, onProgress: (done: number, total: number) => void = () => {},
  maxBytes = MAX_UNPACKED_BYTES): Promise<Uint8Array> {
  const size = gzipUnpackedSize(name, gz);
  if (size > maxBytes) {
    throw new Error(`${name}: ${DAMAGED}: its gzip trailer says ${size} bytes unpacked, more than the ${maxBytes} a data file may have`);
  }
  let out: Uint8Array;
  try {
    out = new Uint8Array(size);
  } catch {
    throw new Error(`${name}: cannot be unpacked: its ${size} bytes do not fit in this browser's memory`);
  }
  const reader = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  let done = 0;
  let lastReport = -Infinity;
  onProgress(0, size);
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      const bytes = chunk.value;
      if (done + bytes.length > size) {
        throw new DamagedError(`${name}: ${DAMAGED}: it unpacks to more than the ${size} bytes its gzip trailer says`);
      }
      out.set(bytes, done);
      done += bytes.length;
      const now = performance.now();
      if (now - lastReport >= REPORT_EVERY_MS) {
        lastReport = now;
        onProgress(done, size);
      }
    }
  } catch (e) {
    void reader.cancel().catch(() => {});
    if (e instanceof DamagedError) throw new Error(e.message);
    throw new Error(`${name}: ${DAMAGED}: it could not be unpacked after ${done} of ${size} bytes (${oneLine(e)})`);
  }
  if (done !== size) throw new Error(`${name}: ${DAMAGED}: it unpacks to ${done} bytes, but its gzip trailer says ${size}`);
  onProgress(done, size);
  return out;
}

class DamagedError extends Error {}

function hex(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, '0');
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, ' ').slice(0, 200);
}

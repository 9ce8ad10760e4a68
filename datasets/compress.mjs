// datasets/compress.mjs: the gzip copy of a data file that the page downloads
// (NAME.gz beside NAME; web/src/worker/gunzip.ts unpacks it in the browser).
// Made with Node's zlib at level 9 - MNIST's 55 MB become 11 MB; the 30 s it
// takes is spent once, since a copy newer than its source (and than this
// script) is left alone. Deterministic: gzip's header carries no time or name.
//
//   node datasets/compress.mjs FILE...   writes FILE.gz for each FILE
import { mkdirSync, renameSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const here = fileURLToPath(import.meta.url);

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -Infinity;
  }
}

/** Writes `gz` (default `src`.gz) unless it is newer than `src` and this script; returns its path. */
export function gzipFresh(src, gz = `${src}.gz`) {
  if (mtime(gz) > Math.max(mtime(src), mtime(here))) return gz;
  let bytes;
  try {
    bytes = readFileSync(src);
  } catch (e) {
    throw new Error(`${src}: cannot read: ${e.code === 'ENOENT' ? 'no such file (npm run build prepares the data)' : e.message}`);
  }
  const packed = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
  mkdirSync(dirname(gz), { recursive: true });
  const tmp = `${gz}.tmp-${process.pid}`;
  writeFileSync(tmp, packed);
  renameSync(tmp, gz);   // a half-written copy never looks current
  return gz;
}

if (process.argv[1] && resolve(process.argv[1]) === here) {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error('usage: node datasets/compress.mjs FILE...');
    process.exit(2);
  }
  try {
    for (const f of files) {
      const gz = gzipFresh(f);
      console.log(`compress: ${gz} (${statSync(f).size} -> ${statSync(gz).size} bytes)`);
    }
  } catch (e) {
    console.error(`compress: ${e.message}`);
    process.exit(1);
  }
}

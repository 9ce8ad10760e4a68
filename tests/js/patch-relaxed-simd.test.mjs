// scripts/patch-relaxed-simd.mjs on hand-made modules: it renumbers clang-14's
// prototype relaxed multiply-adds (f32x4.qfma fd af 01, f64x2.qfma fd cf 01)
// to the standard ones and nothing else, even where other bytes spell the same
// sequence (i32.const 22525 is 41 fd af 01); the result computes a·b + c in
// Node with the flag; a second run changes nothing; a module without them, or
// one the decoder cannot read, fails the build and is deleted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/patch-relaxed-simd.mjs', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'patch-relaxed-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const leb = (n) => { const out = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n); return out; };
const vec = (items) => [...leb(items.length), ...items.flat()];
const section = (id, payload) => [id, ...leb(payload.length), ...payload];

/** A module of functions [{params, result, body}] (types as value-type bytes), all exported by name. */
function moduleOf(funcs) {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0x01, f.result]))),
    ...section(3, vec(funcs.map((_, i) => [i]))),
    ...section(7, vec(funcs.map((f, i) => [...vec([...Buffer.from(f.name)].map((c) => [c])), 0x00, i]))),
    ...section(10, vec(funcs.map((f) => vec([0x00, ...f.body, 0x0b].map((b) => [b]))))),
  ]);
}

const F32 = 0x7d, F64 = 0x7c, I32 = 0x7f;
const madd = (splat, opcode, extract) => [0x20, 0x00, 0xfd, splat, 0x20, 0x01, 0xfd, splat, 0x20, 0x02, 0xfd, splat, 0xfd, ...opcode, 0xfd, extract, 0x00];
const PROTOTYPE = [
  { name: 'f', params: [F32, F32, F32], result: F32, body: madd(0x13, [0xaf, 0x01], 0x1f) },   // f32x4.qfma
  { name: 'g', params: [F64, F64, F64], result: F64, body: madd(0x14, [0xcf, 0x01], 0x21) },   // f64x2.qfma
  { name: 'h', params: [I32], result: I32, body: [0x20, 0x00, 0x41, 0xfd, 0xaf, 0x01, 0x6a] }, // x + 22525
];

function patch(bytes, ...args) {
  const file = path.join(tmp, `m${Math.random().toString(36).slice(2)}.wasm`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync(process.execPath, [script, ...args, file], { encoding: 'utf8' });
  return { ...r, file, out: fs.existsSync(file) ? fs.readFileSync(file) : null };
}

test('rewrites the two prototype opcodes, leaves the look-alike constant, and the result is a·b + c', () => {
  const before = moduleOf(PROTOTYPE);
  const r = patch(before);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /rewrote 1 f32x4\.relaxed_fma -> f32x4\.relaxed_madd, 1 f64x2\.relaxed_fma -> f64x2\.relaxed_madd \(wasm-dis agrees\)/);
  const changed = [...before.keys()].filter((i) => before[i] !== r.out[i]);
  assert.equal(r.out.length, before.length);
  assert.equal(changed.length, 4);   // two bytes of each opcode; h's constant untouched
  assert.ok(Buffer.from(r.out).includes(Buffer.from([0x41, 0xfd, 0xaf, 0x01])));
  const check = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '-e', `
    const { f, g, h } = new WebAssembly.Instance(new WebAssembly.Module(require('fs').readFileSync(${JSON.stringify(r.file)}))).exports;
    console.log(JSON.stringify([f(1 + 2 ** -23, 1 - 2 ** -23, -1), g(1 + 2 ** -52, 1 - 2 ** -52, -1), f(3, 4, 5), g(3, 4, 5), h(0)]));`], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  const [f1, g1, f2, g2, h0] = JSON.parse(check.stdout);
  assert.ok(f1 === -(2 ** -46) || f1 === 0, `f32x4: ${f1}`);   // fused or mul+add, nothing else
  assert.ok(g1 === -(2 ** -104) || g1 === 0, `f64x2: ${g1}`);
  assert.equal(f2, 17);
  assert.equal(g2, 17);
  assert.equal(h0, 22525);
});

test('a module without relaxed multiply-adds fails (and is deleted): the kernel did not use them', () => {
  const r = patch(moduleOf([PROTOTYPE[2]]));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no relaxed multiply-add in the code section/);
  assert.equal(r.out, null);
});

test('a second run on a patched module changes nothing', () => {
  const once = patch(moduleOf(PROTOTYPE));
  assert.equal(once.status, 0, once.stderr);
  const twice = patch(once.out);
  assert.equal(twice.status, 0, twice.stderr);
  assert.match(twice.stdout, /already patched \(2 relaxed_madd\), nothing to do/);
  assert.deepEqual(twice.out, once.out);
});

test('--check-only counts without writing', () => {
  const before = moduleOf(PROTOTYPE);
  const r = patch(before, '--check-only');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /would rewrite 1 f32x4\.relaxed_fma/);
  assert.deepEqual(r.out, Buffer.from(before));
});

test('a module the decoder cannot read is refused, not guessed at', () => {
  const bad = moduleOf([{ name: 'x', params: [I32], result: I32, body: [0x20, 0x00, 0xfd, 0xaf, 0x01, 0xf0] }]);
  const r = patch(bad);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /patch-relaxed-simd: .*\.wasm: /);
  assert.equal(r.out, null);
});

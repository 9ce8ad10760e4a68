#!/usr/bin/env node
// scripts/patch-relaxed-simd.mjs: makes clang-14's relaxed-SIMD output loadable.
//
//   node scripts/patch-relaxed-simd.mjs [--wasm-dis /usr/bin/wasm-dis] [--check-only] file.wasm
//
// clang-14 (emscripten 3.1.6) encodes __builtin_wasm_fma_f32x4 / _f64x2 with
// the relaxed-SIMD proposal's prototype opcodes, 0xfd 0xaf (f32x4.qfma) and
// 0xfd 0xcf (f64x2.qfma). The standardised proposal renumbered them to 0xfd
// 0x105 (f32x4.relaxed_madd) and 0xfd 0x107 (f64x2.relaxed_madd), and today's
// engines (Chromium 156, Node 20 behind --experimental-wasm-relaxed-simd)
// reject the old numbers, so the whole module fails to compile (TOOLCHAIN §6).
// Both encodings are three bytes, fd af 01 -> fd 85 02 and fd cf 01 -> fd 87 02:
// the module is rewritten in place, nothing else moves.
//
// A plain byte search is not safe: other bytes can spell the same sequence
// (`i32.const 22525` is 41 fd af 01). So the code section's function bodies
// are decoded instruction by instruction and only opcodes are rewritten. The
// count is then checked against binaryen's own reading of the unpatched
// module (`wasm-dis` prints these as f32x4.relaxed_fma / f64x2.relaxed_fma):
// a mismatch means the decoder and binaryen disagree and the file is not
// trusted. Zero means the kernel did not use the multiply-add at all, which
// for this build is a bug too. Last, the patched module must validate in
// Node with --experimental-wasm-relaxed-simd. On any failure the .wasm is
// deleted (so the next build links it again) and the exit status is 1. A file
// already patched (standard opcodes only) is left alone. --check-only counts
// and checks without writing.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The two rewrites: prototype SIMD sub-opcode -> standard one, with binaryen's name for them. */
export const REWRITES = [
  { from: 0xaf, to: 0x105, name: 'f32x4.relaxed_fma', standard: 'f32x4.relaxed_madd' },
  { from: 0xcf, to: 0x107, name: 'f64x2.relaxed_fma', standard: 'f64x2.relaxed_madd' },
];

class Reader {
  constructor(bytes, pos, end) {
    this.b = bytes;
    this.pos = pos;
    this.end = end;
  }
  byte() {
    if (this.pos >= this.end) throw new Error(`unexpected end of data at byte ${this.pos}`);
    return this.b[this.pos++];
  }
  /** Unsigned LEB128 (up to 32 bits). */
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const x = this.byte();
      result += (x & 0x7f) * 2 ** shift;
      if (!(x & 0x80)) return result;
      shift += 7;
      if (shift > 35) throw new Error(`LEB128 too long at byte ${this.pos}`);
    }
  }
  /** Signed LEB128 of any width: only skipped, its value is never needed. */
  skipLeb() {
    let n = 0;
    while (this.byte() & 0x80) if (++n > 10) throw new Error(`LEB128 too long at byte ${this.pos}`);
  }
  skip(n) {
    if (this.pos + n > this.end) throw new Error(`unexpected end of data at byte ${this.pos}`);
    this.pos += n;
  }
}

/** Sections of a module: [{id, start, end}] (payload offsets). */
export function sections(bytes) {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('not a WebAssembly module (bad magic)');
  if (bytes.readUInt32LE(4) !== 1) throw new Error(`unsupported WebAssembly version ${bytes.readUInt32LE(4)}`);
  const out = [];
  const r = new Reader(bytes, 8, bytes.length);
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    out.push({ id, start, end: r.pos });
  }
  return out;
}

// Immediates of the 0xfd (SIMD) sub-opcodes that have any; all others have none.
function skipSimdImmediates(r, op) {
  if (op <= 11 || op === 92 || op === 93) { r.u32(); r.u32(); return; }           // loads/stores: memarg
  if (op === 12 || op === 13) { r.skip(16); return; }                              // v128.const, i8x16.shuffle
  if (op >= 21 && op <= 34) { r.skip(1); return; }                                 // extract/replace lane
  if (op >= 84 && op <= 91) { r.u32(); r.u32(); r.skip(1); }                       // load/store lane
}

function skipBlockType(r) {
  const t = r.b[r.pos];
  if (t === 0x40 || (t >= 0x6f && t <= 0x7f)) r.skip(1);   // empty or a value type
  else r.skipLeb();                                         // a type index (s33)
}

/**
 * Walks one function body [start, end) and returns the byte offsets of the SIMD sub-opcodes
 * ({pos, op, len}) it contains. Throws on an opcode it cannot size.
 */
function simdOpcodes(bytes, start, end) {
  const r = new Reader(bytes, start, end);
  const found = [];
  const groups = r.u32();                        // locals: (count, type) pairs
  for (let i = 0; i < groups; ++i) { r.u32(); r.skip(1); }
  while (r.pos < end) {
    const at = r.pos;
    const op = r.byte();
    if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06) skipBlockType(r);      // block loop if try
    else if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0x12) r.u32();         // br br_if call return_call
    else if (op === 0x07 || op === 0x08 || op === 0x09 || op === 0x18) r.u32();         // catch throw rethrow delegate
    else if (op === 0x0e) { const n = r.u32(); for (let i = 0; i <= n; ++i) r.u32(); }  // br_table
    else if (op === 0x11 || op === 0x13) { r.u32(); r.u32(); }                          // call_indirect
    else if (op === 0x1c) { const n = r.u32(); r.skip(n); }                             // select t*
    else if (op >= 0x20 && op <= 0x26) r.u32();                                         // locals, globals, tables
    else if (op >= 0x28 && op <= 0x3e) { r.u32(); r.u32(); }                            // memarg
    else if (op === 0x3f || op === 0x40) r.skip(1);                                     // memory.size/grow
    else if (op === 0x41 || op === 0x42) r.skipLeb();                                   // i32/i64.const
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0xd0) r.skip(1);                                                    // ref.null t
    else if (op === 0xd2) r.u32();                                                      // ref.func
    else if (op === 0xfc) {                                                             // bulk memory, sat. truncation
      const sub = r.u32();
      if (sub === 8) { r.u32(); r.skip(1); }
      else if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) r.u32();
      else if (sub === 10) r.skip(2);
      else if (sub === 11) r.skip(1);
      else if (sub === 12 || sub === 14) { r.u32(); r.u32(); }
      else if (sub > 17) throw new Error(`unknown 0xfc ${sub} at byte ${at}`);
    } else if (op === 0xfd) {
      const opStart = r.pos;
      const sub = r.u32();
      found.push({ pos: opStart, op: sub, len: r.pos - opStart });
      skipSimdImmediates(r, sub);
    } else if (op === 0xfe) {                                                           // atomics
      const sub = r.u32();
      if (sub === 3) r.skip(1);
      else { r.u32(); r.u32(); }
    } else if (op > 0xd2) {
      // 0x00..0xd2 without immediates are plain instructions; anything beyond is unknown here.
      throw new Error(`unknown opcode 0x${op.toString(16)} at byte ${at}`);
    }
  }
  return found;
}

const leb = (n) => { const out = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n); return out; };

/**
 * Rewrites the prototype multiply-adds of `bytes` (a Buffer, modified in place) in its code
 * section. Returns {counts: {name: n}, total, standard (standard-numbered ones found), functions}.
 */
export function patchModule(bytes) {
  const code = sections(bytes).filter((s) => s.id === 10);
  if (code.length !== 1) throw new Error(`expected one code section, found ${code.length}`);
  const { start, end } = code[0];
  const r = new Reader(bytes, start, end);
  const functions = r.u32();
  const counts = Object.fromEntries(REWRITES.map((w) => [w.name, 0]));
  let standard = 0;   // relaxed_madd already in the standard numbering
  for (let f = 0; f < functions; ++f) {
    const size = r.u32();
    const bodyStart = r.pos;
    r.skip(size);
    for (const { pos, op, len } of simdOpcodes(bytes, bodyStart, r.pos)) {
      if (REWRITES.some((x) => x.to === op)) ++standard;
      const w = REWRITES.find((x) => x.from === op);
      if (!w) continue;
      const to = leb(w.to);
      if (len !== to.length) throw new Error(`${w.name} at byte ${pos} is encoded in ${len} bytes, not ${to.length}`);
      bytes.set(to, pos);
      counts[w.name]++;
    }
  }
  if (r.pos !== end) throw new Error('the code section has bytes after its last function');
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), standard, functions };
}

/** How many of each relaxed multiply-add binaryen's wasm-dis finds in the file. */
export function disassemblerCounts(file, wasmDis = 'wasm-dis') {
  const r = spawnSync(wasmDis, [file], { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${wasmDis}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${wasmDis} ${file} failed: ${r.stderr.trim()}`);
  return Object.fromEntries(REWRITES.map((w) => [w.name, (r.stdout.match(new RegExp(`\\(${w.name.replace('.', '\\.')}\\b`, 'g')) ?? []).length]));
}

/** Whether Node (with the relaxed-SIMD flag) accepts the module. */
export function validatesWithFlag(file) {
  const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '-e',
    'process.exit(WebAssembly.validate(require("fs").readFileSync(process.argv[1])) ? 0 : 3)', file], { encoding: 'utf8' });
  return r.status === 0;
}

function main(argv) {
  let wasmDis = 'wasm-dis';
  let checkOnly = false;
  const files = [];
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--wasm-dis') wasmDis = argv[++i];
    else if (argv[i] === '--check-only') checkOnly = true;
    else files.push(argv[i]);
  }
  if (files.length !== 1) {
    console.error('usage: node scripts/patch-relaxed-simd.mjs [--wasm-dis path] [--check-only] file.wasm');
    return 2;
  }
  const file = files[0];
  const name = path.basename(file);
  const fail = (message) => {
    console.error(`patch-relaxed-simd: ${name}: ${message}`);
    if (!checkOnly) fs.rmSync(file, { force: true });   // never leave a module that will not load
    return 1;
  };
  try {
    const bytes = fs.readFileSync(file);
    const { counts, total, standard } = patchModule(bytes);
    if (total === 0 && standard > 0) {
      // Run twice by hand: nothing to do (binaryen 108 could not even read the standard opcodes).
      console.log(`patch-relaxed-simd: ${name}: already patched (${standard} relaxed_madd), nothing to do`);
      return 0;
    }
    const expected = disassemblerCounts(file, wasmDis);
    for (const w of REWRITES) {
      if (counts[w.name] !== expected[w.name]) {
        return fail(`rewrote ${counts[w.name]} ${w.name} but wasm-dis reports ${expected[w.name]}: not patching a module the decoder may have misread`);
      }
    }
    if (total === 0) {
      return fail('no relaxed multiply-add in the code section: was it compiled with -mrelaxed-simd, and does the kernel use __builtin_wasm_fma_*?');
    }
    const summary = REWRITES.map((w) => `${counts[w.name]} ${w.name} -> ${w.standard}`).join(', ');
    if (checkOnly) {
      console.log(`patch-relaxed-simd: ${name}: would rewrite ${summary}`);
      return 0;
    }
    const tmp = `${file}.patching`;
    fs.writeFileSync(tmp, bytes, { mode: fs.statSync(file).mode });
    if (!validatesWithFlag(tmp)) {
      fs.rmSync(tmp, { force: true });
      return fail('the patched module does not validate in Node --experimental-wasm-relaxed-simd');
    }
    fs.renameSync(tmp, file);
    console.log(`patch-relaxed-simd: ${name}: rewrote ${summary} (wasm-dis agrees)`);
    return 0;
  } catch (e) {
    return fail(e.message);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}

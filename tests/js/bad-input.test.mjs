// Bad input to both runners, as an attacker or a careless user gives it: the
// native binary and `node bin/synapse.mjs` print the same bytes and exit with
// the same code (1: refused with one line naming what is wrong), never hang,
// crash or print a stack. Also the data files: one flipped field in a copy
// of mnist-test.bin is refused naming the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, nativeBin, wasmBin } from './helpers.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const xorDoc = {
  lab: 'xor', precision: 'f64', seed: 1, data: { name: 'xor' },
  model: { init: 'numpy_uniform', layers: [{ units: 4, activation: 'sigmoid', bias: false }, { units: 1, activation: 'sigmoid', bias: false }] },
  loss: 'summed_error', optimizer: { type: 'sgd', lr: 1 }, schedule: { iterations: 20 }, report: { every: 10 },
};
const good = JSON.stringify(xorDoc);

/** Writes `bytes` (a string is taken byte for byte as latin1 when `raw`) to a file in dir. */
function file(name, bytes) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  return p;
}

function both(args) {
  const opts = { timeout: 60_000, maxBuffer: 1 << 20 };
  const n = spawnSync(nativeBin, args, opts);
  const w = spawnSync(process.execPath, [wasmBin, ...args], opts);
  return { n: { code: n.status, out: n.stdout.toString('latin1'), err: n.stderr.toString('latin1'), signal: n.signal },
    w: { code: w.status, out: w.stdout.toString('latin1'), err: w.stderr.toString('latin1'), signal: w.signal } };
}

/** Both runners refuse `args` with exit 1 and the same one line, matching `pattern`. */
function refusedAlike(args, pattern) {
  const { n, w } = both(args);
  assert.equal(n.signal, null, `native killed by ${n.signal}`);
  assert.equal(w.signal, null, `wasm killed by ${w.signal}`);
  assert.equal(n.code, 1, `native exit ${n.code}: ${n.err}`);
  assert.deepEqual(w, n, 'node bin/synapse.mjs prints what the native runner prints');
  assert.match(n.err, pattern);
  assert.equal(n.err.split('\n').length, 2, `one line: ${JSON.stringify(n.err)}`);
  assert.ok(n.err.length < 400, `short: ${n.err.length} bytes`);
  assert.doesNotMatch(n.err, /internal error|json\.exception|\x1b/);
  return n.err;
}

test('a device, a directory or a missing file is refused, never read', () => {
  refusedAlike(['run', '/dev/zero'], /^synapse: \/dev\/zero: cannot read file: it is not a regular file/);
  refusedAlike(['run', `${dir}/`], /cannot read file: it is a directory, not a file$/m);
  refusedAlike(['run', path.join(dir, 'missing.json')], /missing\.json: cannot read file: no such file or directory$/m);
});

test('a directory, a device or a FIFO as the experiment, the --load file or a data file is refused alike, naming why', () => {
  const fifo = path.join(dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  const notRegular = /it is not a regular file \(a device, pipe or socket\)$/m;
  for (const f of ['/dev/zero', fifo]) {
    refusedAlike(['run', f], notRegular);
    refusedAlike(['run', 'xor', '--load', f], notRegular);
  }
  refusedAlike(['run', 'xor', '--load', dir], /cannot read file: it is a directory, not a file$/m);
  // data directories: the airline CSV (always read) or MNIST's file a directory, a device, a FIFO, missing
  const dataDir = (name, make) => {
    const d = path.join(dir, `data-${name}`);
    fs.mkdirSync(d);
    make(d);
    return d;
  };
  const airline = (d) => path.join(d, 'airline-passengers.csv');
  const cases = [
    [dataDir('dir', (d) => fs.mkdirSync(airline(d))), /airline-passengers\.csv: it is a directory, not a file$/m],
    [dataDir('zero', (d) => fs.symlinkSync('/dev/zero', airline(d))), notRegular],
    [dataDir('fifo', (d) => assert.equal(spawnSync('mkfifo', [airline(d)]).status, 0)), notRegular],
    [path.join(dir, 'no-such-dir'), /no-such-dir\/airline-passengers\.csv: no such file or directory$/m],
    ['/dev/zero', /^synapse: cannot read \/dev\/zero\/airline-passengers\.csv: a part of the path is not a directory$/m],
  ];
  for (const [d, why] of cases) refusedAlike(['run', 'rnn-airline', '--data-dir', d], why);
  const mnist = dataDir('mnist-dir', (d) => fs.mkdirSync(path.join(d, 'mnist-train.bin')));
  refusedAlike(['run', 'mnist-mlp', '--data-dir', mnist], /^synapse: cannot read .*\/mnist-train\.bin: it is a directory, not a file$/m);
});

test('values in refusals are escaped and shortened: a long knob value, a key with control codes, long and raw CSV cells', () => {
  const digits = '1'.repeat(400);
  refusedAlike(['run', 'xor', '--set', `lr=${digits}`], new RegExp(`got "${'1'.repeat(60)}"\\.\\.\\. \\(400 bytes\\)`));
  refusedAlike(['run', 'xor', '--set', 'a\tb\x1b[2J\u2028=1'], /^synapse: unknown knob "a\\tb\\u001b\[2J\\u2028" \(knobs: /);
  refusedAlike(['run', file('digits.json', good.replace('"lr":1', `"lr":1${'9'.repeat(400)}`))],
    new RegExp(`digits\\.json: optimizer\\.lr: 1${'9'.repeat(59)}\\.\\.\\. \\(401 bytes\\) is too large for a number`));
  const csv = (name, cell) => {
    const d = path.join(dir, `csv-${name}`);
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'airline-passengers.csv'), Buffer.from(`Month,Passengers\n1949-01,112\n1949-02,${cell}\n`, 'latin1'));
    return d;
  };
  refusedAlike(['run', 'rnn-airline', '--data-dir', csv('long', `4${'a'.repeat(4999)}`)],
    new RegExp(`airline-passengers\\.csv line 3: "4${'a'.repeat(59)}"\\.\\.\\. \\(5000 bytes\\) is not a number$`, 'm'));
  refusedAlike(['run', 'rnn-airline', '--data-dir', csv('raw', '1\t2\x1b[31m\x00\xe2\x80\xa8')],
    /airline-passengers\.csv line 3: "1\\t2\\u001b\[31m\\u0000\\u2028" is not a number$/m);
});

test('an experiment file over the cap is refused without reading it all', () => {
  const big = file('big.json', Buffer.alloc((1 << 20) + 1, 0x20));
  refusedAlike(['run', big], /big\.json: cannot read file: it holds more than 1048576 bytes/);
});

test('files are bytes: invalid UTF-8, a NUL and what follows it', () => {
  const bad = file('bad-utf8.json', Buffer.concat([Buffer.from(good.replace('"xor"}', '"xor\xff"}'), 'latin1')]));
  refusedAlike(['run', bad], /bad-utf8\.json: .*invalid string: ill-formed UTF-8 byte/);
  const nul = file('nul.json', Buffer.concat([Buffer.from(good), Buffer.from([0]), Buffer.from('{"x": 1}')]));
  refusedAlike(['run', nul], /nul\.json: line 1, column \d+: a NUL byte/);
});

test('deep nesting, huge numbers, duplicate keys and an unknown lab name the field', () => {
  refusedAlike(['run', file('deep.json', `{"lab": ${'['.repeat(100000)}${']'.repeat(100000)}}`)],
    /deep\.json: lab(\[0\])+.*: nested deeper than 64 levels/);
  refusedAlike(['run', file('huge.json', good.replace('"lr":1', '"lr":1e309'))],
    /huge\.json: optimizer\.lr: 1e309 is too large for a number/);
  refusedAlike(['run', file('tiny.json', good.replace('"lr":1', '"lr":1e-400'))],
    /tiny\.json: optimizer\.lr: 1e-400 is too small: it would read as 0/);
  refusedAlike(['run', file('dup.json', good.replace('"seed":1', '"seed":1,"seed":2'))],
    /dup\.json: experiment: key "seed" given twice/);
  refusedAlike(['run', file('lab.json', good.replace('"lab":"xor"', '"lab":"x\\ny\\u001b[2J"'))],
    /lab\.json: lab: unknown lab "x\\ny\\u001b\[2J"/);
});

test('a --set into a field of another type, or a lenient value, names the knob', () => {
  const doc = file('opt5.json', JSON.stringify({ ...xorDoc, optimizer: 5 }));
  refusedAlike(['run', doc, '--set', 'lr=2'], /opt5\.json: lr: cannot set optimizer\.lr in this experiment: optimizer is a number/);
  for (const v of ['0x10', '0x1p3', ' 1', '+1', '1e-400']) refusedAlike(['run', 'xor', '--set', `lr=${v}`], /^synapse: lr: must be a finite number/);
  refusedAlike(['run', 'xor', '--set', 'iterations=+10'], /^synapse: iterations: must be an integer/);
  const long = refusedAlike(['run', 'xor', '--set', `activation=relu\n${'a'.repeat(100000)}`], /got "relu\\naaa/);
  assert.match(long, /\.\.\. \(100005 bytes\)/);
});

test('an unwritable --save is refused alike, at the same moment, naming why', () => {
  const run = ['run', 'xor', '--set', 'iterations=20000'];
  const missing = /: cannot write file: no such file or directory$/m;
  // what the run printed before it stopped is printed by both (refusedAlike compares stdout too)
  assert.match(refusedAlike([...run, '--save', '/nonexistent/x.state'], missing), /^synapse: \/nonexistent\/x\.state: /);
  // --stop-at writes before saying "Stopped at step N": the refusal comes instead of it
  refusedAlike([...run, '--stop-at', '10000', '--save', '/nonexistent/x.state'], missing);
  assert.doesNotMatch(both([...run, '--stop-at', '10000', '--save', '/nonexistent/x.state']).w.out, /Stopped/);
  refusedAlike([...run, '--save', dir], /cannot write file: it is a directory, not a file$/m);
  refusedAlike([...run, '--save', path.join(dir, 'missing-dir', 'x.state')], missing);
});

test('an unwritable --samples grid (at the end, or the first of every N steps) is refused alike', { skip: !fs.existsSync(path.join(root, 'build/data/mnist-train.bin')) }, () => {
  const gan = ['run', 'gan-mnist', '--set', 'iterations=2', '--set', 'g_hidden=16', '--set', 'd_hidden=16', '--format', 'jsonl'];
  refusedAlike([...gan, '--samples', '/nonexistent/grid.png'], /^synapse: \/nonexistent\/grid\.png: cannot write file: no such file or directory$/m);
  refusedAlike([...gan, '--samples', dir], /cannot write file: it is a directory, not a file$/m);
  refusedAlike([...gan, '--samples', '/nonexistent/grid.png', '--samples-every', '1'], /^synapse: \/nonexistent\/grid-1\.png: cannot write file: no such file or directory$/m);
});

test('--data-dir "" is refused by both', () => {
  refusedAlike(['run', 'xor', '--data-dir', ''], /^synapse: --data-dir: needs a directory/);
});

test('a data file whose header disagrees with its partner is refused naming the field', { skip: !fs.existsSync(path.join(root, 'build/data/mnist-test.bin')) }, () => {
  const data = path.join(root, 'build/data');
  const fnv = (b) => { let h = 2166136261; for (const x of b) h = Math.imul(h ^ x, 16777619) >>> 0; return h; };
  const variants = {
    flip: { edit: (b) => b.writeUInt32LE(11, 36), rehash: false, error: /mnist-test\.bin: header hash mismatch \(corrupt header\)/ },
    classes: { edit: (b) => b.writeUInt32LE(11, 36), rehash: true, error: /mnist-train\.bin and mnist-test\.bin disagree on classes: 10 and 11/ },
    shape: { edit: (b) => { b.writeUInt32LE(14, 20); b.writeUInt32LE(56, 24); }, rehash: true,
      error: /disagree on the shape of an example: \(28, 28\) and \(14, 56\)/ },
    payload: { edit: (b) => { b[1000] ^= 1; }, rehash: false, error: /mnist-test\.bin: payload hash mismatch/ },
  };
  for (const [name, v] of Object.entries(variants)) {
    const d = path.join(dir, `data-${name}`);
    fs.mkdirSync(d);
    fs.symlinkSync(path.join(data, 'mnist-train.bin'), path.join(d, 'mnist-train.bin'));
    const b = fs.readFileSync(path.join(data, 'mnist-test.bin'));
    v.edit(b);
    if (v.rehash) b.writeUInt32LE(fnv(b.subarray(0, 52)), 52);
    fs.writeFileSync(path.join(d, 'mnist-test.bin'), b);
    const { n, w } = both(['run', 'mnist-mlp', '--data-dir', d, '--set', 'epochs=1', '--set', 'train_limit=100']);
    for (const [who, r] of [['native', n], ['wasm', w]]) {
      assert.equal(r.code, 1, `${name}, ${who}: ${r.err}`);
      assert.match(r.err, v.error, `${name}, ${who}`);
      assert.equal(r.out, '', `${name}, ${who}: nothing trained`);
    }
  }
});

test('a loss that explodes far above its start ends diverging, not done, in both runners', { skip: !fs.existsSync(path.join(root, 'build/data/mnist-train.bin')) }, () => {
  const args = ['run', 'mnist-mlp', '--set', 'optimizer=adam', '--set', 'lr=100', '--set', 'train_limit=1000', '--set', 'epochs=1'];
  const { n, w } = both([...args, '--format', 'jsonl']);
  assert.equal(n.code, 3, n.err);
  assert.deepEqual(w, n);
  const last = JSON.parse(n.out.trim().split('\n').at(-1));
  assert.equal(last.diverging, true);
  assert.ok(last.diverging_loss > 1e4 * 2, `${last.diverging_loss}`);
  const text = both(args);
  assert.equal(text.n.code, 3);
  assert.match(text.n.out, /\ndiverging: the training loss rose to [\d.e+]+ at step \d+, over 10000 times its first value [\d.]+ \(the learning rate 100 is likely too large\)\n$/);
  assert.deepEqual(text.w.out.split('\n').filter((l) => !l.includes('s -')), text.n.out.split('\n').filter((l) => !l.includes('s -')));
});

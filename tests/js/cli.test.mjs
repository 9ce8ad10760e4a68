// The command line on both builds: reports, exit codes and one-line errors.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runNative, runWasmCli } from './helpers.mjs';

const runners = { native: runNative, wasm: runWasmCli };
const dir = mkdtempSync(join(tmpdir(), 'synapse-cli-'));

for (const [name, run] of Object.entries(runners)) {
  test(`${name}: text output is the post's`, () => {
    const r = run(['run', 'xor']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'Training With Alpha:1');
    assert.equal(lines[1], 'Error after 0 iterations:0.496410031903');   // the post prints this
    assert.match(lines[6], /^Error after 50000 iterations:0\.00\d+$/);
    assert.ok(lines.includes('Output After Training:'));
  });

  test(`${name}: jsonl reports and a final done line`, () => {
    const r = run(['run', 'xor-warmup', '--format', 'jsonl']);
    assert.equal(r.code, 0, r.err);
    const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.slice(0, -1).map((x) => x.step), [0, 10000]);
    const done = rows.at(-1);
    assert.equal(done.done, true);
    assert.equal(done.step, 10000);
    // The post's warm-up ends near [0.005, 0.005, 0.995, 0.995].
    const expect = [0.005, 0.005, 0.995, 0.995];
    done.outputs.forEach((v, i) => assert.ok(Math.abs(v - expect[i]) < 0.001, `output ${i}: ${v}`));
  });

  const bad = [
    [["run", "xox"], /^synapse: unknown preset "xox" \(known: xor, xor-warmup, mnist-mlp/],
    [['run', 'xor', '--set', 'alfa=1'], /unknown knob "alfa"/],
    [['run', 'xor', '--set', 'hidden=0'], /^synapse: hidden: must be up to 8 comma-separated integers in 1\.\.4096, got "0"\n$/],
    [['run', 'xor', '--set', 'hidden=1e9'], /hidden: must be up to 8 comma-separated integers in 1\.\.4096, got "1e9"/],
    [['run', 'xor', '--set', 'alpha=nan'], /alpha: must be a finite number in \(0, 1000000\], got "nan"/],
    [['run', 'xor', '--set', 'iterations=-5'], /iterations: must be an integer in 1\.\.100000000, got "-5"/],
    [['run', 'xor', '--set', 'alpha'], /--set: expected knob=value, got "alpha"/],
    [['run', 'xor', '--format', 'xml'], /--format: must be one of text\|jsonl/],
    [['run'], /which preset or experiment file/],
    [['fly'], /unknown command "fly"/],
  ];
  for (const [args, message] of bad) {
    test(`${name}: ${args.join(' ')} is refused with a clear message`, () => {
      const r = run(args);
      assert.equal(r.code, 1);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    });
  }

  test(`${name}: a malformed experiment file names the position`, () => {
    const file = join(dir, `broken-${name}.json`);
    writeFileSync(file, '{\n  "lab": "xor",\n  "seed": ,\n}\n');
    const r = run(['run', file]);
    assert.equal(r.code, 1);
    assert.match(r.err, /broken-\w+\.json: seed: parse error at line 3, column 11/);
  });

  test(`${name}: an experiment file runs and takes --set`, () => {
    const file = join(dir, `ok-${name}.json`);
    const doc = {
      lab: 'xor', precision: 'f64', seed: 1, data: { name: 'xor' },
      model: { init: 'numpy_uniform', layers: [
        { name: 'synapse_0', units: 4, activation: 'sigmoid', bias: false },
        { name: 'synapse_1', units: 1, activation: 'sigmoid', bias: false }] },
      loss: 'summed_error', optimizer: { type: 'sgd', lr: 1 },
      schedule: { iterations: 60000 }, report: { every: 10000 },
    };
    writeFileSync(file, JSON.stringify(doc));
    const fromFile = run(['run', file, '--set', 'alpha=10', '--format', 'jsonl']);
    const fromPreset = run(['run', 'xor', '--set', 'alpha=10', '--format', 'jsonl']);
    assert.equal(fromFile.code, 0, fromFile.err);
    // Same numbers; the preset also counts update flips.
    const strip = (s) => s.trim().split('\n').slice(0, -1).join('\n');
    assert.equal(strip(fromFile.out), strip(fromPreset.out));
    doc.model.layers[0].units = 0;
    writeFileSync(file, JSON.stringify(doc));
    const bad = run(['run', file]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /model\.layers\[0\]\.units: must be an integer in 1\.\.65536, got 0/);
  });

  test(`${name}: a diverging run stops and says where`, () => {
    const args = ['run', 'xor', '--set', 'activation=linear', '--set', 'output=linear', '--set', 'alpha=1'];
    const text = run(args);
    assert.equal(text.code, 3);
    assert.match(text.out, /diverged at step \d+: the loss became NaN or infinite \(alpha 1 is likely too large\)\n$/);
    assert.doesNotMatch(text.out, /NaN\n|iterations:nan/i);
    const jsonl = run([...args, '--format', 'jsonl']);
    const last = JSON.parse(jsonl.out.trim().split('\n').at(-1));
    assert.deepEqual(Object.keys(last), ['done', 'step', 'diverged']);
    assert.equal(last.diverged, true);
  });
}

for (const [name, run] of Object.entries(runners)) {
  test(`${name}: synapse data lists the data sets and prints one as CSV`, () => {
    const list = run(['data']);
    assert.equal(list.code, 0, list.err);
    const names = list.out.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(names, ['xor', 'xor-warmup', 'mnist-train', 'mnist-test', 'autoencoder-train',
      'autoencoder-test', 'autoencoder-noisy', 'autoencoder-wrong', 'airline', 'curve-hills', 'curve-wave', 'curve-step',
      'curve-book']);
    const xor = run(['data', 'xor']);
    assert.equal(xor.out, 'x1,x2,x3,y\n0,0,1,0\n0,1,1,1\n1,0,1,1\n1,1,1,0\n');
    // The notebook's first training point, as Python prints it (tests/golden/autoencoder_data.json).
    const points = run(['data', 'autoencoder-train', '--rows', '2']);
    assert.equal(points.code, 0, points.err);
    const rows = points.out.trim().split('\n');
    assert.equal(rows.length, 3);
    assert.equal(rows[0], 'x,y');
    assert.equal(rows[1], '0.5759914575229014,0.23918517219806135');
    const all = run(['data', 'autoencoder-test']);
    assert.equal(all.out.trim().split('\n').length, 2001);
    // The LSTM lab's series, as the CSV has it
    const airline = run(['data', 'airline', '--rows', '2']);
    assert.equal(airline.out, 'month,passengers\n1949-01,112\n1949-02,118\n');
    const bad = run(['data', 'airlines']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^synapse: unknown data set "airlines" \(known: xor, .*autoencoder-wrong, airline, curve-hills, .*curve-book\)\n$/);
    const badRows = run(['data', 'xor', '--rows', 'ten']);
    assert.equal(badRows.code, 1);
    assert.match(badRows.err, /--rows: must be an integer in 0\.\.100000000, got "ten"/);
  });

  test(`${name}: the autoencoder prints the notebook's line`, () => {
    const r = run(['run', 'autoencoder', '--set', 'epochs=3']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.match(lines.at(-2), /^100\/100 - [\d.]+s - loss: 0\.\d{4} - val_loss: 0\.\d{4}$/);
    assert.match(lines.at(-1), /^Clean loss = 0\.\d{4}, Test loss = 0\.\d{4} Noisy loss = 0\.\d{4}, Wrong loss = 0\.\d{4}$/);
  });
}

// A run's state (engine/train/state.h): stopped, saved, loaded, it prints and
// ends as the run never stopped; the file from one build loads in the other;
// another experiment's file or a damaged one is refused in one line.
const xorArgs = ['run', 'xor', '--set', 'iterations=20000', '--format', 'jsonl'];
for (const [name, run] of Object.entries(runners)) {
  test(`${name}: --stop-at and --save, then --load, continue the run bit-identically`, () => {
    const whole = run(xorArgs);
    assert.equal(whole.code, 0, whole.err);
    const file = join(dir, `${name}.state`);
    const first = run([...xorArgs, '--stop-at', '7777', '--save', file]);
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out.trim().split('\n').at(-1), '{"stopped":true,"step":7777}');
    const resumed = run([...xorArgs, '--load', file]);
    assert.equal(resumed.code, 0, resumed.err);
    assert.equal(resumed.out, whole.out);
    const other = name === 'native' ? 'wasm' : 'native';   // one format for both builds
    const crossed = runners[other]([...xorArgs, '--load', file]);
    assert.equal(crossed.out, whole.out, crossed.err);
  });

  test(`${name}: a state file from another experiment, truncated or altered, is refused`, () => {
    const file = join(dir, `${name}-refused.state`);
    assert.equal(run([...xorArgs, '--stop-at', '100', '--save', file]).code, 0);
    const wider = run([...xorArgs, '--set', 'hidden=8', '--load', file]);
    assert.equal(wider.code, 1);
    assert.equal(wider.err, `synapse: ${file}: saved state: shape of synapse_0: file (3, 4), model (3, 8)\n`);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    assert.match(run([...xorArgs, '--load', file]).err, /saved state: the file is \d+ bytes, its header says \d+ \(truncated\)\n$/);
    bytes[bytes.length >> 1] ^= 4;
    writeFileSync(file, bytes);
    assert.match(run([...xorArgs, '--load', file]).err, /the file's hash does not match its contents \(altered or damaged\)\n$/);
    assert.match(run([...xorArgs, '--load', join(dir, 'none.state')]).err, /none\.state: cannot read file: no such file or directory\n$/);
  });
}

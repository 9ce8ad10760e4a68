// Every preset saves and resumes (engine/train/state.h), natively and in WASM:
// a run stopped a little past its middle, saved by one build and loaded by
// the other, prints what the run never stopped prints (jsonl, every report
// and the last line), and both builds write the same bytes to the file. Also
// what presets leave off by default: the full-batch optimizers, learning-rate
// schedules, early stopping. Knobs keep each run small.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, runNative, runWasmCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'synapse-state-'));
const presets = JSON.parse(runNative(['presets', '--format', 'json']).out);

function smallKnobs(lab) {
  if (lab === 'xor' || lab === 'universality') return { iterations: 40 };
  // smaller networks, for time (the full-size GAN's 40 MB state: the test after this one)
  if (lab === 'gan') return { iterations: 6, batch_size: 16, g_hidden: '64,128', d_hidden: '128,64' };
  if (lab === 'mnist') return { train_limit: 200, epochs: 2, batch_size: 50 };
  if (lab === 'cnn') return { train_limit: 100, epochs: 2, batch_size: 25 };
  return { epochs: 2 };   // the autoencoder, the LSTMs
}

const cases = presets.map((p) => [p.name, smallKnobs(p.lab)]);
for (const optimizer of ['annealing', 'bfgs', 'lbfgs']) cases.push(['xor', { iterations: 40, optimizer }]);
const ch3 = { train_limit: 300, batch_size: 50, epochs: 4, lr_every: 1 };
cases.push(['mnist-nielsen-ch3', { ...ch3, lr_schedule: 'plateau' }]);
cases.push(['mnist-nielsen-ch3', { ...ch3, lr_schedule: 'step', patience: 1, lr: 8 }]);

test('every preset (and the optimizers, schedules and early stopping presets leave off) resumes bit-identically in both builds, from either build\'s file', () => {
  assert.ok(presets.length >= 19, `${presets.length} presets`);
  cases.forEach(([preset, knobs], i) => {
    const args = ['run', preset, ...Object.entries(knobs).flatMap(([k, v]) => ['--set', `${k}=${v}`]), '--format', 'jsonl'];
    const what = args.join(' ');
    // The CNN lab's end measures the 10,000 test images (seconds of
    // convolutions): its runs stop one step short of it, whole and resumed.
    const short = presets.find((p) => p.name === preset).lab === 'cnn';
    const end = short ? ['--stop-at', String(knobs.train_limit / knobs.batch_size * knobs.epochs - 1)] : [];
    const whole = runNative([...args, ...end]);
    assert.equal(whole.code, 0, `${what}: ${whole.err}`);
    const steps = JSON.parse(whole.out.trim().split('\n').at(-1)).step;
    const stop = String(Math.floor(steps * 3 / 5) + (steps > 5 ? 1 : 0));
    const files = { native: join(dir, `${i}-native.state`), wasm: join(dir, `${i}-wasm.state`) };
    for (const [name, run] of [['native', runNative], ['wasm', runWasmCli]]) {
      const first = run([...args, '--stop-at', stop, '--save', files[name]]);
      assert.equal(first.code, 0, `${name} ${what}: ${first.err}`);
      assert.equal(first.out.trim().split('\n').at(-1), `{"stopped":true,"step":${stop}}`, `${name} ${what}`);
    }
    assert.ok(readFileSync(files.native).equals(readFileSync(files.wasm)), `${what}: the two builds' files differ`);
    for (const [name, run, file] of [['native', runNative, files.wasm], ['wasm', runWasmCli, files.native]]) {
      const resumed = run([...args, '--load', file, ...end]);
      assert.equal(resumed.code, 0, `${name} ${what}: ${resumed.err}`);
      assert.equal(resumed.out, whole.out, `${name} resuming ${what}`);
    }
  });
});

// The full-size GAN's state is 40 MB: bin/synapse.mjs hands it to the engine
// as bytes (bindings/facade.mjs runCli) and gets the saved one back as a view
// of the engine's memory, within WASM's 512 MB (it once went as JSON text and
// ran out of memory). Two steps, saved, and two more from the file.
test('a full-size gan-mnist state (40 MB) saved by either build is loaded by the other and continues byte-identically', { skip: !existsSync(join(root, 'build/data/mnist-train.bin')) }, () => {
  const args = ['run', 'gan-mnist', '--set', 'iterations=4', '--format', 'jsonl'];
  const whole = runNative(args);
  assert.equal(whole.code, 0, whole.err);
  const files = { native: join(dir, 'gan-full-native.state'), wasm: join(dir, 'gan-full-wasm.state') };
  for (const [name, run] of [['native', runNative], ['wasm', runWasmCli]]) {
    const first = run([...args, '--stop-at', '2', '--save', files[name]]);
    assert.equal(first.code, 0, `${name}: ${first.err}`);
    assert.equal(first.out.trim().split('\n').at(-1), '{"stopped":true,"step":2}', name);
  }
  const saved = readFileSync(files.native);
  assert.ok(saved.length > 40e6, `${saved.length} bytes: the full-size networks`);
  assert.ok(saved.equals(readFileSync(files.wasm)), 'the two builds\' files differ');
  for (const [name, run, file] of [['native', runNative, files.wasm], ['wasm', runWasmCli, files.native]]) {
    const resumed = run([...args, '--load', file]);
    assert.equal(resumed.code, 0, `${name}: ${resumed.err}`);
    assert.equal(resumed.out, whole.out, `${name} resuming`);
  }
});

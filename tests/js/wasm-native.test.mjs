// Native and WASM give the same bits: the whole XOR alpha sweep, both
// precisions, an MNIST run, the CNN, the autoencoder, the LSTM and GAN presets, compared as the jsonl
// bytes each runner prints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alphas, engineInProcess, root, runCliCaptured, runNative, runWasmCli } from './helpers.mjs';

const engine = await engineInProcess();

for (const precision of ['f64', 'f32']) {
  for (const hidden of ['4', '32']) {
    test(`XOR sweep ${precision} hidden ${hidden}: WASM jsonl is byte-identical to native`, () => {
      for (const alpha of alphas) {
        const args = ['run', 'xor', '--set', `alpha=${alpha}`, '--set', `hidden=${hidden}`,
                      '--set', `precision=${precision}`, '--format', 'jsonl'];
        const native = runNative(args);
        const wasm = runCliCaptured(engine, args);
        assert.equal(native.code, 0, native.err);
        assert.equal(wasm.code, 0, wasm.err);
        assert.equal(wasm.out, native.out, `alpha ${alpha}`);
        assert.equal(native.out.trim().split('\n').length, 8);   // steps 0..60000 and done
      }
    });
  }
}

test('every optimizer on XOR (the optimizer knob\'s choices, both precisions): WASM jsonl is byte-identical to native', () => {
  const presets = JSON.parse(runNative(['presets', '--format', 'json']).out);
  const knob = presets.find((p) => p.name === 'xor').knobs.find((k) => k.name === 'optimizer');
  const names = knob.choices;
  assert.ok(names.length >= 10 && ['annealing', 'bfgs', 'lbfgs'].every((n) => names.includes(n)), knob.range);
  for (const name of names) {
    for (const precision of ['f64', 'f32']) {
      const args = ['run', 'xor', '--set', `optimizer=${name}`, '--set', 'lr=0.5', '--set', `precision=${precision}`,
                    '--set', 'iterations=20000', '--format', 'jsonl'];
      const native = runNative(args);
      const wasm = runCliCaptured(engine, args);
      assert.equal(native.code, 0, native.err);
      assert.equal(wasm.code, 0, wasm.err);
      assert.equal(wasm.out, native.out, `${name} ${precision}`);
    }
  }
});

test('node bin/synapse.mjs prints the same bytes as the native binary', () => {
  for (const args of [
    ['run', 'xor', '--set', 'alpha=10', '--set', 'hidden=32', '--format', 'jsonl'],
    ['run', 'xor-warmup', '--format', 'jsonl'],
    ['run', 'xor', '--set', 'precision=f32'],
    ['presets'],
  ]) {
    const native = runNative(args);
    const wasm = runWasmCli(args);
    assert.equal(native.code, 0);
    assert.equal(wasm.code, 0, wasm.err);
    assert.equal(wasm.out, native.out, args.join(' '));
  }
});

test('f32 runs but is not the f64 run', () => {
  const f64 = runNative(['run', 'xor', '--set', 'alpha=100', '--format', 'jsonl']).out;
  const f32 = runNative(['run', 'xor', '--set', 'alpha=100', '--set', 'precision=f32', '--format', 'jsonl']).out;
  assert.notEqual(f32, f64);
  const last = (s) => JSON.parse(s.trim().split('\n').at(-2)).error;
  assert.ok(Number.isFinite(last(f32)));
});

test('an MNIST run (float32, Adam, softmax cross-entropy) is byte-identical natively and in WASM', () => {
  const args = ['run', 'mnist-mlp', '--set', 'train_limit=3000', '--set', 'epochs=2', '--set', 'dropout=0.1',
                '--format', 'jsonl', '--confusion'];
  const native = runNative(args);
  const wasm = runWasmCli(args);
  assert.equal(native.code, 0, native.err);
  assert.equal(wasm.code, 0, wasm.err);
  assert.equal(wasm.out, native.out);
  const done = JSON.parse(native.out.trim().split('\n').at(-1));
  assert.ok(done.test_accuracy > 0.85, `test accuracy ${done.test_accuracy}`);
  // The confusion matrix covers the 10,000 test digits and its diagonal is the accuracy.
  assert.equal(done.confusion.length, 10);
  const total = done.confusion.flat().reduce((a, b) => a + b, 0);
  const right = done.confusion.reduce((a, row, i) => a + row[i], 0);
  assert.equal(total, 10000);
  assert.equal(right / 10000, done.test_accuracy);
});

test('the MNIST chapter 3 toolbox and the chapter 5 presets are byte-identical natively and in WASM', () => {
  const small = ['--set', 'train_limit=600', '--format', 'jsonl'];
  for (const args of [
    ['run', 'mnist-nielsen-ch3', '--set', 'epochs=8', '--set', 'l1=0.0001', '--set', 'expand=on', '--set', 'patience=2',
     '--set', 'digits=0,1,7', ...small],
    ['run', 'mnist-nielsen-ch3', '--set', 'epochs=40', '--set', 'lr_schedule=plateau', '--set', 'lr_every=1', ...small],
    ['run', 'mnist-mlp', '--set', 'epochs=3', '--set', 'lr_schedule=exponential', '--set', 'lr_factor=0.7', ...small],
    ['run', 'mnist-deep-4', '--set', 'epochs=2', ...small],
  ]) {
    const native = runNative(args);
    const wasm = runWasmCli(args);
    assert.equal(native.code, 0, native.err);
    assert.equal(wasm.code, 0, wasm.err);
    assert.equal(wasm.out, native.out, args.join(' '));
  }
});

test('the CNN presets (conv, pooling, MNIST as images, the expanded data) are byte-identical natively and in WASM', () => {
  for (const args of [
    ['run', 'mnist-cnn', '--set', 'epochs=1', '--set', 'train_limit=2000', '--format', 'jsonl'],
    ['run', 'mnist-cnn-book', '--set', 'epochs=1', '--set', 'train_limit=600', '--set', 'conv_blocks=2',
     '--set', 'activation=relu', '--set', 'lr=0.03', '--set', 'l2=0.00001', '--set', 'expand=on',
     '--set', 'dropout=0.5', '--set', 'pool2=l2', '--format', 'jsonl'],
  ]) {
    const native = runNative(args);
    const wasm = runWasmCli(args);
    assert.equal(native.code, 0, native.err);
    assert.equal(wasm.code, 0, wasm.err);
    assert.equal(wasm.out, native.out, args[1]);
    const done = JSON.parse(native.out.trim().split('\n').at(-1));
    assert.deepEqual(Object.keys(done), ['done', 'step', 'test_loss', 'test_accuracy'], args[1]);
    assert.ok(done.test_accuracy > 0.5, `${args[1]}: test accuracy ${done.test_accuracy}`);
  }
});

test('the autoencoder preset (200 epochs, SGD, mse, two parts) is byte-identical natively and in WASM', () => {
  const args = ['run', 'autoencoder', '--format', 'jsonl'];
  const native = runNative(args);
  const wasm = runCliCaptured(engine, args);
  assert.equal(native.code, 0, native.err);
  assert.equal(wasm.code, 0, wasm.err);
  assert.equal(wasm.out, native.out);
  const lines = native.out.trim().split('\n');
  assert.equal(lines.length, 201);   // 200 epochs and the done line
  const done = JSON.parse(lines.at(-1));
  assert.deepEqual(Object.keys(done), ['done', 'step', 'clean_loss', 'test_loss', 'noisy_loss', 'wrong_loss']);
});

test('the universality presets (built-in curves, the construction, a drawn curve) are byte-identical natively and in WASM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-curve-'));
  try {
    const xy = new Float64Array(2 * 37);   // a drawn curve: 37 points, uneven in x, given out of order
    for (let i = 0; i < 37; i++) {
      const x = ((i * 17) % 37) / 36.5;
      xy[2 * i] = x;
      xy[2 * i + 1] = 0.2 + 0.6 * x * x * (1 - x) * 4 * (1 - 0.5 * x);
    }
    const bytes = new Uint8Array(xy.buffer);
    writeFileSync(join(dir, 'drawn-curve.f64'), bytes);
    engine.provideDataFile('drawn-curve.f64', bytes);
    for (const [preset, knobs] of [['universality', ['iterations=3000']], ['universality', ['curve=wave', 'hidden=7', 'iterations=2000']],
      ['universality', ['curve=book', 'iterations=1500']], ['universality-bumps', ['curve=hills', 'iterations=500']],
      ['universality', ['curve=drawn', 'iterations=2000']], ['universality-bumps', ['curve=drawn', 'hidden=9', 'steepness=300']]]) {
      const args = ['run', preset, ...knobs.flatMap((k) => ['--set', k]), '--format', 'jsonl'];
      const native = runNative([...args, '--data-dir', dir]);
      const wasm = runCliCaptured(engine, args);
      assert.equal(native.code, 0, native.err);
      assert.equal(wasm.code, 0, wasm.err);
      assert.equal(wasm.out, native.out, args.join(' '));
      assert.ok(JSON.parse(native.out.trim().split('\n')[0]).error > 0, args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the LSTM presets (recurrent layers, stateful memory, the airline CSV) are byte-identical natively and in WASM', () => {
  engine.provideDataFile('airline-passengers.csv', readFileSync(`${root}build/data/airline-passengers.csv`));
  for (const [preset, epochs] of [['lstm-airline', 3], ['lstm-airline-steps', 2], ['lstm-airline-stateful', 20],
    ['lstm-airline-stacked', 10], ['rnn-airline', 3]]) {
    const args = ['run', preset, '--set', `epochs=${epochs}`, '--format', 'jsonl'];
    const native = runNative(args);
    const wasm = runCliCaptured(engine, args);
    assert.equal(native.code, 0, native.err);
    assert.equal(wasm.code, 0, wasm.err);
    assert.equal(wasm.out, native.out, preset);
    const done = JSON.parse(native.out.trim().split('\n').at(-1));
    assert.deepEqual(Object.keys(done), ['done', 'step', 'train_rmse', 'test_rmse'], preset);
    assert.ok(done.train_rmse > 0 && done.test_rmse > 0, preset);
  }
});

test('a GAN run (two parts, two optimizers, the frozen discriminator) and its samples PNG are byte-identical natively and in WASM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-gan-'));
  const run = (runner, name) => runner(['run', 'gan-mnist', '--set', 'steps=150', '--set', 'batch_size=32', '--set', 'g_hidden=64,128',
    '--set', 'd_hidden=128,64,32', '--format', 'jsonl', '--samples', join(dir, `${name}.png`)]);
  const native = run(runNative, 'native');
  const wasm = run(runWasmCli, 'wasm');
  assert.equal(native.code, 0, native.err);
  assert.equal(wasm.code, 0, wasm.err);
  assert.equal(wasm.out, native.out);
  const rows = native.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((r) => r.step), [128, 150, 150]);
  assert.deepEqual(Object.keys(rows[0]), ['step', 'd_loss', 'g_loss', 'd_real', 'd_fake']);
  const png = readFileSync(join(dir, 'native.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), 302);   // IHDR width: 10 digits of 28 and 11 gaps of 2
  assert.ok(png.equals(readFileSync(join(dir, 'wasm.png'))), 'the two runners drew different samples');
  rmSync(dir, { recursive: true, force: true });
});

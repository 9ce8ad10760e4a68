// The opt-in relaxed-SIMD build (build/wasm/engine-relaxed.{mjs,wasm}) loaded
// through bindings/node.mjs: it trains a short MNIST run to the reference
// build's figures within a tolerance and reproduces its own bits; where the
// runtime cannot run it, loadEngine falls back to the reference build and
// says so. Node takes --experimental-wasm-relaxed-simd only at startup, so
// each load is a child process (tests/js/relaxed-run.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadEngine, RELAXED_UNSUPPORTED } from '../../bindings/node.mjs';
import { relaxedMaddIsFused, trainShort } from './relaxed-run.mjs';

const runner = fileURLToPath(new URL('./relaxed-run.mjs', import.meta.url));
const FLAG = '--experimental-wasm-relaxed-simd';

function child(nodeArgs, args) {
  const r = spawnSync(process.execPath, [...nodeArgs, runner, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `relaxed-run.mjs ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

// The reference build, in this process (no flag needed).
const reference = trainShort(await loadEngine());

test('the relaxed-SIMD build trains MNIST to the reference figures (within tolerance) and repeats its own bits', () => {
  const a = child([FLAG], ['relaxed']);
  const b = child([FLAG], ['relaxed']);
  assert.equal(a.build, 'relaxed-simd');
  assert.equal(a.fallback, null);
  // Reproducible within itself: every parameter and every figure, bit for bit.
  assert.equal(b.paramsHash, a.paramsHash);
  assert.deepEqual(b.report, a.report);
  // Against the reference: the two builds differ only in how the gemm rounds
  // (one rounding per multiply-add instead of two), a relative 1e-7 per
  // product. After 16 Adam steps the losses agreed to ~1e-8 relative when
  // measured; 1e-4 leaves room for other data or CPUs and still catches a
  // kernel that computes something else (percent-level changes). Test
  // accuracy over 10,000 digits may move by a digit near a class boundary.
  const ref = reference.report;
  for (const key of ['loss', 'test_loss']) {
    assert.ok(Math.abs(a.report[key] - ref[key]) <= 1e-4 * Math.abs(ref[key]), `${key}: relaxed ${a.report[key]}, reference ${ref[key]}`);
  }
  for (const key of ['accuracy', 'test_accuracy']) {
    assert.ok(Math.abs(a.report[key] - ref[key]) <= 0.002, `${key}: relaxed ${a.report[key]}, reference ${ref[key]}`);
  }
  assert.ok(ref.test_accuracy > 0.7, `reference test accuracy ${ref.test_accuracy}`);
  // Where the runtime fuses the multiply-add (V8 on a CPU with FMA, as here),
  // the relaxed run must differ from the reference somewhere: else the build
  // is not using it. Where it does not fuse, the two are the same bits.
  if (a.fused) assert.notEqual(a.paramsHash, reference.paramsHash, 'fused multiply-add, yet the parameters are the reference build\'s bits');
  else {
    console.log('# relaxed madd is not fused on this machine: the relaxed build computes the reference bits');
    assert.equal(a.paramsHash, reference.paramsHash);
  }
});

test('without the runtime flag, asking for relaxed SIMD loads the reference build and says why', () => {
  const r = child([], ['relaxed']);
  assert.equal(r.fused, null);                 // this Node cannot run relaxed SIMD at all
  assert.equal(r.build, 'simd128');
  assert.equal(r.fallback, RELAXED_UNSUPPORTED);
  assert.equal(r.paramsHash, reference.paramsHash);   // and it is the bit-identical build
});

test('a relaxed build that does not validate (WebAssembly.validate forced false) falls back to the reference build', () => {
  const r = child([FLAG], ['relaxed', '--force-invalid']);
  assert.equal(r.build, 'simd128');
  assert.equal(r.fallback, RELAXED_UNSUPPORTED);
  assert.equal(r.paramsHash, reference.paramsHash);
});

test('the default request loads the reference build, flag or not', () => {
  const r = child([FLAG], ['default']);
  assert.equal(r.build, 'simd128');
  assert.equal(r.fallback, null);
  assert.equal(r.paramsHash, reference.paramsHash);
});

test('this process (no flag) has no relaxed SIMD, so in-process loads fall back too', async () => {
  assert.equal(relaxedMaddIsFused(), null);
  const engine = await loadEngine(undefined, {}, { simd: 'relaxed' });
  assert.equal(engine.build, 'simd128');
  assert.equal(engine.fallback, RELAXED_UNSUPPORTED);
  await assert.rejects(loadEngine(undefined, {}, { simd: 'fast' }), /simd must be 'default' or 'relaxed'/);
});

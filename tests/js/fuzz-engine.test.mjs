// Fuzzing the engine's readers in-process through the WASM module (issue 16), each on seeded
// generated inputs (./fuzz/gen.mjs): the experiment-file parser (Session.configureDocument: the
// strict JSON reader, then the experiment's fields), the saved-model reader (Session.loadState,
// engine/train/state.h) and the data-file readers (provideDataFile, then configure: the SYND
// image files, engine/data/dataset_file.h, and the airline CSV). Never a trap (a
// WebAssembly.RuntimeError or any non-Error), never a hang, every refusal one short line naming
// the file, the field or the position; a refused saved model leaves the run as it was. A
// failure names the seed and the input's number, which reproduce it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, engineInProcess } from './helpers.mjs';
import { encodeSynd, fnv1a32 } from '../../datasets/synd.mjs';
import { generator, mutateBytes, mutateJson, mutateText, oneLineProblem, toTree } from './fuzz/gen.mjs';

const SEED = 16;
// 100,000 inputs per target. The data files go through their reader (the data set as `synapse
// data NAME` prints it: the file's own checks, ~0.05 ms for the image files here, ~0.4 ms for the
// CSV); a run's configure behind it (the partner file's checks, the series' windows) costs 0.5 ms
// for MNIST and 7 ms for the RNN, so one input in DEEP_IMAGES / DEEP_CSV goes on through it.
const INPUTS = { experiment: 100_000, state: 100_000, images: 100_000, csv: 100_000 };
const DEEP_IMAGES = 4, DEEP_CSV = 100;

let engine;
before(async () => { engine = await engineInProcess(); });

function report(name, count, started) {
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz ${name}: ${count} inputs in ${seconds.toFixed(1)} s (seed ${SEED})`);
  assert.ok(count >= INPUTS[name], `${name}: ${count} inputs`);
}

/** Runs `call`; returns null when it succeeds, the refusal's message otherwise. A trap or a non-Error fails the test. */
function refusal(call, where) {
  try {
    call();
    return null;
  } catch (e) {
    if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError || e instanceof RangeError) assert.fail(`trap or crash ${e} on ${where}`);
    const problem = oneLineProblem(e.message);
    assert.equal(problem, null, `${problem} on ${where}`);
    assert.doesNotMatch(e.message, /internal error|json\.exception|std::/, where);
    return e.message;
  }
}

const xorDoc = {
  lab: 'xor', precision: 'f64', seed: 1, data: { name: 'xor' },
  model: { init: 'numpy_uniform', layers: [{ units: 4, activation: 'sigmoid', bias: false }, { units: 1, activation: 'sigmoid', bias: false }] },
  loss: 'summed_error', optimizer: { type: 'adam', lr: 0.1 }, schedule: { iterations: 20 }, report: { every: 10 },
};

test(`fuzz: the experiment-file parser refuses ${INPUTS.experiment} generated documents with one line naming the field or position`, () => {
  const s = engine.newSession();
  // seeds: the XOR document and the experiments of the presets that need no data file
  const seeds = [xorDoc];
  for (const name of ['xor-warmup', 'universality', 'universality-bumps']) seeds.push(s.configure(name, {}).experiment);
  const trees = seeds.map(toTree);
  const texts = seeds.map((d, i) => JSON.stringify(d, null, i % 2 ? 2 : 0));   // compact and indented
  const g = generator(SEED);
  const started = performance.now();
  let count = 0;
  let refused = 0;
  for (; count < INPUTS.experiment; count++) {
    const i = g.int(seeds.length);
    const doc = g.chance(0.6) ? mutateJson(g, trees[i]) : g.chance(0.8) ? mutateText(g, texts[i]) : mutateText(g, mutateJson(g, trees[i]));
    const where = `input ${count} (seed ${SEED}): ${JSON.stringify(doc.slice(0, 300))}`;
    const message = refusal(() => s.configureDocument(doc), where);
    if (message === null) continue;
    refused++;
    // the field's dotted path, or the parser's line and column
    assert.match(message, /^experiment: (parse error at line \d+, column \d+|[\w.[\]]+[: ]|.*\b(nest|deep|depth))|^[a-z_]+(\.[\w[\]]+)*: /, where);
  }
  assert.ok(refused > count / 2, `most generated documents are refused (${refused} of ${count})`);
  report('experiment', count, started);
});

/** FNV-1a 64 of `bytes` (state.h's hash) as 8 little-endian bytes, in 16-bit limbs. */
function fnv1a64(bytes) {
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i];
    // times the prime 0x100000001b3: limb 0 by 0x1b3, limb 2 by 0x100
    let r0 = h0 * 0x1b3, r1 = h1 * 0x1b3, r2 = h2 * 0x1b3 + h0 * 0x100, r3 = h3 * 0x1b3 + h1 * 0x100;
    r1 += r0 >>> 16; r2 += r1 >>> 16; r3 += r2 >>> 16;
    h0 = r0 & 0xffff; h1 = r1 & 0xffff; h2 = r2 & 0xffff; h3 = r3 & 0xffff;
  }
  return Uint8Array.of(h0 & 0xff, h0 >>> 8, h1 & 0xff, h1 >>> 8, h2 & 0xff, h2 >>> 8, h3 & 0xff, h3 >>> 8);
}

test(`fuzz: the saved-model reader refuses ${INPUTS.state} altered files with one line and leaves the run as it was`, () => {
  const s = engine.newSession();
  s.configureDocument(xorDoc);
  s.run(20);
  const saved = new Uint8Array(s.saveState());
  assert.deepEqual(fnv1a64(saved.subarray(0, saved.length - 8)), saved.subarray(saved.length - 8), 'this test computes the file hash as state.h does');
  let params = s.params();
  const g = generator(SEED);
  const started = performance.now();
  let count = 0;
  let reached = 0;
  for (; count < INPUTS.state; count++) {
    const rehash = g.chance(0.4);
    let b;
    if (!rehash) b = mutateBytes(g, saved);
    else {
      // past the hash and the length checks: the fields behind them (version, document, shapes, state)
      const body = mutateBytes(g, saved.subarray(0, saved.length - 8));
      b = new Uint8Array(body.length + 8);
      b.set(body);
      if (b.length >= 20 && g.chance(0.8)) new DataView(b.buffer).setBigUint64(12, BigInt(b.length), true);
      b.set(fnv1a64(body), body.length);
    }
    const where = `input ${count} (seed ${SEED}), ${rehash ? 'rehashed' : 'raw'}, ${b.length} bytes`;
    const message = refusal(() => s.loadState(b.buffer), where);
    const same = b.length === saved.length && b.every((x, i) => x === saved[i]);
    if (message === null) {
      assert.ok(same || rehash, `an altered file was accepted: ${where}`);
      params = s.params();
      continue;
    }
    assert.ok(!same, `the saved file itself was refused: ${message}`);
    assert.match(message, /^saved state: /, where);
    if (!/hash|not a Synapse model file|length|truncated/.test(message)) reached++;
    if (count % 16 === 0) assert.deepEqual(s.params(), params, `a refused file changed the run: ${where}`);
  }
  assert.ok(reached > 1000, `the rehashed files reach the checks behind the hash (${reached})`);
  s.loadState(saved.buffer);
  report('state', count, started);
});

const AT = { version: 4, dtype: 8, rank: 12, dims: 16, classes: 36, payloadBytes: 40, payloadHash: 48, headerHash: 52 };

function images(name, count) {
  const values = Uint8Array.from({ length: count * 784 }, (_, j) => (j * 31) % 256);
  return new Uint8Array(encodeSynd(name, { dtype: 'u8', dims: [count, 28, 28], classes: 10, values, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) }));
}

test(`fuzz: the data-file reader refuses ${INPUTS.images} altered image files naming the file`, () => {
  const files = { 'mnist-train.bin': images('mnist-train.bin', 20), 'mnist-test.bin': images('mnist-test.bin', 10) };
  for (const [name, bytes] of Object.entries(files)) engine.provideDataFile(name, bytes);
  const s = engine.newSession();
  const knobs = { train_limit: '10', batch_size: '5', hidden: '4', epochs: '1' };
  s.configure('mnist-mlp', knobs);
  const g = generator(SEED);
  const started = performance.now();
  let count = 0;
  let fields = 0;
  for (; count < INPUTS.images; count++) {
    const name = g.pick(Object.keys(files));
    let b = mutateBytes(g, files[name]);
    const aware = g.chance(0.5) && b.length >= 56;
    if (aware) {
      // a header field changed and both hashes made to match: the checks of shapes, classes, sizes and partners
      const v = new DataView(b.buffer);
      const at = g.pick(Object.values(AT).slice(0, 6)) + (g.chance(0.3) ? 4 * g.int(4) : 0);
      v.setUint32(at, g.pick([0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 27, 28, 29, 256, 257, 784, 0xffff, 0x7fffffff, 0xffffffff, g.int(1 << 20)]), true);
      v.setUint32(AT.payloadHash, fnv1a32(b.subarray(56)), true);
      v.setUint32(AT.headerHash, fnv1a32(b.subarray(0, 52)), true);
    }
    const where = `input ${count} (seed ${SEED}), ${name}${aware ? ' rehashed' : ''}, ${b.length} bytes`;
    engine.provideDataFile(name, b);
    let message = refusal(() => engine.dataCsv(name.replace('.bin', ''), 1), where);
    if (message === null && count % DEEP_IMAGES === 0) message = refusal(() => s.configure('mnist-mlp', knobs), where);
    engine.provideDataFile(name, files[name]);
    if (!message) continue;
    assert.match(message, /mnist-(train|test)\.bin/, where);
    if (!/hash|magic|truncated/.test(message)) fields++;
  }
  assert.ok(fields > 1000, `the rehashed files reach the field checks (${fields})`);
  s.configure('mnist-mlp', knobs);
  report('images', count, started);
});

const airline = path.join(root, 'build/data/airline-passengers.csv');

test(`fuzz: the series reader refuses ${INPUTS.csv} altered CSV files naming the file`, { skip: !fs.existsSync(airline) && 'no build/data' }, () => {
  const csv = fs.readFileSync(airline, 'latin1');
  const s = engine.newSession();
  const g = generator(SEED);
  const started = performance.now();
  let count = 0;
  for (; count < INPUTS.csv; count++) {
    const text = mutateText(g, csv);
    const where = `input ${count} (seed ${SEED}): ${JSON.stringify(text.slice(0, 120))}`;
    engine.provideDataFile('airline-passengers.csv', new TextEncoder().encode(text));
    let message = refusal(() => engine.dataCsv('airline', 1), where);
    if (message === null && count % DEEP_CSV === 0) message = refusal(() => s.configure('rnn-airline', {}), where);
    if (message) assert.match(message, /airline-passengers\.csv/, where);
  }
  engine.provideDataFile('airline-passengers.csv', fs.readFileSync(airline));
  s.configure('rnn-airline', {});
  report('csv', count, started);
});

// Fuzzing the page's parsers (issue 16): the share-link parser (web/src/shell/link.ts parseHash,
// with the engine's own presets table) and the worker's message check (web/src/protocol-check.ts
// checkMessage, run on every message the worker gets), each on 100,000 seeded generated inputs
// (./fuzz/gen.mjs): never a throw other than the check's own, never a hang, every complaint one
// line naming its field. A failure names the seed and the input's number, which reproduce it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileWeb } from './compile-web.mjs';
import { engineInProcess } from './helpers.mjs';
import { generator, mutateText, oneLineProblem, SPECIAL_TEXT, SPECIAL_NUMBERS } from './fuzz/gen.mjs';

const INPUTS = 100_000;
const SEED = 16;

let compiled;
let link;
let check;
let presets;

before(async () => {
  compiled = compileWeb(['engine-build.ts', 'protocol-check.ts', 'protocol.ts', 'shell/link.ts']);
  link = await compiled.load('shell/link.ts');
  check = await compiled.load('protocol-check.ts');
  presets = (await engineInProcess()).presets();
});
after(() => compiled.remove());

function report(name, count, started) {
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz ${name}: ${count} inputs in ${seconds.toFixed(1)} s (seed ${SEED})`);
  assert.ok(count >= INPUTS, `${name}: ${count} inputs`);
}

/** encodeURIComponent, or the value as it is when it cannot be encoded (a lone surrogate). */
function encoded(v) {
  try { return encodeURIComponent(v); } catch { return v; }
}

/** A link hash: key=value pairs from the link's grammar (lab, engine, knobs, their aliases, lesson keys), some raw, some encoded. */
function linkHash(g) {
  const p = g.pick(presets);
  const knobNames = p.knobs.flatMap((k) => (k.alias ? [k.name, k.alias] : [k.name]));
  const keys = ['lab', 'engine', 'lesson', 'lock', 'hide', 'hide_panels', 'challenges', 'autostart', ...knobNames, ...SPECIAL_TEXT.slice(0, 20)];
  const values = () => {
    switch (g.int(7)) {
      case 0: return g.pick(presets).name;
      case 1: return g.pick(['default', 'relaxed', '1', '0']);
      case 2: return Array.from({ length: 1 + g.int(4) }, () => g.pick(knobNames.concat(SPECIAL_TEXT.slice(0, 10)))).join(',');
      case 3: return g.pick(SPECIAL_NUMBERS);
      case 4: return 'x'.repeat(g.pick([1999, 2000, 2001, 100000]));
      case 5: return g.pick(p.knobs).default;
      default: return g.pick(SPECIAL_TEXT);
    }
  };
  const pairs = [`lab=${g.chance(0.9) ? p.name : values()}`];
  for (let n = g.int(8); n > 0; n--) {
    const v = values();
    pairs.push(`${g.pick(keys)}=${g.chance(0.5) ? encoded(v) : v}`);
  }
  if (g.chance(0.3)) pairs.push(g.pick(['', '=', '&', 'lab', '=x', '%', 'a=%E2%82%AC%']));
  const hash = (g.chance(0.9) ? '#' : '') + pairs.join('&');
  return g.chance(0.3) ? mutateText(g, hash) : hash;
}

test(`fuzz: the share-link parser takes ${INPUTS} generated links without a throw, each complaint one line naming its key`, () => {
  const g = generator(SEED);
  const started = performance.now();
  const names = new Set(presets.map((p) => p.name));
  let count = 0;
  for (; count < INPUTS; count++) {
    const hash = linkHash(g);
    const where = `input ${count} (seed ${SEED}): ${JSON.stringify(hash.slice(0, 300))}`;
    let r;
    try { r = link.parseHash(hash, presets); } catch (e) { assert.fail(`parseHash threw ${e} on ${where}`); }
    assert.ok(r.preset === null || names.has(r.preset), where);
    for (const v of Object.values(r.knobs)) assert.equal(typeof v, 'string', where);
    const complaints = [[r.labError, /^lab: /], [r.engineError, /^engine: /], ...r.lessonErrors.map((m) => [m, /^(lesson|lock|hide|hide_panels|challenges|autostart): /])];
    for (const [message, field] of complaints) {
      if (message === undefined) continue;
      const problem = oneLineProblem(message, 1500);
      assert.equal(problem, null, `${problem} on ${where}`);
      assert.match(message, field, where);
    }
    if (r.lesson) {
      assert.ok(r.lesson.text.length <= link.LESSON_TEXT_LIMIT, where);
      const preset = presets.find((p) => p.name === r.preset);
      for (const k of [...r.lesson.lock, ...r.lesson.hide]) assert.ok(preset.knobs.some((x) => x.name === k), `${k} on ${where}`);
      if (r.lesson.challenges) assert.ok(r.lesson.challenges.join(',').length <= link.LESSON_TEXT_LIMIT && r.lesson.challenges.every((id) => id !== ''), where);
    }
  }
  report('share-link parser', count, started);
});

const circular = () => { const o = { a: 1 }; o.self = o; return o; };
const deep = (n) => { let v = []; for (let i = 0; i < n; i++) v = [v]; return v; };
const DEEP = [deep(1), deep(100), deep(10000)];

/** A value of any shape the structured clone can carry (and some it cannot), for a message field. */
function anyValue(g, depth = 0) {
  switch (g.int(depth > 1 ? 12 : 16)) {
    case 0: return g.pick([undefined, null, true, false, 0, -0, -1, 1.5, 2 ** 53, NaN, Infinity, -Infinity, 1e308]);
    case 1: return g.int(100);
    case 2: return g.pick(SPECIAL_TEXT);
    case 3: return g.pick([10n, -1n, 2n ** 70n]);
    case 4: return new (g.pick([Float64Array, Float32Array, Uint8Array, Int32Array, Uint8ClampedArray]))(g.int(4));
    case 5: return new ArrayBuffer(g.int(8));
    case 6: return g.pick([new Date(0), new Map([[1, 2]]), new Set([1]), /re/, new Error('e'), Symbol('s'), () => 1]);
    case 7: return circular();
    case 8: return g.pick(DEEP);
    case 9: return JSON.parse('{"__proto__": {"polluted": 1}, "constructor": "x"}');
    case 10: return g.pick(presets).name;
    case 11: return g.pick(['before', 'step', 'pause', 'end', 'download', 'storage']);
    case 12: return Array.from({ length: g.int(4) }, () => anyValue(g, depth + 1));
    case 13: return Object.fromEntries(Array.from({ length: g.int(4) }, () => [g.pick(SPECIAL_TEXT.concat(['name', 'when', 'label', 'value', 'knobs', 'everyMs'])), anyValue(g, depth + 1)]));
    case 14: return { name: g.pick(['loss', 'x', '', 'a.bin', 'a\nb']), when: g.pick(['step', 'end', 'x']), everyMs: anyValue(g, depth + 1) };
    default: return { label: anyValue(g, depth + 1), value: anyValue(g, depth + 1), knobs: anyValue(g, depth + 1) };
  }
}

const FIELDS = ['runId', 'base', 'files', 'name', 'bytes', 'preset', 'knobs', 'views', 'count', 'part', 'stepsPerSecond', 'input', 'rows',
  'variants', 'together', 'points', 'to'];

function message(g) {
  if (g.chance(0.05)) return anyValue(g);
  const m = { type: g.chance(0.9) ? g.pick(check.MESSAGE_TYPES) : anyValue(g) };
  for (const f of FIELDS) if (g.chance(0.6)) m[f] = g.chance(0.4) ? g.pick([1, 0, 'xor', {}, [], true, new Float64Array(2), new Uint8Array(2), new ArrayBuffer(2), 'download']) : anyValue(g);
  return m;
}

test(`fuzz: the worker's message check takes ${INPUTS} generated messages, refusing bad ones with one line naming the field`, () => {
  const g = generator(SEED);
  const started = performance.now();
  let count = 0;
  let accepted = 0;
  for (; count < INPUTS; count++) {
    const m = message(g);
    const where = `input ${count} (seed ${SEED})`;
    let runId;
    try { runId = check.runIdOf(m); } catch (e) { assert.fail(`runIdOf threw ${e} on ${where}`); }
    assert.ok(Number.isInteger(runId), where);
    try {
      assert.equal(check.checkMessage(m), m, where);
      accepted++;
    } catch (e) {
      if (!(e instanceof check.MessageError)) assert.fail(`checkMessage threw ${e} (not a MessageError) on ${where}`);
      const problem = oneLineProblem(e.message, 400);
      assert.equal(problem, null, `${problem} on ${where}`);
      assert.ok(e.message.startsWith(`${e.field}: `), `${JSON.stringify(e.message)} on ${where}`);
      assert.match(e.field, /^(message|type|[A-Za-z]+)([.[]|$)/, where);
    }
  }
  assert.ok(accepted > 100, `some generated messages are valid (${accepted})`);
  report('message check', count, started);
});

test('fuzz finds, kept as cases: a BigInt, a cycle or a newline in a key is refused in one line; a link quotes what it names', () => {
  const refused = (m) => assert.throws(() => check.checkMessage(m), (e) => e instanceof check.MessageError && oneLineProblem(e.message) === null);
  refused({ type: 'start', runId: 10n });                                       // JSON.stringify threw a TypeError
  refused({ type: 'speed', runId: 1, stepsPerSecond: circular() });
  assert.throws(() => check.checkMessage({ type: 'check', runId: 1, preset: 'xor', knobs: { 'a\nb': 1 } }), /^MessageError: knobs\["a\\nb"\]: must be text/);
  assert.throws(() => check.checkMessage({ type: 10n }), /type: unknown message type 10n/);
  assert.equal(link.parseHash('#lab=x%0Ay', presets).labError.split('\n').length, 1);
  assert.match(link.parseHash('#lab=xor&engine=a%E2%80%A8b', presets).engineError, /^engine: unknown build "a\\u2028b"/);
});

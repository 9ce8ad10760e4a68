// tests/js/web-units.test.mjs: the page's dependency-free modules under Node:
// share links (web/src/shell/link.ts), the worker's message checks
// (web/src/protocol-check.ts) and the CNN lab's output sizes, compiled by ./compile-web.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { compileWeb } from './compile-web.mjs';

let compiled;
let link;
let check;
let outputSize;

before(async () => {
  compiled = compileWeb(['engine-build.ts', 'protocol-check.ts', 'protocol.ts', 'shell/link.ts', 'labs/cnn/output-size.ts']);
  link = await compiled.load('shell/link.ts');
  check = await compiled.load('protocol-check.ts');
  ({ outputSize } = await compiled.load('labs/cnn/output-size.ts'));
});
after(() => compiled.remove());

const knob = (name, type, dflt, extra = {}) => ({ name, type, default: dflt, range: '', help: '', ...extra });
const PRESETS = [
  { name: 'xor', lab: 'xor', title: 'XOR', knobs: [knob('lr', 'number', '1', { alias: 'alpha' }), knob('hidden', 'integer', '4'), knob('seed', 'integer', '1'),
    knob('activation', 'choice', 'sigmoid', { choices: ['sigmoid', 'tanh'] })] },
  { name: 'mnist-mlp', lab: 'mnist', title: 'MNIST', knobs: [knob('batch_size', 'integer', '128'), knob('hidden', 'integer_list', '200,60')] },
];

test('links: parse keeps the preset, the knobs as text, the engine choice', () => {
  assert.deepEqual(link.parseHash('#lab=xor&lr=10&hidden=32', PRESETS),
    { preset: 'xor', knobs: { lr: '10', hidden: '32' }, labError: undefined, engine: 'default', engineError: undefined,
      lesson: null, lessonErrors: [] });
  // a knob's older name (the engine table's alias) is read as the knob: old links keep working
  assert.deepEqual(link.parseHash('#lab=xor&alpha=10&hidden=32', PRESETS).knobs, { lr: '10', hidden: '32' });
  assert.deepEqual(link.parseHash('#lab=xor&alpha=10&lr=3', PRESETS).knobs, { lr: '3' });   // the name wins
  const r = link.parseHash('#lab=mnist-mlp&hidden=128,64&engine=relaxed', PRESETS);
  assert.equal(r.preset, 'mnist-mlp');
  assert.deepEqual(r.knobs, { hidden: '128,64' });
  assert.equal(r.engine, 'relaxed');
  assert.equal(link.parseHash('#lab=xor&lr=banana', PRESETS).knobs.lr, 'banana');   // the engine judges values
});

test('links: no lab is the start page; an unknown lab or engine is named and the rest applies', () => {
  assert.equal(link.parseHash('', PRESETS).preset, null);
  assert.equal(link.parseHash('#', PRESETS).preset, null);
  const bad = link.parseHash('#lab=gan&alpha=3&engine=fast', PRESETS);
  assert.equal(bad.preset, 'xor');
  assert.equal(bad.labError, 'lab: unknown lab "gan" (labs: xor, mnist-mlp)');
  assert.equal(bad.engine, 'default');
  assert.equal(bad.engineError, 'engine: unknown build "fast" (builds: default, relaxed)');
  assert.deepEqual(bad.knobs, { lr: '3' });
});

test('links: format writes only what differs from the defaults, in table order, commas readable', () => {
  const [xor, mnist] = PRESETS;
  assert.equal(link.formatHash(xor, { lr: '10', hidden: '4', seed: '7' }), '#lab=xor&lr=10&seed=7');
  assert.equal(link.formatHash(xor, { seed: '7', lr: '1.0' }), '#lab=xor&seed=7');            // 1.0 is the default 1
  assert.equal(link.formatHash(xor, { activation: 'tanh' }, 'relaxed'), '#lab=xor&activation=tanh&engine=relaxed');
  assert.equal(link.formatHash(mnist, { hidden: '128,64', batch_size: '64' }), '#lab=mnist-mlp&batch_size=64&hidden=128,64');
  assert.equal(link.formatHash(mnist, { hidden: '200, 60' }), '#lab=mnist-mlp');                 // spaces do not make a new value
  assert.equal(link.formatHash(xor, { lr: 'a&b' }), '#lab=xor&lr=a%26b');
  // a formatted link parses back to the same knobs
  const h = link.formatHash(mnist, { hidden: '16,16', batch_size: '32' });
  assert.deepEqual(link.parseHash(h, PRESETS).knobs, { batch_size: '32', hidden: '16,16' });
});

test('links: a lesson link carries text, locked and hidden knobs, hidden panels and autostart, and round-trips', () => {
  const [xor] = PRESETS;
  const text = 'Try <b>10</b> & 100\n<script>alert(1)</script> = 50 % ümlaut';
  const h = link.formatHash(xor, { lr: '10' }, 'default', { text, lock: ['lr'], hide: ['seed'], hidePanels: ['maps'], autostart: true });
  assert.ok(h.startsWith('#lab=xor&lr=10&lesson='), h);
  assert.ok(h.endsWith('&lock=lr&hide=seed&hide_panels=maps&autostart=1'), h);
  const r = link.parseHash(h, PRESETS);
  assert.deepEqual(r.knobs, { lr: '10' });                      // lesson keys are not knobs
  assert.deepEqual(r.lesson, { text, lock: ['lr'], hide: ['seed'], hidePanels: ['maps'], autostart: true });
  assert.deepEqual(r.lessonErrors, []);
  // a knob's alias locks the knob; a link without lesson keys has no lesson
  assert.deepEqual(link.parseHash('#lab=xor&lock=alpha,hidden', PRESETS).lesson.lock, ['lr', 'hidden']);
  assert.equal(link.parseHash('#lab=xor&lr=3', PRESETS).lesson, null);
  assert.equal(link.formatHash(xor, {}, 'default', null), '#lab=xor');
});

test('links: a lesson link names the built-in challenges it shows (none named: all), and round-trips', () => {
  const [xor] = PRESETS;
  const lesson = { text: 'hi', lock: [], hide: [], hidePanels: [], challenges: ['xor-error', 'xor-fast'], autostart: false };
  const h = link.formatHash(xor, {}, 'default', lesson);
  assert.equal(h, '#lab=xor&lesson=hi&challenges=xor-error,xor-fast');
  assert.deepEqual(link.parseHash(h, PRESETS).lesson, lesson);
  // an empty list: none of the lab's; ids are kept as given (the page checks them against the lesson), once each
  assert.equal(link.formatHash(xor, {}, 'default', { ...lesson, challenges: [] }), '#lab=xor&lesson=hi&challenges=');
  assert.deepEqual(link.parseHash('#lab=xor&challenges=', PRESETS).lesson.challenges, []);
  assert.deepEqual(link.parseHash('#lab=xor&challenges=a,,b,a', PRESETS).lesson.challenges, ['a', 'b']);
  assert.equal('challenges' in link.parseHash('#lab=xor&lesson=hi', PRESETS).lesson, false);
  // a list over the limit is left out (every challenge shows), the rest of the lesson applies
  const long = link.parseHash(`#lab=xor&lesson=hi&challenges=${'a,'.repeat(1001)}`, PRESETS);
  assert.deepEqual(long.lesson, { text: 'hi', lock: [], hide: [], hidePanels: [], autostart: false });
  assert.deepEqual(long.lessonErrors, ['challenges: the list is 2,002 characters, a lesson link holds at most 2,000; every challenge is shown']);
});

test('links: a bad lesson link is named field by field, and a text over the limit refuses the lesson', () => {
  const r = link.parseHash('#lab=xor&lr=3&lock=lr,bogus&hide=x%0Ay&hide_panels=Maps!&autostart=yes&lesson=hi', PRESETS);
  assert.deepEqual(r.lesson, { text: 'hi', lock: ['lr'], hide: [], hidePanels: [], autostart: false });
  assert.deepEqual(r.lessonErrors, [
    'lock: unknown knob "bogus" (knobs: lr, hidden, seed, activation)',
    'hide: unknown knob "x\\ny" (knobs: lr, hidden, seed, activation)',
    'hide_panels: "Maps!" is not a panel name (lower-case letters, digits and dashes)',
    'autostart: must be 1 or 0, got "yes"',
  ]);
  const limit = link.LESSON_TEXT_LIMIT;
  assert.equal(limit, 2000);
  assert.equal(link.parseHash(`#lab=xor&lesson=${'a'.repeat(limit)}`, PRESETS).lesson.text.length, limit);
  const long = link.parseHash(`#lab=xor&lr=3&lock=lr&lesson=${'a'.repeat(limit + 1)}`, PRESETS);
  assert.equal(long.lesson, null);
  assert.deepEqual(long.knobs, { lr: '3' });                    // the knobs still apply
  assert.deepEqual(long.lessonErrors, ['lesson: the text is 2,001 characters, a lesson link holds at most 2,000; the lesson was not applied (the knobs were)']);
  // a long bad value is quoted shortened
  assert.match(link.parseHash(`#lab=xor&lock=${'z'.repeat(100)}`, PRESETS).lessonErrors[0], /^lock: unknown knob "z{40}…"/);
});

test("links: mnist.html's old links go to the one page, hash kept", () => {
  assert.equal(link.legacyTarget('/sub/mnist.html', '#lab=mnist-mlp&epochs=1'), 'index.html#lab=mnist-mlp&epochs=1');
  assert.equal(link.legacyTarget('/mnist.html', ''), 'index.html#lab=mnist-mlp');
  assert.equal(link.legacyTarget('/index.html', '#lab=xor'), null);
});

test('protocol: well-formed messages pass as they are', () => {
  const msgs = [
    { type: 'configure', runId: 1, preset: 'xor', knobs: { alpha: '10' }, views: [{ name: 'decision_map', when: 'publish', everyMs: 250 }] },
    { type: 'start', runId: 1 },
    { type: 'step', runId: 1 },
    { type: 'step', runId: 1, count: 5 },
    { type: 'phase', runId: 1, part: 'discriminator' },
    { type: 'configure', runId: 1, preset: 'gan-mnist', knobs: {}, views: [{ name: 'phase_batch', when: 'phase' }] },
    { type: 'speed', runId: 1, stepsPerSecond: 0 },
    { type: 'load', runId: 0, base: 'http://x/', files: [{ name: 'mnist-train.bin', toPage: true }] },
    { type: 'forward', runId: 2, input: new Float64Array(784), rows: 1 },
    { type: 'batch', runId: 3, preset: 'xor', knobs: {}, variants: [{ label: 'alpha=1', value: 1, knobs: { alpha: '1' } }], together: true, points: 600 },
  ];
  for (const m of msgs) assert.equal(check.checkMessage(m), m);
});

test('protocol: a bad message is named by its field', () => {
  const field = (m) => {
    try {
      check.checkMessage(m);
    } catch (e) {
      assert.ok(e instanceof check.MessageError);
      assert.ok(e.message.startsWith(`${e.field}: `), e.message);
      return e.field;
    }
    assert.fail(`accepted ${JSON.stringify(m)}`);
  };
  assert.equal(field('start'), 'message');
  assert.equal(field(null), 'message');
  assert.equal(field({ runId: 1 }), 'type');
  assert.equal(field({ type: 'launch', runId: 1 }), 'type');
  assert.equal(field({ type: 'toString', runId: 1 }), 'type');
  assert.equal(field({ type: 'start' }), 'runId');
  assert.equal(field({ type: 'start', runId: -1 }), 'runId');
  assert.equal(field({ type: 'configure', runId: 1, knobs: {}, views: [] }), 'preset');
  assert.equal(field({ type: 'configure', runId: 1, preset: 'xor', knobs: { alpha: 10 }, views: [] }), 'knobs.alpha');
  assert.equal(field({ type: 'configure', runId: 1, preset: 'xor', knobs: [], views: [] }), 'knobs');
  assert.equal(field({ type: 'configure', runId: 1, preset: 'xor', knobs: {}, views: [{ name: 'x', when: 'sometimes' }] }), 'views[0].when');
  assert.equal(field({ type: 'step', runId: 1, count: 1.5 }), 'count');
  assert.equal(field({ type: 'phase', runId: 1 }), 'part');
  assert.equal(field({ type: 'phase', runId: 1, part: '' }), 'part');
  assert.equal(field({ type: 'speed', runId: 1, stepsPerSecond: NaN }), 'stepsPerSecond');
  assert.equal(field({ type: 'forward', runId: 1, input: [1, 2], rows: 1 }), 'input');
  assert.equal(field({ type: 'load', runId: 0, base: 'http://x/', files: [{ name: '../secret' }] }), 'files[0].name');
  assert.equal(field({ type: 'batch', runId: 1, preset: 'xor', knobs: {}, variants: [], together: true, points: 1 }), 'variants');
  assert.equal(field({ type: 'batch', runId: 1, preset: 'xor', knobs: {}, variants: [{ label: 'a', value: 1, knobs: { seed: 2 } }], together: true, points: 1 }), 'variants[0].knobs.seed');
  assert.equal(check.runIdOf({ type: 'nope', runId: 7 }), 7);
  assert.equal(check.runIdOf('junk'), 0);
});

test('the CNN lab\'s size grid: Keras\' output size and padding split for \'valid\' and \'same\'', () => {
  // the lecture's shapes: 28 'same' k5 -> 28 (2 and 2 zeros); 14 'valid' k5 -> 10; a 2/2 pool of 2 -> 1
  assert.deepEqual(outputSize(28, 5, 1, 'same'), { out: 28, before: 2, after: 2 });
  assert.deepEqual(outputSize(14, 5, 1, 'valid'), { out: 10, before: 0, after: 0 });
  assert.deepEqual(outputSize(2, 2, 2, 'valid'), { out: 1, before: 0, after: 0 });
  // 'valid' floors: (7 - 3) / 2 + 1 = 3, (8 - 3) / 2 + 1 = 3.5 -> 3; a window larger than the input: nothing
  assert.equal(outputSize(7, 3, 2, 'valid').out, 3);
  assert.equal(outputSize(8, 3, 2, 'valid').out, 3);
  assert.equal(outputSize(4, 5, 1, 'valid').out, 0);
  // 'same': ceil(n / s) outputs; the odd zero goes after (as TensorFlow pads)
  assert.deepEqual(outputSize(8, 3, 2, 'same'), { out: 4, before: 0, after: 1 });
  assert.deepEqual(outputSize(8, 4, 1, 'same'), { out: 8, before: 1, after: 2 });
  assert.deepEqual(outputSize(5, 1, 3, 'same'), { out: 2, before: 0, after: 0 });
  assert.deepEqual(outputSize(3, 9, 1, 'same'), { out: 3, before: 4, after: 4 });
  // a stride or kernel of 0 gives nothing rather than a division by zero
  assert.equal(outputSize(8, 3, 0, 'valid').out, 0);
  assert.equal(outputSize(8, 0, 1, 'same').out, 0);
});

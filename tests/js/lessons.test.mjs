// tests/js/lessons.test.mjs: the lessons' challenge checker (web/src/lessons/checker.ts)
// and the lesson data (web/src/lessons/*.ts): every lab on the page has a lesson, each
// challenge is well-formed data the checker can evaluate. Compiled by ./compile-web.mjs
// (these modules import only types, and engine-build.ts's quoting).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compileWeb, webSrc as src } from './compile-web.mjs';

let compiled;
let checker;
let lessons;

before(async () => {
  const data = fs.readdirSync(path.join(src, 'lessons'))
    .filter((f) => f.endsWith('.ts') && !['panel.ts', 'dialog.ts', 'shell.ts', 'lab-panels.ts'].includes(f));   // the DOM ones left out
  compiled = compileWeb([...data.map((f) => `lessons/${f}`), 'engine-build.ts']);
  checker = await compiled.load('lessons/checker.ts');
  lessons = await compiled.load('lessons/index.ts');
});
after(() => compiled.remove());

const sample = (step, values) => ({ step, values });

test('checker: a comparison with a step limit is met at the first sample that meets it', () => {
  const c = { id: 'fast', text: '', metric: 'error', op: '<', value: 0.01, maxStep: 4999 };
  assert.equal(checker.meets(c, sample(100, { error: 0.009 })), true);
  assert.equal(checker.meets(c, sample(100, { error: 0.01 })), false);          // < is strict
  assert.equal(checker.meets(c, sample(5000, { error: 0.001 })), false);        // too late
  assert.equal(checker.meets(c, sample(100, { loss: 0.001 })), false);          // another metric
  assert.equal(checker.meets(c, sample(100, { error: NaN })), false);
  assert.equal(checker.meets({ ...c, op: '<=' }, sample(100, { error: 0.01 })), true);
  assert.equal(checker.meets({ ...c, minStep: 200, maxStep: undefined }, sample(100, { error: 0 })), false);
  const k = new checker.ChallengeChecker([c]);
  k.run('xor', {});
  // samplesOf puts curve points and reports in step order, so the earliest step that meets it wins
  const s = checker.samplesOf([{ step: 4000, error: 0.005 }], 'error', [1500, 3000], [0.02, 0.008]);
  assert.deepEqual(s.map((x) => x.step), [1500, 3000, 4000]);
  assert.deepEqual(k.observe(s), ['fast']);
  assert.deepEqual(k.status('fast'), { met: { step: 3000, value: 0.008 }, blocked: undefined });
  assert.deepEqual(k.observe([sample(3500, { error: 0.001 })]), []);              // met once, stays at its step
  k.run('xor', { lr: '5' });                                                      // a new run keeps what was met
  assert.equal(k.status('fast').met.step, 3000);
});

test('checker: a ratio of two metrics from the same report (noisy error at least 4x the clean one)', () => {
  const c = { id: 'r', text: '', metric: 'noisy_loss', over: 'clean_loss', op: '>=', value: 4 };
  assert.equal(checker.measured(c, sample(9, { noisy_loss: 0.0046, clean_loss: 0.00095 })).toFixed(3), '4.842');
  assert.equal(checker.meets(c, sample(9, { noisy_loss: 0.0046, clean_loss: 0.00095 })), true);
  assert.equal(checker.meets(c, sample(9, { noisy_loss: 0.0030, clean_loss: 0.00095 })), false);
  assert.equal(checker.meets(c, sample(9, { noisy_loss: 0.0046 })), false);        // no clean_loss in this report
  assert.equal(checker.meets(c, sample(9, { noisy_loss: 0.0046, clean_loss: 0 })), false);
});

test('checker: knob conditions say in words why a challenge does not apply to this run', () => {
  const c = { id: 'one', text: '', metric: 'test_accuracy', op: '>=', value: 0.97,
    knobs: [{ knob: 'hidden', layers: 1 }, { knob: 'lr', max: 0.25 }, { knob: 'output', equals: 'linear' }] };
  const defaults = { hidden: '200,60', lr: '1', output: 'sigmoid' };
  assert.deepEqual(checker.knobsFail(c, { hidden: '200', lr: '0.25', output: 'linear' }, defaults), []);
  assert.deepEqual(checker.knobsFail(c, {}, defaults), [
    'hidden: needs 1 layer, the run has 200,60', 'lr: needs at most 0.25, the run has 1', 'output: needs linear, the run has sigmoid']);
  assert.deepEqual(checker.knobsFail({ ...c, knobs: [{ knob: 'train_limit', min: 1, max: 1000 }] }, { train_limit: '' }),
    ['train_limit: needs at least 1, the run has none', 'train_limit: needs at most 1000, the run has none']);
  const k = new checker.ChallengeChecker([c, { id: 'w', text: '', metric: 'error', op: '<', value: 1, presets: ['xor-warmup'] }]);
  k.run('mnist-mlp', {}, defaults);
  assert.deepEqual(k.observe([sample(10, { test_accuracy: 0.99, error: 0 })]), []);   // neither applies
  assert.deepEqual(k.status('w').blocked, ['for the xor-warmup preset']);
  assert.deepEqual(k.shown().map((x) => x.id), ['one']);
  k.run('mnist-mlp', { hidden: '100', lr: '0.1', output: 'linear' }, defaults, ['loss', 'accuracy']);   // the run reports no test_accuracy
  assert.deepEqual(k.status('one').blocked, ['this run reports no test_accuracy']);
  assert.deepEqual(k.observe([sample(10, { test_accuracy: 0.99 })]), []);
  k.run('mnist-mlp', { hidden: '100', lr: '0.1', output: 'linear' }, defaults, ['loss', 'test_accuracy']);
  assert.deepEqual(k.observe([sample(10, { test_accuracy: 0.99 })]), ['one']);
  const d = new checker.ChallengeChecker([{ id: 'd', text: '', metric: 'diverged', op: '>=', value: 1 }]);
  d.run('xor', {}, {}, ['error', 'loss']);                                        // diverged is the page's, not a declared metric
  assert.deepEqual(d.observe([sample(10, { diverged: 1 })]), ['d']);
});

test('lessons: every lab on the page has one, with sources, and challenges the checker can evaluate', () => {
  const labsDir = path.join(src, 'labs');
  const labNames = fs.readdirSync(labsDir).filter((d) => fs.existsSync(path.join(labsDir, d, 'index.ts')))
    .map((d) => fs.readFileSync(path.join(labsDir, d, 'index.ts'), 'utf8').match(/\bname: '([a-z0-9-]+)'/)?.[1]).filter(Boolean);
  assert.ok(labNames.length >= 6, `labs found: ${labNames}`);
  const ids = new Set();
  for (const name of labNames) {
    const l = lessons.lessonFor(name);
    assert.ok(l, `lab ${name} has no lesson in web/src/lessons/`);
    assert.ok(l.shows.length > 80 && l.tryThis.length && l.lookFor.length, `${name}: the lesson text is missing parts`);
    assert.ok(l.sources.length && l.sources.every((s) => s.title && s.where && (!s.url || /^https?:\/\//.test(s.url))), `${name}: sources`);
    assert.ok(l.challenges.length >= 2, `${name}: at least two challenges`);
    for (const c of l.challenges) {
      assert.ok(!ids.has(c.id), `challenge id ${c.id} twice`);
      ids.add(c.id);
      assert.ok(['<', '<=', '>', '>='].includes(c.op) && Number.isFinite(c.value) && /^[a-z_]+$/.test(c.metric) && c.text.endsWith('.'),
        `${c.id}: ${JSON.stringify(c)}`);
      assert.equal(typeof checker.meets(c, sample(1, { [c.metric]: c.value })), 'boolean');
    }
  }
});

test('lessons: a lesson link picks built-in challenges by id, in the lesson\'s order; unknown ids are one line, ignored', () => {
  const xor = lessons.lessonFor('xor');
  const ids = (r) => r.challenges.map((c) => c.id);
  assert.deepEqual(ids(lessons.pickChallenges(xor, undefined)), xor.challenges.map((c) => c.id));   // none named: all
  assert.equal(lessons.pickChallenges(xor, undefined).note, null);
  assert.deepEqual(ids(lessons.pickChallenges(xor, ['xor-fast', 'xor-error'])), ['xor-error', 'xor-fast']);
  assert.deepEqual(ids(lessons.pickChallenges(xor, [])), []);
  const r = lessons.pickChallenges(xor, ['xor-error', 'nope', 'a\nb', 'c', 'd', 'e']);
  assert.deepEqual(ids(r), ['xor-error']);
  assert.equal(r.note, 'challenges: no challenges "nope", "a\\nb", "c" and 2 more in this lab\'s lesson, ignored ' +
    '(challenges: xor-error, xor-fast, xor-diverge, warmup-error)');
  assert.equal(lessons.pickChallenges(undefined, ['x']).note, 'challenges: no challenge "x" in this lab\'s lesson, ignored (challenges: none)');
});

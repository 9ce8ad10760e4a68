// tests/page/platform.test.mjs: the page shell every lab plugs into. The start
// page lists the labs and any lab is one click from any other; at 1366x768 the
// run controls and the main chart show together and the bar stays reachable
// while scrolling; the speed control slows a run; an edit during a run waits
// for the next Train; an invalid value blocks Train and names the field; the
// warm-up says what its network is; the worker answers bad messages with an
// error naming the field and stays usable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitDone, assertNoErrors } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const box = (page, sel) => page.locator(sel).first().boundingBox();

test('start page: every lab with a line and a picture; any lab one click from any other', async () => {
  const page = await env.ctx.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${env.server.url}index.html`);
  await page.waitForFunction(() => document.querySelectorAll('#lab-cards .lab-card').length >= 2);
  const cards = await page.$$eval('#lab-cards .lab-card', (els) => els.map((e) => ({
    title: e.querySelector('.lab-card-title').textContent, summary: e.querySelector('.lab-card-summary').textContent,
    href: e.querySelector('a').getAttribute('href'), svg: Boolean(e.querySelector('svg')),
  })));
  const hrefs = cards.map((c) => c.href);
  assert.deepEqual(hrefs.slice(0, 2), ['#lab=xor', '#lab=mnist-mlp']);   // and every lab added since
  assert.ok(hrefs.includes('#lab=gan-mnist'), `the GAN lab's card: ${hrefs}`);
  assert.ok(hrefs.includes('#lab=lstm-airline'), `the LSTM lab's card: ${hrefs}`);
  assert.ok(hrefs.includes('#lab=mnist-cnn'), `the CNN lab's card: ${hrefs}`);
  assert.ok(hrefs.includes('#lab=universality'), `the universality lab's card: ${hrefs}`);
  assert.equal(new Set(hrefs).size, hrefs.length);
  assert.deepEqual(await page.$$eval('#lab-nav a', (els) => els.map((e) => e.getAttribute('href'))), ['#', ...hrefs]);
  for (const c of cards) {
    assert.ok(c.svg, `${c.title}: a picture`);
    assert.ok(c.summary.length > 30, `${c.title}: a line on what it teaches`);
  }
  await shot(page, 'platform-1-start', { fullPage: false });
  await page.click('#lab-cards a[href="#lab=xor"]');
  await page.waitForFunction(() => document.body.dataset.lab === 'xor' && document.body.dataset.status === 'ready');
  await page.click('#lab-nav a[href="#lab=mnist-mlp"]');
  await page.waitForFunction(() => document.body.dataset.lab === 'mnist' && document.body.dataset.status === 'ready', null, { timeout: 60_000 });
  assert.equal(await page.inputValue('#preset'), 'mnist-mlp');
  await page.click('#lab-nav a[href="#lab=lstm-airline"]');
  await page.waitForFunction(() => document.body.dataset.lab === 'lstm' && document.body.dataset.status === 'ready');
  assert.equal(await page.inputValue('#preset'), 'lstm-airline');
  await page.click('#lab-nav a[href="#lab=xor"]');
  await page.waitForFunction(() => document.body.dataset.lab === 'xor' && document.body.dataset.status === 'ready');
  assert.equal(await page.inputValue('#knob-lr'), '1');
  await page.close();
});

test('one screen at 1366x768: the controls and the main chart together; the bar stays while scrolling', async () => {
  const { page, errors } = await open(env, '#lab=xor');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.click('#train');
  await waitDone(page);
  await page.waitForTimeout(200);
  for (const sel of ['#train', '#pause', '#step-once', '#reset', '#speed', '#step', '#curve canvas']) {
    const b = await box(page, sel);
    assert.ok(b && b.y >= 0 && b.y + b.height <= 768, `${sel} is not on the first screen: ${JSON.stringify(b)}`);
  }
  await shot(page, 'platform-2-xor-1366', { fullPage: false });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(100);
  const b = await box(page, '#train');
  assert.ok(b.y >= 0 && b.y < 120, `the Train button scrolled away: ${JSON.stringify(b)}`);
  assertNoErrors(errors);
  await page.close();
});

test('speed: 100 steps per second is about 100 steps a second, and the page stays free', async () => {
  const { page, errors } = await open(env, '#lab=xor');
  await page.selectOption('#speed', '100');
  await page.click('#train');
  await page.waitForFunction(() => document.body.dataset.status === 'running');
  await page.waitForTimeout(1500);
  const steps = await page.$eval('#step', (e) => Number(e.dataset.step));
  assert.ok(steps >= 60 && steps <= 260, `expected ~150 steps after 1.5 s at 100 steps/s, got ${steps}`);
  await page.selectOption('#speed', '0');
  await waitDone(page);
  assert.equal(await page.$eval('#step', (e) => e.dataset.step), '60000');
  assertNoErrors(errors);
  await page.close();
});

test('an edit during a run is marked and applies at the next Train; an invalid value blocks Train and names the field', async () => {
  const { page, errors } = await open(env, '#lab=xor&iterations=2000000');
  await page.click('#train');
  await page.waitForFunction(() => Number(document.getElementById('step').dataset.step) > 1000);
  await page.click('#pause');
  await page.waitForFunction(() => document.body.dataset.status === 'paused');
  const at = await page.$eval('#step', (e) => Number(e.dataset.step));
  const run = await page.evaluate(() => document.body.dataset.runId);
  await page.fill('#knob-lr', '3');
  await page.press('#knob-lr', 'Tab');
  await page.waitForFunction(() => document.querySelector('#knob-lr').closest('.field').classList.contains('pending'));
  assert.equal(await page.$eval('#step', (e) => Number(e.dataset.step)), at, 'the paused run was kept');
  assert.equal(await page.evaluate(() => document.body.dataset.runId), run);
  assert.match(await page.textContent('#pending-note'), /lr.*next Train/);
  assert.equal(await page.textContent('#train'), 'Train (new settings)');
  await shot(page, 'platform-3-pending');
  // an invalid value: Train is blocked and says which field
  await page.fill('#knob-lr', 'banana');
  await page.press('#knob-lr', 'Tab');
  await page.waitForFunction(() => document.getElementById('train').getAttribute('aria-disabled') === 'true');
  assert.match(await page.textContent('#train-blocked'), /lr: must be a finite number/);
  assert.match(await page.textContent('#knob-lr-error'), /lr/);
  await shot(page, 'platform-4-blocked');
  // fixed: the next Train starts a new run with the new alpha
  await page.fill('#knob-lr', '3');
  await page.press('#knob-lr', 'Tab');
  await page.waitForFunction(() => document.getElementById('train').getAttribute('aria-disabled') === 'false');
  await page.click('#train');
  await page.waitForFunction((r) => document.body.dataset.runId !== r && document.body.dataset.status === 'running', run);
  assert.match(await page.evaluate(() => location.hash), /lr=3/);
  await page.click('#pause');
  assertNoErrors(errors);
  await page.close();
});

test('switching the preset during a run asks first; No keeps the run', async () => {
  const { page, errors } = await open(env, '#lab=xor&iterations=2000000');
  await page.click('#train');
  await page.waitForFunction(() => Number(document.getElementById('step').dataset.step) > 1000);
  await page.click('#pause');
  await page.waitForFunction(() => document.body.dataset.status === 'paused');
  const at = await page.$eval('#step', (e) => e.dataset.step);
  const asked = [];
  const answer = (yes) => (d) => { asked.push(d.message()); return yes ? d.accept() : d.dismiss(); };
  const no = answer(false);
  page.once('dialog', no);
  await page.selectOption('#preset', 'xor-warmup');
  await page.waitForTimeout(200);
  assert.match(asked[0], /Switch to xor-warmup\? The current run stops/);
  assert.equal(await page.inputValue('#preset'), 'xor');
  assert.equal(await page.$eval('#step', (e) => e.dataset.step), at);
  page.once('dialog', answer(true));
  await page.selectOption('#preset', 'xor-warmup');
  await page.waitForFunction(() => location.hash === '#lab=xor-warmup' && document.body.dataset.status === 'ready');
  assert.equal(asked.length, 2);
  assertNoErrors(errors);
  await page.close();
});

test('an invalid value typed while idle blocks Train too (it never trains with the default instead)', async () => {
  const { page, errors } = await open(env, '#lab=xor');
  await page.fill('#knob-lr', 'banana');
  await page.press('#knob-lr', 'Enter');
  await page.waitForFunction(() => document.getElementById('train').getAttribute('aria-disabled') === 'true');
  assert.match(await page.textContent('#train-blocked'), /lr/);
  await page.click('#train', { force: true });
  await page.waitForTimeout(300);
  assert.equal(await page.$eval('#step', (e) => e.dataset.step), '0');
  assertNoErrors(errors);
  await page.close();
});

test('the warm-up preset says what its network is: one 2 → 1 layer, no hidden layer, its own four examples', async () => {
  const { page, errors } = await open(env, '#lab=xor-warmup');
  const intro = await page.textContent('#xor-intro');
  assert.match(intro, /2 → 1/);
  assert.match(intro, /no hidden layer/);
  assert.doesNotMatch(intro, /3 → hidden/);
  assert.match(await page.textContent('#maps-text'), /warm-up/);
  assert.match(await page.textContent('#network-note'), /^2 → 1 units, 2 weights, one layer/);
  assert.ok(await page.isHidden('#units-title'));
  assert.deepEqual(await page.$$eval('#outputs tr td:first-child', (els) => els.map((e) => e.textContent)), ['[0, 1]', '[0, 1]', '[1, 0]', '[1, 0]']);
  const heads = await page.$$eval('#flips th', (els) => els.map((e) => e.textContent));
  assert.ok(!heads.some((h) => /^h\d/.test(h)), `no hidden units in the flips table: ${heads}`);
  await page.click('#train');
  assert.equal(await waitDone(page), 'done');
  await shot(page, 'platform-5-warmup');
  assertNoErrors(errors);
  await page.close();
});

test('the worker answers bad messages with an error naming the field, and stays usable', async () => {
  const { page, errors } = await open(env, '#lab=xor');
  const url = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).find((n) => /\/worker-[^/]*\.js$/.test(n)));
  assert.ok(url, 'the worker script');
  const replies = await page.evaluate(async (src) => {
    const w = new Worker(src, { type: 'module', name: 'synapse-engine:default' });
    const got = [];
    const next = (pred, from = 0) => new Promise((resolve) => {
      const check = () => { const m = got.slice(from).find(pred); if (m) resolve(m); else setTimeout(check, 10); };
      check();
    });
    w.onmessage = (ev) => got.push(ev.data);
    await next((m) => m.type === 'ready');
    const out = {};
    const ask = async (name, msg, runId) => {
      const from = got.length;
      w.postMessage(msg);
      const m = await next((x) => x.runId === runId && ['error', 'configured'].includes(x.type), from);
      out[name] = { type: m.type, field: m.field, message: m.message };
    };
    await ask('type', { type: 'launch', runId: 11 }, 11);
    await ask('shape', { type: 'configure', runId: 12, preset: 'xor', knobs: { alpha: 5 }, views: [] }, 12);
    await ask('preset', { type: 'configure', runId: 13, preset: 'xor-9000', knobs: {}, views: [] }, 13);
    await ask('views', { type: 'configure', runId: 14, preset: 'xor', knobs: {}, views: [{ name: 'horizon', when: 'publish' }] }, 14);
    await ask('missing', { type: 'step', runId: 15, count: -2 }, 15);
    await ask('good', { type: 'configure', runId: 16, preset: 'xor', knobs: { iterations: '500' }, views: [] }, 16);
    await ask('view', { type: 'view', runId: 16, name: 'horizon' }, 16);
    w.postMessage({ type: 'start', runId: 16 });
    await next((m) => m.type === 'done' && m.runId === 16);
    out.done = got.find((m) => m.type === 'done').step;
    w.terminate();
    return out;
  }, url);
  assert.deepEqual(replies.type, { type: 'error', field: 'type', message: replies.type.message });
  assert.match(replies.type.message, /unknown message type "launch" \(types: load, /);
  assert.equal(replies.shape.field, 'knobs.alpha');
  assert.equal(replies.preset.field, 'preset');
  assert.match(replies.preset.message, /unknown preset "xor-9000" \(presets: xor, xor-warmup/);
  assert.equal(replies.views.field, 'views[0].name');
  assert.match(replies.views.message, /unknown view "horizon" \(views: decision_map/);
  assert.equal(replies.missing.field, 'count');
  assert.equal(replies.good.type, 'configured');
  assert.equal(replies.view.field, 'name');
  assert.equal(replies.done, 500);
  assertNoErrors(errors);
  await page.close();
});
